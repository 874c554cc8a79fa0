"""Low-level failures (OSError, sqlite3.Error) turned into messages a patient
can act on: what happened, where, and the way out. No SQL, no traceback."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import Literal

from prep_assistant.session.errors import StoreError, _

SqliteKind = Literal["full", "busy", "readonly", "damaged", "io", "other"]


def way_out() -> str:
    return _(
        "To go on without saving, start with --guest; to use another place, "
        "set PREP_ASSISTANT_DATA_DIR to another folder."
    )


def os_error(exc: OSError, path: Path) -> StoreError:
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", -1):
        reason = _("The disk is full, so prep-assistant cannot save in {path}.")
    elif isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        reason = _("prep-assistant may not write in {path} (the folder or file is read-only).")
    elif isinstance(exc, (NotADirectoryError, FileExistsError)):
        reason = _("{path} cannot be used as a folder for saved sessions (a file is in the way).")
    else:
        reason = _("prep-assistant cannot use {path}: {error}.")
    message = reason.format(path=path, error=exc.strerror or exc)
    return StoreError(f"{message} {way_out()}")


def sqlite_kind(exc: sqlite3.Error) -> SqliteKind:
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return "full"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text or "busy" in text:
        return "busy"
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")) or (
        "readonly" in text or "unable to open" in text
    ):
        return "readonly"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or (
        "malformed" in text or "not a database" in text
    ):
        return "damaged"
    if name.startswith("SQLITE_IOERR") or "disk i/o" in text:
        return "io"
    return "other"


def sqlite_message(exc: sqlite3.Error, where: Path) -> str:
    kind = sqlite_kind(exc)
    if kind == "readonly":
        reason = _("prep-assistant may not write in {path} (the folder or file is read-only).")
    elif kind == "full":
        reason = _("The disk is full, so prep-assistant cannot save in {path}.")
    elif kind == "io":
        reason = _("The disk could not be read or written in {path}.")
    else:
        reason = _("The saved sessions in {path} cannot be used ({error}).")
    return f"{reason.format(path=where, error=exc)} {way_out()}"


def read_only_message(where: Path) -> str:
    """Why nothing can be saved in a store that can only be read."""
    reason = _("prep-assistant may not write in {path} (the folder or file is read-only).")
    return f"{reason.format(path=where)} {way_out()}"


def link_message(path: Path) -> str:
    """Why a link in the data folder is refused, and the fix."""
    return (
        _("{path} is a link to another file. prep-assistant does not follow links "
          "in its data folder. Put the file itself there, or remove the link.").format(path=path)
        + " " + way_out()
    )


def no_store_message(where: Path) -> str:
    return _("There are no saved sessions in {path}.").format(path=where)


def damaged_message(path: Path) -> str:
    return _(
        "The file with your saved sessions is damaged and cannot be read: {path}. "
        "prep-assistant has not changed it. Move it to another folder (your "
        "answers may still be rescued from it), then start again: a new, empty "
        "file will be made. Or start with --guest to go on without saving."
    ).format(path=path)


def newer_message(path: Path) -> str:
    return _(
        "The file with your saved sessions ({path}) was made by a newer version "
        "of prep-assistant; update the app, or use --guest or another data dir "
        "(PREP_ASSISTANT_DATA_DIR). prep-assistant has not changed the file."
    ).format(path=path)


def opening_failure(exc: sqlite3.Error, path: Path, directory: Path) -> StoreError:
    """The message for a failure while the database file was being opened."""
    if sqlite_kind(exc) == "damaged":
        return StoreError(damaged_message(path))
    return StoreError(sqlite_message(exc, directory))


def translate(exc: sqlite3.Error, *, path: Path | None, data_dir: Path | None) -> StoreError:
    """The message for a failure while the store was open."""
    kind = sqlite_kind(exc)
    where = data_dir or Path(":memory:")
    if kind == "damaged" and path is not None:
        return StoreError(damaged_message(path))
    if kind == "full":
        return StoreError(
            _("The disk is full: prep-assistant could not save in {path}. "
              "Make room on the disk and try again; what was saved before is safe.").format(path=where)
        )
    if kind == "busy":
        return StoreError(
            _("Another prep-assistant is busy with the saved sessions. "
              "Wait a moment and try again, or close the other window.")
        )
    return StoreError(sqlite_message(exc, where))
