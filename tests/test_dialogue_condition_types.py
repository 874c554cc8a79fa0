"""check holds conditions to the answer types: PA306, PA307, PA308."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prep_assistant.dialogue import conditions as c
from prep_assistant.dialogue.condition_types import check_types
from prep_assistant.dialogue.diagnostics import CATALOGUE
from prep_assistant.dialogue.loader import load_flow

FLOW = '''format = 1
[flow]
id = "t"
title = "T"

[[nodes]]
id = "kennis"
kind = "yes_no"
text = "Weet u genoeg?"

[[nodes]]
id = "wie"
kind = "single_choice"
text = "Met wie?"
choices = [{ id = "alleen", label = "Alleen" }, { id = "naaste", label = "Met een naaste" }]

[[nodes]]
id = "hulp"
kind = "multiple_choice"
text = "Wat helpt?"
choices = [{ id = "uitleg", label = "Uitleg" }, { id = "tijd", label = "Tijd" }]

[[nodes]]
id = "zeker"
kind = "rating"
text = "Hoe zeker?"

[[nodes]]
id = "opties"
kind = "text_list"
text = "Opties?"

[[nodes]]
id = "per_optie"
kind = "for_each"
over = "opties"
as = "optie"
body = ["goed"]

[[nodes]]
id = "goed"
kind = "yes_no"
text = "Goed, {optie}?"

[[nodes]]
id = "doel"
kind = "info"
text = "Dit is het."
when = "{condition}"
'''


def diagnostics(tmp_path: Path, condition: str):
    path = tmp_path / "flow.toml"
    path.write_text(FLOW.replace("{condition}", condition.replace('"', '\\"')), encoding="utf-8")
    return load_flow(path).diagnostics


def shown(found) -> list[str]:
    return [d.format() for d in found]


@pytest.mark.parametrize(
    "condition, code, words",
    [
        ("kennis == 'nee'", "PA306", ["a yes_no answer is true or false, never 'nee'", "use kennis == false"]),
        ("kennis == 'ja'", "PA306", ["use kennis == true"]),
        ("kennis == 1", "PA306", ["never 1", "write true or false without quotes"]),
        ("kennis in ['ja', 'nee']", "PA306", ["use kennis == true", "use kennis == false"]),
        ("wie == 'Alleen'", "PA307", ["'Alleen' is the label of the choice 'alleen' of 'wie'", "use wie == 'alleen'"]),
        ("wie == 'met een naaste'", "PA307", ["use wie == 'naaste'"]),
        ("wie == 'alein'", "PA307", ["'alein' is not a choice id of 'wie'", "did you mean wie == 'alleen'?"]),
        ("wie == 'xyz'", "PA307", ["the choice ids are 'alleen', 'naaste'"]),
        ("wie == true", "PA306", ["one choice id in quotes", "put the value in quotes"]),
        ("'Uitleg' in hulp", "PA307", ["use 'uitleg' in hulp"]),
        ("selected(hulp, 'Tijd')", "PA307", ["use selected(hulp, 'tijd')"]),
        ("hulp == 'tijd'", "PA306", ["use selected(hulp, 'tijd') or 'tijd' in hulp"]),
        ("zeker == 'hoog'", "PA306", ["a rating is a whole number from 0 to 5"]),
        ("zeker >= 'drie'", "PA306", ["so this never holds"]),
        ("kennis > 1", "PA306", ["use kennis == true or kennis == false"]),
        ("wie > 3", "PA306", ["one choice id in quotes, so this never holds", "in quotes"]),
        ("'x' in zeker", "PA306", ["not a list"]),
        ("count_true(kennis, zeker) >= 1", "PA306", ["'zeker' is a rating question"]),
        ("goed['A'] == 'ja'", "PA306", ["use goed == true"]),
        ("selected(kennis, 'ja')", "PA306", ["use kennis == true"]),
    ],
)
def test_a_comparison_that_does_not_fit_is_reported_with_a_fix(tmp_path, condition, code, words):
    found = diagnostics(tmp_path, condition)
    hits = [d for d in found if d.code == code]
    assert hits, shown(found)
    text = " ".join(shown(hits))
    assert "condition of 'doel'" in text
    for word in words:
        assert word in text, text
    assert CATALOGUE[code].severity == "error"


@pytest.mark.parametrize(
    "condition",
    [
        "kennis == 'nee'",
        "wie == 'Alleen'",
        "kennis == 'nee' and answered(zeker)",
        "not (kennis != 'ja')",
        "zeker > 'x' or hulp == 'tijd'",
    ],
)
def test_a_node_whose_condition_never_holds_is_reported(tmp_path, condition):
    found = diagnostics(tmp_path, condition)
    never = [d for d in found if d.code == "PA308"]
    assert never and "'doel' is never asked" in never[0].message, shown(found)
    assert CATALOGUE["PA308"].severity == "warning"


@pytest.mark.parametrize(
    "condition",
    [
        "kennis == false",
        "not kennis",
        "wie == 'alleen'",
        "wie in ['alleen', 'naaste']",
        "'uitleg' in hulp and selected(hulp, 'tijd')",
        "zeker >= 3",
        "count_true(kennis, goed[*]) >= 1",
        "goed['Afwachten'] == true",
        "true in goed[*]",
        "kennis == 'nee' or zeker >= 3",  # the first part is reported, the node can still be asked
    ],
)
def test_fitting_comparisons_need_no_never_message(tmp_path, condition):
    found = diagnostics(tmp_path, condition)
    assert "PA308" not in [d.code for d in found], shown(found)
    if "'nee'" not in condition:
        assert found == [], shown(found)


def test_the_message_points_at_the_comparison(tmp_path):
    found = [d for d in diagnostics(tmp_path, "answered(zeker) and kennis == 'nee'") if d.code == "PA306"]
    line = (tmp_path / "flow.toml").read_text(encoding="utf-8").split("\n")[found[0].line - 1]
    assert line[found[0].column - 1 :].startswith("== 'nee'")


def test_a_rule_that_never_applies(tmp_path):
    path = tmp_path / "flow.toml"
    text = FLOW.replace('when = "{condition}"', "").replace(
        'id = "kennis"\nkind = "yes_no"\ntext = "Weet u genoeg?"',
        'id = "kennis"\nkind = "yes_no"\ntext = "Weet u genoeg?"\n'
        "next = [{ when = \"kennis == 'nee'\", to = \"doel\" }, { to = \"wie\" }, { when = \"kennis\", to = \"zeker\" }]",
    )
    path.write_text(text, encoding="utf-8")
    found = load_flow(path).diagnostics
    never = [d.message for d in found if d.code == "PA308"]
    assert "the rule of 'kennis' that goes to 'doel' never applies: its condition can never hold" in never
    assert any("after the one without 'when' never apply (to 'zeker')" in m for m in never), never


def test_after_the_loop_a_bare_body_name_gets_the_item_syntax_as_hint(tmp_path):
    found = [d for d in diagnostics(tmp_path, "goed == true") if d.code == "PA302"]
    assert found and "goed['item']" in found[0].hint and "goed[*]" in found[0].hint


def test_an_item_of_a_loop_that_runs_later_is_reported(tmp_path):
    path = tmp_path / "flow.toml"
    text = FLOW.replace('when = "{condition}"', "").replace(
        'id = "zeker"\nkind = "rating"\ntext = "Hoe zeker?"',
        'id = "zeker"\nkind = "rating"\ntext = "Hoe zeker?"\nwhen = "true in goed[*]"',
    )
    path.write_text(text, encoding="utf-8")
    found = [d for d in load_flow(path).diagnostics if d.code == "PA305"]
    assert found and "uses 'goed' of the for_each 'per_optie', which runs later" in found[0].message


def test_the_codes_are_listed(capsys):
    from prep_assistant.cli import main

    assert main(["check", "--codes"]) in (0, None)
    out = capsys.readouterr().out
    for code in ("PA209", "PA306", "PA307", "PA308"):
        assert code in out


# Whatever the types say, checking them never raises and agrees with the
# engine: a condition called "never" is false for every answer of the right type.
_VALUES = {
    "kennis": st.one_of(st.none(), st.booleans()),
    "wie": st.one_of(st.none(), st.sampled_from(["alleen", "naaste"])),
    "zeker": st.one_of(st.none(), st.integers(0, 5)),
    "datum": st.one_of(st.none(), st.sampled_from(["2025-06-01", "2026-06-01"])),
}
_LITERALS = ["'nee'", "'ja'", "true", "false", "1", "3", "'alleen'", "'Alleen'", "'x'", "'2026-01-01'"]


class _Env:
    def __init__(self, values):
        self.values = values

    def value(self, name):
        return self.values.get(name)

    def has_pack(self):
        return False


class _Node:
    def __init__(self, kind, choices=()):
        self.kind = kind
        self.choices = choices


class _Choice:
    def __init__(self, id, label):
        self.id, self.label = id, label


_NODES = {
    "kennis": _Node("yes_no"),
    "wie": _Node("single_choice", (_Choice("alleen", "Alleen"), _Choice("naaste", "Met een naaste"))),
    "zeker": _Node("rating"),
    "datum": _Node("date"),
}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(_NODES)), st.sampled_from(["==", "!=", ">=", "<"]), st.sampled_from(_LITERALS)),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from(["and", "or"]),
    st.booleans(),
    st.fixed_dictionaries(_VALUES),
)
def test_never_means_never_and_always_means_always(parts, joiner, negate, values):
    source = f" {joiner} ".join(f"{n} {op} {lit}" for n, op, lit in parts)
    if negate:
        source = f"not ({source})"
    expr = c.parse(source)
    report = check_types(expr, _NODES.get)
    result = c.evaluate(expr, _Env(values))
    if report.outcome == "never":
        assert result is False, source
    if report.outcome == "always":
        assert result is True, source
