"""The day to look at the decision again has come: look now, later, or not again.

Offered at the start (``choose_start`` says ``check_in``). "Look now" shows
the part after the consultation beside its preparation, on this screen;
dismisses with "look" (after looking), "later" or "dismiss".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static

from prep_assistant.conversation import check_in_lines, check_in_words
from prep_assistant.i18n import _
from prep_assistant.session import StoreError
from prep_assistant.ui.common import literal
from prep_assistant.ui.screens.base import BaseScreen
from prep_assistant.ui.widgets.calm_button import calm_button

if TYPE_CHECKING:  # pragma: no cover
    from prep_assistant.session import SessionInfo, Store


class CheckInScreen(BaseScreen[str]):
    CSS_PATH = "check_in.tcss"

    def __init__(self, store: "Store", after: "SessionInfo") -> None:
        super().__init__()
        self.store = store
        self.after = after
        #: The comparison is shown (after "look now"): the one button goes on.
        self.looked = False

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="check-in-body"):
            yield Static(literal(""), id="check-in-text")
            yield Static(literal(""), id="check-in-question")
            with Vertical(id="check-in-choices"):
                yield calm_button(literal(""), id="look", variant="primary")
                yield calm_button(literal(""), id="later")
                yield calm_button(literal(""), id="dismiss")

    def on_mount(self) -> None:
        self.retranslate_texts()
        self.query_one("#look", Button).focus()

    def retranslate_texts(self) -> None:
        self.title = _("Look again at your decision")
        self.sub_title = self.status_line()
        if self.looked:
            self._show_comparison()
            return
        self.query_one("#check-in-text", Static).update(literal(check_in_words(self.after)))
        self.query_one("#check-in-question", Static).update(literal(_("Do you want to look at your decision again?")))
        self.query_one("#look", Button).label = literal(_("Yes, look at my decision now"))
        self.query_one("#later", Button).label = literal(_("Not now, ask me again next time"))
        self.query_one("#dismiss", Button).label = literal(_("No, do not ask me again"))

    def _show_comparison(self) -> None:
        try:
            lines = check_in_lines(self.store, self.after)
        except StoreError as error:
            lines = [error.message]
        self.query_one("#check-in-text", Static).update(literal("\n".join(lines)))
        self.query_one("#check-in-question", Static).update(literal(""))
        self.query_one("#look", Button).label = literal(_("Go on"))
        self.query_one("#later", Button).display = False
        self.query_one("#dismiss", Button).display = False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "look" and not self.looked:
            self.looked = True
            self._show_comparison()
            self.query_one("#check-in-body").scroll_home(animate=False)
        elif event.button.id == "look":
            self.dismiss("look")
        elif event.button.id in ("later", "dismiss"):
            self.dismiss(event.button.id)
