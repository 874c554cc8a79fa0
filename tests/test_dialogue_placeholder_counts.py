"""{count_true(a, b)} in a text (a readiness score), and for_each answers read per item."""

from __future__ import annotations

from pathlib import Path

import pytest

from prep_assistant.dialogue import reading
from prep_assistant.dialogue.engine import Run
from prep_assistant.dialogue.flow import Flow, placeholders
from prep_assistant.dialogue.loader import load_flow

FLOW = '''format = 1
[flow]
id = "score"
title = "Score"

[[nodes]]
id = "a"
kind = "yes_no"
text = "A?"

[[nodes]]
id = "b"
kind = "yes_no"
text = "B?"

[[nodes]]
id = "mensen"
kind = "text_list"
text = "Wie?"

[[nodes]]
id = "per_persoon"
kind = "for_each"
over = "mensen"
as = "persoon"
body = ["druk"]

[[nodes]]
id = "druk"
kind = "yes_no"
text = "Druk van {persoon}?"

[[nodes]]
id = "uitslag"
kind = "info"
text = "@TEXT@"
'''


def load(tmp_path: Path, text: str):
    path = tmp_path / "flow.toml"
    path.write_text(FLOW.replace("@TEXT@", text), encoding="utf-8")
    return load_flow(path)


def walk(tmp_path: Path, text: str) -> Run:
    loaded = load(tmp_path, text)
    assert loaded.diagnostics == [], [d.format() for d in loaded.diagnostics]
    run = Run(Flow.from_model(loaded.model))
    for value in (True, False, ["Ans", "Kees"], True, False):
        run.answer(value)
    return run


def test_a_count_in_a_text(tmp_path):
    run = walk(tmp_path, "Ja: {count_true(a, b, druk[*])} van {count(mensen)} en {{letterlijk}}.")
    assert run.current.text == "Ja: 2 van 2 en {letterlijk}."


def test_placeholders_lists_the_call_as_one_name():
    assert placeholders("{count_true(a, b)} en {a}") == ["count_true(a, b)", "a"]


@pytest.mark.parametrize(
    "text, code, words",
    [
        ("{count_true(a, c)}", "PA304", "unknown name 'c'"),
        ("{answered(a)}", "PA304", "is not a count"),
        ("{count_true(a, 'b')}", "PA304", "must be answer names"),
        ("{count_true(mensen)}", "PA306", "'mensen' is a text_list question"),
        ("{count_true(drukk[*])}", "PA304", "did you mean 'druk'?"),
        ("{count_tru(a)}", "PA304", "is not a count"),
    ],
)
def test_a_bad_count_is_reported_with_the_node(tmp_path, text, code, words):
    found = [d for d in load(tmp_path, text).diagnostics if d.code == code]
    assert found, [d.format() for d in load(tmp_path, text).diagnostics]
    assert "'uitslag'" in found[0].message and words in found[0].format()


def test_for_each_answers_are_readable_per_item_after_the_loop(tmp_path):
    run = walk(tmp_path, "Klaar.")
    assert reading.per_item(run, "druk") == {"Ans": True, "Kees": False}
    assert reading.answer(run, "druk", "Kees") is False
    assert reading.answer(run, "druk", "Niemand") is None
    assert reading.per_item(run, "a") == {}
    assert reading.answer(run, "mensen") == ["Ans", "Kees"]


def test_an_answer_off_the_path_is_not_read(tmp_path):
    run = walk(tmp_path, "Klaar.")
    run.go_to("mensen")
    run.answer(["Ans"])  # Kees leaves the list: his answer leaves the path
    assert reading.per_item(run, "druk") == {"Ans": True}
    assert run.answers["druk[Kees]"] is False  # kept, should he come back
