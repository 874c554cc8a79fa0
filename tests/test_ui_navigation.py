"""Going back, changing an answer, resuming, switching language, the start screens."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from prep_assistant import i18n
from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from prep_assistant.ui.common import MIN_HEIGHT, MIN_WIDTH
from tests.test_ui_support import (  # noqa: F401
    guest_store,
    SIZES,
    advance_to,
    answers,
    current,
    drawn,
    give_text,
    messages,
    settle,
    wait_for,
    wait_ready,
)


@pytest.mark.parametrize("size", SIZES)
async def test_go_back_and_change_an_answer_the_flow_follows(size, tmp_path):
    store = Store.open(tmp_path)
    app = PrepAssistantApp(store)
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot, app)
        await advance_to(pilot, app, "wie")
        await pilot.press("1", "enter")  # alone: no question about who
        await settle(pilot)
        assert current(app).key == "rol"
        await pilot.press("escape")  # back
        await settle(pilot)
        assert current(app).key == "wie"
        assert current(app).answered
        await pilot.press("2", "enter")  # now with someone close: the flow asks who
        await settle(pilot)
        assert current(app).key == "naam_rol"
        await give_text(pilot, "Kees")
        assert current(app).key == "gaat_mee"
        # Back twice with ctrl+b, over the name, to "wie"; the earlier answer is kept there.
        await pilot.press("ctrl+b", "ctrl+b")
        await settle(pilot)
        assert current(app).key == "wie"
        await pilot.press("1", "enter")
        await settle(pilot)
        assert current(app).key == "rol"
        saved = answers(app)
        assert saved["wie"] == "alleen"
        # The transcript shows the path as it is now: no bubble of the abandoned branch.
        assert "Kees" not in drawn(app, "patient")
    store.close()


async def test_go_back_to_any_earlier_answer_from_my_answers(tmp_path):
    store = Store.open(tmp_path)
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await advance_to(pilot, app, "zorgen")
        await pilot.press("f2")
        await settle(pilot)
        from prep_assistant.ui.screens.history import HistoryScreen

        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("home", "enter")  # the first answer: the decision
        await settle(pilot)
        assert current(app).key == "beslissing"
        assert app.screen.focused.value == "x"  # the earlier answer, ready to change
        await pilot.press("backspace")
        await give_text(pilot, "Knie")
        assert answers(app)["beslissing"] == "Knie"
        assert current(app).key == "zorgen"  # back where the patient was (issue 16.9; was "afspraak")
    store.close()


async def test_quit_and_resume_where_you_left_off(tmp_path):
    store = Store.open(tmp_path)
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await advance_to(pilot, app, "beslissing")
        await give_text(pilot, "Heup")
        assert current(app).key == "afspraak"
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0
    store.close()

    store = Store.open(tmp_path)
    second = PrepAssistantApp(store)
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: type(second.screen).__name__ == "ResumeScreen")
        await settle(pilot)
        shown = " ".join(str(w.render()) for w in second.screen.query("Static"))
        assert "Heup" in shown  # what it was about
        await pilot.press("enter")  # "Yes, continue" has the focus
        await wait_ready(pilot, second)
        assert current(second).key == "afspraak"
        assert answers(second)["beslissing"] == "Heup"
    store.close()


async def test_the_resume_offer_can_start_fresh_or_pick_another(tmp_path):
    store = Store.open(tmp_path)
    first = PrepAssistantApp(store)
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, first)
        await advance_to(pilot, first, "afspraak")
        first_id = first.conversation.session.id
        await pilot.press("ctrl+q")
    store.close()

    store = Store.open(tmp_path)
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ResumeScreen")
        await pilot.press("tab", "tab", "enter")  # "No, start again"
        await wait_ready(pilot, app)
        assert current(app).key == "welkom"
        await advance_to(pilot, app, "afspraak")  # a session is made at the first answer
        assert app.conversation.session.id != first_id
        second_id = app.conversation.session.id
        await pilot.press("ctrl+q")
    store.close()

    store = Store.open(tmp_path)
    app = PrepAssistantApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ResumeScreen")
        await pilot.press("tab", "enter")  # "Choose another session"
        await settle(pilot)
        sessions = app.screen.query_one("#sessions")
        assert sessions.option_count == 2
        await pilot.press("end", "enter")  # the older one
        await wait_ready(pilot, app)
        assert app.conversation.session.id == first_id
        assert current(app).key == "afspraak"
        assert second_id
    store.close()


async def test_switch_language_mid_conversation_keeps_every_answer(tmp_path):
    i18n.set_language("nl")
    store = Store.open(tmp_path)
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await advance_to(pilot, app, "fase")
        dutch_question = current(app).text
        before = answers(app)
        bubbles_before = len(messages(app))
        footer_keys = {b.description for _k, b, *_ in app.screen.active_bindings.values() if b.show}
        assert "Terug" in footer_keys
        await pilot.press("f6")
        await settle(pilot)
        assert i18n.current_language() == "en"
        assert current(app).key == "fase"
        assert current(app).text != dutch_question
        assert answers(app) == before
        assert len(messages(app)) == bubbles_before
        footer_keys = {b.description for _k, b, *_ in app.screen.active_bindings.values() if b.show}
        assert "Back" in footer_keys
        assert store.get(app.conversation.session.id).language == "en"
        # And back through the command palette.
        app.switch_language("nl")
        await settle(pilot)
        assert current(app).text == dutch_question
    store.close()


async def test_a_draft_survives_a_language_switch(tmp_path):
    store = Store.open(tmp_path)
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await advance_to(pilot, app, "beslissing")
        await pilot.press("a", "b", "c")
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen.focused, Input)
        assert app.screen.focused.value == "abc"
    store.close()


async def test_a_session_open_elsewhere_gets_a_clear_message(tmp_path):
    holder = Store.open(tmp_path)
    info = holder.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
    holder.claim(info.id)
    store = Store.open(tmp_path)
    app = PrepAssistantApp(store, session_id=info.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MessageScreen")
        await settle(pilot)
        text = str(app.screen.query_one("#message-text").render())
        assert info.id in text
        await pilot.press("enter")  # "Start a new session" has the focus
        await wait_ready(pilot, app)
        assert app.conversation.session is None  # a new one, made at the first answer
    holder.close()
    store.close()


async def test_too_small_terminal_says_how_large_it_must_be(guest_store):
    app = PrepAssistantApp(guest_store)
    async with app.run_test(size=(30, 15)) as pilot:
        await wait_ready(pilot, app)
        assert app.screen.has_class("-too-small")
        notice = app.screen.query_one("TooSmallNotice")
        text = str(notice.render())
        assert f"{MIN_WIDTH} columns" in text and f"{MIN_HEIGHT} lines" in text and "30 by 15" in text
        assert notice.region.height > 0
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not app.screen.has_class("-too-small")
        assert app.screen.query_one("#transcript").region.height > 0


async def test_guest_mode_says_nothing_is_saved(guest_store):
    app = PrepAssistantApp(guest_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        assert "nothing is saved" in app.screen.sub_title


async def test_help_explains_the_keys_and_the_question(guest_store):
    app = PrepAssistantApp(guest_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await pilot.press("f1")
        await settle(pilot)
        from prep_assistant.ui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Ctrl+Q" in shown and app.conversation.current.help[:20] in shown
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


async def test_every_binding_has_an_id_and_a_tooltip(guest_store):
    from prep_assistant.ui.screens import card, conversation, help, history, resume
    from prep_assistant.ui.widgets import ranking, rating, text_list, yes_no

    owners = [PrepAssistantApp, conversation.ConversationScreen, help.HelpScreen, history.HistoryScreen,
              resume.ResumeScreen, card.CardScreen, ranking.RankList, rating.RatingScale,
              text_list.ItemList, yes_no.YesNoAnswer]
    for owner in owners:
        for binding in owner.BINDINGS:
            assert binding.id, (owner, binding)
            assert binding.tooltip, (owner, binding)


async def test_no_color_and_no_animations(monkeypatch, guest_store):
    monkeypatch.setenv("NO_COLOR", "1")
    app = PrepAssistantApp(guest_store)
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        assert app.animation_level == "none"


async def test_themes_high_contrast_and_terminal_colours(guest_store):
    app = PrepAssistantApp(guest_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        assert app.theme == "prep-calm"
        for name in ("prep-high-contrast", "ansi-dark"):
            app.set_theme(name)
            await settle(pilot)
            assert app.theme == name


async def test_the_chosen_theme_is_there_next_time(tmp_path):
    store = Store.open(tmp_path)
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        app.set_theme("prep-high-contrast")
        await settle(pilot)
    store.close()
    store = Store.open(tmp_path)
    app = PrepAssistantApp(store, new=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        assert app.theme == "prep-high-contrast"
        shown = app.screen.query_one("#continue").styles.background  # the high-contrast yellow
        assert shown.r > 240 and shown.g > 240 and shown.b < 16
    store.close()


async def test_a_guest_theme_choice_writes_nothing(tmp_path, monkeypatch, guest_store):
    monkeypatch.setenv("PREP_ASSISTANT_DATA_DIR", str(tmp_path))
    app = PrepAssistantApp(guest_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        app.set_theme("prep-high-contrast")
        await settle(pilot)
    assert list(tmp_path.iterdir()) == []


async def test_going_back_and_switching_language_at_once_shows_the_question_there(guest_store):
    """F2's choice and F6 handled in one tick: the answer widget of the question
    gone back to is not mounted yet when the language switch rebuilds the screen.
    It used to crash the app (NoMatches: the draft read from a widget without its
    field), and a widget replaced before its mount was left on screen."""
    from prep_assistant.ui.widgets.base import AnswerWidget

    app = PrepAssistantApp(guest_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await advance_to(pilot, app, "afspraak")
        app.chat.go_to("beslissing")
        app.switch_language("en")
        await settle(pilot, 6)
        assert current(app).key == "beslissing"
        assert len(app.chat.query(AnswerWidget)) == 1
        assert app.focused is app.chat.query_one("#text-answer")
        await pilot.press("x", "enter")
        await settle(pilot)
        assert answers(app)["beslissing"] == "x"
        assert current(app).key == "afspraak"
    i18n.set_language("nl")
