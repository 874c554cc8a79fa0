"""A failed save in the app (a full disk): the error is shown beside the
answer, the conversation stays at the same question with what was typed,
and the same answer is saved at the next try under the right question."""

from __future__ import annotations

from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from tests.store_doubles import FullDiskStore
from tests.test_ui_support import advance_to, current, settle, type_text, wait_ready




async def test_a_failed_save_keeps_the_question_and_the_typed_answer(tmp_path):
    store = FullDiskStore(Store.open(tmp_path))
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await advance_to(pilot, app, "beslissing")
        question = current(app).key
        await type_text(pilot, "Een nieuwe knie")
        store.fail = 1
        await pilot.press("enter")
        await settle(pilot)
        assert current(app).key == question
        error = app.screen.query_one("#error")
        assert error.display and "The disk is full" in str(error.render())
        assert store.answers(app.conversation.session.id).get(question) is None
        await pilot.press("enter")  # space is free again: the same answer, once more
        await settle(pilot)
        assert current(app).key != question
        assert store.answers(app.conversation.session.id)[question] == "Een nieuwe knie"
    store.close()
