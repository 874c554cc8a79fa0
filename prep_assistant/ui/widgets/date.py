"""A date, typed as day-month-year; the conversation checks it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Static

from prep_assistant.conversation import Turn
from prep_assistant.i18n import _
from prep_assistant.ui.common import literal
from prep_assistant.ui.widgets.base import AnswerWidget


def _note() -> str:
    return _("Type a date as day-month-year, for example 24-12-2026.")


def _placeholder() -> str:
    return _("day-month-year")


class DateAnswer(AnswerWidget):
    DEFAULT_CSS = """
    DateAnswer Input { width: 30; }
    """

    def compose(self) -> ComposeResult:
        yield Static(literal(_note()), classes="answer-note")
        yield Input(self._start_text(), placeholder=_placeholder(), id="date-answer")

    def _start_text(self) -> str:
        """The draft kept through a re-render, else the date given before as the patient types it."""
        start = self.initial_draft
        if start is None and isinstance(self.step.value, str):
            try:
                start = dt.date.fromisoformat(self.step.value).strftime("%d-%m-%Y")
            except ValueError:
                start = self.step.value
        return start or ""

    def fits(self, step: Turn) -> bool:
        return True  # every date question has the same note and field

    def refill(self) -> None:
        start = self._start_text()
        self.query_one(".answer-note", Static).update(literal(_note()))
        field = self.query_one(Input)
        field.value = start
        field.placeholder = _placeholder()
        field.cursor_position = len(start)

    def value(self) -> Any:
        return self.query_one(Input).value

    def draft(self) -> Any:
        return self.value()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()
