"""Where to save a file: a folder and a file name, both shown and changeable.

The patient sees where the file will go before it is written (by default
their Documents folder, from platformdirs), may change the folder and the
name, and is asked before a file with that name is replaced. The screen
writes through the ``write`` it is given, so a problem (a folder that does
not exist, no permission) is said here and can be put right at once. It
returns the path written, or None.

Used by the card screen for the terminal; in a browser the card is handed
to the browser instead and this screen is not shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from platformdirs import user_documents_dir
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from prep_assistant.errors import UserError
from prep_assistant.i18n import N_, _
from prep_assistant.ui.common import literal
from prep_assistant.ui.screens.base import BaseModalScreen
from prep_assistant.ui.widgets.calm_button import calm_button


def default_folder() -> Path:
    """The patient's Documents folder, or their home folder when there is none."""
    documents = Path(user_documents_dir())
    return documents if documents.is_dir() else Path.home()


class SaveFileScreen(BaseModalScreen["Path | None"]):
    CSS_PATH = "save_file.tcss"

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="save.cancel", tooltip=N_("Do not save; back to the card")),
    ]

    def __init__(self, name: str, write: Callable[[Path], Path], folder: Path | None = None) -> None:
        super().__init__()
        self.file_name = name
        self.write = write
        self.folder = folder or default_folder()
        #: The path the patient agreed to replace (asked once per path).
        self.replace_ok: Path | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(id="save-box"):
            yield Static(literal(_("Where do you want to save your card?")), classes="save-heading")
            yield Static(literal(_("Folder")), classes="save-label")
            yield Input(str(self.folder), id="save-folder")
            yield Static(literal(_("File name")), classes="save-label")
            yield Input(self.file_name, id="save-name")
            yield Static(literal(""), id="save-message")
            with Horizontal(id="save-buttons"):
                yield calm_button(literal(_("Save")), id="save", variant="primary", compact=True)
                yield calm_button(literal(_("Replace it")), id="replace", compact=True)
                yield calm_button(literal(_("Cancel")), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#replace").display = False
        self.query_one("#save-message").display = False
        self.query_one("#save-name", Input).focus()

    def target(self) -> Path | None:
        """The chosen path; None (and the reason said) when it cannot be one."""
        folder_text = self.query_one("#save-folder", Input).value.strip()
        name = self.query_one("#save-name", Input).value.strip()
        folder = Path(folder_text).expanduser() if folder_text else self.folder
        if not name:
            self.say(_("Please type a file name."))
            return None
        if "/" in name or "\\" in name or name in (".", ".."):
            self.say(_("A file name cannot hold / or \\. Type the folder in the box above it."))
            return None
        if not folder.is_dir():
            self.say(_("This folder does not exist: {folder}").format(folder=folder))
            return None
        suffix = Path(self.file_name).suffix
        if suffix and not name.lower().endswith(suffix.lower()):
            name += suffix
        return folder / name

    def say(self, message: str) -> None:
        note = self.query_one("#save-message", Static)
        note.update(literal(message))
        note.display = True

    def on_input_changed(self, event: Input.Changed) -> None:
        # Another name or folder: no longer the question about replacing.
        self.query_one("#replace").display = False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.save()
        elif event.button.id == "replace":
            self.replace_ok = self.target()
            self.save()
        else:
            self.action_cancel()

    def save(self) -> None:
        path = self.target()
        if path is None:
            return
        if path.exists() and path != self.replace_ok:
            self.say(_("There is already a file called {name} in this folder. "
                       "Replace it, or type another name.").format(name=path.name))
            replace = self.query_one("#replace")
            replace.display = True
            replace.focus()
            return
        try:
            written = self.write(path)
        except (OSError, UserError) as error:
            reason = getattr(error, "message", None) or getattr(error, "strerror", None) or str(error)
            self.say(_("The card could not be saved: {reason}").format(reason=reason))
            return
        self.dismiss(written)

    def action_cancel(self) -> None:
        self.dismiss(None)
