"""Yes or no: two buttons; the earlier answer has the focus.

J/Y and N move to that button; Enter gives the answer, so a letter never
answers on its own (an Enter pressed after it would answer the next question).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button

from prep_assistant.conversation import Turn
from prep_assistant.i18n import N_, _
from prep_assistant.ui.common import literal
from prep_assistant.ui.widgets.base import AnswerWidget
from prep_assistant.ui.widgets.calm_button import calm_button


def _yes() -> str:
    return _("yes").capitalize()


def _no() -> str:
    return _("no").capitalize()


class YesNoAnswer(AnswerWidget):
    SHOW_CONTINUE = False

    DEFAULT_CSS = """
    YesNoAnswer Horizontal { height: auto; }
    YesNoAnswer CalmButton { margin-right: 2; min-width: 12; }
    """

    BINDINGS = [
        Binding("left,right", "other", N_("Other answer"), id="yes_no.other", show=False,
                tooltip=N_("Move to the other answer")),
        Binding("y,j", "choose(True)", N_("Yes"), id="yes_no.yes", show=False,
                tooltip=N_("Go to yes (Enter gives the answer)")),
        Binding("n", "choose(False)", N_("No"), id="yes_no.no", show=False,
                tooltip=N_("Go to no (Enter gives the answer)")),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield calm_button(literal(_yes()), id="yes", variant="primary")
            yield calm_button(literal(_no()), id="no", variant="primary")

    def fits(self, step: Turn) -> bool:
        return True  # every yes/no question has the same two buttons

    def refill(self) -> None:
        # The words may be in another language now (a language switch refills in place);
        # which button has the focus follows the step's answer (``focus_first``).
        self.query_one("#yes", Button).label = literal(_yes())
        self.query_one("#no", Button).label = literal(_no())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Submitted(event.button.id == "yes"))

    def action_choose(self, value: bool) -> None:
        self._move_to("yes" if value else "no")

    def action_other(self) -> None:
        focused = self.screen.focused
        self._move_to("no" if isinstance(focused, Button) and focused.id == "yes" else "yes")

    def _move_to(self, wanted: str) -> None:
        # At once, not ``Widget.focus`` (which waits a moment): an Enter typed right
        # after the letter ("N" then Enter in one burst) must reach the button it named.
        self.screen.set_focus(self.query_one(f"#{wanted}", Button))

    def value(self) -> Any:
        focused = self.screen.focused
        if isinstance(focused, Button) and focused.id in ("yes", "no"):
            return focused.id == "yes"
        return self.step.value if isinstance(self.step.value, bool) else None

    def focus_first(self) -> None:
        wanted = "no" if self.step.value is False else "yes"
        self.query_one(f"#{wanted}", Button).focus()
