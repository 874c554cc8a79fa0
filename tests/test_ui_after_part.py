"""The part after the consultation in the app (issue 21): which preparation it
belongs to (a chooser when there are several), and the check-in offer when
the day to look at the decision again has come."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Button, OptionList

from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from prep_assistant.ui.screens.check_in import CheckInScreen
from prep_assistant.ui.screens.choose_preparation import ChoosePreparationScreen
from prep_assistant.ui.screens.message import MessageScreen
from tests.test_after_part import after_part, prepare
from tests.test_ui_support import settle, wait_for, wait_ready


def _screen_text(app) -> str:
    return "\n".join(str(static.render()) for static in app.screen.query("Static"))


async def test_with_several_preparations_the_app_asks_which_one_and_links_it(tmp_path):
    store = Store.open(tmp_path)
    older = prepare(store, "Knie: opereren of niet?", change_weight=False)
    newer = prepare(store, "Heup: opereren of niet?", change_weight=False)
    app = PrepAssistantApp(store, flow_id="na_het_gesprek")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ChoosePreparationScreen))
        await settle(pilot)
        text = _screen_text(app)
        assert "Which one was this consultation about?" in text
        options = app.screen.query_one("#preparations", OptionList)
        assert options.option_count == 2 and options.highlighted == 0  # the most recent: the default
        assert "Heup" in str(options.get_option_at_index(0).prompt)
        await pilot.press("down", "enter")
        await wait_ready(pilot, app)
        assert app.conversation.kind == "after"
        assert app.conversation.prepared_in == older
        await pilot.press("enter")  # the welcome message
        await settle(pilot)
        await pilot.press("enter")  # "was a choice made": the first option
        await settle(pilot)
        assert store.get(app.conversation.session.id).prepared_in == older
    assert newer != older
    store.close()


async def test_escape_in_the_chooser_takes_the_most_recent_preparation(tmp_path):
    store = Store.open(tmp_path)
    prepare(store, "Knie?", change_weight=False)
    newer = prepare(store, "Heup?", change_weight=False)
    app = PrepAssistantApp(store, flow_id="na_het_gesprek")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ChoosePreparationScreen))
        await settle(pilot)
        await pilot.press("escape")
        await wait_ready(pilot, app)
        assert app.conversation.prepared_in == newer
    store.close()


def _due(store: Store) -> str:
    prepare(store, "Knie: opereren of niet?", zeker=False)
    after = after_part(store, zeker=True)
    store.update_meta(after, check_in_on=dt.date.today() - dt.timedelta(days=1))
    return after


async def test_the_check_in_is_offered_and_looking_shows_before_and_after(tmp_path):
    store = Store.open(tmp_path)
    after = _due(store)
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CheckInScreen))
        await settle(pilot)
        text = _screen_text(app)
        assert "You wanted to look at your decision again on" in text
        assert "It is about: Knie: opereren of niet?" in text
        labels = [str(app.screen.query_one(f"#{name}", Button).label) for name in ("look", "later", "dismiss")]
        assert labels == ["Yes, look at my decision now", "Not now, ask me again next time", "No, do not ask me again"]
        await pilot.press("enter")
        await settle(pilot)
        text = _screen_text(app)
        assert "Before the consultation I leaned to: Oefentherapie" in text
        assert "Before: no. After: yes." in text
        await pilot.press("enter")  # go on: the usual start
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ResumeScreen")
        await settle(pilot)
    assert store.get(after).check_in_on is None  # looked at: not offered again
    store.close()


async def test_the_check_in_can_be_dismissed_or_put_off(tmp_path):
    store = Store.open(tmp_path)
    after = _due(store)
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CheckInScreen))
        await settle(pilot)
        app.screen.query_one("#later", Button).press()
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ResumeScreen")
        await settle(pilot)
    assert store.get(after).check_in_on is not None  # asked again next time
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CheckInScreen))
        await settle(pilot)
        app.screen.query_one("#dismiss", Button).press()
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ResumeScreen")
        await settle(pilot)
    assert store.get(after).check_in_on is None
    store.close()


async def test_the_look_back_screen_shows_before_and_after_and_a_deleted_preparation(tmp_path):
    store = Store.open(tmp_path)
    prep = prepare(store, "Knie: opereren of niet?", zeker=False)
    after = after_part(store, zeker=True)
    app = PrepAssistantApp(store, session_id=after)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        app.conversation_finished()
        await wait_for(pilot, lambda: isinstance(app.screen, MessageScreen))
        await settle(pilot)
        text = str(app.screen.query_one("#message-text").render())
    assert "Before and after the consultation." in text
    assert "Minder pijn (a pro of Operatie): Weight before: 2 of 5. Now: 5 of 5" in text
    store.delete(prep)
    app = PrepAssistantApp(store, session_id=after)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)  # the after part still opens
        app.conversation_finished()
        await wait_for(pilot, lambda: isinstance(app.screen, MessageScreen))
        await settle(pilot)
        text = str(app.screen.query_one("#message-text").render())
    assert "no longer on this computer" in text
    store.close()


async def test_the_app_suggests_the_day_two_weeks_ahead_and_saves_it_as_the_check_in(tmp_path):
    from textual.widgets import Input

    from prep_assistant.conversation import Conversation
    from prep_assistant.dialogue.library import find_flow
    from tests.test_after_part import answer_through

    store = Store.open(tmp_path)
    prepare(store, "Knie?", change_weight=False)
    conversation = Conversation.start(store, flow=find_flow("na_het_gesprek"))
    answer_through(conversation, {"besloten": "ja"}, stop_at="terugkijk_dag")
    conversation.close()
    session_id = conversation.session.id
    app = PrepAssistantApp(store, session_id=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await wait_for(pilot, lambda: bool(app.screen.query("#date-answer")))
        field = app.screen.query_one("#date-answer", Input)
        expected = dt.date.today() + dt.timedelta(days=14)
        assert field.value == expected.strftime("%d-%m-%Y")
        field.focus()
        await pilot.press("enter")
        await settle(pilot)
    assert store.get(session_id).check_in_on == expected
    store.close()
