"""Choices a patient makes once and expects kept: for now, the colour theme.

A small JSON file beside the sessions in the data directory, private
(0600) like them. Guest mode has no data directory, so it reads and writes
nothing. A missing or damaged file means "no preferences": it never stops
the app, and the next save replaces it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from prep_assistant import guarded_read

FILE_NAME = "preferences.json"

#: The file holds a theme name; anything near this size is not ours.
MAX_BYTES = 64 * 1024


def load(data_dir: Path | None) -> dict[str, Any]:
    if data_dir is None:
        return {}
    try:
        # The guarded reader: a pipe or device planted there cannot hang or
        # fill memory, and deep nesting cannot crash the parser.
        raw = guarded_read.read_bytes(Path(data_dir) / FILE_NAME, limit=MAX_BYTES)
        data = guarded_read.loads_json(raw.decode("utf-8"))
    except (OSError, ValueError):  # UnreadableFile, TooDeep, BadJson, UnicodeDecodeError
        return {}
    return data if isinstance(data, dict) else {}


def save(data_dir: Path | None, **changes: Any) -> bool:
    """Merge ``changes`` into the file; False (and nothing lost) if it cannot be written."""
    if data_dir is None:
        return False
    target = Path(data_dir) / FILE_NAME
    data = load(data_dir) | changes
    partial = target.with_name(target.name + ".tmp")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(partial, target)  # whole or not at all
    except OSError:
        partial.unlink(missing_ok=True)
        return False
    return True
