"""A date, typed as day-month-year; the conversation checks it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Static

from prep_assistant.i18n import _
from prep_assistant.ui.common import literal
from prep_assistant.ui.widgets.base import AnswerWidget


class DateAnswer(AnswerWidget):
    DEFAULT_CSS = """
    DateAnswer Input { width: 30; }
    """

    def compose(self) -> ComposeResult:
        start = self.initial_draft
        if start is None and isinstance(self.step.value, str):
            try:
                start = dt.date.fromisoformat(self.step.value).strftime("%d-%m-%Y")
            except ValueError:
                start = self.step.value
        yield Static(literal(_("Type a date as day-month-year, for example 24-12-2026.")), classes="answer-note")
        yield Input(start or "", placeholder=_("day-month-year"), id="date-answer")

    def value(self) -> Any:
        return self.query_one(Input).value

    def draft(self) -> Any:
        return self.value()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()
