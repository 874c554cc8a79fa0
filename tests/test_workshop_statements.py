"""Workshop statements: the flow format (``statement = true``), its checks, and
what the live conversation tells a listener (statement and choice ids only)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from prep_assistant.conversation import Conversation, statements
from prep_assistant.dialogue.library import WORKSHOP_FLOW, find_flow
from prep_assistant.dialogue.loader import load_flow
from prep_assistant.session import Store

HEADER = 'format = 1\n[flow]\nid = "mijn_stellingen"\ntitle = "Mijn stellingen"\n'
SCALE = 'choices = [{ id = "eens", label = "Eens" }, { id = "oneens", label = "Oneens" }]\n'
MARKER = "GEHEIM-7f3a-waarom"


def node(text: str) -> str:
    return "\n[[nodes]]\n" + text.strip() + "\n"


def codes(path: Path) -> list[str]:
    return [d.code for d in load_flow(path).diagnostics]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mijn_stellingen.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- the file format -------------------------------------------------------------------


def test_a_statement_file_of_ones_own_checks_clean(tmp_path):
    path = write(tmp_path, HEADER + node(f'id = "s1"\nkind = "single_choice"\nstatement = true\ntext = "Ik vraag veel."\n{SCALE}'))
    assert codes(path) == []
    assert [n.id for n in find_flow(str(path)).statements()] == ["s1"]


def test_a_statement_that_is_not_a_single_choice(tmp_path):
    path = write(tmp_path, HEADER + node('id = "s1"\nkind = "text"\nstatement = true\ntext = "Ik vraag veel."'))
    loaded = load_flow(path)
    [problem] = [d for d in loaded.diagnostics if d.code == "PA901"]
    assert problem.is_error and "'s1'" in problem.message and problem.line == 9
    assert "single_choice" in (problem.hint or "")


def test_a_statement_inside_a_for_each(tmp_path):
    text = HEADER + node('id = "lijst"\nkind = "text_list"\ntext = "Noem iets."')
    text += node('id = "elk"\nkind = "for_each"\nover = "lijst"\nas = "ding"\nbody = ["s1"]')
    text += node(f'id = "s1"\nkind = "single_choice"\nstatement = true\ntext = "Over {{ding}}."\n{SCALE}')
    assert "PA902" in codes(write(tmp_path, text))


def test_a_statement_whose_choices_come_from_an_earlier_answer_is_refused(tmp_path):
    # The facilitator counts choice ids; a list typed by the patient would
    # carry their own words to the facilitator.
    text = HEADER + node('id = "lijst"\nkind = "text_list"\ntext = "Welke dingen?"')
    text += node('id = "s1"\nkind = "single_choice"\nstatement = true\ntext = "Welke is het meest?"\nitems_from = "lijst"')
    loaded = load_flow(write(tmp_path, text))
    [problem] = [d for d in loaded.diagnostics if d.code == "PA901"]
    assert "earlier answer" in problem.message and "instead of items_from" in (problem.hint or "")


def test_statements_with_different_scales_get_a_warning(tmp_path):
    other = 'choices = [{ id = "ja", label = "Ja" }, { id = "nee", label = "Nee" }]\n'
    text = HEADER + node(f'id = "s1"\nkind = "single_choice"\nstatement = true\ntext = "Een."\n{SCALE}')
    text += node(f'id = "s2"\nkind = "single_choice"\nstatement = true\ntext = "Twee."\n{other}')
    loaded = load_flow(write(tmp_path, text))
    assert [(d.code, d.severity) for d in loaded.diagnostics] == [("PA903", "warning")]


@pytest.mark.parametrize("value", ['"ja"', "1", "[true]"])
def test_statement_is_a_real_boolean(tmp_path, value):
    path = write(tmp_path, HEADER + node(f'id = "s1"\nkind = "single_choice"\nstatement = {value}\ntext = "Een."\n{SCALE}'))
    assert "PA103" in codes(path)


def test_check_reports_a_broken_statement_file_in_one_run_without_a_traceback(tmp_path):
    text = HEADER + node('id = "s1"\nkind = "info"\nstatement = true\ntext = "Een."')
    text += node(f'id = "s2"\nkind = "single_choice"\nstatement = true\ntext = "Twee."\nnext = "nergens"\n{SCALE}')
    path = write(tmp_path, text)
    result = subprocess.run(
        [sys.executable, "-m", "prep_assistant", "check", str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "PA901" in result.stdout and "PA201" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_the_catalogue_has_a_fix_for_every_statement_code():
    from prep_assistant.dialogue.diagnostics import CATALOGUE

    for code in ("PA901", "PA902", "PA903"):
        assert CATALOGUE[code].fix


def test_the_shipped_workshop_has_five_or_six_statements_on_one_scale():
    flow = find_flow(WORKSHOP_FLOW)
    found = flow.statements()
    assert 5 <= len(found) <= 6
    assert {tuple(c.id for c in n.choices) for n in found} == {
        ("eens", "beetje_eens", "neutraal", "beetje_oneens", "oneens")
    }


# -- what a listener hears ---------------------------------------------------------------


@pytest.fixture
def heard():
    answers: list[statements.StatementAnswer] = []
    statements.listen(answers.append)
    yield answers
    statements.stop_listening(answers.append)


def test_the_conversation_tells_statement_and_choice_ids_and_never_typed_text(heard):
    conversation = Conversation.start(Store.guest(), flow=find_flow(WORKSHOP_FLOW))
    first_statement = None
    while not conversation.done:
        turn = conversation.current
        if turn.kind == "info":
            conversation.answer(True)
        elif turn.kind == "single_choice":
            first_statement = first_statement or turn.key
            conversation.answer("eens")
        elif turn.kind == "text":
            conversation.answer(MARKER)
        else:
            conversation.answer(None)
    ids = [n.id for n in find_flow(WORKSHOP_FLOW).statements()]
    assert heard == [statements.StatementAnswer(i, "eens") for i in ids]
    assert MARKER not in repr(heard)

    # A changed answer is told again (the server moves the count); a skipped one as None.
    conversation.go_to(first_statement)
    conversation.answer("oneens")
    conversation.go_to(first_statement)
    conversation.answer(None)
    assert heard[-2:] == [statements.StatementAnswer(ids[0], "oneens"), statements.StatementAnswer(ids[0], None)]


def test_a_failing_listener_never_stops_the_conversation(heard):
    def broken(answer):
        raise RuntimeError("the server is gone")

    statements.listen(broken)
    try:
        conversation = Conversation.start(Store.guest(), flow=find_flow(WORKSHOP_FLOW))
        while conversation.current.kind == "info":
            conversation.answer(True)
        conversation.answer("neutraal")
        assert heard and heard[0].choice == "neutraal"
    finally:
        statements.stop_listening(broken)


def test_a_flow_without_statements_tells_nothing(heard):
    conversation = Conversation.start(Store.guest(), flow=find_flow("na_het_gesprek"))
    conversation.answer(True)
    conversation.answer("ja")
    assert heard == []


def test_a_value_that_is_not_one_of_the_statements_choices_is_told_as_none(heard, monkeypatch):
    # Belt and braces: even if a typed text got past the answer checks, only
    # one of the statement's own choice ids leaves the process.
    conversation = Conversation.start(Store.guest(), flow=find_flow(WORKSHOP_FLOW))
    while conversation.current.kind == "info":
        conversation.answer(True)
    key = conversation.current.key
    conversation._tell_statement(type("Given", (), {"key": key, "value": MARKER})())
    assert heard == [statements.StatementAnswer(key, None)]
    assert MARKER not in repr(heard)
