"""The shipped flow and pack files: where they are, not what is in them.

Both the library (which runs them) and the compiled copies (which are made
from them) need the list, so it lives below both.
"""

from __future__ import annotations

from pathlib import Path

from prep_assistant.paths import dialogues_dir


def shipped_flow_files() -> list[Path]:
    return sorted(dialogues_dir().glob("*.toml"))


def shipped_pack_files() -> list[Path]:
    return sorted((dialogues_dir() / "packs").glob("*.toml"))
