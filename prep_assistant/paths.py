"""Where the shipped data lives, installed or in a checkout.

A wheel carries ``dialogues/`` and ``locales/`` inside the package as
``prep_assistant/_data/``; a checkout (or an editable install) has them at the
top of the repository. Both are looked for, the packaged copy first.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name


def dialogues_dir() -> Path:
    """The shipped flows and example decision packs."""
    return _data_dir("dialogues")


def locales_dir() -> Path:
    """The shipped gettext catalogs."""
    return _data_dir("locales")
