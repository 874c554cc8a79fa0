"""``prep-assistant pack new`` and ``pack edit`` in the app: the pack form as an app of its own.

A small app rather than a screen of the patient's app: a clinician making a
pack has no session, no flow and no store. It has the patient app's themes
(the clinician's last choice is not looked up: there is no data folder
here) and its screens' base (header, key bar, too-small notice).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from textual.app import App

from prep_assistant.dialogue import schema
from prep_assistant.i18n import _
from prep_assistant.ui.screens.base import fit_to_size
from prep_assistant.ui.screens.pack_form import PackFormScreen
from prep_assistant.ui.themes import CALM, register


class PackFormApp(App[bool]):
    """Returns True when the pack was written, False (or None) when not."""

    #: Textual's palette offers developer commands (its twenty themes): nothing for a clinician.
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        target: Path,
        pack_id: str,
        start: schema.PackFile | None,
        original: str | None,
        save: Callable[[str], None],
    ) -> None:
        super().__init__()
        register(self)
        self.theme = CALM
        self.form = PackFormScreen(target, pack_id, start, original, save)

    def on_mount(self) -> None:
        self.title = _("Decision pack")
        self.push_screen(self.form)

    def on_resize(self) -> None:
        fit_to_size(self.screen, self.size)


def run_pack_form(
    target: Path,
    pack_id: str,
    start: schema.PackFile | None,
    original: str | None,
    save: Callable[[str], None],
) -> bool:
    """Show the form until the pack is written (True) or the clinician stops (False)."""
    return PackFormApp(target, pack_id, start, original, save).run() is True
