"""A rating from 0 to 5, shown as blocks with the words for 0 and 5."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from prep_assistant.i18n import N_, _
from prep_assistant.ui.common import literal
from prep_assistant.ui.widgets.base import AnswerWidget


class RatingScale(Widget, can_focus=True):
    """Six places, 0 to 5: arrows or a number choose, Enter gives the answer."""

    DEFAULT_CSS = """
    RatingScale {
        height: 1;
        width: auto;
        padding: 0 1;
    }
    RatingScale:focus {
        background: $boost;
        text-style: bold;
    }
    """

    BINDINGS = [
        Binding("left,down", "change(-1)", N_("Less"), id="rating.less", show=False, tooltip=N_("One less")),
        Binding("right,up", "change(1)", N_("More"), id="rating.more", show=False, tooltip=N_("One more")),
        Binding("enter", "give", N_("Choose"), id="rating.give", show=False, tooltip=N_("Give this rating")),
    ]

    value: reactive[int | None] = reactive(None)

    def render(self) -> Content:
        parts = []
        for number in range(6):
            filled = self.value is not None and number <= self.value and number > 0
            block = "\u2588\u2588" if filled else "\u2591\u2591"
            if number == 0:
                block = "\u25cb" if self.value != 0 else "\u25cf"
            parts.append(f"{number} {block}")
        shown = "  ".join(parts)
        if self.value is None:
            return Content(shown + "   " + _("(not chosen yet)"))
        return Content(shown + "   " + _("Your choice: {n}").format(n=self.value))

    def action_change(self, delta: int) -> None:
        start = self.value if self.value is not None else (0 if delta > 0 else 1)
        self.value = max(0, min(5, start + delta))

    def action_give(self) -> None:
        self.post_message(AnswerWidget.Submitted(self.value))

    def on_key(self, event) -> None:
        if event.character and event.character in "012345":
            event.stop()
            self.value = int(event.character)

    def on_click(self, event) -> None:
        # Each place is 5 cells wide ("n XX" plus two spaces) after one cell of padding.
        place = (event.x - 1) // 6
        if 0 <= place <= 5:
            self.value = place


class RatingAnswer(AnswerWidget):
    def compose(self) -> ComposeResult:
        low = self.step.low_label or _("not at all")
        high = self.step.high_label or _("very much")
        yield Static(literal(_("0 means: {low}. 5 means: {high}.").format(low=low, high=high)),
                     classes="answer-note")
        scale = RatingScale(id="rating-answer")
        start = self.initial_draft if self.initial_draft is not None else self.step.value
        if isinstance(start, int) and not isinstance(start, bool):
            scale.value = start
        yield scale
        yield Static(literal(_("Type a number from 0 to 5, or use the arrows. Then press Enter.")),
                     classes="answer-note")

    def value(self) -> Any:
        return self.query_one(RatingScale).value

    def draft(self) -> Any:
        return self.value()

    def focus_first(self) -> None:
        self.query_one(RatingScale).focus()
