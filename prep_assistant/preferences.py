"""Choices a patient makes once and expects kept: for now, the colour theme.

A small JSON file beside the sessions in the data directory, private
(0600) like them. Guest mode has no data directory, so it reads and writes
nothing. A missing or damaged file means "no preferences": it never stops
the app, and the next save replaces it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from prep_assistant.session.private_files import PrivateFileError, write_private

FILE_NAME = "preferences.json"


def load(data_dir: Path | None) -> dict[str, Any]:
    if data_dir is None:
        return {}
    try:
        data = json.loads((Path(data_dir) / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


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
