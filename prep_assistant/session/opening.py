"""Opening the database file without trusting what is on disk.

The promises, and how they are kept:

- The data directory must be ours and closed to others: a folder another
  user owns, or one others may write to, is refused (someone could swap our
  files). Because nobody else can change what is inside it, a name checked
  here still means the same file when SQLite opens it a moment later.
- Links are not followed into the data directory: a database (or its -wal,
  -shm or -journal file) that is a symlink is refused, and our own files are
  opened with O_NOFOLLOW and checked (a regular file, ours) after opening.
- A file is judged before it is written: the header, the schema version and
  SQLite's quick check are read through a read-only connection (``mode=ro``),
  which can neither write the file nor checkpoint a -wal into it. A damaged
  or newer file is therefore left exactly as it was, -wal included.
- A store on a read-only file system can still be read (``read_only=True``).
"""

from __future__ import annotations

import errno
import os
import shlex
import sqlite3
import stat
from pathlib import Path
from urllib.parse import quote

from prep_assistant.session.errors import StoreError, _
from prep_assistant.session.failures import (
    damaged_message,
    link_message,
    newer_message,
    opening_failure,
    os_error,
    sqlite_kind,
)
from prep_assistant.session.private_files import FILE_MODE
from prep_assistant.session.schema import SCHEMA_VERSION, SQLITE_MAGIC, schema_version

#: The files SQLite keeps beside the database.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _my_uid() -> int | None:
    """Our user id; None where the system has none (Windows: no such checks)."""
    return os.geteuid() if hasattr(os, "geteuid") else None


# -- the folder ---------------------------------------------------------------------------


def check_data_dir(directory: Path) -> None:
    """Refuse a data directory another user owns or others may write to."""
    try:
        st = os.stat(directory)
    except OSError as exc:
        raise os_error(exc, directory) from None
    uid = _my_uid()
    if uid is None:
        return
    if st.st_uid != uid:
        raise StoreError(
            _("{path} belongs to another user, so prep-assistant does not keep your "
              "answers there. Set PREP_ASSISTANT_DATA_DIR to a folder of your own, "
              "or start with --guest.").format(path=directory)
        )
    if st.st_mode & 0o022:
        raise StoreError(
            _("Other people on this computer may change files in {path}, so "
              "prep-assistant does not keep your answers there. Close the folder "
              "to others with: chmod go-w {quoted}. Or set PREP_ASSISTANT_DATA_DIR "
              "to a folder of your own.").format(path=directory, quoted=shlex.quote(str(directory)))
        )


def refuse_links(path: Path) -> None:
    """Refuse a database, or one of its companion files, that is a link or not a file."""
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in COMPANION_SUFFIXES)):
        try:
            st = os.lstat(candidate)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise os_error(exc, candidate) from None
        if stat.S_ISLNK(st.st_mode):
            raise StoreError(
                link_message(candidate)
            )
        if not stat.S_ISREG(st.st_mode):
            raise StoreError(damaged_message(candidate))


# -- the file -----------------------------------------------------------------------------


def open_own_file(path: Path, flags: int, *, tighten: bool) -> int:
    """``os.open`` without following a link, then check it is a regular file of ours.

    With ``tighten``, a file looser than 0600 is narrowed through the open
    descriptor (no second look-up of the name). Raises OSError or StoreError.
    """
    try:
        fd = os.open(path, flags | _NOFOLLOW | _CLOEXEC, FILE_MODE)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreError(link_message(path)) from None
        raise
    try:
        st = os.fstat(fd)
        uid = _my_uid()
        if not stat.S_ISREG(st.st_mode):
            raise StoreError(damaged_message(path))
        if uid is not None and st.st_uid != uid:
            raise StoreError(
                _("{path} belongs to another user, so prep-assistant does not use it. "
                  "Set PREP_ASSISTANT_DATA_DIR to a folder of your own, or start with --guest.").format(path=path)
            )
        if tighten and st.st_mode & 0o777 & ~FILE_MODE and hasattr(os, "fchmod"):
            os.fchmod(fd, FILE_MODE)
    except BaseException:
        os.close(fd)
        raise
    return fd


def create_store_file(path: Path, directory: Path) -> None:
    """Create the database file 0600 (or narrow it) before SQLite sees it:
    SQLite gives its -wal and -shm files the database file's mode."""
    try:
        os.close(open_own_file(path, os.O_RDWR | os.O_CREAT, tighten=True))
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.close(open_own_file(companion, os.O_RDONLY, tighten=True))
    except OSError as exc:
        raise os_error(exc, directory) from None


def check_header(path: Path) -> bool:
    """Refuse a file that is not an SQLite database, before SQLite touches it.

    Returns whether the file has content (an empty file is a new database).
    """
    try:
        fd = open_own_file(path, os.O_RDONLY, tighten=False)
    except OSError as exc:
        raise os_error(exc, path) from None
    with os.fdopen(fd, "rb") as handle:
        head = handle.read(100)
    if head and (len(head) < 100 or not head.startswith(SQLITE_MAGIC)):
        raise StoreError(damaged_message(path))
    return bool(head)


# -- connections --------------------------------------------------------------------------


def connect_writable(path: Path, directory: Path, timeout_s: float) -> sqlite3.Connection:
    try:
        return sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=timeout_s)
    except sqlite3.Error as exc:
        raise opening_failure(exc, path, directory) from None


def connect_read_only(path: Path, directory: Path, timeout_s: float) -> sqlite3.Connection:
    """A connection that cannot write the file, nor checkpoint its -wal into it.

    On a read-only file system SQLite cannot make the -shm file a WAL
    database needs; when there is no -wal either, there is nothing newer than
    the file itself, and ``immutable`` reads it as it is.
    """
    uri = "file:" + quote(str(path)) + "?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=timeout_s)
        db.execute("PRAGMA schema_version").fetchone()  # SQLite opens lazily: open it now
    except sqlite3.Error as exc:
        wal = path.with_name(path.name + "-wal")
        has_wal = wal.exists() and wal.stat().st_size > 0
        if sqlite_kind(exc) != "readonly" or has_wal:
            raise opening_failure(exc, path, directory) from None
        try:
            db = sqlite3.connect(
                "file:" + quote(str(path)) + "?mode=ro&immutable=1",
                uri=True, isolation_level=None, check_same_thread=False,
            )
            db.execute("PRAGMA schema_version").fetchone()
        except sqlite3.Error as again:
            raise opening_failure(again, path, directory) from None
    # Belt and braces where Python offers it (3.12+): no checkpoint on close.
    no_checkpoint = getattr(sqlite3, "SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE", None)
    if no_checkpoint is not None:
        db.setconfig(no_checkpoint, True)
    return db


def judge(db: sqlite3.Connection, path: Path, *, has_content: bool) -> int:
    """Raise StoreError unless the file is whole and not newer; its schema version."""
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise StoreError(newer_message(path))
    if has_content:
        problems = db.execute("PRAGMA quick_check(1)").fetchone()
        if problems is None or problems[0] != "ok":
            raise StoreError(damaged_message(path))
    return version


def judge_read_only(path: Path, directory: Path, timeout_s: float, *, has_content: bool) -> None:
    """Judge the file through a read-only connection, then close it.

    When the file is refused, the -wal and -shm files that the read-only
    connection itself made (SQLite makes them to read a WAL database) are
    removed again, so a refused file is left exactly as it was found.
    """
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    existed = {companion: companion.exists() for companion in companions}
    db = connect_read_only(path, directory, timeout_s)
    try:
        judge(db, path, has_content=has_content)
    except sqlite3.Error as exc:
        db.close()
        _remove_made(existed)
        raise opening_failure(exc, path, directory) from None
    except BaseException:
        db.close()
        _remove_made(existed)
        raise
    db.close()


def _remove_made(existed: dict[Path, bool]) -> None:
    for companion, was_there in existed.items():
        if was_there:
            continue
        try:
            if companion.name.endswith("-wal") and companion.stat().st_size:
                continue  # it holds something: not ours to remove
            companion.unlink()
        except OSError:
            pass
