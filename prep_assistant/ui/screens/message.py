"""A plain message with a way out: a session in use, a damaged store, the end of a flow."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Static

from prep_assistant.i18n import _
from prep_assistant.ui.common import calm_button, plain, retranslate_bindings
from prep_assistant.ui.widgets.key_bar import KeyBar


class MessageScreen(Screen[str]):
    CSS_PATH = "message.tcss"

    def __init__(self, message: str, *, offer_new: bool = True, offer_back: bool = False,
                 title: str | None = None) -> None:
        super().__init__()
        self.message = message
        self.offer_new = offer_new
        self.offer_back = offer_back
        self.heading = title

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with VerticalScroll(id="message-body"):
            yield Static(plain(self.message), id="message-text")
            with Horizontal(id="message-buttons"):
                if self.offer_back:
                    yield calm_button(plain(_("Back")), id="back")
                if self.offer_new:
                    yield calm_button(plain(_("Start a new session")), id="new", variant="primary")
                yield calm_button(plain(_("Stop")), id="quit", variant="primary" if not self.offer_new else "default")
        yield KeyBar()

    def on_mount(self) -> None:
        retranslate_bindings(self)
        self.title = self.heading or _("Message")
        self.sub_title = self.app.status_line()
        self.query_one("#message-buttons CalmButton").focus()

    def on_screen_resume(self) -> None:
        self.app.check_size(self)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)
