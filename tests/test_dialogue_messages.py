"""Messages an author can act on: the node named by its id, the bad value
shown, the valid values and "did you mean"; example transcripts explained
in English; strict values ("ja" is no boolean, "200" no number)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prep_assistant import i18n
from prep_assistant.dialogue.loader import load_flow, load_pack

HEADER = 'format = 1\n[flow]\nid = "t"\ntitle = "T"\n'


def node(text: str) -> str:
    return "\n[[nodes]]\n" + text.strip() + "\n"


def diagnostics(tmp_path: Path, text: str, name: str = "flow.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return (load_pack if "[pack]" in text else load_flow)(path).diagnostics


def lines(found) -> list[str]:
    return [f"{d.code} {d.message} ({d.hint})" for d in found]


GOOD = node('id = "eerst"\nkind = "info"\ntext = "Hoi"')

# (the broken node's text, the code, words that must be in the message)
SHAPE_ERRORS = [
    ('id = "vraag"\nkind = "text"\ntext = "A?"\nrequired = "ja"', "PA103",
     ["'required' in node 'vraag'", "true or false", '"ja"']),
    ('id = "vraag"\nkind = "text"\ntext = "A?"\nmax_length = "200"', "PA103",
     ["'max_length' in node 'vraag'", "whole number", '"200"']),
    ('id = "vraag"\nkind = "text_list"\ntext = "A?"\nmax_items = 2.5', "PA103",
     ["'max_items' in node 'vraag'", "2.5"]),
    ('id = "vraag"\nkind = "text"\ntext = "A?"\ncard = "decison"', "PA103",
     ["'card' in node 'vraag'", '"decison"', "did you mean 'decision'?"]),
    ('id = "vraag"\nkind = "single_choice"\ntext = "A?"\nchoices = [{ id = "x", lable = "X" }, { id = "y", label = "Y" }]',
     "PA101", ["unknown key 'lable' in choice 'x' of node 'vraag'", "did you mean 'label'?"]),
    ('id = "vraag"\nkind = "single_choice"\ntext = "A?"\nchoices = [{ id = "x" }, { id = "y", label = "Y" }]',
     "PA102", ["missing key 'label' in choice 'x' of node 'vraag'"]),
    ('id = "vraag"\nkind = "singel_choice"\ntext = "A?"', "PA104",
     ["unknown node kind 'singel_choice' in node 'vraag'", "did you mean 'single_choice'?"]),
    ('id = "vraag"\nkind = "text"\ntext = "A?"\nnxt = "end"', "PA101",
     ["unknown key 'nxt' in node 'vraag'", "did you mean 'next'?"]),
    ('id = "vraag"\nkind = "text"\ntext = "A?"\nnext = 5', "PA103",
     ["'next' in node 'vraag'", "node id", "not 5"]),
    ('id = "vraag"\nkind = "text_list"\ntext = "A?"\nsuggestions = "Afwachten"', "PA103",
     ["'suggestions' in node 'vraag'", "list", '"Afwachten"']),
    ('id = "vraag"\nkind = "rating"\ntext = "A?"\nlow_label = 3', "PA103",
     ["'low_label' in node 'vraag'", "text in quotes", "not 3"]),
    ('id = "Vraag 1"\nkind = "text"\ntext = "A?"', "PA103",
     ["'id' in node 'Vraag 1'", "lower-case"]),
    ('id = "vraag"\nkind = "for_each"\nover = "eerst"\nas = "x"\nbody = []', "PA103",
     ["'body' in node 'vraag'", "at least 1"]),
    ('id = "vraag"\nkind = "text"\ntext = "A?"\nnext = [{ when = "true", to = "end", als = "x" }]', "PA101",
     ["unknown key 'als' in the 1st rule of node 'vraag'"]),
]


@pytest.mark.parametrize(("broken", "code", "words"), SHAPE_ERRORS)
def test_a_shape_error_names_the_node_by_its_id(tmp_path, broken, code, words):
    found = [d for d in diagnostics(tmp_path, HEADER + GOOD + node(broken)) if d.code == code]
    assert found, lines(diagnostics(tmp_path, HEADER + GOOD + node(broken)))
    text = " ".join(lines(found))
    for word in words:
        assert word in text
    assert "nodes[" not in text


def test_a_node_without_id_is_named_by_its_place(tmp_path):
    text = HEADER + node('kind = "info"\ntext = "A"') + GOOD + node('kind = "info"\ntext = "B"') + node('kind = "info"\ntext = "C"')
    messages = [d.message for d in diagnostics(tmp_path, text) if d.code == "PA102"]
    assert messages == [
        "missing key 'id' in the 1st node",
        "missing key 'id' in the node after 'eerst'",
        "missing key 'id' in the 2nd node after 'eerst'",
    ]


def test_steps_options_and_examples_are_named_too(tmp_path):
    text = HEADER + '[[steps]]\nid = "s"\ntitel = "S"\n' + GOOD + '\n[[examples]]\nname = "alleen"\nanswer = {}\npath = []\n'
    messages = " ".join(lines(diagnostics(tmp_path, text)))
    assert "unknown key 'titel' in step 's'" in messages and "did you mean 'title'?" in messages
    assert "unknown key 'answer' in example 'alleen'" in messages
    pack = ('[pack]\nid = "p"\ndecision = "D"\nauthor = "A"\nsource = "S"\ndate = 2026-01-01\n'
            'wait_is_option = "ja"\n[[options]]\nid = "o"\nname = "O"\ndescription = "D"\npros = "veel"\n')
    messages = " ".join(lines(diagnostics(tmp_path, pack, "pack.toml")))
    assert "'pack.wait_is_option' must be true or false" in messages
    assert "'pros' in option 'o'" in messages


_FIELDS = st.sampled_from([
    ('required = "ja"', "'required'"),
    ('max_length = "12"', "'max_length'"),
    ('card = "ergens"', "'card'"),
    ('hint = 3', "'hint'"),
    ('tekst = "x"', "'tekst'"),
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    before=st.integers(min_value=0, max_value=20),
    after=st.integers(min_value=0, max_value=5),
    ident=st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True),
    field=_FIELDS,
)
def test_wherever_the_broken_node_stands_it_is_named_by_id(tmp_path, before, after, ident, field):
    nodes = [node(f'id = "n{i}"\nkind = "info"\ntext = "T"') for i in range(before)]
    nodes.append(node(f'id = "{ident}"\nkind = "text"\ntext = "T"\n{field[0]}'))
    nodes += [node(f'id = "m{i}"\nkind = "info"\ntext = "T"') for i in range(after)]
    found = [d for d in diagnostics(tmp_path, HEADER + "".join(nodes)) if d.code in ("PA101", "PA103")]
    assert len(found) == 1, lines(found)
    assert f"node {ident!r}" in found[0].message and field[1] in found[0].message
    assert "nodes[" not in found[0].message


# -- example transcripts -----------------------------------------------------------

FLOW = HEADER + node('id = "a"\nkind = "yes_no"\ntext = "A?"') + node(
    'id = "c"\nkind = "single_choice"\ntext = "C?"\nchoices = [{ id = "x", label = "Ja hoor" }, { id = "y", label = "Nee" }]'
) + node(
    'id = "m"\nkind = "multiple_choice"\ntext = "M?"\nchoices = [{ id = "rust", label = "Rust" }, { id = "sport", label = "Sport" }]'
) + node('id = "r"\nkind = "rating"\ntext = "R?"\nrequired = true')


def example(answers: str, path: str = '["a", "c", "m", "r"]') -> str:
    return FLOW + f'\n[[examples]]\nname = "een"\nanswers = {answers}\npath = {path}\n'


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ('{ a = "ja", r = 3 }', ['a = "ja"', "yes_no", "true or false"]),
        ('{ a = true, c = "Ja hoor", r = 3 }', ['c = "Ja hoor"', "single_choice", "use its id 'x'", "valid: 'x', 'y'"]),
        ('{ a = true, c = "z", r = 3 }', ['c = "z"', "valid: 'x', 'y'"]),
        ('{ a = true, m = ["Rust"], r = 3 }', ['m = ["Rust"]', "multiple_choice", "a list of choice ids", "use its id 'rust'"]),
        ('{ a = true, m = ["rust", "sprot"], r = 3 }', ["did you mean 'sport'?", "valid: 'rust', 'sport'"]),
        ('{ a = true, r = "3" }', ['r = "3"', "rating", "whole number from 0 to 5"]),
        ('{ a = true }', ["gives no answer to 'r', which is required", "add r to answers"]),
    ],
)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_example_that_does_not_replay_is_explained_in_english(tmp_path, answers, words, language):
    i18n.set_language(language)
    try:
        found = [d for d in diagnostics(tmp_path, example(answers)) if d.code == "PA501"]
    finally:
        i18n.reset()
    assert len(found) == 1
    text = f"{found[0].message} ({found[0].hint})"
    assert "example 'een'" in text
    for word in words:
        assert word in text
    for dutch in ("Kies", "Antwoord", "Geef", "Typ"):  # the patient's words, never the author's
        assert dutch not in text


def test_examples_not_replayed_because_of_errors_say_so(tmp_path):
    broken = example('{ a = true, r = 3 }').replace('text = "A?"', 'text = "A?"\nnext = "nergens"')
    found = diagnostics(tmp_path, broken)
    assert {d.code for d in found} >= {"PA201", "PA502"}
    (note,) = [d for d in found if d.code == "PA502"]
    assert "1 example(s) were not replayed" in note.message and not note.is_error


def test_a_good_example_gives_no_message(tmp_path):
    found = diagnostics(tmp_path, example('{ a = true, c = "x", m = ["rust"], r = 3 }'))
    assert not [d for d in found if d.code.startswith("PA5")]


# -- the README's flow example -------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]
EVERY_KIND = REPO / "tests/fixtures/every_answer_kind.toml"


def _answers_table() -> list[list[str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("| Kind | The answer |")
    rows = []
    for line in text[start:].splitlines()[2:]:
        if not line.strip().startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def test_the_readme_names_every_node_kind() -> None:
    from prep_assistant.dialogue.schema import NODE_KINDS

    text = (REPO / "README.md").read_text(encoding="utf-8")
    comment = text[text.index('kind = "single_choice"          #'):text.index("help = ")]
    for kind in NODE_KINDS:
        assert kind in comment, kind
    table_kinds = {row[0].strip("`") for row in _answers_table()}
    assert table_kinds == set(NODE_KINDS) - {"info", "for_each"}


def test_every_kind_fixture_passes_strict_check() -> None:
    from prep_assistant.dialogue.check import check_paths

    report = check_paths([EVERY_KIND])
    assert report.diagnostics == []
    assert len(report.files[0].model.examples) == 2


def test_every_condition_in_the_readme_table_is_valid_on_the_fixture(tmp_path) -> None:
    import re

    # A cell about a for_each body is true inside the loop only (the fixture's own conditions).
    conditions = [c for row in _answers_table() if "for_each" not in row[2] for c in re.findall(r"`([^`]+)`", row[2])]
    assert len(conditions) >= 12
    text = EVERY_KIND.read_text(encoding="utf-8").split("[[examples]]")[0]
    for k, condition in enumerate(conditions):
        text += node(f'id = "readme_{k}"\nkind = "info"\ntext = "R"\nwhen = "{condition}"')
    found = diagnostics(tmp_path, text)
    assert not [d for d in found if d.is_error], lines(found)
