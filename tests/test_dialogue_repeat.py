"""repeat_while: ask, add to the same list, ask again until the answer is no."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prep_assistant.dialogue import reading
from prep_assistant.dialogue.engine import Run, replay
from prep_assistant.dialogue.flow import Flow, round_of, split_address
from prep_assistant.dialogue.loader import load_flow
from prep_assistant.session.addresses import check_address

TODAY = dt.date(2026, 11, 22)

FLOW = '''format = 1
[flow]
id = "herhaal"
title = "Herhaal"

[[nodes]]
id = "opties"
kind = "text_list"
text = "Welke opties kent u?"
repeat_while = "meer"
max_rounds = 4
{options_extra}

[[nodes]]
id = "meer"
kind = "yes_no"
text = "Zijn er naast {{opties}} nog andere opties?"
{more_extra}

[[nodes]]
id = "per_optie"
kind = "for_each"
over = "opties"
as = "optie"
body = ["goed"]

[[nodes]]
id = "goed"
kind = "text"
text = "Wat is goed aan {{optie}}?"

[[nodes]]
id = "klaar"
kind = "info"
text = "Klaar: {{opties}}."
'''


def write_flow(tmp_path: Path, options_extra: str = "", more_extra: str = "", tail: str = "") -> Path:
    path = tmp_path / "flow.toml"
    path.write_text(FLOW.format(options_extra=options_extra, more_extra=more_extra) + tail, encoding="utf-8")
    return path


def compiled(tmp_path: Path, **kwargs) -> Flow:
    loaded = load_flow(write_flow(tmp_path, **kwargs))
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    assert not loaded.diagnostics, [d.format() for d in loaded.diagnostics]
    return Flow.from_model(loaded.model)


def test_yes_asks_again_and_adds_to_the_same_list(tmp_path):
    run = Run(compiled(tmp_path), today=TODAY)
    run.answer(["Afwachten"])
    assert run.current.node_id == "meer"
    assert run.current.text == "Zijn er naast Afwachten nog andere opties?"
    run.answer(True)
    assert (run.current.node_id, run.current.key) == ("opties", "opties#2")
    assert run.current.value is None  # a new round starts empty
    run.answer(["Opereren", "Afwachten"])  # an item given twice counts once
    run.answer(True)
    run.answer(["Oefenen"])
    run.answer(False)
    assert run.current.key == "goed[Afwachten]"
    assert run.value_of("opties") == ["Afwachten"]
    # every round's items together, in order, for the for_each and {opties}
    items = [run.current.item]
    for _ in range(2):
        run.answer("x")
        items.append(run.current.item)
    assert items == ["Afwachten", "Opereren", "Oefenen"]
    run.answer("x")
    assert run.current.text == "Klaar: Afwachten, Opereren, Oefenen."


def test_no_loop_error_for_a_repeat(tmp_path):
    loaded = load_flow(write_flow(tmp_path))
    assert [d.code for d in loaded.diagnostics] == []


def test_max_rounds_stops_asking(tmp_path):
    run = Run(compiled(tmp_path), today=TODAY)
    for round_ in range(1, 4):
        run.answer([f"optie {round_}"])
        run.answer(True)
    run.answer(["optie 4"])
    # the fourth round is the last: "more?" is not asked again
    assert run.current.key == "goed[optie 1]"
    assert [e.key for e in run.path][:8] == ["opties", "meer", "opties#2", "meer#2", "opties#3", "meer#3", "opties#4", "goed[optie 1]"]


def test_a_skipped_more_question_ends_the_repeat(tmp_path):
    run = Run(compiled(tmp_path), today=TODAY)
    run.answer(["A"])
    run.answer(None)
    assert run.current.key == "goed[A]"


def test_back_and_changing_the_answer_rewalks(tmp_path):
    run = Run(compiled(tmp_path), today=TODAY)
    run.answer(["A"])
    run.answer(True)
    run.answer(["B"])
    run.answer(False)
    assert run.current.key == "goed[A]"
    assert run.go_to("meer")
    run.answer(False)  # no more after all: round 2 leaves the path
    assert run.current.key == "goed[A]"
    assert "opties#2" not in [e.key for e in run.path]
    assert run.value_of("opties") == ["A"]
    # its answer is kept, and comes back when the patient says yes again
    run.go_to("meer")
    run.answer(True)
    assert run.current.key == "opties#2" and run.current.value == ["B"]


def test_undo_puts_the_rounds_back(tmp_path):
    run = Run(compiled(tmp_path), today=TODAY)
    run.answer(["A"])
    run.answer(True)
    before = [e.key for e in run.path]
    run.answer(["B"])
    run.undo_last_answer()
    assert [e.key for e in run.path] == before
    assert "opties#2" not in run.answers


def test_resume_rebuilds_the_rounds(tmp_path):
    flow = compiled(tmp_path)
    run = Run(flow, today=TODAY)
    for value in (["A"], True, ["B"], True):
        run.answer(value)
    again = Run(flow, answers=dict(run.answers), today=TODAY)
    assert again.current.key == "opties#3"
    assert [e.key for e in again.path] == [e.key for e in run.path]
    assert again.progress() == run.progress()


def test_progress_stays_sensible(tmp_path):
    run = Run(compiled(tmp_path), today=TODAY)
    seen = []
    for value in (["A"], True, ["B"], True, ["C"], False):
        run.answer(value)
        done, total = run.progress()
        assert 0 <= done <= total
        seen.append(done)
    assert seen == sorted(seen)


def test_reading_gives_every_round(tmp_path):
    run = Run(compiled(tmp_path), today=TODAY)
    for value in (["A"], True, ["B"], False):
        run.answer(value)
    asked = [(a.key, a.value) for a in reading.answered(run)]
    assert asked == [("opties", ["A"]), ("meer", True), ("opties#2", ["B"]), ("meer#2", False)]
    assert reading.answer(run, "opties") == ["A", "B"]


def test_replay_and_examples_name_rounds(tmp_path):
    flow = compiled(tmp_path)
    given_answers = {"opties": ["A"], "meer": True, "opties#2": ["B"], "meer#2": False, "goed[A]": "x"}
    assert replay(flow, given_answers) == ["opties", "meer", "opties", "meer", "goed", "goed", "klaar"]


def test_an_example_with_rounds_passes_check(tmp_path):
    tail = '''
[[examples]]
name = "twee rondes"
answers = { opties = ["A"], meer = true, "opties#2" = ["B"], "meer#2" = false }
path = ["opties", "meer", "opties", "meer", "goed", "goed", "klaar"]
'''
    loaded = load_flow(write_flow(tmp_path, tail=tail))
    assert loaded.diagnostics == []


def test_round_addresses_are_storable_and_split():
    check_address("opties#2")
    assert split_address("opties#2") == ("opties", None)
    assert round_of("opties#12") == 12 and round_of("opties") == 1 and round_of("goed[#2]") == 1
    for bad in ("opties#0", "opties#", "opties#x", "#2"):
        with pytest.raises(ValueError):
            check_address(bad)


def test_a_text_question_repeats_into_a_list(tmp_path):
    path = tmp_path / "flow.toml"
    path.write_text(
        '''format = 1
[flow]
id = "t"
title = "T"
[[nodes]]
id = "persoon"
kind = "text"
text = "Wie denkt er mee?"
repeat_while = "nog_iemand"
[[nodes]]
id = "nog_iemand"
kind = "yes_no"
text = "Nog iemand?"
[[nodes]]
id = "per_persoon"
kind = "for_each"
over = "persoon"
as = "wie"
body = ["druk"]
[[nodes]]
id = "druk"
kind = "yes_no"
text = "Zet {wie} u onder druk?"
[[nodes]]
id = "eind"
kind = "info"
text = "Met: {persoon}."
when = "count(persoon) >= 2"
''',
        encoding="utf-8",
    )
    loaded = load_flow(path)
    assert loaded.diagnostics == [], [d.format() for d in loaded.diagnostics]
    asked = replay(
        Flow.from_model(loaded.model),
        {"persoon": "Ans", "nog_iemand": True, "persoon#2": "Kees", "nog_iemand#2": False},
    )
    assert asked == ["persoon", "nog_iemand", "persoon", "nog_iemand", "druk", "druk", "eind"]


# -- bad input: check names the node, never a traceback -----------------------------


@pytest.mark.parametrize(
    "options_extra, more_extra, words",
    [
        ('', 'when = "count(opties) > 0"', ["'meer' asks whether 'opties' is asked again", "cannot have a 'when'"]),
        ('next = "per_optie"', '', ["'meer' must come right after 'opties'"]),
    ],
)
def test_repeat_mistakes_are_reported_with_the_node(tmp_path, options_extra, more_extra, words):
    loaded = load_flow(write_flow(tmp_path, options_extra=options_extra, more_extra=more_extra))
    found = [d for d in loaded.diagnostics if d.code == "PA209"]
    assert found, [d.format() for d in loaded.diagnostics]
    for word in words:
        assert word in found[0].format()


def test_repeat_while_must_name_a_yes_no(tmp_path):
    text = FLOW.format(options_extra="", more_extra="").replace('repeat_while = "meer"', 'repeat_while = "per_optie"')
    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    found = [d for d in load_flow(path).diagnostics if d.code == "PA209"]
    assert found and "a for_each question" in found[0].message and "'opties'" in found[0].message


def test_repeat_while_unknown_node_suggests(tmp_path):
    text = FLOW.format(options_extra="", more_extra="").replace('repeat_while = "meer"', 'repeat_while = "meeer"')
    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    found = [d for d in load_flow(path).diagnostics if d.code == "PA201"]
    assert found and "did you mean 'meer'" in found[0].format()


def test_repeat_inside_a_for_each_is_refused(tmp_path):
    tail = '''
[[nodes]]
id = "lus"
kind = "for_each"
over = "opties"
as = "o"
body = ["extra", "nog"]
[[nodes]]
id = "extra"
kind = "text"
text = "Extra?"
repeat_while = "nog"
[[nodes]]
id = "nog"
kind = "yes_no"
text = "Nog?"
'''
    found = [d for d in load_flow(write_flow(tmp_path, tail=tail)).diagnostics if d.code == "PA209"]
    assert found and "inside the for_each 'lus'" in found[0].message


def test_a_repeat_through_next_is_still_a_loop_error(tmp_path):
    text = FLOW.format(options_extra="", more_extra='next = [{ when = "meer", to = "opties" }, { to = "per_optie" }]')
    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    assert "PA203" in [d.code for d in load_flow(path).diagnostics]


def test_repeat_while_of_the_wrong_type_is_a_shape_error(tmp_path):
    text = FLOW.format(options_extra="", more_extra="").replace('max_rounds = 4', 'max_rounds = "4"')
    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    found = load_flow(path).diagnostics
    assert [d.code for d in found] == ["PA103"] and "'opties'" in found[0].message


@settings(max_examples=40, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=8))
def test_any_yes_no_sequence_walks_and_rebuilds(more):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        flow = compiled(Path(folder))
    run = Run(flow, today=TODAY)
    rounds = 0
    for index, again in enumerate(more):
        if run.current is None or run.current.node_id != "opties":
            break
        run.answer([f"item {index}"])
        rounds += 1
        if run.current.node_id != "meer":
            break
        run.answer(again)
        if not again:
            break
    assert 1 <= rounds <= 4
    assert run.value_of("opties") == ["item 0"]
    rebuilt = Run(flow, answers=dict(run.answers), today=TODAY)
    assert [e.key for e in rebuilt.path] == [e.key for e in run.path]


def test_a_bad_answer_in_a_later_round_of_an_example_is_explained(tmp_path):
    tail = '''
[[examples]]
name = "fout"
answers = { opties = ["A"], meer = true, "opties#2" = "B", "meer#2" = "nee" }
path = ["opties", "meer", "opties", "meer", "goed", "goed", "klaar"]
'''
    found = [d for d in load_flow(write_flow(tmp_path, tail=tail)).diagnostics if d.code == "PA501"]
    assert found, "expected PA501"
    text = found[0].format()
    assert 'meer#2 = "nee" does not fit its yes_no question' in text and "true or false" in text


def test_an_example_naming_an_unknown_round_node_suggests(tmp_path):
    tail = '''
[[examples]]
name = "fout"
answers = { opties = ["A"], "optie#2" = ["B"] }
path = ["opties", "meer", "goed", "klaar"]
'''
    found = [d for d in load_flow(write_flow(tmp_path, tail=tail)).diagnostics if d.code == "PA501"]
    assert found and "'optie#2', which is not a node" in found[0].message and "did you mean 'opties'?" in found[0].format()


def test_a_when_on_the_question_skips_its_more_question_too(tmp_path):
    flow = compiled(tmp_path, options_extra='when = "false"')
    run = Run(flow, today=TODAY)
    # nothing to go over either: the flow goes straight to the end message
    assert run.current.node_id == "klaar"
    assert [e.node_id for e in run.path] == ["klaar"]
