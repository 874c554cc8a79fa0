"""Choices a patient makes once and expects kept: for now, the colour theme.

A small JSON file beside the sessions in the data directory, private
(0600) like them, read without following a link and written with the one
private write. Guest mode has no data directory, so it reads and writes
nothing. A missing or damaged file means "no preferences": it never stops
the app, and the next save replaces it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from prep_assistant import guarded_read
from prep_assistant.errors import UserError
from prep_assistant.session.opening import open_own_file
from prep_assistant.session.private_files import PrivateFileError, write_private

FILE_NAME = "preferences.json"

#: Preferences are a few short choices; anything bigger is not ours.
MAX_BYTES = 64 * 1024


def load(data_dir: Path | None) -> dict[str, Any]:
    if data_dir is None:
        return {}
    path = Path(data_dir) / FILE_NAME
    try:
        fd = _open_own(path)  # O_NONBLOCK below: a pipe planted there cannot hang the app
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return {}
        # Strict and bounded: deep nesting cannot crash the parser.
        data = guarded_read.loads_json(raw.decode("utf-8"))
    except (OSError, ValueError, UserError):
        return {}
    return data if isinstance(data, dict) else {}


def _open_own(path: Path) -> int:
    """Open without following a link, and narrow a loose file to 0600 (if we may)."""
    try:
        return open_own_file(path, os.O_RDONLY | os.O_NONBLOCK, tighten=True)
    except PermissionError:
        return open_own_file(path, os.O_RDONLY | os.O_NONBLOCK, tighten=False)  # a read-only file system


def save(data_dir: Path | None, **changes: Any) -> bool:
    """Merge ``changes`` into the file; False (and nothing lost) if it cannot be written."""
    if data_dir is None:
        return False
    data = load(data_dir) | changes
    try:
        write_private(Path(data_dir) / FILE_NAME, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except PrivateFileError:
        return False
    return True
