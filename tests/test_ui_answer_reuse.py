"""A question of the same kind keeps the answer widget (issue 23): what a new widget gives still holds.

The screen asks the widget to show the next step in place
(``AnswerWidget.show_step``) instead of removing it and mounting a new one.
Text (one line, several lines), date and yes/no widgets can; the others are built
new. These tests hold the kept widget to what a new one did: the next
question's answer or draft in the field, its hint, the error gone, the focus
on the field, the key gate opened only once the next question is there.
"""

from __future__ import annotations

import pytest
from textual.widgets import Static, TextArea

from prep_assistant import i18n
from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from prep_assistant.ui.key_gate import KeyGate
from prep_assistant.ui.widgets.date import DateAnswer
from prep_assistant.ui.widgets.text import TextAnswer
from prep_assistant.ui.widgets.yes_no import YesNoAnswer
from tests.test_ui_patient_traps import _type_at_once
from tests.test_ui_support import (advance_to, answers, current, error_text, give_text, keys_arrived, press_continue,
                                   settle, type_text, wait_for, wait_ready)

FLOW = """format = 1
[flow]
id = "hergebruik"
title = "Hergebruik"
language = "nl"

[[nodes]]
id = "naam"
kind = "text"
required = true
text = "Hoe heet u?"
hint = "Bijvoorbeeld: Anna"

[[nodes]]
id = "woonplaats"
kind = "text"
text = "Waar woont u?"
hint = "Bijvoorbeeld: [b]Utrecht[/b]"

[[nodes]]
id = "gesprek"
kind = "date"
text = "Wanneer is het gesprek?"

[[nodes]]
id = "uitslag"
kind = "date"
text = "Wanneer komt de uitslag?"

[[nodes]]
id = "zorgen"
kind = "text"
multiline = true
text = "Waar maakt u zich zorgen over?"
hint = "Schrijf het op zoals u wilt"

[[nodes]]
id = "hoop"
kind = "text"
multiline = true
text = "Waar hoopt u op?"
hint = "Bijvoorbeeld: minder pijn"

[[nodes]]
id = "vraag"
kind = "text"
text = "Wat wilt u vragen?"

[[nodes]]
id = "zeker"
kind = "yes_no"
text = "Weet u welke keuze bij u past?"

[[nodes]]
id = "steun"
kind = "yes_no"
text = "Krijgt u genoeg steun?"

[[nodes]]
id = "slot"
kind = "text"
text = "Wilt u nog iets zeggen?"
"""

#: Several lines, long enough to be pasted in at once by ``type_text``.
WORRIES = "de pijn na de operatie\nen of ik weer kan slapen"


@pytest.fixture
def flow_app(tmp_path):
    flow = tmp_path / "hergebruik.toml"
    flow.write_text(FLOW, encoding="utf-8")
    store = Store.open(tmp_path / "data")
    yield PrepAssistantApp(store, flow_id=str(flow), new=True)
    store.close()


def field(app: PrepAssistantApp):
    return app.chat.answer.query_one("#text-answer, #date-answer")


async def at_question(pilot, app: PrepAssistantApp, key: str) -> None:
    """Until ``key`` is asked, its widget shows it and the keys go there (as a patient waits)."""
    await keys_arrived(pilot)
    gate = app.key_gate
    await wait_for(pilot, lambda: current(app) is not None and current(app).key == key
                   and app.chat.answer.step.key == key and app.chat.answer.is_mounted
                   and not (gate.answering or gate.closed))


async def test_the_widget_is_kept_between_questions_of_the_same_kind_and_new_between_kinds(flow_app):
    app = flow_app
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        widgets = {}
        for key, answer in [("naam", "Anna"), ("woonplaats", "Utrecht"), ("gesprek", "24-12-2030"),
                            ("uitslag", "31-12-2030"), ("zorgen", "de pijn"), ("hoop", "wandelen"),
                            ("vraag", "hoe lang")]:
            await at_question(pilot, app, key)
            widgets[key] = app.chat.answer
            assert app.focused is field(app)  # kept or new, the field has the focus
            await give_text(pilot, answer)
        await settle(pilot)
        kept = [a is b for a, b in zip(widgets.values(), list(widgets.values())[1:])]
        # naam>woonplaats kept, >gesprek new (a date), >uitslag kept, >zorgen new (several lines),
        # >hoop kept, >vraag new (one line again).
        assert kept == [True, False, True, False, True, False]
        assert isinstance(widgets["gesprek"], DateAnswer) and isinstance(widgets["zorgen"], TextAnswer)
        assert {key: answers(app)[key] for key in widgets} == {
            "naam": "Anna", "woonplaats": "Utrecht", "gesprek": "2030-12-24", "uitslag": "2030-12-31",
            "zorgen": "de pijn", "hoop": "wandelen", "vraag": "hoe lang"}
        # Only the widgets on screen are attached: none left behind unmounted or twice.
        assert len(app.chat.query(TextAnswer)) + len(app.chat.query(DateAnswer)) <= 1


async def test_a_kept_input_shows_the_next_question_as_a_new_one_would(flow_app):
    app = flow_app
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        widget = app.chat.answer
        skip = app.chat.query_one("#skip")
        assert not skip.display  # "naam" is required
        await pilot.press("enter")  # nothing typed: refused
        await settle(pilot)
        assert error_text(app)
        await give_text(pilot, "Anna")
        await at_question(pilot, app, "woonplaats")
        assert app.chat.answer is widget
        assert field(app).value == ""
        # The hint is the flow's text, shown as it is written, never as markup.
        assert field(app).placeholder == "Bijvoorbeeld: [b]Utrecht[/b]"
        assert "[b]Utrecht[/b]" in str(field(app).render_line(0).text)
        assert error_text(app) == ""
        assert skip.display  # "woonplaats" may be skipped
        assert app.chat.query_one("#continue").display


async def test_an_enter_typed_quickly_after_an_answer_goes_to_the_next_question_once(flow_app, monkeypatch):
    app = flow_app
    # The gate must open because the next question is there (Ready), not because it gave up waiting.
    gave_up: list[int] = []
    stop_waiting = KeyGate._stop_waiting

    def spied(gate: KeyGate, answer_number: int) -> None:
        if gate.answering and answer_number == gate._answers_begun:
            gave_up.append(answer_number)
        stop_waiting(gate, answer_number)

    monkeypatch.setattr(KeyGate, "_stop_waiting", spied)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        widget = app.chat.answer
        # All sent before the app handled the first: the second answer's keys wait at the gate
        # until the kept field shows "woonplaats", then arrive there, once.
        await _type_at_once(pilot, "A", "n", "n", "a", "enter", "U", "t", "enter")
        await at_question(pilot, app, "gesprek")
        assert answers(app) == {"naam": "Anna", "woonplaats": "Ut"}
        assert gave_up == []
        assert app.chat.answer is not widget
        assert field(app).value == ""  # the Enter was not given again to the date
        assert error_text(app) == ""


async def test_going_back_shows_the_earlier_answer_in_the_kept_field(flow_app):
    app = flow_app
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await give_text(pilot, "Anna")
        await at_question(pilot, app, "woonplaats")
        widget = app.chat.answer
        await type_text(pilot, "Ut")
        await pilot.press("escape")
        await at_question(pilot, app, "naam")
        assert app.chat.answer is widget
        assert app.focused is field(app)
        assert field(app).value == "Anna"
        assert field(app).cursor_position == len("Anna")  # typing goes on at the end
        await give_text(pilot, "!")
        await at_question(pilot, app, "woonplaats")
        assert answers(app)["naam"] == "Anna!"
        # F2's "go to an answer" too.
        await give_text(pilot, "Utrecht")
        await at_question(pilot, app, "gesprek")
        app.go_to_answer("woonplaats")
        await at_question(pilot, app, "woonplaats")
        assert field(app).value == "Utrecht"


async def test_going_back_to_a_date_and_to_several_lines_shows_them_again(flow_app):
    app = flow_app
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        for text in ("Anna", "Utrecht", "24-12-2030"):
            await give_text(pilot, text)
        await at_question(pilot, app, "uitslag")
        date_widget = app.chat.answer
        await pilot.press("escape")
        await at_question(pilot, app, "gesprek")
        assert app.chat.answer is date_widget and field(app).value == "24-12-2030"
        await pilot.press("enter")  # given again as it stands
        for text in ("31-12-2030", WORRIES):
            await give_text(pilot, text)
        await at_question(pilot, app, "hoop")
        area = field(app)
        assert isinstance(area, TextArea) and area.text == ""
        assert app.focused is area  # back from the Continue button the answer was given with
        assert str(area.border_title) == "Bijvoorbeeld: minder pijn"
        await pilot.press("escape")
        await at_question(pilot, app, "zorgen")
        assert field(app) is area and area.text == WORRIES
        assert area.cursor_location == area.document.end
        await type_text(pilot, "!")
        await press_continue(pilot)
        await at_question(pilot, app, "hoop")
        assert answers(app)["zorgen"] == WORRIES + "!"
        assert area.text == ""


async def _draft_in_several_lines(pilot, app) -> None:
    """Answer up to the several-lines question and type a draft there."""
    await wait_ready(pilot, app)
    for text in ("Anna", "Utrecht", "24-12-2030", "31-12-2030"):
        await give_text(pilot, text)
    await at_question(pilot, app, "zorgen")
    await type_text(pilot, "half af")


async def test_a_language_switch_keeps_the_draft_in_the_kept_field(flow_app):
    app = flow_app
    async with app.run_test(size=(80, 24)) as pilot:
        await _draft_in_several_lines(pilot, app)
        widget, area = app.chat.answer, field(app)
        note = widget.query_one(".answer-note", Static)
        language, note_before = i18n.current_language(), str(note.render())
        # Through the command palette's way (F6 from this field has its own test below).
        app.switch_language("en" if language == "nl" else "nl")
        await settle(pilot)
        await at_question(pilot, app, "zorgen")
        assert i18n.current_language() != language
        assert app.chat.answer is widget and field(app) is area
        assert area.text == "half af"
        assert str(note.render()) != note_before  # the note is in the new language
        assert app.focused is area
        await press_continue(pilot)
        await at_question(pilot, app, "hoop")
        assert answers(app)["zorgen"] == "half af"


async def test_f6_in_several_lines_switches_the_language_and_keeps_the_draft(flow_app):
    """Textual's TextArea binds F6 to "select the line": the app's F6 never fired there."""
    app = flow_app
    async with app.run_test(size=(80, 24)) as pilot:
        await _draft_in_several_lines(pilot, app)
        area = field(app)
        language = i18n.current_language()
        assert isinstance(app.focused, TextArea)
        await pilot.press("f6")
        await settle(pilot)
        await at_question(pilot, app, "zorgen")
        assert i18n.current_language() != language
        assert field(app) is area and area.text == "half af" and app.focused is area
        assert area.selected_text == ""  # not Textual's "select the line"


async def test_a_widget_not_yet_mounted_is_never_refilled(flow_app):
    # Before its compose has run it has no field to fill: the screen must build a new one.
    app = flow_app
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        step = current(app)
        await give_text(pilot, "Anna")
        await at_question(pilot, app, "woonplaats")
        unmounted = TextAnswer(step, app.conversation.words)
        assert unmounted.show_step(current(app), app.conversation.words) is False
        assert unmounted.step is step
        # A mounted one of another kind's shape (several lines for one) says no as well.
        assert app.chat.answer.fits(current(app))
        for text in ("Utrecht", "24-12-2030", "31-12-2030"):
            await give_text(pilot, text)
        await at_question(pilot, app, "zorgen")
        assert app.chat.answer.show_step(step, app.conversation.words) is False
        assert app.chat.answer.step.key == "zorgen"


async def test_a_kept_yes_no_widget_has_the_focus_where_a_new_one_would(flow_app):
    app = flow_app
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await advance_to(pilot, app, "zeker")
        await at_question(pilot, app, "zeker")
        widget = app.chat.answer
        assert isinstance(widget, YesNoAnswer) and app.focused.id == "yes"
        # "No" for the first; the second Enter arrives once the kept widget shows the next
        # question with "yes" focused again, as a new widget would have it.
        await pilot.press("n")  # on its own: N moves the focus a moment later (Widget.focus)
        await settle(pilot)
        await _type_at_once(pilot, "enter", "enter")
        await at_question(pilot, app, "slot")
        assert answers(app)["zeker"] is False and answers(app)["steun"] is True
        await pilot.press("escape")
        await at_question(pilot, app, "steun")
        kept = app.chat.answer
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "yes")
        await pilot.press("escape")
        await at_question(pilot, app, "zeker")
        assert app.chat.answer is kept
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "no")  # the answer given
        # A language switch refills the kept buttons' words.
        label, language = str(kept.query_one("#yes").label), i18n.current_language()
        app.switch_language("en" if language == "nl" else "nl")
        await at_question(pilot, app, "zeker")
        assert app.chat.answer is kept and str(kept.query_one("#yes").label) != label
