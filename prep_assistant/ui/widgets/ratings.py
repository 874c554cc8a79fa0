"""A weight from 0 to 5 for each item of a list: one scale per item.

Used for "how much does each pro (or con) matter to you?". Enter on a scale
moves to the next item; Enter on the last one gives the answer.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Static

from prep_assistant.i18n import _
from prep_assistant.ui.common import literal
from prep_assistant.ui.widgets.base import AnswerWidget
from prep_assistant.ui.widgets.rating import RatingScale


class ItemScale(RatingScale):
    """A scale that belongs to one item of the list."""

    def __init__(self, item: str, last: bool) -> None:
        super().__init__(classes="item-scale")
        self.item = item
        self.last = last

    def action_give(self) -> None:
        if self.last:
            answer = self.query_ancestor(RatingsAnswer)
            answer.submit()
        else:
            self.screen.focus_next()


class RatingsAnswer(AnswerWidget):
    DEFAULT_CSS = """
    RatingsAnswer .item-label { margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        low = self.step.low_label or _("not important")
        high = self.step.high_label or _("very important")
        yield Static(literal(_("0 means: {low}. 5 means: {high}.").format(low=low, high=high)), classes="answer-note")
        start = self.initial_draft if isinstance(self.initial_draft, dict) else self.step.value
        start = start if isinstance(start, dict) else {}
        options = list(self.step.question.options)
        for index, option in enumerate(options):
            yield Static(literal(option.label), classes="item-label")
            scale = ItemScale(option.value, last=index == len(options) - 1)
            weight = start.get(option.value)
            if isinstance(weight, int) and not isinstance(weight, bool):
                scale.value = weight
            yield scale
        yield Static(
            literal(_("Type a number from 0 to 5 for each, or use the arrows. Enter goes to the next one.")),
            classes="answer-note",
        )

    def value(self) -> Any:
        return {scale.item: scale.value for scale in self.query(ItemScale) if scale.value is not None}

    def draft(self) -> Any:
        return self.value()

    def focus_first(self) -> None:
        scales = list(self.query(ItemScale))
        if scales:
            scales[0].focus()
