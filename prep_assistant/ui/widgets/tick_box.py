"""A checkbox whose state reads without colour: "X" when ticked, a blank when not.

Textual's Checkbox draws the same "X" either way and tells the two apart by
colour only, which is lost with NO_COLOR, on a monochrome screen and in
the high-contrast theme.
"""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    #: Shown between the box's sides (Textual's documented class variable, set per box).
    BUTTON_INNER = " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "X" if self.value else " "
        super().watch_value()  # the "-on" class and the Changed message
        self.refresh()
