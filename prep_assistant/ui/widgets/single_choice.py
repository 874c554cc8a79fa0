"""One answer from a list: arrows or a number highlight an answer, Enter gives it.

A number only highlights: an answer is given by an explicit Enter, once, so
that an Enter pressed just after a number never answers the next question.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from prep_assistant.ui.common import literal
from prep_assistant.ui.widgets.base import AnswerWidget


class SingleChoiceAnswer(AnswerWidget):
    DEFAULT_CSS = """
    SingleChoiceAnswer OptionList {
        height: auto;
        max-height: 12;
    }
    """

    def compose(self) -> ComposeResult:
        options = [
            Option(literal(f"{number}. {option.label}"), id=f"o{index}")
            for index, (number, option) in enumerate(enumerate(self.step.question.options, 1))
        ]
        yield OptionList(*options, id="choice-answer")

    def on_mount(self) -> None:
        values = [o.value for o in self.step.question.options]
        option_list = self.query_one(OptionList)
        if self.step.value in values:
            option_list.highlighted = values.index(self.step.value)
        elif values:
            option_list.highlighted = 0

    def on_key(self, event) -> None:
        # A number highlights that answer; Enter gives it.
        if event.character and event.character.isdigit():
            number = int(event.character)
            options = self.step.question.options
            if 1 <= number <= len(options):
                event.stop()
                self.query_one(OptionList).highlighted = number - 1

    def value(self) -> Any:
        index = self.query_one(OptionList).highlighted
        if index is None:
            return None
        return self.step.question.options[index].value

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Submitted(self.step.question.options[event.option_index].value))
