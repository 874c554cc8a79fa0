"""A typed answer: one line (Input) or several (TextArea)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, TextArea, Static

from prep_assistant.i18n import _
from prep_assistant.ui.common import literal
from prep_assistant.ui.widgets.base import AnswerWidget


class TextAnswer(AnswerWidget):
    DEFAULT_CSS = """
    TextAnswer TextArea {
        height: 6;
    }
    """

    def compose(self) -> ComposeResult:
        step = self.step
        start = self.initial_draft
        if start is None:
            start = step.value if isinstance(step.value, str) else ""
        if step.question.multiline:
            area = TextArea(start, id="text-answer", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            area.border_title = literal(step.hint or "")
            yield area
            yield Static(
                literal(_("Enter starts a new line. Press Tab, then Enter, to continue.")),
                classes="answer-note",
            )
        else:
            yield Input(
                start,
                placeholder=step.hint or "",
                id="text-answer",
            )

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
