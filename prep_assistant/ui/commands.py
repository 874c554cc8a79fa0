"""Context commands for the command palette (Ctrl+P).

Go back to any earlier answer, switch language, choose a theme, show the
card, open help. Titles may hold the patient's own answers, so they are
shown as plain Content, never through the palette's markup highlighter.
"""

from __future__ import annotations

from functools import partial
from typing import Callable, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from prep_assistant.i18n import _, known_languages
from prep_assistant.ui.themes import CHOICES


class PrepCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object], bool]]:
        """(title, help, callback, shown before typing)."""
        app = self.app
        yield _("Help: what each key does"), _("Show the keys and an explanation of this question"), app.action_help, True
        yield _("My answers"), _("See all your answers and go back to one of them"), app.action_answers, True
        if getattr(app, "conversation", None) is not None:
            yield _("Show my conversation card"), _("Preview, save or print your card"), app.action_card, True
            if app.conversation.kind == "companion":
                yield (_("Hand back to the patient"), _("Your answers are kept; the patient goes on"),
                       app.action_hand_over, True)
            else:
                yield (_("Fill in together: hand over"),
                       _("The person who decides with you gives their own view on the options"),
                       app.action_hand_over, True)
            yield (_("Go on to the first open question"), _("Jump to where you were"),
                   app.action_continue_where_left, False)
        for code in known_languages():
            name = app.language_label(code)
            yield (_("Language: {name}").format(name=name), _("Show everything in this language"),
                   partial(app.switch_language, code), True)
        for theme, label in CHOICES:
            yield _(label), _("Change the colours of the screen"), partial(app.set_theme, theme), True
        conversation = getattr(app, "conversation", None)
        if conversation is not None:
            for answered in conversation.answered():
                title = _("Go back to: {question} ({answer})").format(
                    question=_shorten(answered.question, 60), answer=_shorten(answered.words, 30)
                )
                yield title, _("Look at this answer again or change it"), partial(app.go_to_answer, answered.key), False

    async def discover(self) -> Hits:
        for title, help_text, callback, shown in self._commands():
            if shown:
                yield DiscoveryHit(Content(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback, _shown in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, _highlight(matcher, title), callback, text=title, help=help_text)


def _highlight(matcher, title: str) -> Content:
    # Matcher.highlight() reads its argument as markup; this does not.
    content = Content(title)
    try:
        score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    except Exception:  # pragma: no cover - a Textual internals change: no highlight
        return content
    for offset in offsets if score else ():
        if 0 <= offset < len(title) and not title[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
