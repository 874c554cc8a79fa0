"""A short text with a few choices: handing the computer to a companion and back.

The texts may hold the patient's and the companion's own words (names,
answers), so they are shown literally, never as markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from prep_assistant.ui.common import literal
from prep_assistant.ui.screens.base import BaseScreen
from prep_assistant.ui.widgets.calm_button import calm_button


class HandOverScreen(BaseScreen[str]):
    """``choices`` are (id, label); the first is the default. Dismissed with the id chosen."""

    CSS_PATH = "message.tcss"

    def __init__(self, message: str, *, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.message = message
        self.heading = title
        self.choices = choices

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="message-body"):
            yield Static(literal(self.message), id="message-text")
            with Horizontal(id="message-buttons"):
                for number, (choice_id, label) in enumerate(self.choices):
                    yield calm_button(literal(label), id=choice_id, variant="primary" if number == 0 else "default")

    def on_mount(self) -> None:
        self.title = self.heading
        self.sub_title = self.status_line()
        self.query_one("#message-buttons CalmButton").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)
