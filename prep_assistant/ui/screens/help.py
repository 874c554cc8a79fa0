"""Help: what each key does, in plain words, and the explanation of this question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from prep_assistant.i18n import N_, _
from prep_assistant.ui.common import calm_button, plain, retranslate_bindings


def key_lines(kind: str | None) -> list[tuple[str, str]]:
    lines = [
        ("Tab", _("Go to the next part of the screen (Shift+Tab: back).")),
        ("Enter", _("Give your answer, or press the button that is lit up.")),
        (_("Esc or Ctrl+B"), _("Go back to the previous question. Your answers stay.")),
        ("F1", _("This help.")),
        ("F2", _("See all your answers and go back to one of them.")),
        ("F3", _("Show your conversation card.")),
        ("F6", _("Switch between Dutch and English.")),
        ("Ctrl+P", _("Search all commands: language, colours, going back.")),
        ("Ctrl+S", _("Skip this question, if it may be skipped.")),
        ("Ctrl+Q", _("Stop. Your answers are already saved.")),
    ]
    specific = {
        "text_list": [
            ("Enter", _("Add what you typed to the list. Enter on an empty line: the list is done.")),
            (_("Delete"), _("Remove the highlighted item from the list.")),
            ("1-9", _("In the examples: add that example to your list.")),
        ],
        "multiple_choice": [(_("Space"), _("Tick or untick an answer."))],
        "single_choice": [(_("Arrows, 1-9"), _("Choose an answer. Enter gives it."))],
        "ranking": [
            (_("Arrows"), _("Choose an item.")),
            (_("Ctrl+Up, Ctrl+Down, + and -"), _("Move the item up or down.")),
            ("Enter", _("Pick an item up; move it with the arrows; Enter puts it down.")),
        ],
        "rating": [(_("0-5, arrows"), _("Choose how much. Enter gives it."))],
        "yes_no": [(_("Y or J, N, arrows"), _("Answer yes or no."))],
        "text": [("Tab", _("In a box with several lines, Enter starts a new line. Tab, then Enter, continues."))],
    }
    return specific.get(kind or "", []) + lines


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"

    BINDINGS = [
        Binding("escape,f1,question_mark,enter", "close", N_("Close"), id="help.close",
                tooltip=N_("Close the help")),
    ]

    def __init__(self, node_help: str | None, kind: str | None) -> None:
        super().__init__()
        self.node_help = node_help
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            with VerticalScroll(id="help-scroll"):
                if self.node_help:
                    yield Static(plain(_("About this question")), classes="help-heading")
                    yield Static(plain(self.node_help), id="node-help")
                yield Static(plain(_("Keys")), classes="help-heading")
                for key, words in key_lines(self.kind):
                    yield Static(plain(f"{key:<14} {words}"), classes="help-key")
                yield Static(plain(_("The mouse works too, but you never need it.")), classes="help-key")
            yield calm_button(plain(_("Close")), id="close", variant="primary", compact=True)

    def on_mount(self) -> None:
        retranslate_bindings(self)
        self.query_one("#help-scroll").focus()

    def on_screen_resume(self) -> None:
        self.app.check_size(self)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
