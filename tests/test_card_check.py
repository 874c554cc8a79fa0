"""`check` on a flow's declared card (``[[card]]``): codes PA801-PA805, each
at the line of the problem, with a fix the author can act on."""

from __future__ import annotations

import json
import tomllib
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prep_assistant.dialogue.loader import load_flow
from prep_assistant.dialogue.schema import CARD_PART_HOWS, CardHow, FlowFile
from prep_assistant.dialogue.texts import flow_texts
from tests.test_dialogue_jsonschema import SCHEMAS, check_jsonschema

CARDS = Path(__file__).parent / "fixtures" / "cards"
ROOT = Path(__file__).resolve().parents[1]

FLOW = '''format = 1
[flow]
id = "t"
title = "T"

[[nodes]]
id = "keuze"
kind = "text"
text = "Welke keuze?"

[[nodes]]
id = "opties"
kind = "text_list"
text = "Welke mogelijkheden?"

[[nodes]]
id = "per_optie"
kind = "for_each"
over = "opties"
as = "optie"
body = ["voordelen"]

[[nodes]]
id = "voordelen"
kind = "text_list"
text = "Wat is goed aan {optie}?"

[[nodes]]
id = "klaar"
kind = "yes_no"
text = "Bent u klaar?"

[[nodes]]
id = "tip"
kind = "info"
text = "Vraag om tijd."
'''


def found(tmp_path: Path, card: str, flow: str = FLOW):
    path = tmp_path / "flow.toml"
    path.write_text(flow + "\n" + card, encoding="utf-8")
    return load_flow(path).diagnostics


def codes(tmp_path: Path, card: str) -> list[str]:
    return [d.code for d in found(tmp_path, card)]


def test_a_good_card_passes(tmp_path):
    card = '''
[[card]]
id = "keuze"
heading = "Mijn keuze"
how = "decision"
answers = ["keuze"]

[[card]]
id = "mogelijkheden"
heading = "Mogelijkheden"
how = "options_table"
answers = ["opties"]
pros = ["voordelen"]

[[card]]
id = "verder"
heading = "Tips"
how = "next_steps"
answers = ["klaar", "tip"]
more_heading = "Nog regelen"
'''
    assert found(tmp_path, card) == []


def test_an_unknown_node_gets_did_you_mean(tmp_path):
    [problem] = found(tmp_path, '[[card]]\nid = "a"\nheading = "A"\nhow = "list"\nanswers = ["keuz"]\n')
    assert problem.code == "PA801" and problem.severity == "error"
    assert "'keuz'" in problem.message and problem.hint == "did you mean 'keuze'?"
    assert problem.line == FLOW.count("\n") + 6  # the line of answers = [...]


def test_a_section_with_no_answers(tmp_path):
    [problem] = found(tmp_path, '[[card]]\nid = "a"\nheading = "A"\nhow = "list"\n')
    assert problem.code == "PA802" and "card section 'a' shows no answers" in problem.message


@pytest.mark.parametrize(
    ("card", "words"),
    [
        ('how = "ranked"\nanswers = ["keuze"]', ["cannot show 'keuze', a text node", "text_list"]),
        ('how = "list"\nanswers = ["tip"]', ["'tip' is a message", "next_steps"]),
        ('how = "list"\nanswers = ["per_optie"]', ["'per_optie' is a for_each", "'voordelen'"]),
        ('how = "options_table"\nanswers = ["voordelen"]', ["asked for each item", "'opties'"]),
        ('how = "options_table"\nanswers = ["opties"]\npros = ["klaar"]', ["'klaar' is not asked for each item of 'opties'"]),
        ('how = "list"\nanswers = ["keuze"]\npros = ["voordelen"]', ["has 'pros'", "options_table"]),
        ('how = "writing_space"\nanswers = ["keuze"]', ["write by hand"]),
        ('how = "fact"\nanswers = ["keuze"]\ncolumn = "left"', ["header"]),
        ('how = "decision"\nanswers = ["opties"]', ["cannot show 'opties'"]),
    ],
)
def test_a_how_that_does_not_fit_its_answers(tmp_path, card, words):
    problems = found(tmp_path, f'[[card]]\nid = "a"\nheading = "A"\n{card}\n')
    assert [d.code for d in problems] == ["PA803"], problems
    for word in words:
        assert word in problems[0].message + " " + (problems[0].hint or "")


def test_a_part_cannot_be_a_whole_section_kind(tmp_path):
    card = '[[card]]\nid = "a"\nheading = "A"\n\n[[card.parts]]\nhow = "questions"\nanswers = ["opties"]\n'
    [problem] = found(tmp_path, card)
    assert problem.code == "PA803" and "only a whole section" in problem.message


@pytest.mark.parametrize(
    "card",
    [
        '[[card]]\nid = "a"\nheading = "A"\n',
        '[[card]]\nid = "a"\nheading = "A"\nhow = "list"\nanswers = ["keuze"]\n\n[[card.parts]]\nhow = "list"\nanswers = ["keuze"]\n',
        '[[card]]\nid = "a"\nheading = "A"\nanswers = ["keuze"]\n\n[[card.parts]]\nhow = "list"\nanswers = ["keuze"]\n',
    ],
)
def test_a_section_needs_either_how_or_parts(tmp_path, card):
    assert codes(tmp_path, card) == ["PA804"]


def test_a_duplicate_section_id(tmp_path):
    one = '[[card]]\nid = "a"\nheading = "A"\nhow = "list"\nanswers = ["keuze"]\n'
    assert codes(tmp_path, one + "\n" + one) == ["PA105"]


def test_card_tags_beside_declared_sections_are_reported(tmp_path):
    flow = FLOW.replace('text = "Welke keuze?"', 'text = "Welke keuze?"\ncard = "decision"')
    problems = found(tmp_path, '[[card]]\nid = "a"\nheading = "A"\nhow = "decision"\nanswers = ["keuze"]\n', flow)
    assert [(d.code, d.severity) for d in problems] == [("PA805", "warning")]


def test_unknown_keys_and_hows_are_shape_errors(tmp_path):
    assert codes(tmp_path, '[[card]]\nid = "a"\nheading = "A"\nhow = "tabel"\nanswers = ["keuze"]\n') == ["PA103"]
    assert codes(tmp_path, '[[card]]\nid = "a"\nheading = "A"\nhow = "list"\nanswer = ["keuze"]\n') == ["PA101"]
    assert "PA102" in codes(tmp_path, '[[card]]\nid = "a"\nhow = "list"\nanswers = ["keuze"]\n')


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    how=st.sampled_from(CardHow.__args__),
    answers=st.lists(st.sampled_from(["keuze", "opties", "voordelen", "klaar", "tip", "per_optie", "onbekend", "Keuze!"]), max_size=3),
    in_part=st.booleans(),
)
def test_any_card_is_reported_never_raised(tmp_path, how, answers, in_part):
    listed = ", ".join(json.dumps(a) for a in answers)
    if in_part:
        card = f'[[card]]\nid = "a"\nheading = "A"\n\n[[card.parts]]\nhow = "{how}"\nanswers = [{listed}]\n'
    else:
        card = f'[[card]]\nid = "a"\nheading = "A"\nhow = "{how}"\nanswers = [{listed}]\n'
    problems = found(tmp_path, card)
    assert all(d.code.startswith("PA") and d.message for d in problems)
    if in_part and how not in CARD_PART_HOWS:
        assert "PA803" in {d.code for d in problems}
    if not answers and how != "writing_space":
        assert "PA802" in {d.code for d in problems}
    if "onbekend" in answers and how != "writing_space":  # there: "shows no answers" (PA803) says it all
        assert "PA801" in {d.code for d in problems}


def test_check_codes_lists_the_card_codes():
    result = subprocess.run(
        [sys.executable, "-m", "prep_assistant", "check", "--codes"], capture_output=True, text=True, check=True
    )
    for code in ("PA801", "PA802", "PA803", "PA804", "PA805"):
        assert code in result.stdout


def test_the_headings_go_to_the_translators():
    flow = FlowFile.model_validate(tomllib.loads((CARDS / "custom_card.toml").read_text(encoding="utf-8")))
    contexts = {(t.context, t.source) for t in flow_texts(flow)}
    assert ("eigen_kaart._card.steun.heading", "Steun per persoon") in contexts
    shipped = ROOT / "dialogues" / "voorbereiding.toml"
    parts = FlowFile.model_validate(tomllib.loads(shipped.read_text(encoding="utf-8")))
    contexts = {(t.context, t.source) for t in flow_texts(parts)}
    # A part's texts share one context and differ by their text.
    assert ("voorbereiding._card.belangrijk.parts", "Mijn zorgen") in contexts
    assert ("voorbereiding._card.belangrijk.parts", "Ook belangrijk") in contexts
    assert ("voorbereiding._card.wie.yes", "gaat mee naar het gesprek") in contexts


# -- the README ---------------------------------------------------------------------

README = Path(__file__).resolve().parents[1] / "README.md"


def _card_chapter() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("### The card\n"):text.index("### A decision pack")]


def test_the_readme_says_what_every_how_does():
    rows = [line for line in _card_chapter().splitlines() if line.startswith("| `")]
    assert {row.split("`")[1] for row in rows[1:]} == set(CardHow.__args__)  # rows[0]: the header


def test_the_readme_card_example_is_a_valid_card(tmp_path):
    chapter = _card_chapter()
    example = chapter[chapter.index("```toml\n") + 8:chapter.index("```\n", chapter.index("```toml\n"))]
    flow = FLOW + '\n[[nodes]]\nid = "zorgen"\nkind = "text"\ntext = "Zorgen?"\n'
    flow = flow.replace('body = ["voordelen"]', 'body = ["voordelen", "voordelen_gewicht", "nadelen"]')
    flow += '\n[[nodes]]\nid = "voordelen_gewicht"\nkind = "ratings"\nitems_from = "voordelen"\ntext = "Gewicht?"\n'
    flow += '\n[[nodes]]\nid = "nadelen"\nkind = "text_list"\ntext = "Nadelen?"\n'
    flow += '\n[[nodes]]\nid = "mensen"\nkind = "text_list"\ntext = "Wie?"\n'
    flow += '\n[[nodes]]\nid = "per_persoon"\nkind = "for_each"\nover = "mensen"\nas = "persoon"\nbody = ["steun"]\n'
    flow += '\n[[nodes]]\nid = "steun"\nkind = "text"\ntext = "Steunt {persoon} u?"\n'
    problems = [d for d in found(tmp_path, example, flow) if d.code.startswith("PA8") or d.is_error]
    assert problems == []


# -- the JSON Schema an editor uses agrees ------------------------------------------------


@pytest.mark.parametrize(
    ("card", "words"),
    [
        ('how = "tabel"\nanswers = ["keuze"]', ["'tabel' is not one of"]),
        ('how = "list"\nanswer = ["keuze"]', ["'answer' was unexpected"]),
        ('how = "list"\nanswers = "keuze"', ["'keuze' is not of type 'array'"]),
        ('how = "list"\nanswers = ["keuze"]\ncolumn = "midden"', ["'midden' is not one of"]),
    ],
)
def test_check_jsonschema_names_a_broken_card_and_check_agrees(tmp_path, card, words):
    path = tmp_path / "flow.toml"
    path.write_text(FLOW + f'\n[[card]]\nid = "a"\nheading = "A"\n{card}\n', encoding="utf-8")
    result = check_jsonschema(SCHEMAS / "flow.schema.json", path)
    assert result.returncode == 1
    for word in words:
        assert word in result.stdout, result.stdout
    assert [d for d in load_flow(path).diagnostics if d.is_error]


def test_check_jsonschema_accepts_the_custom_card():
    result = check_jsonschema(SCHEMAS / "flow.schema.json", CARDS / "custom_card.toml")
    assert result.returncode == 0, result.stdout + result.stderr
