"""Load a flow or pack: parse it (``parsing``) and check it (``validate``).

The app and ``check`` use this one loader, so what ``check`` accepts is what
the app runs. Nothing here raises on bad input: every problem becomes a
``Diagnostic`` on the returned ``Loaded``, whose model is None when the file
cannot be used.
"""

from __future__ import annotations

from pathlib import Path

from prep_assistant.dialogue import schema
from prep_assistant.dialogue.diagnostics import display_path
from prep_assistant.dialogue.parsing import Loaded, read_file
from prep_assistant.dialogue.validate import validate_flow, validate_pack

__all__ = ["Loaded", "display_path", "load_flow", "load_pack", "read_file"]


def load_flow(path: str | Path, *, examples: bool = True) -> Loaded:
    """Read a flow and check it; ``examples=False`` skips replaying its
    example transcripts (check and the tests replay them; the app need not)."""
    loaded = read_file(path, expect="flow")
    if isinstance(loaded.model, schema.FlowFile):
        validate_flow(loaded, examples=examples)
    return loaded


def load_pack(path: str | Path) -> Loaded:
    loaded = read_file(path, expect="pack")
    if isinstance(loaded.model, schema.PackFile):
        validate_pack(loaded)
    return loaded
