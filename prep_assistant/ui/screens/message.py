"""A plain message with a way out: a session in use, a damaged store, the end of a flow."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from prep_assistant.i18n import _
from prep_assistant.ui.common import literal
from prep_assistant.ui.screens.base import BaseScreen
from prep_assistant.ui.widgets.calm_button import calm_button


class MessageScreen(BaseScreen[str]):
    CSS_PATH = "message.tcss"

    def __init__(self, message: str, *, offer_new: bool = True, offer_back: bool = False,
                 title: str | None = None) -> None:
        super().__init__()
        self.message = message
        self.offer_new = offer_new
        self.offer_back = offer_back
        self.heading = title

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="message-body"):
            yield Static(literal(self.message), id="message-text")
            with Horizontal(id="message-buttons"):
                if self.offer_back:
                    yield calm_button(literal(_("Back")), id="back")
                if self.offer_new:
                    yield calm_button(literal(_("Start a new session")), id="new", variant="primary")
                yield calm_button(literal(_("Stop")), id="quit", variant="primary" if not self.offer_new else "default")

    def on_mount(self) -> None:
        self.title = self.heading or _("Message")
        self.sub_title = self.status_line()
        self.query_one("#message-buttons CalmButton").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)
