"""Where the saved sessions live: the data directory and the database file."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "PREP_ASSISTANT_DATA_DIR"
DB_NAME = "sessions.sqlite3"


def resolve_data_dir(data_dir: Path | str | None = None) -> Path:
    """The argument, else ``PREP_ASSISTANT_DATA_DIR``, else the platform's."""
    if data_dir is not None:
        return Path(data_dir).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir("prep-assistant", appauthor=False))


def database_path(data_dir: Path | str | None = None) -> Path:
    return resolve_data_dir(data_dir) / DB_NAME
