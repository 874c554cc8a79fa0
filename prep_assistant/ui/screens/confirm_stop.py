"""Stopping in guest mode: the answers will be gone, so ask first.

Offers to save the card first (in a browser it downloads to the
participant's own device), to go on, or to stop. Ctrl+Q here stops.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from prep_assistant.i18n import _
from prep_assistant.ui.common import literal
from prep_assistant.ui.screens.message import MessageScreen
from prep_assistant.ui.widgets.calm_button import calm_button


class ConfirmStopScreen(MessageScreen):
    """Dismissed with "card", "back" or "quit"."""

    def __init__(self) -> None:
        super().__init__(
            _("In guest mode nothing is kept. When you stop, your answers are gone. "
              "Do you want to save your card first?"),
            offer_new=False,
            title=_("Stop?"),
        )

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="message-body"):
            yield Static(literal(self.message), id="message-text")
            with Horizontal(id="message-buttons"):
                yield calm_button(literal(_("Save my card first")), id="card", variant="primary")
                yield calm_button(literal(_("Go on")), id="back")
                yield calm_button(literal(_("Stop without saving")), id="quit")
