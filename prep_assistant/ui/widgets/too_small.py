"""Said instead of a broken layout when the terminal is too small."""

from __future__ import annotations

from textual.widgets import Static

from prep_assistant.i18n import _
from prep_assistant.ui.common import MIN_HEIGHT, MIN_WIDTH, literal


class TooSmallNotice(Static):
    DEFAULT_CSS = """
    TooSmallNotice {
        display: none;
        width: 1fr;
        height: 1fr;
        content-align: center middle;
        text-align: center;
        padding: 1 2;
        text-style: bold;
    }
    """

    def show_size(self, width: int, height: int) -> None:
        self.update(literal(
            _("This window is too small for prep-assistant.") + "\n\n"
            + _("Please make it at least {width} columns wide and {height} lines high.").format(
                width=MIN_WIDTH, height=MIN_HEIGHT)
            + "\n"
            + _("Now it is {width} by {height}.").format(width=width, height=height)
            + "\n\n"
            + _("Your answers are saved. Ctrl+Q stops.")
        ))
