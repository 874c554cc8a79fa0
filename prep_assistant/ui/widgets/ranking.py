"""Put items in order with the keyboard.

Up and down choose an item; Ctrl+Up/Ctrl+Down (or Shift+arrows, or + and -)
move it. Enter picks an item up and puts it down again, for terminals that do
not pass Ctrl+arrows. With ``keep = N`` only the top N are the answer; the
rest are shown dimmed below them.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from prep_assistant.i18n import N_, _
from prep_assistant.ui.common import literal
from prep_assistant.ui.widgets.base import AnswerWidget


class RankList(OptionList):
    BINDINGS = [
        Binding("ctrl+up,shift+up,plus", "move(-1)", N_("Move up"), id="ranking.up",
                tooltip=N_("Move the highlighted item one place up")),
        Binding("ctrl+down,shift+down,minus", "move(1)", N_("Move down"), id="ranking.down",
                tooltip=N_("Move the highlighted item one place down")),
    ]

    def action_move(self, delta: int) -> None:
        answer = self.query_ancestor(RankingAnswer)
        answer.move(delta)

    def action_cursor_up(self) -> None:
        answer = self.query_ancestor(RankingAnswer)
        if answer.holding:
            answer.move(-1)
        else:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        answer = self.query_ancestor(RankingAnswer)
        if answer.holding:
            answer.move(1)
        else:
            super().action_cursor_down()


class RankingAnswer(AnswerWidget):
    DEFAULT_CSS = """
    RankingAnswer RankList {
        height: auto;
        max-height: 12;
    }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = self.step.question.options
        values = [o.value for o in options]
        start = self.initial_draft
        if start is None:
            start = self.step.value if isinstance(self.step.value, list) else []
        first = [v for v in start if v in values]
        self.order: list[str] = first + [v for v in values if v not in first]
        self.labels = {o.value: o.label for o in options}
        self.holding = False

    @property
    def keep(self) -> int:
        keep = self.step.question.keep
        return min(keep, len(self.order)) if keep else len(self.order)

    def compose(self) -> ComposeResult:
        yield Static(literal(_("Up and down choose an item. Ctrl+Up and Ctrl+Down (or + and -) move it.")),
                     classes="answer-note")
        yield Static(literal(""), id="ranking-state", classes="answer-note")
        yield RankList(id="ranking-answer")

    def on_mount(self) -> None:
        self.refresh_list(0)

    def refresh_list(self, highlight: int) -> None:
        rank_list = self.query_one(RankList)
        rank_list.clear_options()
        prompts = []
        for index, value in enumerate(self.order):
            label = self.labels.get(value, value)
            if index < self.keep:
                marker = "\u25b6 " if self.holding and index == highlight else ""
                prompts.append(Option(literal(f"{marker}{index + 1}. {label}")))
            else:
                prompts.append(Option(literal(f"   {label}").stylize("dim")))
        rank_list.add_options(prompts)
        rank_list.highlighted = highlight
        state = self.query_one("#ranking-state", Static)
        if self.holding:
            state.update(literal(_("Moving this item: use up and down, then press Enter to put it down.")))
        elif self.keep < len(self.order):
            state.update(literal(_("The top {n} are your answer. Press Enter to pick an item up.").format(n=self.keep)))
        else:
            state.update(literal(_("Press Enter to pick an item up and move it with the arrows.")))

    def move(self, delta: int) -> None:
        rank_list = self.query_one(RankList)
        index = rank_list.highlighted
        if index is None:
            return
        target = index + delta
        if not 0 <= target < len(self.order):
            return
        self.order[index], self.order[target] = self.order[target], self.order[index]
        self.refresh_list(target)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.holding = not self.holding
        self.refresh_list(event.option_index)

    def value(self) -> Any:
        return self.order[: self.keep]

    def draft(self) -> Any:
        return list(self.order)

    def focus_first(self) -> None:
        self.query_one(RankList).focus()
