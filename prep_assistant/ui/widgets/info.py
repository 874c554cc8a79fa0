"""A message from the assistant: nothing to answer, only "Continue"."""

from __future__ import annotations

from typing import Any

from prep_assistant.ui.widgets.base import AnswerWidget


class InfoAnswer(AnswerWidget):
    DEFAULT_CSS = """
    InfoAnswer { height: 0; }
    """

    def value(self) -> Any:
        return True

    def focus_first(self) -> None:
        # The screen's Continue button takes the focus.
        pass
