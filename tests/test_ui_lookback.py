"""The look-back after the consultation works in the app too (not only in
plain mode): a yes to "look again at what you prepared?" shows the
preparation's answers, with the earlier version of a changed answer."""

from __future__ import annotations

from prep_assistant.conversation import Conversation
from prep_assistant.dialogue.library import find_flow
from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from prep_assistant.ui.screens.message import MessageScreen
from tests.test_ui_support import settle, wait_for, wait_ready


def _prepare(store: Store) -> None:
    preparation = Conversation.start(store, flow=find_flow("voorbereiding"))
    while preparation.current.kind == "info":
        preparation.answer(True)
    first = preparation.current.key
    preparation.answer("Een nieuwe knie")
    preparation.go_to(first)
    preparation.answer("Een nieuwe heup")
    preparation.close()


def _after_up_to(store: Store, last_key: str, look_back: bool) -> str:
    after = Conversation.start(store, flow=find_flow("na_het_gesprek"))
    while after.current.key != last_key:
        turn = after.current
        value = {
            "info": True, "single_choice": turn.question.options[0].value if turn.question.options else None,
            "text": "Oefentherapie", "rating": 3, "yes_no": look_back,
        }.get(turn.kind)
        after.answer(value)
    after.close()
    return after.session.id


async def _finish(pilot, app) -> str:
    await wait_ready(pilot, app)
    while not isinstance(app.screen, MessageScreen):
        await pilot.press("enter")
        await settle(pilot)
    return str(app.screen.query_one("#message-text").render())


async def test_a_yes_to_looking_back_shows_the_preparation_in_the_app(tmp_path):
    store = Store.open(tmp_path)
    _prepare(store)
    session_id = _after_up_to(store, "na_einde", look_back=True)
    app = PrepAssistantApp(store, session_id=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await _finish(pilot, app)
    assert "Een nieuwe heup" in text
    assert "Earlier" in text and "Een nieuwe knie" in text
    assert "Thank you. This part is finished." in text
    store.close()


async def test_a_no_to_looking_back_shows_only_the_thanks(tmp_path):
    store = Store.open(tmp_path)
    _prepare(store)
    session_id = _after_up_to(store, "na_einde", look_back=False)
    app = PrepAssistantApp(store, session_id=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await _finish(pilot, app)
    assert "Een nieuwe heup" not in text
    assert text.strip() == "Thank you. This part is finished."
    store.close()


async def test_looking_back_without_a_preparation_says_so(tmp_path):
    store = Store.open(tmp_path)
    session_id = _after_up_to(store, "na_einde", look_back=True)
    app = PrepAssistantApp(store, session_id=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await _finish(pilot, app)
    assert "There is no earlier preparation saved on this computer." in text
    store.close()
