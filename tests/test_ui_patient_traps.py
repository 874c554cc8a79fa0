"""Traps a patient met in the app (issue 16, the app part), each at a fixed size.

Every test here failed before its fix: they drive the app with keys as a
patient does and check what was saved and what is on screen.
"""

from __future__ import annotations

from prep_assistant.ui.app import PrepAssistantApp
from tests.test_ui_support import (  # noqa: F401
    advance_to,
    answers,
    current,
    guest_store,
    settle,
    wait_ready,
)


# -- 1. a digit or a letter selects; only Enter answers, once ----------------------------
async def test_a_number_on_a_single_choice_only_highlights_enter_answers(guest_store):
    app = PrepAssistantApp(guest_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await advance_to(pilot, app, "wie")
        await pilot.press("2")
        await settle(pilot)
        assert current(app).key == "wie"
        assert "wie" not in answers(app)
        assert app.screen.query_one("#choice-answer").highlighted == 1
        await pilot.press("enter")
        await settle(pilot)
        assert answers(app)["wie"] == "naaste"
        assert current(app).key == "naam_rol"
        assert "naam_rol" not in answers(app)


async def test_j_or_n_on_yes_no_only_moves_enter_answers(guest_store):
    app = PrepAssistantApp(guest_store)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_ready(pilot, app)
        await advance_to(pilot, app, "zeker")
        await pilot.press("n")
        await settle(pilot)
        assert current(app).key == "zeker"
        assert "zeker" not in answers(app)
        assert app.screen.focused.id == "no"
        await pilot.press("j")
        await settle(pilot)
        assert app.screen.focused.id == "yes" and "zeker" not in answers(app)
        await pilot.press("n", "enter")
        await settle(pilot)
        assert answers(app)["zeker"] is False
        assert current(app).key != "zeker"
