"""The one atomic private write, and private folders."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prep_assistant import preferences
from prep_assistant.errors import UserError
from prep_assistant.session import private_files
from prep_assistant.session.private_files import PrivateFileError, make_private_dir, write_private

POSIX = os.name == "posix"
pytestmark = pytest.mark.skipif(not POSIX, reason="POSIX file modes")

# File names a person may give with -o: anything but a path separator or NUL.
file_names = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=60
).filter(lambda name: name not in {".", ".."} and len(os.fsencode(name)) < 200)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def loose_umask():
    old = os.umask(0o022)  # what most people have: new files would be 0644
    yield
    os.umask(old)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=file_names, data=st.binary(max_size=5000))
def test_a_new_file_is_private_and_whole(tmp_path: Path, name: str, data: bytes) -> None:
    folder = tmp_path / "new"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    target = folder / name
    assert write_private(target, data) == target
    assert target.read_bytes() == data
    assert _mode(target) == 0o600
    assert [p.name for p in folder.iterdir()] == [name]  # no temporary file left


def test_an_existing_loose_file_becomes_private(tmp_path: Path) -> None:
    target = tmp_path / "card.md"
    target.write_text("old")
    os.chmod(target, 0o666)
    write_private(target, b"new")
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o600


@pytest.mark.parametrize("failing", ["fsync", "replace", "write"])
def test_a_failing_write_keeps_the_old_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    target = tmp_path / "preferences.json"
    target.write_bytes(b"the old content")
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fail(*args, **kwargs):
        raise full

    if failing == "write":
        real_fdopen = os.fdopen

        class Broken:
            def __init__(self, handle):
                self.handle = handle

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def write(self, data):
                raise full

        monkeypatch.setattr(private_files.os, "fdopen", lambda fd, mode: Broken(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(private_files.os, failing, fail)
    with pytest.raises(PrivateFileError) as caught:
        write_private(target, b"the new content")
    monkeypatch.undo()
    assert isinstance(caught.value, UserError)
    assert caught.value.kind == "os" and caught.value.error is full
    assert str(target) in caught.value.message and os.strerror(errno.ENOSPC) in caught.value.message
    assert target.read_bytes() == b"the old content"
    assert [p.name for p in tmp_path.iterdir()] == ["preferences.json"]  # no temporary file left


def test_a_folder_as_target_is_a_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "keep.txt").write_text("x")
    with pytest.raises(PrivateFileError) as caught:
        write_private(folder, b"data")
    assert caught.value.kind == "folder"
    assert caught.value.message == f"{folder} is a folder. Give a file name inside it."
    assert folder.is_dir() and [p.name for p in folder.iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["cards"]


def test_a_missing_folder_is_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(PrivateFileError) as caught:
        write_private(tmp_path / "no" / "such" / "file.txt", b"data")
    assert caught.value.kind == "os" and "cannot be written" in caught.value.message
    assert "Traceback" not in caught.value.message


def test_a_pipe_is_never_replaced_by_a_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(PrivateFileError) as caught:
        write_private(fifo, b"data")
    assert caught.value.kind == "special" and "not a file" in caught.value.message
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


@pytest.mark.parametrize("points_to", ["elsewhere.txt", "/dev/stdout"])
def test_a_link_is_neither_written_through_nor_replaced(tmp_path: Path, points_to: str) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not yours to change")
    link = tmp_path / "card.md"
    link.symlink_to(points_to if points_to.startswith("/") else tmp_path / points_to)
    with pytest.raises(PrivateFileError) as caught:
        write_private(link, b"card")
    assert caught.value.kind == "link" and "link" in caught.value.message
    assert elsewhere.read_text() == "not yours to change"
    assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["card.md", "elsewhere.txt"]


@pytest.mark.skipif(os.geteuid() != 0 if POSIX else True, reason="only root may make a device node")
def test_a_device_is_never_replaced_by_a_file(tmp_path: Path) -> None:
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    with pytest.raises(PrivateFileError) as caught:
        write_private(device, b"data")
    assert caught.value.kind == "special"
    assert stat.S_ISCHR(os.lstat(device).st_mode)


# -- private folders -----------------------------------------------------------------------


def test_new_folders_are_private_and_an_existing_one_keeps_its_mode(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b" / "c"
    make_private_dir(deep)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", deep):
        assert _mode(folder) == 0o700, folder
    chosen = tmp_path / "chosen"
    chosen.mkdir(mode=0o755)
    os.chmod(chosen, 0o755)
    make_private_dir(chosen)
    assert _mode(chosen) == 0o755


def test_a_file_in_the_way_of_a_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    for wanted in (blocker, blocker / "sub"):
        with pytest.raises(PrivateFileError) as caught:
            make_private_dir(wanted)
        assert caught.value.kind == "os" and isinstance(caught.value.error, OSError)
    assert blocker.read_text() == "x"


# -- the three writers share it --------------------------------------------------------------


def test_preferences_keep_the_old_file_when_the_write_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert preferences.save(tmp_path, theme="prep-calm")
    monkeypatch.setattr(private_files.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error")))
    assert preferences.save(tmp_path, theme="prep-high-contrast") is False
    monkeypatch.undo()
    assert preferences.load(tmp_path) == {"theme": "prep-calm"}
    assert [p.name for p in tmp_path.iterdir()] == [preferences.FILE_NAME]


def test_no_writer_keeps_its_own_copy() -> None:
    root = Path(__file__).resolve().parent.parent / "prep_assistant"
    for module in ("preferences.py", "session/export.py", "summary/output.py"):
        source = (root / module).read_text(encoding="utf-8")
        for own_copy in ("mkstemp", "os.replace", "os.fsync", "O_CREAT"):
            assert own_copy not in source, (module, own_copy)
