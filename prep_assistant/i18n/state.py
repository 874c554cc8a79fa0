"""The process-wide state of the translations: the active language, where
the catalogs live, and the problems recorded so far.

The interface reads the language at display time, so changing it here (via
``runtime.set_language``) and re-rendering switches the whole app. Nothing
here reads a catalog; ``loading`` and ``runtime`` keep their caches and clear
them when this state changes.
"""

from __future__ import annotations

import threading
from pathlib import Path

from prep_assistant.i18n.languages import DEFAULT_LANGUAGE
from prep_assistant.paths import locales_dir as shipped_locales_dir

lock = threading.RLock()
_language = [DEFAULT_LANGUAGE]
_locales_dir: list[Path | None] = [None]  # None: the shipped catalogs
_warnings: list[str] = []


def current_language() -> str:
    return _language[0]


def activate(code: str) -> None:
    """Make ``code`` the active language, as it is (``set_language`` checks it)."""
    with lock:
        _language[0] = code


def locales_dir() -> Path:
    """Where the catalogs are read from: the shipped ones unless tests say otherwise."""
    configured = _locales_dir[0]
    return configured if configured is not None else shipped_locales_dir()


def point_at(path: Path | str | None) -> None:
    """Read catalogs from ``path`` from now on (None: the shipped ones)."""
    with lock:
        _locales_dir[0] = Path(path) if path is not None else None


# -- problems --------------------------------------------------------------


def warn(message: str) -> None:
    """Record a problem with a language or catalog, once, for the app to show."""
    # logging costs about 4 ms to import (-X importtime); only a problem needs it.
    import logging

    logging.getLogger("prep_assistant.i18n").warning("%s", message)
    with lock:
        if message not in _warnings:
            _warnings.append(message)


def translation_warnings() -> list[str]:
    """Warnings about languages and catalogs since start-up (or the last clear)."""
    with lock:
        return list(_warnings)


def clear_translation_warnings() -> None:
    with lock:
        _warnings.clear()
