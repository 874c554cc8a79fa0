"""Help: what each key does, in plain words, and the explanation of this question.

With a decision pack in use, help also shows the pack's own words (its
introduction, why waiting is or is not sensible, the source and date, and
on an option's questions that option's description), marked as the care
provider's; the words come from the application layer (``Conversation.pack_help``).

The key table is built from the bindings of the nodes that are on the
conversation screen (the answer widget and what it holds, the screen, the
app): their keys and tooltips, in the current language. Only keys that are
no binding of ours (Textual's Tab, Enter on a button, digits and Space in
a list) are written out here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static

from prep_assistant.i18n import N_, _
from prep_assistant.ui.common import literal
from prep_assistant.ui.screens.base import BaseModalScreen
from prep_assistant.ui.widgets.calm_button import calm_button

if TYPE_CHECKING:  # pragma: no cover
    from textual.dom import DOMNode

#: The narrowest key column; a longer key widens it for every line, so the words stay in line.
KEY_COLUMN = 14

#: How a key is written in help (Textual's own names are for programmers).
KEY_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "delete": "Delete",
    "backspace": "Backspace",
    "question_mark": "?",
    "plus": "+",
    "minus": "-",
    "up": "\u2191",
    "down": "\u2193",
    "left": "\u2190",
    "right": "\u2192",
}


def key_name(key: str) -> str:
    """``ctrl+b`` as ``Ctrl+B``, ``escape`` as ``Esc``, ``up`` as an arrow."""
    *modifiers, name = key.split("+")
    name = KEY_NAMES.get(name, name.upper() if len(name) <= 3 else name.capitalize())
    return "+".join([modifier.capitalize() for modifier in modifiers] + [name])


def declared_bindings(owner: "DOMNode | type[DOMNode]") -> Iterator[Binding]:
    """The bindings that our own classes declare for a node or a class (Textual's own are left out)."""
    for cls in (owner if isinstance(owner, type) else type(owner)).__mro__:
        if not cls.__module__.startswith("prep_assistant."):
            continue
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding):
                yield binding


def binding_rows(owners: Iterable["DOMNode | type[DOMNode]"]) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding of these nodes or classes, once each, translated."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for owner in owners:
        for binding in declared_bindings(owner):
            name = binding.id or binding.action
            if name in seen:
                continue
            seen.add(name)
            keys = ", ".join(key_name(key.strip()) for key in binding.key.split(","))
            words = _(binding.tooltip or binding.description)
            # A node may say more about its own key (the app: which languages F6 goes through).
            more = None if isinstance(owner, type) else getattr(owner, "binding_words", None)
            rows.append((keys, more(binding, words) if more is not None else words))
    return rows


def kind_lines(kind: str | None) -> list[tuple[str, str]]:
    """Keys of one kind of answer that are no binding (typing, lists, buttons)."""
    specific = {
        "text_list": [
            ("Enter", _("Add what you typed to the list. Enter on an empty line: the list is done.")),
            ("1-9", _("In the examples: add that example to your list.")),
        ],
        "multiple_choice": [(_("Space"), _("Tick or untick an answer."))],
        "single_choice": [(_("Arrows, 1-9"), _("Choose an answer. Enter gives it."))],
        "ranking": [
            (_("Arrows"), _("Choose an item.")),
            ("Enter", _("Pick an item up; move it with the arrows; Enter puts it down.")),
        ],
        "rating": [("0-5", _("Choose how much. Enter gives it."))],
        "text": [("Tab", _("In a box with several lines, Enter starts a new line. Tab, then Enter, continues."))],
    }
    return specific.get(kind or "", [])


def key_lines(kind: str | None, answer: Sequence["DOMNode | type[DOMNode]"],
              screen: Sequence["DOMNode | type[DOMNode]"],
              palette_key: str = "ctrl+p") -> list[tuple[str, str]]:
    """The whole key table: this kind of answer first, then what works everywhere.

    ``answer`` are the answer widget and the widgets in it; ``screen`` the
    screen and the app, whose keys work on every question.
    """
    return [
        *kind_lines(kind),
        *binding_rows(answer),
        ("Tab", _("Go to the next part of the screen (Shift+Tab: back).")),
        ("Enter", _("Give your answer, or press the button that is lit up.")),
        *binding_rows(screen),
        (key_name(palette_key), _("Search all commands: language, colours, going back.")),
    ]


class HelpScreen(BaseModalScreen[None]):
    CSS_PATH = "help.tcss"

    BINDINGS = [
        Binding("escape,f1,question_mark,enter", "close", N_("Close"), id="help.close",
                tooltip=N_("Close the help")),
    ]

    def __init__(self, node_help: str | None, kind: str | None,
                 answer: Sequence["DOMNode"] = (), screen: Sequence["DOMNode"] = (),
                 pack_help: str | None = None) -> None:
        super().__init__()
        self.node_help = node_help
        #: The care provider's words from the decision pack (``Conversation.pack_help``), if any.
        self.pack_help = pack_help
        self.kind = kind
        #: Whose keys the table shows: the answer widget's nodes, then the screen and the app.
        self.answer_nodes = tuple(answer)
        self.screen_nodes = tuple(screen)

    def compose_body(self) -> ComposeResult:
        with Vertical(id="help-box"):
            with VerticalScroll(id="help-scroll"):
                if self.node_help:
                    yield Static(literal(_("About this question")), classes="help-heading")
                    yield Static(literal(self.node_help), id="node-help")
                if self.pack_help:
                    yield Static(literal(_("From your care provider")), classes="help-heading")
                    yield Static(literal(self.pack_help), id="pack-help")
                yield Static(literal(_("Keys")), classes="help-heading")
                lines = key_lines(self.kind, self.answer_nodes, self.screen_nodes or (self.app,),
                                  self.app.COMMAND_PALETTE_BINDING)
                width = max(KEY_COLUMN, *(len(key) for key, _words in lines))
                for key, words in lines:
                    yield Static(literal(f"{key:<{width}} {words}"), classes="help-key")
                yield Static(literal(_("The mouse works too, but you never need it.")), classes="help-key")
            yield calm_button(literal(_("Close")), id="close", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
