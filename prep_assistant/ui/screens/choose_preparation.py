"""Which preparation the part after the consultation belongs to.

Shown when a new after part starts and there is more than one preparation;
the most recent one is highlighted (Enter takes it). Dismisses with the
chosen session's id, or None to go back to the start (Escape).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from prep_assistant.conversation import describe_session
from prep_assistant.i18n import N_, _
from prep_assistant.ui.common import literal
from prep_assistant.ui.screens.base import BaseScreen

if TYPE_CHECKING:  # pragma: no cover
    from prep_assistant.session import SessionInfo


class ChoosePreparationScreen(BaseScreen["str | None"]):
    CSS_PATH = "choose_preparation.tcss"

    BINDINGS = [
        Binding("escape", "most_recent", N_("Most recent"), id="choose_preparation.most_recent",
                tooltip=N_("Take the most recent preparation")),
    ]

    def __init__(self, preparations: "list[SessionInfo]") -> None:
        super().__init__()
        self.preparations = preparations

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="choose-body"):
            yield Static(literal(""), id="choose-question")
            yield Static(literal(""), id="choose-help")
            yield OptionList(id="preparations")

    def on_mount(self) -> None:
        self.retranslate_texts()
        self.query_one("#preparations", OptionList).focus()

    def retranslate_texts(self) -> None:
        self.title = _("Which preparation?")
        self.sub_title = self.status_line()
        self.query_one("#choose-question", Static).update(
            literal(_("You have more than one preparation. Which one was this consultation about?"))
        )
        self.query_one("#choose-help", Static).update(
            literal(_("The most recent one is at the top. Choose one and press Enter."))
        )
        options = self.query_one("#preparations", OptionList)
        highlighted = options.highlighted if options.option_count else 0
        options.clear_options()
        for info in self.preparations:
            words = describe_session(info)
            options.add_option(Option(literal(f"{words.row}\n{words.row_detail}")))
        options.highlighted = highlighted or 0

    def action_most_recent(self) -> None:
        self.dismiss(self.preparations[0].id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.preparations[event.option_index].id)
