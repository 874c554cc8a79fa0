"""The conversation card: a preview, then save (PDF, HTML, Markdown) or print.

``prep_assistant.summary`` (the PDF renderer behind it) is imported here, when the card
is shown, never at start-up. In a browser (textual-serve) the file is handed
to the browser as a download instead of written next to the app.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Static

from prep_assistant.card_formats import card_format
from prep_assistant.i18n import N_, _
from prep_assistant.ui.common import literal
from prep_assistant.ui.screens.base import BaseScreen
from prep_assistant.ui.screens.save_file import SaveFileScreen
from prep_assistant.ui.widgets.calm_button import calm_button
from prep_assistant.ui.widgets.tick_box import TickBox

if TYPE_CHECKING:  # pragma: no cover
    from prep_assistant.conversation import Conversation

log = logging.getLogger(__name__)

#: The formats (names in ``card_formats.CARD_FORMATS``) offered as save buttons, in order.
SAVE_FORMATS = ("pdf", "html", "md")


class CardScreen(BaseScreen[str]):
    CSS_PATH = "card.tcss"

    BINDINGS = [
        Binding("escape,ctrl+b", "back", N_("Close"), id="card.back",
                tooltip=N_("Close the card and go back to where you were")),
    ]

    def __init__(self, conversation: "Conversation") -> None:
        super().__init__()
        self.conversation = conversation
        self.card: Any = None
        self.summary: Any = None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="card-preview"):
            yield Static(literal(""), id="card-text")
        with Horizontal(classes="card-buttons"):
            for index, name in enumerate(SAVE_FORMATS):
                yield calm_button(literal(""), id=name, variant="primary" if index == 0 else "default", compact=True)
            yield calm_button(literal(""), id="print", compact=True)
        with Horizontal(classes="card-buttons"):
            yield TickBox(literal(""), id="large", compact=True)
            yield calm_button(literal(""), id="back", compact=True)
            yield calm_button(literal(""), id="quit", compact=True)

    def on_mount(self) -> None:
        self.retranslate_texts()
        self.query_one("#card-preview").focus()

    def retranslate_texts(self) -> None:
        self.title = _("My conversation card")
        self.sub_title = self.status_line()
        labels = {name: _(card_format(name).label) for name in SAVE_FORMATS}
        labels |= {
            "print": _("Print"),
            "back": _("Back to the questions"),
            "quit": _("Stop"),
        }
        for button_id, label in labels.items():
            self.query_one(f"#{button_id}", Button).label = literal(label)
        self.query_one("#large", Checkbox).label = literal(_("Large letters"))
        self.build()

    def build(self) -> None:
        """Build the card again from the run (the language may have changed)."""
        text_widget = self.query_one("#card-text", Static)
        try:
            from prep_assistant import summary  # on use: the card loads when first shown, after the first frame

            self.summary = summary
            self.card = self.conversation.card()
            preview = summary.render_text(self.card)
        except (ImportError, AttributeError):
            self.card = None
            preview = _("The card cannot be made in this version of prep-assistant. Your answers are saved.")
        except Exception:  # a card bug must never cost the patient their session
            log.exception("building the card failed")
            self.card = None
            preview = _("Something went wrong while making your card. Your answers are saved.")
        text_widget.update(literal(preview))
        for button_id in (*SAVE_FORMATS, "print"):
            self.query_one(f"#{button_id}", Button).disabled = self.card is None

    @property
    def large_print(self) -> bool:
        return self.query_one("#large", Checkbox).value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id
        if button_id in SAVE_FORMATS:
            self.save(button_id)
        elif button_id == "print":
            self.print_card()
        elif button_id == "back":
            self.action_back()
        elif button_id == "quit":
            self.dismiss("quit")

    def action_back(self) -> None:
        # Only closes: the patient goes on where they were (app.action_card).
        self.dismiss("back")

    def save(self, fmt: str) -> None:
        if self.card is None:
            return
        if self.app.is_web:
            try:
                self._deliver(fmt)
            except Exception as error:  # pragma: no cover - a renderer bug
                log.exception("saving the card failed")
                self.notify(_("The card could not be saved: {reason}").format(reason=error),
                            markup=False, severity="error", timeout=12)
            return
        self.choose_where_to_save(fmt)

    def choose_where_to_save(self, fmt: str) -> None:
        """The patient chooses the folder and the name (save_file.py); nothing is replaced unasked."""
        large_print = self.large_print

        def write(path: Path) -> Path:
            return self.summary.save_card(self.card, fmt, path, large_print=large_print)

        def saved(path: Path | None) -> None:
            if path is not None:
                self.notify(_("Your card is saved as {path}").format(path=path), markup=False, timeout=20)

        self.app.push_screen(SaveFileScreen(self.summary.default_filename(self.card, fmt), write), saved)

    def _deliver(self, fmt: str) -> None:
        found = card_format(fmt)
        data = self.summary.render(self.card, fmt, large_print=self.large_print)
        name = f"card.{found.extension}"
        if found.binary:
            self.app.deliver_binary(io.BytesIO(data), save_filename=name, mime_type=found.mime_type)
        else:
            # A web page opens in the browser; other text is downloaded.
            opens = "browser" if found.mime_type == "text/html" else "download"
            self.app.deliver_text(io.StringIO(data.decode("utf-8")), save_filename=name,
                                  mime_type=found.mime_type, open_method=opens)
        self.notify(_("Your card is on its way to your browser."), markup=False)

    def print_card(self) -> None:
        if self.card is None:
            return
        # -- served in a browser: the browser prints, never the laptop's printer.
        if self.app.is_web:
            pdf = card_format("pdf")
            data = self.summary.render(self.card, pdf.name, large_print=self.large_print)
            self.app.deliver_binary(io.BytesIO(data), save_filename=f"card.{pdf.extension}",
                                    mime_type=pdf.mime_type, open_method="browser")
            self.notify(_("Your card opens in your browser. Print it from there."), markup=False)
            return
        # -- in a terminal
        try:
            ok, message = self.summary.print_card(self.card, large_print=self.large_print)
        except Exception as error:  # pragma: no cover - a printer bug
            log.exception("printing the card failed")
            ok, message = False, str(error)
        self.notify(message, markup=False, severity="information" if ok else "warning", timeout=12)
