"""An imported flow written as TOML, only once it passes ``check``.

``tomli_w`` writes the TOML: every text from outside (quotes, backslashes,
newlines, control characters, ``]]``) is quoted by a writer that knows the
format, not by hand. The text is loaded back with the app's own loader
before a byte reaches the target, and the target is written atomically
(``write_private``): there is never a half-written flow.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import tomli_w

from prep_assistant.dialogue.loader import load_flow
from prep_assistant.fhir.import_diagnostics import ImportDiagnostic
from prep_assistant.session.private_files import PrivateFileError, write_private

HEADER = "# Made by prep-assistant import fhir-questionnaire from {source}.\n# Check it with: prep-assistant check {target}\n\n"


def flow_toml(data: dict[str, Any], source: str, target: str) -> str:
    header = HEADER.format(source=_comment(source), target=_comment(target))
    return header + tomli_w.dumps(data)


def checked_problems(text: str, display: str) -> list[ImportDiagnostic]:
    """What ``check`` says about ``text`` (errors only), as import diagnostics."""
    with tempfile.TemporaryDirectory(prefix="prep-assistant-import-") as folder:
        path = Path(folder) / "imported.toml"
        path.write_text(text, encoding="utf-8")
        loaded = load_flow(path, examples=False)
        return [
            ImportDiagnostic(display, 1, 1, "FH301", f"line {d.line}, column {d.column}: {d.code} {d.message}" + (f" ({d.hint})" if d.hint else ""))
            for d in loaded.diagnostics
            if d.is_error
        ]


def write_flow(text: str, target: Path, display: str) -> list[ImportDiagnostic]:
    """Write ``text`` to ``target`` atomically; the problems, if it could not be."""
    try:
        write_private(target, text.encode("utf-8"), temp_prefix=".prep-assistant-import.")
    except PrivateFileError as error:
        return [ImportDiagnostic(display, 1, 1, "FH302", f"{target} cannot be written: {error.message}")]
    return []


def _comment(text: str) -> str:
    """A file name fit for a TOML comment: one line, no control characters."""
    return "".join(char if char.isprintable() else "?" for char in text)
