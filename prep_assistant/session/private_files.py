"""Files and folders only their owner may read: everything we write holds
what a patient typed.

``write_private`` is THE one way prep-assistant writes a whole file (the card,
an export, the preferences): a temporary file in the same folder, synced to
disk, given mode 0600, then renamed over the target. A reader sees the old
file or the new one, never half of one; a failed write leaves the old file as
it was and no temporary file behind.

``make_private_dir`` makes the folders we own (0700).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import Literal

from prep_assistant.errors import UserError
from prep_assistant.session.errors import _

FILE_MODE = 0o600
DIR_MODE = 0o700

#: Why a write failed: the target is a folder, a link, a special file (a
#: device, a pipe, a socket), or the operating system said no.
FailureKind = Literal["folder", "link", "special", "os"]


class PrivateFileError(UserError):
    """A private file or folder cannot be written.

    ``path`` is the target, ``kind`` says what kind of failure it is and
    ``reason`` is the operating system's words for it, so that a caller can
    phrase its own message (the card, an export, the store).
    """

    def __init__(self, message: str, path: Path, kind: FailureKind, reason: str, error: OSError | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.kind = kind
        self.reason = reason
        self.error = error


def write_private(path: Path | str, data: bytes, *, temp_prefix: str | None = None) -> Path:
    """Write ``data`` to ``path`` atomically, readable by the owner only (0600).

    Raises PrivateFileError. ``temp_prefix`` names the temporary file (it
    starts with a dot, so it stays out of a plain ``ls``).
    """
    target = Path(path)
    _refuse_what_is_not_a_file(target)
    folder = target.parent
    try:
        fd, temp = tempfile.mkstemp(prefix=temp_prefix or f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _failure(target, exc) from None
    try:
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            # mkstemp makes the file 0600 already; say it in the one place
            # that promises it, whatever mkstemp does on other systems.
            os.chmod(temp, FILE_MODE)
            os.replace(temp, target)
        except BaseException:
            _remove_quietly(temp)
            raise
    except OSError as exc:
        raise _failure(target, exc) from None
    _sync_folder(folder)
    return target


def make_private_dir(directory: Path) -> None:
    """Create the folder (0700) with its parents; leave an existing one's mode.

    A folder someone chose (PREP_ASSISTANT_DATA_DIR) may hold other things, so
    only folders made here are restricted. Raises PrivateFileError.
    """
    try:
        if directory.is_dir():
            return
        missing = []
        parent = directory
        while not parent.exists():
            missing.append(parent)
            if parent.parent == parent:
                break
            parent = parent.parent
        for folder in reversed(missing):
            try:
                folder.mkdir(mode=DIR_MODE)
            except FileExistsError:
                if not folder.is_dir():
                    raise
            # mkdir's mode is filtered by the umask; make sure.
            os.chmod(folder, DIR_MODE)
        if not directory.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(directory))
    except OSError as exc:
        raise _failure(directory, exc) from None


# -- helpers ----------------------------------------------------------------------------


def _refuse_what_is_not_a_file(target: Path) -> None:
    """A folder, a link or a special file is never replaced by a regular file.

    A link is not written through either (it may lead anywhere, and
    /dev/stdout is one): the person is asked for the file's own name.
    """
    try:
        st = os.lstat(target)
    except OSError:
        return  # missing (or unreadable): the write itself will say
    if stat.S_ISDIR(st.st_mode):
        reason = os.strerror(errno.EISDIR)
        raise PrivateFileError(
            _("{path} is a folder. Give a file name inside it.").format(path=target), target, "folder", reason
        )
    if stat.S_ISLNK(st.st_mode):
        kind: FailureKind = "link"
        reason = _("it is a link to another file")
    elif not stat.S_ISREG(st.st_mode):
        kind = "special"
        reason = _("it is a device, a pipe or a socket, not a file")
    else:
        return
    raise PrivateFileError(
        _("{path} cannot be written: {reason}.").format(path=target, reason=reason), target, kind, reason
    )


def _failure(target: Path, exc: OSError) -> PrivateFileError:
    reason = exc.strerror or type(exc).__name__
    message = _("{path} cannot be written: {reason}.").format(path=target, reason=reason)
    return PrivateFileError(message, target, "os", reason, exc)


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut (POSIX; best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the data itself is synced
    finally:
        os.close(fd)
