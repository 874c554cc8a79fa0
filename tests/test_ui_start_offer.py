"""The start of the app after a preparation (issue 16, points 5 and 19).

Reopening after finishing makes no empty session that takes over: the app
offers the finished preparation's card, the part after the consultation, or
a new preparation; and the session chooser says "You started earlier" once,
not on every row.
"""

from __future__ import annotations

from textual.widgets import Button, OptionList

from prep_assistant.conversation import Conversation
from prep_assistant.dialogue.library import find_flow
from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from tests.test_ui_support import settle, wait_for, wait_ready


def finish_a_preparation(store: Store) -> str:
    conversation = Conversation.start(store, flow=find_flow("voorbereiding"))
    while conversation.current is not None:
        turn = conversation.current
        if turn.is_info:
            conversation.answer(True)
        elif turn.kind == "single_choice":
            conversation.answer(turn.question.options[0].value)
        elif turn.key == "beslissing":
            conversation.answer("Vaker vanuit huis, of met een opname?")
        else:
            conversation.answer(None)
    conversation.close()
    assert store.get(conversation.session.id).finished
    return conversation.session.id


def _screen_text(app) -> str:
    return "\n".join(str(static.render()) for static in app.screen.query("Static"))


async def test_after_a_finished_preparation_the_start_offers_the_card_and_the_after_part(tmp_path):
    store = Store.open(tmp_path)
    finished = finish_a_preparation(store)
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ResumeScreen")
        await settle(pilot)
        text = _screen_text(app)
        assert "is finished" in text
        assert "opname?." not in text and "opname?" in text
        labels = [str(app.screen.query_one(f"#{name}", Button).label) for name in ("continue", "pick", "new")]
        assert labels == [
            "See my conversation card",
            "After the consultation: write down what was decided",
            "Start a new preparation",
        ]
        await pilot.press("tab", "enter")  # the part after the consultation
        await wait_ready(pilot, app)
        assert app.conversation.kind == "after"
        assert app.conversation.session is None  # nothing made before the first answer
        await pilot.press("ctrl+q")
    assert [s.id for s in store.list_sessions()] == [finished]
    store.close()


async def test_the_card_of_the_finished_preparation_opens_from_the_offer(tmp_path):
    store = Store.open(tmp_path)
    finished = finish_a_preparation(store)
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ResumeScreen")
        await pilot.press("enter")  # "See my conversation card" has the focus
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CardScreen")
        assert app.conversation.session.id == finished
        await pilot.press("ctrl+q")
    assert len(store.list_sessions()) == 1
    store.close()


async def test_reopening_and_stopping_at_the_welcome_makes_no_session(tmp_path):
    store = Store.open(tmp_path)
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await pilot.press("enter")  # past the welcome
        await settle(pilot)
        await pilot.press("ctrl+q")
    assert store.list_sessions() == []
    store.close()


async def test_the_session_chooser_does_not_repeat_you_started_earlier_on_every_row(tmp_path):
    store = Store.open(tmp_path)
    for decision in ("Een knie", "Een heup?"):
        info = store.create_session(
            flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="en", decision=decision
        )
        store.save_answer(info.id, "beslissing", decision, progress=(1, 30))
    app = PrepAssistantApp(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ResumeScreen")
        await pilot.press("tab", "enter")  # "Choose another session"
        await settle(pilot)
        sessions = app.screen.query_one("#sessions", OptionList)
        rows = [str(sessions.get_option_at_index(i).prompt) for i in range(sessions.option_count)]
        assert len(rows) == 2
        for row in rows:
            assert "You started earlier" not in row
            assert "?." not in row
            assert "1 question answered, not finished." in row
        assert any(row.startswith(tuple("0123456789JFMASOND")) and "Een heup?" in row for row in rows)
    store.close()
