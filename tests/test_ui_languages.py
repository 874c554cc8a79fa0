"""Every language with a catalog on disk in the app: F6 goes round them all,
the command palette and the F6 tooltip name them all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from prep_assistant import i18n
from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp, next_language
from prep_assistant.ui.commands import PrepCommands
from tests.test_ui_support import advance_to, settle, wait_ready

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def three_languages(tmp_path: Path):
    """The shipped catalogs plus a German one (a copy of the English: the
    texts do not matter here, only that a catalog is on disk)."""
    locales = tmp_path / "locales"
    shutil.copytree(REPO / "locales", locales)
    (locales / "de/LC_MESSAGES").mkdir(parents=True)
    shutil.copy(locales / "en/LC_MESSAGES/messages.mo", locales / "de/LC_MESSAGES/messages.mo")
    i18n.reset()
    i18n.set_locales_dir(locales)
    i18n.set_language("nl")
    yield locales
    i18n.reset()


@pytest.mark.parametrize(
    ("current", "languages", "expected"),
    [
        ("nl", ("nl", "en", "de"), "en"),
        ("en", ("nl", "en", "de"), "de"),
        ("de", ("nl", "en", "de"), "nl"),
        ("fr", ("nl", "en"), "nl"),
        ("nl", ("nl",), "nl"),
        ("nl", (), "nl"),
    ],
)
def test_next_language_goes_round(current: str, languages: tuple[str, ...], expected: str) -> None:
    assert next_language(current, languages) == expected


async def test_f6_goes_round_every_language_on_disk(three_languages, tmp_path):
    store = Store.open(tmp_path / "data")
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        seen = []
        for _ in range(3):
            await pilot.press("f6")
            await settle(pilot)
            seen.append(i18n.current_language())
        assert seen == ["en", "de", "nl"]
        await advance_to(pilot, app, "afspraak")  # the session is made at the first answer
        assert store.get(app.conversation.session.id).language == "nl"

        # The F6 tooltip names every language, each in its own words.
        (binding,) = [b for _k, b, *_ in app.active_bindings.values() if b.id == "language"]
        assert "Nederlands, English, Deutsch" in binding.tooltip
        # And so does the help (F1).
        await pilot.press("f1")
        await settle(pilot)
        help_text = " ".join(str(s.render()) for s in app.screen.query(".help-key"))
        assert "Naar de volgende taal: Nederlands, English, Deutsch" in help_text
        await pilot.press("escape")
        await settle(pilot)

        # The command palette offers each of them.
        provider = PrepCommands(app.screen)
        titles = [title for title, _help, _cb, shown in provider._commands() if shown]
        for name in ("Nederlands", "English", "Deutsch"):
            assert f"Taal: {name}" in titles
    store.close()
