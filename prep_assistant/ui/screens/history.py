"""My answers: every answer so far; Enter goes back to one to look at or change it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from prep_assistant.i18n import N_, _
from prep_assistant.ui.common import literal
from prep_assistant.ui.screens.base import BaseModalScreen

if TYPE_CHECKING:  # pragma: no cover
    from prep_assistant.conversation import Conversation


class HistoryScreen(BaseModalScreen["str | None"]):
    CSS_PATH = "history.tcss"

    BINDINGS = [
        Binding("escape,f2", "close", N_("Close"), id="history.close", tooltip=N_("Close this list")),
    ]

    def __init__(self, conversation: "Conversation") -> None:
        super().__init__()
        self.conversation = conversation
        self.keys: list[str] = []

    def compose_body(self) -> ComposeResult:
        with Vertical(id="history-box"):
            yield Static(literal(_("Your answers so far. Choose one and press Enter to change it.")),
                         id="history-title")
            yield OptionList(id="history-list")
            yield Static(literal(_("Esc closes this list.")), id="history-note")

    def on_mount(self) -> None:
        history = self.query_one(OptionList)
        options = []
        for answered in self.conversation.answered():
            options.append(Option(literal(f"{answered.question}\n   \u2192 {answered.words}")))
            self.keys.append(answered.key)
        history.add_options(options)
        if not options:
            history.add_option(Option(literal(_("You have not answered any questions yet.")), disabled=True))
        else:
            history.highlighted = len(options) - 1
        history.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.keys):
            self.dismiss(self.keys[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)
