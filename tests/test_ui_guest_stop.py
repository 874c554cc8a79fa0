"""Stopping in guest mode asks first and offers to save the card."""

from __future__ import annotations

from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from prep_assistant.ui.screens.card import CardScreen
from prep_assistant.ui.screens.confirm_stop import ConfirmStopScreen
from tests.test_ui_support import advance_to, settle, wait_for, wait_ready


async def answer_one(pilot, app) -> None:
    await wait_ready(pilot, app)
    await advance_to(pilot, app, "beslissing")
    app.conversation.answer("my choice")
    app.chat.rebuild()
    await settle(pilot)


async def test_ctrl_q_in_guest_mode_asks_first_then_go_on_or_stop():
    app = PrepAssistantApp(Store.guest())
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_one(pilot, app)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmStopScreen))
        assert app.is_running
        app.screen.query_one("#back").press()
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmStopScreen))
        assert app.is_running
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmStopScreen))
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)


async def test_the_stop_question_offers_the_card():
    app = PrepAssistantApp(Store.guest())
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_one(pilot, app)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmStopScreen))
        app.screen.query_one("#card").press()
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))
        await settle(pilot, 4)
        assert "my choice" in str(app.screen.query_one("#card-text").render())


async def test_nothing_answered_yet_stops_at_once():
    app = PrepAssistantApp(Store.guest())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)
