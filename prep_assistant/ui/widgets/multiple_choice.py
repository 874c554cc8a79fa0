"""Several answers from a list, plus the patient's own when allowed.

Space ticks or unticks; Enter gives the answer (as help says). A ticked
answer shows "[x]" and an unticked one "[ ]": the state is readable without
colour (NO_COLOR, high contrast, a monochrome screen).
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.selection_list import Selection

from prep_assistant.i18n import N_, _
from prep_assistant.ui.common import literal
from prep_assistant.ui.widgets.base import AnswerWidget


#: How a ticked and an unticked answer start; as wide as Textual's own box ("▐X▌ ").
TICKED = "[x] "
UNTICKED = "[ ] "


class TickList(SelectionList):
    """A list of answers to tick: Space ticks, Enter gives the answer."""

    BINDINGS = [
        Binding("enter", "give", N_("Give your answer"), id="multiple_choice.give", show=False,
                tooltip=N_("Give your answer with what is ticked now")),
    ]

    def action_give(self) -> None:
        self.query_ancestor(MultipleChoiceAnswer).submit()

    def render_line(self, y: int) -> Strip:
        # OptionList's line (the prompt), with a box whose glyph says whether it is ticked;
        # SelectionList's own box draws the same "X" either way and tells them apart by colour only.
        line = OptionList.render_line(self, y)
        index = self.scroll_offset.y + y
        if not 0 <= index < self.option_count:
            return line
        ticked = self.get_option_at_index(index).value in self.selected
        style = next(iter(line)).style if line.cell_length else self.rich_style
        return Strip([Segment(TICKED if ticked else UNTICKED, style), *line])


class MultipleChoiceAnswer(AnswerWidget):
    DEFAULT_CSS = """
    MultipleChoiceAnswer TickList {
        height: auto;
        max-height: 10;
    }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Answers of the patient's own, in the order they were added.
        self.own: list[str] = []

    def compose(self) -> ComposeResult:
        question = self.step.question
        earlier = self.initial_draft
        if earlier is None:
            earlier = list(self.step.value or []) if isinstance(self.step.value, list) else []
        known = {o.value for o in question.options}
        self.own = [v for v in earlier if v not in known]
        selections = [
            Selection(literal(option.label), option.value, option.value in earlier)
            for option in question.options
        ]
        selections += [Selection(literal(v), v, True) for v in self.own]
        yield Static(literal(_("Space ticks or unticks an answer. Tick as many as you like. "
                               "Enter gives your answer.")), classes="answer-note")
        yield TickList(*selections, id="multi-answer")
        if question.allow_other:
            yield Input(placeholder=_("Something else? Type it here and press Enter"), id="other-answer")

    def on_mount(self) -> None:
        selection_list = self.query_one(SelectionList)
        if selection_list.option_count:
            selection_list.highlighted = 0

    def value(self) -> Any:
        chosen = set(self.query_one(SelectionList).selected)
        ordered = [o.value for o in self.step.question.options if o.value in chosen]
        ordered += [v for v in self.own if v in chosen]
        pending = self._pending_other()
        if pending and pending not in ordered:
            ordered.append(pending)
        return ordered

    def draft(self) -> Any:
        return self.value()

    def _pending_other(self) -> str:
        try:
            return self.query_one("#other-answer", Input).value.strip()
        except Exception:
            return ""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            # An empty "something else" with Enter: the answer is complete.
            self.submit()
            return
        selection_list = self.query_one(SelectionList)
        if text not in self.own and text not in {o.value for o in self.step.question.options}:
            self.own.append(text)
            selection_list.add_option(Selection(literal(text), text, True))
        else:
            selection_list.select(text)
        event.input.value = ""
        self.notify(_("Added: {item}").format(item=text), markup=False)
