"""The card screen: a preview from the run, saved with the keyboard, and back."""

from __future__ import annotations

from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from tests.test_ui_support import advance_to, current, settle, wait_for, wait_ready


async def test_the_card_is_shown_saved_and_left_again(tmp_path, monkeypatch):
    from prep_assistant.ui.screens import save_file

    monkeypatch.chdir(tmp_path)
    # The save dialog offers the Documents folder (issue 16.6): here, the test's folder.
    monkeypatch.setattr(save_file, "user_documents_dir", lambda: str(tmp_path))
    store = Store.open(tmp_path / "data")
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await advance_to(pilot, app, "beslissing")
        app.conversation.answer("Een [bold]knie[/] operatie")
        app.chat.rebuild()
        await advance_to(pilot, app, "kaart_klaar")
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CardScreen")
        await settle(pilot)
        preview = str(app.screen.query_one("#card-text").render())
        assert "Een [bold]knie[/] operatie" in preview
        assert not app.screen.query_one("#pdf").disabled
        # Tab from the preview: PDF, web page, Markdown.
        await pilot.press("tab", "tab", "tab")
        assert app.screen.focused.id == "md"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # the save dialog: the offered folder and name
        await settle(pilot)
        saved = list(tmp_path.glob("*.md"))
        assert len(saved) == 1
        assert "knie" in saved[0].read_text(encoding="utf-8")  # Markdown escapes the brackets
        # Back to the questions: the last one is asked again, nothing is lost.
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConversationScreen"
        assert current(app) is not None
        assert app.conversation.run.value_of("beslissing") == "Een [bold]knie[/] operatie"
        # F3 shows the card from anywhere.
        await pilot.press("f3")
        await settle(pilot)
        assert type(app.screen).__name__ == "CardScreen"
    store.close()
