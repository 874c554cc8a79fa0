"""The store's promises: a refused file is left as it is (its -wal too), the
data folder is ours and closed to others, links are not followed into it, a
read-only store can still be read, and ``-o`` never replaces a special file."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prep_assistant import preferences
from prep_assistant.session import Store, StoreError
from prep_assistant.session.claims import LOCKS_DIR
from prep_assistant.session.store import DB_NAME, SCHEMA_VERSION

POSIX = os.name == "posix"
ROOT = os.name == "posix" and os.geteuid() == 0
pytestmark = pytest.mark.skipif(not POSIX, reason="POSIX owners, modes and links")

#: A user id that is not ours (nobody).
OTHER_UID = 65534


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "data"
    monkeypatch.setenv("PREP_ASSISTANT_DATA_DIR", str(directory))
    return directory


def _new(store: Store):
    return store.create_session(flow_id="preparation", flow_version=1, flow_kind="preparation", language="nl")


def _data_files(directory: Path) -> dict[str, bytes]:
    """Every file's bytes, except the -shm: SQLite's shared-memory index of
    the -wal, rebuilt by any reader; it holds no answers."""
    return {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file() and not p.name.endswith("-shm")}


def _crashed_store(data_dir: Path, *, user_version: int) -> None:
    """A store as a crash leaves it: answers still in the -wal, not in the file."""
    with Store.open(data_dir) as store:
        info = _new(store)
        store.save_answer(info.id, "goals", "checkpointed")
    live = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
    live.execute("PRAGMA wal_autocheckpoint=0")
    live.execute(f"PRAGMA user_version={user_version}")
    live.execute("INSERT INTO answers (session_id, address, value_json, given_at) "
                 "SELECT id, 'worries', '\"only in the wal\"', created_at FROM sessions")
    crashed = data_dir.with_name("crashed")
    shutil.copytree(data_dir, crashed)  # copied while open: what a power cut leaves
    live.close()
    shutil.rmtree(data_dir)
    crashed.rename(data_dir)
    assert (data_dir / (DB_NAME + "-wal")).stat().st_size > 0


# -- a refused file is left as it is, -wal included ------------------------------------------


def test_a_newer_store_with_a_wal_is_left_as_it_is(data_dir: Path) -> None:
    _crashed_store(data_dir, user_version=SCHEMA_VERSION + 1)
    before = _data_files(data_dir)
    with pytest.raises(StoreError, match="newer version"):
        Store.open()
    with pytest.raises(StoreError, match="newer version"):
        Store.open(read_only=True)
    assert _data_files(data_dir) == before


def test_a_healthy_store_with_a_wal_keeps_every_answer(data_dir: Path) -> None:
    _crashed_store(data_dir, user_version=SCHEMA_VERSION)
    with Store.open(read_only=True) as store:
        [info] = store.list_sessions()
        assert store.answers(info.id) == {"goals": "checkpointed", "worries": "only in the wal"}
    with Store.open() as store:
        assert store.answers(info.id)["worries"] == "only in the wal"


def test_a_refused_store_gets_no_new_files(data_dir: Path) -> None:
    with Store.open() as store:
        _new(store)
    with sqlite3.connect(data_dir / DB_NAME) as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    db.close()
    names = sorted(p.name for p in data_dir.iterdir())
    with pytest.raises(StoreError):
        Store.open()
    assert sorted(p.name for p in data_dir.iterdir()) == names


# -- the data folder is ours and closed to others --------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mode=st.integers(min_value=0o700, max_value=0o777))
def test_a_folder_others_may_write_to_is_refused(tmp_path: Path, mode: int) -> None:
    folder = tmp_path / "chosen"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    os.chmod(folder, mode)
    try:
        if mode & 0o022:
            with pytest.raises(StoreError) as caught:
                Store.open(folder)
            message = caught.value.message
            assert "chmod go-w" in message and "PREP_ASSISTANT_DATA_DIR" in message and str(folder) in message
            assert not (folder / DB_NAME).exists()
            assert stat.S_IMODE(folder.stat().st_mode) == mode  # not changed behind the person's back
        else:
            Store.open(folder).close()
    finally:
        os.chmod(folder, 0o700)


@pytest.mark.skipif(not ROOT, reason="only root can give a folder to another user")
def test_a_folder_of_another_user_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    os.chown(folder, OTHER_UID, OTHER_UID)
    with pytest.raises(StoreError, match="belongs to another user"):
        Store.open(folder)
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(not ROOT, reason="only root can give a file to another user")
def test_a_database_of_another_user_is_refused(data_dir: Path) -> None:
    Store.open().close()
    os.chown(data_dir / DB_NAME, OTHER_UID, OTHER_UID)
    with pytest.raises(StoreError, match="belongs to another user"):
        Store.open()


# -- links are not followed into the data folder ----------------------------------------------


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_a_store_that_is_a_link_is_refused(tmp_path: Path, data_dir: Path, suffix: str) -> None:
    real = tmp_path / "real"
    Store.open(real).close()
    target = real / DB_NAME if not suffix else tmp_path / "elsewhere"
    target.touch()
    before = target.read_bytes()
    data_dir.mkdir(mode=0o700)
    if suffix:
        Store.open().close()
    (data_dir / (DB_NAME + suffix)).symlink_to(target)
    for read_only in (False, True):
        with pytest.raises(StoreError) as caught:
            Store.open(read_only=read_only)
        assert "link" in caught.value.message and "Traceback" not in caught.value.message
    assert target.read_bytes() == before


def test_lock_files_and_their_folder_are_ours_and_private(data_dir: Path, tmp_path: Path) -> None:
    with Store.open() as store:
        first, second = _new(store), _new(store)
        store.claim(first.id)
        store.release(first.id)
        locks = data_dir / LOCKS_DIR
        os.chmod(locks, 0o755)
        os.chmod(locks / f"{first.id}.lock", 0o644)
        store.claim(first.id)
        assert stat.S_IMODE(locks.stat().st_mode) == 0o700
        assert stat.S_IMODE((locks / f"{first.id}.lock").stat().st_mode) == 0o600
        elsewhere = tmp_path / "elsewhere"
        elsewhere.write_text("keep")
        (locks / f"{second.id}.lock").symlink_to(elsewhere)
        with pytest.raises(StoreError, match="link"):
            store.claim(second.id)
        assert elsewhere.read_text() == "keep"


def test_a_locks_folder_that_is_a_link_is_refused(data_dir: Path, tmp_path: Path) -> None:
    with Store.open() as store:
        info = _new(store)
        outside = tmp_path / "outside"
        outside.mkdir()
        (data_dir / LOCKS_DIR).symlink_to(outside)
        with pytest.raises(StoreError, match="link"):
            store.claim(info.id)
        assert list(outside.iterdir()) == []


def test_preferences_do_not_follow_a_link_and_are_made_private(tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text('{"theme": "from elsewhere"}')
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / preferences.FILE_NAME).symlink_to(secret)
    assert preferences.load(folder) == {}
    assert preferences.save(folder, theme="prep-calm") is False
    assert secret.read_text() == '{"theme": "from elsewhere"}'
    (folder / preferences.FILE_NAME).unlink()
    (folder / preferences.FILE_NAME).write_text('{"theme": "prep-calm"}')
    os.chmod(folder / preferences.FILE_NAME, 0o644)
    assert preferences.load(folder) == {"theme": "prep-calm"}
    assert stat.S_IMODE((folder / preferences.FILE_NAME).stat().st_mode) == 0o600


def test_a_huge_preferences_file_counts_as_none(tmp_path: Path) -> None:
    (tmp_path / preferences.FILE_NAME).write_text('{"theme": "' + "x" * (preferences.MAX_BYTES + 10) + '"}')
    assert preferences.load(tmp_path) == {}


# -- a read-only store can be read --------------------------------------------------------------


def test_a_read_only_store_reads_and_refuses_every_write(data_dir: Path) -> None:
    with Store.open() as store:
        info = _new(store)
        store.save_answer(info.id, "goals", "walk")
    with Store.open(read_only=True) as store:
        assert store.read_only
        assert store.answers(info.id) == {"goals": "walk"}
        for write in (
            lambda: store.save_answer(info.id, "goals", "x"),
            lambda: _new(store),
            lambda: store.update_meta(info.id, finished=True),
            lambda: store.claim(info.id),
            lambda: store.delete(info.id),
            lambda: store.delete_all(),
        ):
            with pytest.raises(StoreError) as caught:
                write()
            assert "read-only" in caught.value.message and "--guest" in caught.value.message
    with Store.open() as store:
        assert store.answers(info.id) == {"goals": "walk"}


def test_reading_a_missing_store_creates_nothing(data_dir: Path) -> None:
    with pytest.raises(StoreError, match="no saved sessions"):
        Store.open(read_only=True)
    assert not data_dir.exists()


def _can_mount_read_only() -> bool:
    if not ROOT or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_read_only(), reason="needs root and unshare to mount a read-only file system")
def test_list_export_and_summary_work_on_a_read_only_file_system(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with Store.open(data_dir) as store:
        info = store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="en")
        store.save_answer(info.id, "decision_what", "Knee: operation or not")
    out = tmp_path / "out"
    out.mkdir()
    script = textwrap.dedent(
        f"""
        set -e
        mount --bind {data_dir} {data_dir}
        mount -o remount,bind,ro {data_dir}
        if touch {data_dir}/probe 2>/dev/null; then echo "not read-only"; exit 3; fi
        run() {{ echo "== $*"; {sys.executable} -m prep_assistant --lang en "$@"; echo "exit $?"; }}
        set +e
        run sessions list --format json
        run sessions export {info.id} -o {out}/s.json
        run summary --format md -o {out}/card.md
        run sessions delete {info.id} --yes
        """
    )
    env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(data_dir), LANGUAGE="en", LC_ALL="", LANG="en_US.UTF-8")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    steps = result.stdout.split("== ")[1:]
    listing, export, card, delete = steps
    assert listing.rstrip().endswith("exit 0") and json.loads(listing.split("\n", 1)[1].rsplit("exit", 1)[0])[0]["id"] == info.id
    assert export.rstrip().endswith("exit 0") and json.loads((out / "s.json").read_text())["session"]["id"] == info.id
    assert card.rstrip().endswith("exit 0") and "Knee: operation or not" in (out / "card.md").read_text()
    assert delete.rstrip().endswith("exit 1")
    refusal = result.stderr.strip().splitlines()[-1]  # one line: what happened, where, the way out
    assert str(data_dir) in refusal and "--guest" in refusal, refusal
    with Store.open(data_dir) as store:  # outside the namespace: writable, and nothing lost
        assert store.answers(info.id) == {"decision_what": "Knee: operation or not"}


# -- -o never replaces a special file -----------------------------------------------------------


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(data_dir), LANGUAGE="en", LC_ALL="", LANG="en_US.UTF-8")
    return subprocess.run([sys.executable, "-m", "prep_assistant", "--lang", "en", *args],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/stdout"])
def test_output_to_a_pipe_or_a_link_is_refused_and_left_alone(data_dir: Path, tmp_path: Path, kind: str) -> None:
    with Store.open() as store:
        info = store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="en")
        store.save_answer(info.id, "decision_what", "Knee: operation or not")
    target = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/stdout")
    for args, words in (
        (("summary", "--format", "md", "-o", str(target)), ("-o -",)),
        # (the sessions command speaks the default language, whatever --lang says)
        (("sessions", "export", info.id, "-o", str(target)), ()),
    ):
        result = _cli(data_dir, *args)
        assert result.returncode == 1, result
        assert "Traceback" not in result.stderr and str(target) in result.stderr
        for word in words:
            assert word in result.stderr, result.stderr
        assert stat.S_ISFIFO(os.lstat(target).st_mode) if kind == "fifo" else target.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "target"]
