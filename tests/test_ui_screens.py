"""The screens' shared base, the help's key table built from the bindings, and
Textual's private attributes touched in one module only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from prep_assistant import i18n
from prep_assistant.ui.app import PrepAssistantApp
from prep_assistant.ui.screens import card, conversation, help, history, message, resume
from prep_assistant.ui.screens.base import BaseModalScreen, BaseScreen
from prep_assistant.ui.screens.help import binding_rows, key_lines, key_name
from prep_assistant.ui.widgets import ranking, rating, ratings, text_list, yes_no
from tests.test_ui_support import guest_store, settle, wait_ready  # noqa: F401

UI = Path(conversation.__file__).parents[1]

SCREENS = [conversation.ConversationScreen, card.CardScreen, help.HelpScreen, history.HistoryScreen,
           message.MessageScreen, resume.ResumeScreen]

#: The widgets inside each kind of answer that have keys of their own.
ANSWER_KEYS = {
    "text_list": [text_list.ItemList],
    "ranking": [ranking.RankList],
    "rating": [rating.RatingScale],
    "ratings": [ratings.ItemScale],
    "yes_no": [yes_no.YesNoAnswer],
}

#: Every key the help showed before it was built from the bindings (written as help writes keys).
KEYS_BEFORE = {
    None: ["Tab", "Enter", "Esc", "Ctrl+B", "F1", "F2", "F3", "F6", "Ctrl+P", "Ctrl+S", "Ctrl+Q"],
    "text": ["Tab"],
    "text_list": ["Enter", "Delete", "1-9"],
    "multiple_choice": ["Space"],
    "single_choice": ["Arrows", "1-9"],
    "ranking": ["Arrows", "Ctrl+\u2191", "Ctrl+\u2193", "+", "-", "Enter"],
    "rating": ["0-5", "\u2190", "\u2192", "Enter"],
    "yes_no": ["Y", "J", "N", "\u2190", "\u2192"],
}


def shown_keys(kind: str | None) -> set[str]:
    lines = key_lines(kind, ANSWER_KEYS.get(kind or "", []),
                      [conversation.ConversationScreen, PrepAssistantApp])
    return {part.strip() for keys, _words in lines for part in keys.split(",")}


@pytest.mark.parametrize("kind", list(KEYS_BEFORE))
def test_help_still_shows_every_key_it_showed_before(kind):
    missing = set(KEYS_BEFORE[None] + KEYS_BEFORE[kind]) - shown_keys(kind)
    assert not missing


def test_every_binding_of_ours_is_in_help_with_its_tooltip():
    owners = [PrepAssistantApp, conversation.ConversationScreen,
              *(cls for classes in ANSWER_KEYS.values() for cls in classes)]
    rows = dict(binding_rows(owners))
    for owner in owners:
        for binding in owner.BINDINGS:
            keys = ", ".join(key_name(key) for key in binding.key.split(","))
            assert rows.get(keys) == binding.tooltip, (owner, binding)


def test_help_rows_follow_the_language():
    i18n.set_language("nl")
    rows = dict(binding_rows([conversation.ConversationScreen]))
    assert rows["Esc, Ctrl+B"] == "Ga terug naar de vorige vraag. Uw antwoorden blijven bewaard."
    i18n.set_language("en")
    rows = dict(binding_rows([conversation.ConversationScreen]))
    assert rows["Esc, Ctrl+B"] == "Go back to the previous question. Your answers stay."


@pytest.mark.parametrize("key, written", [
    ("escape", "Esc"), ("ctrl+b", "Ctrl+B"), ("f1", "F1"), ("question_mark", "?"),
    ("shift+up", "Shift+\u2191"), ("minus", "-"), ("y", "Y"), ("backspace", "Backspace"),
])
def test_keys_are_written_for_people(key, written):
    assert key_name(key) == written


@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen_has_the_base_and_its_stylesheet_beside_it(screen):
    assert issubclass(screen, BaseScreen)
    assert issubclass(screen, BaseModalScreen) == (screen in (help.HelpScreen, history.HistoryScreen))
    stylesheet = Path(__import__(screen.__module__, fromlist=["_"]).__file__).with_suffix(".tcss")
    assert stylesheet.is_file()


def test_a_modal_screen_keeps_textual_s_dimmed_background():
    # Textual reads CSS from the first base class only: ModalScreen must come first.
    assert "ModalScreen" in help.HelpScreen._css_type_names


async def test_the_key_bar_and_the_bindings_follow_a_language_switch(guest_store):
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        bar = str(app.screen.query_one("KeyBar").render())
        assert "Back" in bar and "Stop" in bar
        await pilot.press("f6")
        await settle(pilot)
        bar = str(app.screen.query_one("KeyBar").render())
        assert "Terug" in bar and "Stoppen" in bar
        tooltips = {entry.binding.tooltip for entry in app.screen.active_bindings.values()}
        assert "Ga terug naar de vorige vraag. Uw antwoorden blijven bewaard." in tooltips


#: Textual's private attributes that our code has had to touch.
PRIVATE = re.compile(r"\._bindings\b|_merged_bindings|__watchers|\._compositor|\._driver")


def test_textual_private_attributes_are_touched_in_one_module_only():
    offenders = [
        f"{path.relative_to(UI)}:{number}"
        for path in UI.rglob("*.py")
        if path.name != "textual_private.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE.search(line)
    ]
    assert offenders == []
