"""Walk the whole preparation in the app with the keyboard, every answer type."""

from __future__ import annotations

import pytest

from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from tests.test_ui_support import (
    SIZES,
    answers,
    current,
    error_text,
    give_text,
    in_two_weeks,
    press_continue,
    settle,
    type_text,
    wait_for,
    wait_ready,
)


PICKED: dict[str, str] = {}


async def answer_step(pilot, app) -> None:
    """One step of the default flow, answered the way a patient would."""
    step = current(app)
    key, kind = step.key, step.kind
    if kind == "info":
        await pilot.press("enter")
    elif key == "beslissing":
        await give_text(pilot, "Wel of geen operatie aan mijn knie")
    elif key == "afspraak":
        # A date that does not exist first: a plain message, the typing stays.
        await give_text(pilot, "31-02-2027")
        assert "bestaat niet" in error_text(app) or "does not exist" in error_text(app)
        assert current(app).key == "afspraak"
        assert app.screen.focused.value == "31-02-2027"
        await pilot.press("home", "ctrl+k")
        await give_text(pilot, in_two_weeks())
    elif key == "beslis_moment":
        await pilot.press("ctrl+s")  # skipped on purpose
    elif key in ("fase", "informatie"):
        await pilot.press("down", "enter")
    elif key == "wie":
        await pilot.press("2", "enter")  # a number highlights, Enter answers
    elif key == "rol":
        await pilot.press("down", "down", "enter")  # "arts": an extra message follows
    elif key == "activiteiten":
        await pilot.press("space", "down", "space", "down", "down", "space")
        await pilot.press("tab")
        await type_text(pilot, "Zingen in het koor")
        await pilot.press("enter")
        await pilot.press("enter")  # Enter on an empty "something else": done
    elif kind == "multiple_choice":
        await pilot.press("space")
        await press_continue(pilot)
    elif kind == "ranking":
        await pilot.press("down", "ctrl+up")  # the second item goes to the top
        await pilot.press("down", "down", "enter", "up", "enter")  # pick up, move, put down
        await press_continue(pilot)
    elif key == "naam_rol":
        await give_text(pilot, "Anna, mijn dochter")
    elif key == "gaat_mee":
        await pilot.press("j", "enter")
    elif kind == "yes_no":
        await pilot.press(*(("n", "enter") if key == "kennis" else ("enter",)))
    elif key == "mijn_vragen":
        await give_text(pilot, "Hoe lang duurt het herstel?")
        await pilot.press("tab")  # to the examples
        await pilot.press("4")  # the fourth example
        PICKED["suggestion"] = step.suggestions[3]
        await pilot.press("shift+tab")
        await pilot.press("enter")  # empty line: the list is done
    elif key == "opties":
        assert len(step.value) == 1  # waiting is on the list from the start
        await give_text(pilot, "Operatie")
        await give_text(pilot, "Fysiotherapie")
        await give_text(pilot, "Acupunctuur")
        await pilot.press("shift+tab")  # to the list
        await pilot.press("end", "delete")  # remove "Acupunctuur"
        await pilot.press("tab")
        await pilot.press("enter")
    elif step.node_id == "voordelen":
        await give_text(pilot, f"iets bij {step.item_label}"[:40])
        await give_text(pilot, "nog iets")
        await pilot.press("enter")
    elif kind == "text_list":
        await give_text(pilot, f"iets bij {step.item_label}"[:40])
        await pilot.press("enter")
    elif kind == "rating":
        await pilot.press("4", "enter")
    elif kind == "ratings":
        # One scale per pro or con: a number, Enter to the next; the last Enter answers.
        weights = ["4", "2"] if step.node_id == "voordelen_gewicht" else ["5"]
        assert len(step.question.options) == len(weights), step.question.options
        for weight in weights:
            await pilot.press(weight, "enter")
    elif kind == "text":
        await give_text(pilot, f"Antwoord op {key}")
    else:  # pragma: no cover
        raise AssertionError(f"no plan for {key} ({kind})")
    await settle(pilot)


async def walk(pilot, app, limit: int = 200) -> list[str]:
    seen: list[str] = []
    for _ in range(limit):
        step = current(app)
        if step is None:
            return seen
        before = (step.key, app.conversation.run.cursor)
        seen.append(step.key)
        # Like a patient, answer once the question is there: on a loaded
        # machine the next question can take longer than the key gate waits
        # (ANSWER_TIMEOUT), so the gate being open is not enough: the question's
        # own answer widget must be mounted and something focused. Bursts of keys
        # are tested in the key gate's own tests.
        gate = app.key_gate

        def question_is_there() -> bool:
            widget = getattr(app.screen, "answer", None)
            return (
                not (gate.answering or gate.closed or gate.held or gate.replaying)
                and widget is not None and widget.step.key == step.key and widget.is_mounted
                and app.focused is not None
            )

        await wait_for(pilot, question_is_there)
        await answer_step(pilot, app)

        def moved_on() -> bool:
            after = current(app)
            return after is None or (after.key, app.conversation.run.cursor) != before

        try:  # keys held at the gate arrive a moment later (an Enter after an Enter)
            await wait_for(pilot, moved_on)
        except AssertionError:
            raise AssertionError(f"stuck at {step.key}: {error_text(app)}") from None
    raise AssertionError("the flow did not end")


@pytest.mark.parametrize("size", SIZES)
async def test_walk_the_whole_preparation_with_the_keyboard(size, tmp_path):
    store = Store.open(tmp_path)
    app = PrepAssistantApp(store)
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot, app)
        seen = await walk(pilot, app)
        await settle(pilot)
        saved = answers(app)
        from prep_assistant.ui.screens.card import CardScreen

        assert isinstance(app.screen, CardScreen)
    store.close()
    for kind_key in ("afspraak", "fase", "doelen", "activiteiten", "top_activiteiten", "wie",
                     "gaat_mee", "mijn_vragen", "opties", "zeker"):
        assert kind_key in seen
    assert saved["beslissing"] == "Wel of geen operatie aan mijn knie"
    assert saved["beslis_moment"] is None
    assert saved["fase"] == "bezig"
    assert saved["wie"] == "naaste"
    assert saved["naam_rol"] == "Anna, mijn dochter"
    assert saved["gaat_mee"] is True
    assert saved["rol"] == "arts"
    assert saved["activiteiten"] == ["wandelen", "fietsen", "boodschappen", "Zingen in het koor"]
    assert saved["top_activiteiten"][0] == "fietsen"
    assert len(saved["top_activiteiten"]) == 3
    assert saved["mijn_vragen"] == ["Hoe lang duurt het herstel?", PICKED["suggestion"]]
    assert saved["opties"][1:] == ["Operatie", "Fysiotherapie"] and len(saved["opties"]) == 3
    assert saved["voordelen[Fysiotherapie]"] == ["iets bij Fysiotherapie", "nog iets"]
    assert saved["voordelen_gewicht[Operatie]"] == {"iets bij Operatie": 4, "nog iets": 2}
    assert saved["nadelen_gewicht[Operatie]"] == {"iets bij Operatie": 5}
    assert "voordelen_gewicht[Operatie]" in seen and "nadelen_gewicht[Operatie]" in seen
    assert saved["kennis"] is False and saved["zeker"] is True
    # Messages come with the next question (issue 16.10): they were passed, not waited on.
    assert "kennis_tip" in saved and "rol_arts_uitleg" in saved
    assert "kennis_tip" not in seen and "rol_arts_uitleg" not in seen
    assert saved["doelen"] == "Antwoord op doelen"
    assert len(saved["afspraak"]) == 10
