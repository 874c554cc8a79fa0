"""A typed answer: one line (Input) or several (TextArea)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, TextArea, Static

from prep_assistant.conversation import Turn
from prep_assistant.i18n import _
from prep_assistant.ui.common import literal
from prep_assistant.ui.widgets.base import AnswerWidget


def _multiline_note() -> str:
    return _("Enter starts a new line. Press Tab, then Enter, to continue.")


class TextAnswer(AnswerWidget):
    DEFAULT_CSS = """
    TextAnswer TextArea {
        height: 6;
    }
    """

    def compose(self) -> ComposeResult:
        step = self.step
        start = self._start_text()
        if step.question.multiline:
            area = TextArea(start, id="text-answer", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            area.border_title = literal(step.hint or "")
            yield area
            yield Static(literal(_multiline_note()), classes="answer-note")
        else:
            yield Input(
                start,
                placeholder=step.hint or "",
                id="text-answer",
            )

    def _start_text(self) -> str:
        """What the field starts with: the draft kept through a re-render, else the answer given before."""
        if self.initial_draft is not None:
            return self.initial_draft
        return self.step.value if isinstance(self.step.value, str) else ""

    def fits(self, step: Turn) -> bool:
        # One line is an Input, several a TextArea: a kept widget keeps its field.
        return step.question.multiline == self.step.question.multiline

    def refill(self) -> None:
        field = self.query_one("#text-answer")
        start = self._start_text()
        if isinstance(field, TextArea):
            field.load_text(start)  # also forgets the undo history of the question before
            field.border_title = literal(self.step.hint or "")
            self.query_one(".answer-note", Static).update(literal(_multiline_note()))
        else:
            field.value = start
            field.placeholder = self.step.hint or ""
            field.cursor_position = len(start)

    def value(self) -> Any:
        field = self.query_one("#text-answer")
        if isinstance(field, TextArea):
            return field.text
        return field.value

    def draft(self) -> Any:
        return self.value()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def focus_first(self) -> None:
        field = self.query_one("#text-answer")
        field.focus()
        if isinstance(field, TextArea):
            field.move_cursor(field.document.end)
