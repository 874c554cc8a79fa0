"""One app per session: an advisory lock file per claimed session.

Two prep-assistant windows on the same data directory are fine (SQLite keeps
the database whole), but two windows answering the *same* session would
interleave answers and confuse the patient. A window claims the session it
shows; a second claim fails until the first window closes (or dies: the
operating system releases the lock with the process, so a crash never leaves
a session stuck).

POSIX uses ``fcntl.flock``, Windows ``msvcrt.locking``; where neither exists,
claims always succeed (the database stays safe either way).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from prep_assistant.session.errors import StoreError
from prep_assistant.session.failures import link_message, os_error
from prep_assistant.session.opening import open_own_file
from prep_assistant.session.private_files import DIR_MODE, PrivateFileError, make_private_dir
from prep_assistant.session.records import is_valid_session_id

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
    try:
        import msvcrt
    except ImportError:
        msvcrt = None  # type: ignore[assignment]
else:
    msvcrt = None  # type: ignore[assignment]

#: The folder of lock files, inside the data directory.
LOCKS_DIR = "locks"


class Claim:
    """A held lock on one file; ``release()`` (or process exit) frees it."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if msvcrt is not None:  # pragma: no cover - Windows
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(fd)  # closing the descriptor releases a flock


def try_lock(path: Path) -> Claim | None:
    """Lock ``path`` (created 0600) without waiting; None if someone holds it.

    The file is opened without following a link, must be a regular file of
    ours, and is narrowed to 0600 if it is looser. OSError (no permission,
    disk full, a link: ELOOP) and StoreError propagate to the caller.
    """
    fd = open_own_file(path, os.O_RDWR | os.O_CREAT, tighten=True)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        elif msvcrt is not None:  # pragma: no cover - Windows
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except (BlockingIOError, PermissionError):
        os.close(fd)
        return None
    except OSError as exc:  # pragma: no cover - e.g. EDEADLK on Windows
        os.close(fd)
        if getattr(exc, "errno", None) in (11, 13, 35, 36):
            return None
        raise
    except BaseException:
        os.close(fd)
        raise
    return Claim(fd)


# -- lock files of sessions in a data directory ----------------------------------------


def lock_path(data_dir: Path, session_id: str) -> Path:
    return data_dir / LOCKS_DIR / f"{session_id}.lock"


def claim_session(data_dir: Path, session_id: str) -> Claim | None:
    """Lock the session's file; None if another prep-assistant holds it.

    Raises StoreError when the lock folder or file cannot be made.
    """
    locks = data_dir / LOCKS_DIR
    try:
        make_private_dir(locks)
        _check_locks_dir(locks)
        return try_lock(lock_path(data_dir, session_id))
    except PrivateFileError as exc:
        raise os_error(exc.error or OSError(exc.reason), locks) from None
    except OSError as exc:
        raise os_error(exc, locks) from None


def _check_locks_dir(locks: Path) -> None:
    """Our lock folder: not a link, and 0700 (narrowed if it is looser)."""
    st = os.lstat(locks)
    if stat.S_ISLNK(st.st_mode):
        raise StoreError(
            link_message(locks)
        )
    if st.st_mode & 0o777 & ~DIR_MODE:
        os.chmod(locks, DIR_MODE)


def remove_lock_file(data_dir: Path, session_id: str) -> None:
    """Tidy up after a deleted session; a lock file left behind does no harm."""
    if not is_valid_session_id(session_id):
        return
    try:
        lock_path(data_dir, session_id).unlink()
    except OSError:
        pass
