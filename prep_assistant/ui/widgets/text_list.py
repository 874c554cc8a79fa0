"""A list the patient builds item by item: type and Enter adds, Delete removes.

Prefilled items (a clinician's options, "waiting") are on the list from the
start and can be removed like any other. Suggestions are added with one key:
their number, or Enter on the highlighted one, once the examples have the
focus. In the text box a digit is typed like any other character, so the
note under the examples says "press a number" only while the examples have
the focus; when the last example is used, the text box takes the focus.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from prep_assistant.i18n import N_, _, nformat
from prep_assistant.ui.common import literal
from prep_assistant.ui.widgets.base import AnswerWidget


class ItemList(OptionList):
    """The items so far; Delete (or minus) removes the highlighted one."""

    BINDINGS = [
        Binding("delete,backspace,minus", "remove", N_("Remove"), id="list.remove",
                tooltip=N_("Remove the highlighted item from the list")),
    ]

    def action_remove(self) -> None:
        if self.highlighted is not None:
            self.parent_answer().remove_item(self.highlighted)

    def parent_answer(self) -> "TextListAnswer":
        return next(a for a in self.ancestors if isinstance(a, TextListAnswer))


class SuggestionList(OptionList):
    """Examples the patient may add with one key."""

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit():
            number = int(event.character)
            answer = next(a for a in self.ancestors if isinstance(a, TextListAnswer))
            if 1 <= number <= len(answer.open_suggestions()):
                event.stop()
                answer.add_suggestion(number - 1)


class TextListAnswer(AnswerWidget):
    DEFAULT_CSS = """
    TextListAnswer ItemList {
        height: auto;
        max-height: 6;
    }
    TextListAnswer SuggestionList {
        height: auto;
        max-height: 5;
    }
    TextListAnswer .list-empty { color: $text-muted; padding-left: 1; }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start = self.initial_draft
        if start is None:
            start = self.step.value if isinstance(self.step.value, list) else []
        self.items: list[str] = [str(v) for v in start]

    def compose(self) -> ComposeResult:
        yield Static(literal(""), id="list-count", classes="answer-note")
        yield ItemList(id="list-items")
        yield Input(placeholder=self.step.hint or _("Type an item and press Enter"), id="list-input")
        yield Static(
            literal(_("Enter adds what you typed. Enter on an empty line: the list is done.")),
            classes="answer-note",
        )
        if self.step.suggestions:
            yield Static(literal(self._suggestions_note(in_examples=False)), classes="answer-note",
                         id="suggestions-note")
            yield SuggestionList(id="list-suggestions")

    @staticmethod
    def _suggestions_note(*, in_examples: bool) -> str:
        if in_examples:
            return _("Examples: press a number, or Enter, to add one:")
        return _("Examples: press Tab to go to them, then a number to add one:")

    def on_descendant_focus(self, event) -> None:
        self._show_suggestions_note()

    def on_descendant_blur(self, event) -> None:
        self._show_suggestions_note()

    def _show_suggestions_note(self) -> None:
        if not self.step.suggestions:
            return
        in_examples = isinstance(self.screen.focused, SuggestionList)
        self.query_one("#suggestions-note", Static).update(literal(self._suggestions_note(in_examples=in_examples)))

    def on_mount(self) -> None:
        self.refresh_lists()

    def open_suggestions(self) -> list[str]:
        taken = {item.casefold() for item in self.items}
        return [s for s in self.step.suggestions if s.casefold() not in taken]

    def refresh_lists(self) -> None:
        items = self.query_one(ItemList)
        highlighted = items.highlighted
        items.clear_options()
        items.add_options([Option(literal(f"{n}. {item}")) for n, item in enumerate(self.items, 1)])
        items.display = bool(self.items)
        if self.items:
            items.highlighted = min(highlighted or 0, len(self.items) - 1)
        count = self.query_one("#list-count", Static)
        if self.items:
            count.update(literal(nformat(
                "On the list: {n} item. Delete removes the highlighted item.",
                "On the list: {n} items. Delete removes the highlighted item.",
                len(self.items),
            )))
        else:
            count.update(literal(_("The list is empty.")))
        if self.step.suggestions:
            suggestions = self.query_one(SuggestionList)
            open_ones = self.open_suggestions()
            suggestions.clear_options()
            suggestions.add_options([Option(literal(f"{n}. {s}")) for n, s in enumerate(open_ones, 1)])
            if not open_ones and self.screen.focused is suggestions:
                # The last example is used: the text box, not nowhere, has the focus.
                self.query_one(Input).focus()
            suggestions.display = bool(open_ones)
            self.query_one("#suggestions-note").display = bool(open_ones)

    def add_item(self, text: str) -> None:
        self.items.append(text)
        self.refresh_lists()

    def add_suggestion(self, index: int) -> None:
        open_ones = self.open_suggestions()
        if 0 <= index < len(open_ones):
            self.add_item(open_ones[index])
            self.notify(_("Added: {item}").format(item=open_ones[index]), markup=False)

    def remove_item(self, index: int) -> None:
        if 0 <= index < len(self.items):
            removed = self.items.pop(index)
            self.refresh_lists()
            self.notify(_("Removed: {item}").format(item=removed), markup=False)
            if not self.items:
                self.query_one(Input).focus()

    def value(self) -> Any:
        pending = self.query_one(Input).value
        return self.items + ([pending] if pending.strip() else [])

    def draft(self) -> Any:
        return self.value()

    def focus_first(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        if not text.strip():
            self.submit()
            return
        if any(text.strip().casefold() == item.strip().casefold() for item in self.items):
            self.notify(_("\u201c{item}\u201d is already on the list.").format(item=text.strip()), markup=False)
            return
        event.input.value = ""
        self.add_item(text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option_list, SuggestionList):
            self.add_suggestion(event.option_index)
