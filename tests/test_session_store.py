"""The session store: answers saved at once, with history, and every fault."""

from __future__ import annotations

import datetime as dt
import errno
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from prep_assistant.session import (
    SessionInUse,
    Store,
    StoreError,
    UnknownSession,
    make_address,
    split_address,
)
from prep_assistant.session import store as store_module
from prep_assistant.session.store import DB_NAME, SCHEMA_VERSION, resolve_data_dir

POSIX = os.name == "posix"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "data"
    monkeypatch.setenv("PREP_ASSISTANT_DATA_DIR", str(directory))
    return directory


@pytest.fixture
def store(data_dir: Path):
    with Store.open() as opened:
        yield opened


def _new(store: Store, **overrides):
    values = dict(flow_id="preparation", flow_version=1, flow_kind="preparation", language="nl")
    values.update(overrides)
    return store.create_session(**values)


def _child(code: str, data_dir: Path, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(data_dir))
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _all_bytes(data_dir: Path) -> bytes:
    blob = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = data_dir / (DB_NAME + suffix)
        if path.exists():
            blob += path.read_bytes()
    return blob


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file()}


# -- the basics ----------------------------------------------------------------------------


def test_create_get_list_latest(store: Store) -> None:
    assert store.list_sessions() == []
    assert store.latest() is None
    first = _new(store)
    time.sleep(0.002)
    second = _new(store, flow_id="after_visit", flow_kind="after", pack_id="knee", pack_path="/p/knee.toml")
    assert store.get(first.id) == first
    assert [s.id for s in store.list_sessions()] == [second.id, first.id]
    assert store.latest().id == second.id
    assert store.latest("preparation").id == first.id
    assert second.pack_id == "knee" and second.flow_kind == "after"
    assert not first.finished and first.progress == (0, 0)
    assert first.created_at.tzinfo is not None


def test_session_ids_are_short_and_readable(store: Store) -> None:
    ids = {_new(store).id for _ in range(50)}
    assert len(ids) == 50
    for session_id in ids:
        date, clock, tail = session_id.split("-")
        assert len(date) == 8 and len(clock) == 4 and len(tail) == 4


def test_unknown_session_names_the_list_command(store: Store) -> None:
    for call in (
        lambda: store.get("nope"),
        lambda: store.save_answer("nope", "goals", "x"),
        lambda: store.answers("nope"),
        lambda: store.history("nope"),
        lambda: store.update_meta("nope", finished=True),
        lambda: store.delete("nope"),
        lambda: store.claim("nope"),
    ):
        with pytest.raises(UnknownSession, match="sessions list"):
            call()


def test_latest_answer_wins_and_history_is_kept(store: Store) -> None:
    info = _new(store)
    store.save_answer(info.id, "goals", "walk")
    store.save_answer(info.id, "worries", ["pain", "time"])
    store.save_answer(info.id, "goals", "walk the dog")
    assert store.answers(info.id) == {"worries": ["pain", "time"], "goals": "walk the dog"}
    history = store.history(info.id, "goals")
    assert [r.value for r in history] == ["walk", "walk the dog"]
    assert history[0].seq < history[1].seq
    assert history[0].given_at <= history[1].given_at
    assert [r.address for r in store.history(info.id)] == ["goals", "worries", "goals"]


def test_skipped_is_not_the_same_as_unanswered(store: Store) -> None:
    info = _new(store)
    store.save_answer(info.id, "support", None)
    answers = store.answers(info.id)
    assert "support" in answers and answers["support"] is None
    assert "goals" not in answers


def test_answers_as_they_stood_before(store: Store) -> None:
    info = _new(store)
    store.save_answer(info.id, "lean_to", "operation")
    store.save_answer(info.id, "goals", "walk")
    time.sleep(0.002)
    consultation = dt.datetime.now(dt.timezone.utc)
    time.sleep(0.002)
    store.save_answer(info.id, "lean_to", "wait")
    store.save_answer(info.id, "decided", "physio first")
    before = store.answers_as_of(info.id, before=consultation)
    assert before == {"lean_to": "operation", "goals": "walk"}
    first_seq = store.history(info.id)[0].seq
    assert store.answers_as_of(info.id, until_seq=first_seq) == {"lean_to": "operation"}
    assert store.answers(info.id)["lean_to"] == "wait"
    with pytest.raises(ValueError):
        store.answers_as_of(info.id)


def test_save_updates_progress_and_last_changed(store: Store) -> None:
    info = _new(store)
    time.sleep(0.002)
    store.save_answer(info.id, "goals", "x", progress=(3, 40))
    after = store.get(info.id)
    assert after.progress == (3, 40)
    assert after.updated_at > info.updated_at


def test_update_meta(store: Store) -> None:
    info = _new(store)
    updated = store.update_meta(info.id, decision="Knee: operation or not", progress=(12, 40), language="en")
    assert (updated.decision, updated.progress, updated.language) == ("Knee: operation or not", (12, 40), "en")
    finished = store.update_meta(info.id, finished=True)
    assert finished.finished and finished.decision == "Knee: operation or not"
    assert store.latest() is None  # finished sessions are not offered to resume
    assert store.update_meta(info.id, decision=None).decision is None


@pytest.mark.parametrize(
    "value",
    [
        "x" * 100_000,
        "Ik wil weer 🐕 uitlaten 👍🏽",
        "أريد أن أمشي مع كلبي",
        "tab\there\nnew line\x00nul\x1b[31mred\x7f",
        "[/]",
        "[@click=app.quit]x[/]",
        "",
        0,
        -5,
        3,
        True,
        False,
        [],
        ["é", "🐕", "ا"],
        None,
    ],
)
def test_values_round_trip_exactly(store: Store, value) -> None:
    info = _new(store)
    store.save_answer(info.id, "q", value)
    got = store.answers(info.id)["q"]
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("value", [1.5, {"a": "x"}, [1, 2], ("a",), b"x", "\udc80", 2**60])
def test_unstorable_values_are_refused(store: Store, value) -> None:
    info = _new(store)
    with pytest.raises(ValueError):
        store.save_answer(info.id, "q", value)
    assert store.answers(info.id) == {}


def test_addresses(store: Store) -> None:
    info = _new(store)
    weird = "Operation [new] ]["
    address = make_address("pros", weird)
    assert address == "pros[Operation [new] ][]"
    assert split_address(address) == ("pros", weird)
    assert split_address("goals") == ("goals", None)
    store.save_answer(info.id, address, ["less pain"])
    store.save_answer(info.id, make_address("pros", "Wachten"), ["no risk"])
    assert store.answers(info.id)[address] == ["less pain"]
    for bad in ("Goals", "1x", "", "goals[", "goals[]", "goals[x]y", "go-als", "x[\udc80]", 7):
        with pytest.raises(ValueError):
            store.save_answer(info.id, bad, "x")


def test_store_after_close_says_so(data_dir: Path) -> None:
    store = Store.open()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.list_sessions()


# -- where and how files are written -------------------------------------------------------------


def test_data_dir_from_argument_env_or_platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREP_ASSISTANT_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "arg") == tmp_path / "arg"
    assert resolve_data_dir() == tmp_path / "env"
    monkeypatch.delenv("PREP_ASSISTANT_DATA_DIR")
    import platformdirs

    assert resolve_data_dir() == Path(platformdirs.user_data_dir("prep-assistant", appauthor=False))


@pytest.mark.skipif(not POSIX, reason="POSIX file modes")
def test_private_file_modes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = os.umask(0o022)
    try:
        data_dir = tmp_path / "a" / "b"
        with Store.open(data_dir) as store:
            info = _new(store)
            store.claim(info.id)
            store.save_answer(info.id, "goals", "x")
            files = [data_dir / DB_NAME, data_dir / (DB_NAME + "-wal"), data_dir / (DB_NAME + "-shm")]
            for path in files:
                assert path.exists(), path
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
            for path in (data_dir / "locks").iterdir():
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
            for folder in (tmp_path / "a", data_dir, data_dir / "locks"):
                assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    finally:
        os.umask(old)


@pytest.mark.skipif(not POSIX, reason="POSIX file modes")
def test_loose_database_file_is_tightened(data_dir: Path) -> None:
    Store.open().close()
    os.chmod(data_dir / DB_NAME, 0o644)
    Store.open().close()
    assert stat.S_IMODE((data_dir / DB_NAME).stat().st_mode) == 0o600


def test_wal_full_sync_and_schema_version(store: Store) -> None:
    db = store._conn
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_an_empty_database_file_is_set_up(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / DB_NAME).write_bytes(b"")
    with Store.open() as store:
        assert store.list_sessions() == []


def test_guest_mode_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir, home, cwd, tmp = (tmp_path / name for name in ("data", "home", "cwd", "tmp"))
    for folder in (data_dir, home, cwd, tmp):
        folder.mkdir()
    monkeypatch.setenv("PREP_ASSISTANT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.chdir(cwd)
    with Store.guest() as store:
        assert store.is_guest
        info = _new(store)
        store.claim(info.id)
        for n in range(200):
            store.save_answer(info.id, f"q{n % 20}", f"answer {n} " + "x" * 500, progress=(n, 200))
        store.update_meta(info.id, decision="operation or not", finished=True)
        assert len(store.history(info.id)) == 200
        assert store.answers_as_of(info.id, until_seq=10)
        other = _new(store)
        store.delete(other.id)
        store.delete_all()
    for folder in (data_dir, home, cwd, tmp):
        assert list(folder.iterdir()) == [], folder


def test_disk_store_is_not_guest(store: Store) -> None:
    assert not store.is_guest
    assert store.path is not None and store.path.name == DB_NAME


# -- crashes and a second app ---------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_answer_survives_sigkill(data_dir: Path) -> None:
    with Store.open() as store:
        info = _new(store)
    child = _child(
        f"""
        import sys, time
        from prep_assistant.session import Store
        store = Store.open()
        store.claim({info.id!r})
        store.save_answer({info.id!r}, "goals", "walk the dog again 🐕")
        print("saved", flush=True)
        time.sleep(60)
        """,
        data_dir,
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == "saved", child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.stderr.close()
    with Store.open() as store:
        assert store.answers(info.id) == {"goals": "walk the dog again 🐕"}
        store.claim(info.id)  # the dead process's claim went with it


def test_second_process_cannot_claim_the_same_session(data_dir: Path) -> None:
    with Store.open() as store:
        info = _new(store)
        store.claim(info.id)
        child = _child(
            f"""
            from prep_assistant import i18n
            from prep_assistant.session import Store, SessionInUse
            i18n.set_language("en")
            store = Store.open()
            store.save_answer({info.id!r}, "other", "fine")  # the database itself is shared
            try:
                store.claim({info.id!r})
            except SessionInUse as exc:
                print("in use:", exc)
            else:
                print("claimed")
            """,
            data_dir,
        )
        out, err = child.communicate(timeout=30)
        assert out.startswith("in use:"), (out, err)
        assert "already open in another prep-assistant" in out
        assert "Traceback" not in err
    # After close, the other process may claim it.
    child = _child(
        f"""
        from prep_assistant.session import Store
        Store.open().claim({info.id!r}); print("claimed")
        """,
        data_dir,
    )
    out, err = child.communicate(timeout=30)
    assert out.strip() == "claimed", err


def test_two_stores_in_one_process_also_exclude(data_dir: Path) -> None:
    with Store.open() as first, Store.open() as second:
        info = _new(first)
        first.claim(info.id)
        first.claim(info.id)  # again: no-op
        with pytest.raises(SessionInUse) as caught:
            second.claim(info.id)
        assert isinstance(caught.value, StoreError)
        first.release(info.id)
        second.claim(info.id)


def test_concurrent_writers_do_not_corrupt(data_dir: Path) -> None:
    with Store.open() as store:
        ids = [_new(store).id for _ in range(3)]
    code = """
        import sys
        from prep_assistant.session import Store
        sid = sys.argv[1]
        with Store.open() as store:
            store.claim(sid)
            for n in range(150):
                store.save_answer(sid, f"q{n % 7}", f"{sid}-{n}", progress=(n + 1, 150))
        print("done")
        """
    env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(data_dir))
    children = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code), sid],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for sid in ids
    ]
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0 and out.strip() == "done", err
    with Store.open() as store:
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for sid in ids:
            history = store.history(sid)
            assert len(history) == 150
            assert [r.value for r in history] == [f"{sid}-{n}" for n in range(150)]
            assert store.get(sid).progress == (150, 150)


def test_two_processes_creating_the_store_at_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh"
    code = """
        from prep_assistant.session import Store
        with Store.open() as store:
            info = store.create_session(flow_id="f", flow_version=1, flow_kind="preparation", language="nl")
            store.save_answer(info.id, "q", "x")
        print("ok")
        """
    children = [_child(code, data_dir) for _ in range(4)]
    for child in children:
        out, err = child.communicate(timeout=60)
        assert out.strip() == "ok", err
    with Store.open(data_dir) as store:
        assert len(store.list_sessions()) == 4


# -- damaged, newer, read-only, full ---------------------------------------------------------


def _assert_clear(error: StoreError, *words: str) -> None:
    message = str(error)
    assert "Traceback" not in message and "sqlite" not in message.lower().replace("sessions.sqlite3", "")
    for word in words:
        assert word in message, (word, message)


def test_garbage_file_is_refused_and_left_alone(data_dir: Path) -> None:
    data_dir.mkdir()
    path = data_dir / DB_NAME
    garbage = os.urandom(8192)
    path.write_bytes(garbage)
    with pytest.raises(StoreError) as caught:
        Store.open()
    _assert_clear(caught.value, str(path), "damaged", "--guest", "Move it")
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in data_dir.iterdir()) == [DB_NAME]


@pytest.mark.parametrize("keep", [0.5, 0.9, 150, 60])
def test_truncated_database_is_refused_and_left_alone(data_dir: Path, keep: float) -> None:
    with Store.open() as store:
        info = _new(store)
        for n in range(400):
            store.save_answer(info.id, f"q{n}", f"answer {n} " + "x" * 200)
    path = data_dir / DB_NAME
    whole = path.read_bytes()
    assert not (data_dir / (DB_NAME + "-wal")).exists() or (data_dir / (DB_NAME + "-wal")).stat().st_size == 0
    cut = whole[: int(len(whole) * keep) if isinstance(keep, float) else keep]
    path.write_bytes(cut)
    with pytest.raises(StoreError) as caught:
        Store.open()
    _assert_clear(caught.value, str(path), "damaged")
    assert path.read_bytes() == cut


def test_newer_schema_is_refused_and_left_alone(data_dir: Path) -> None:
    with Store.open() as store:
        _new(store)
    path = data_dir / DB_NAME
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    before = _snapshot(data_dir)
    with pytest.raises(StoreError) as caught:
        Store.open()
    _assert_clear(caught.value, "newer version of prep-assistant", "update the app", "--guest", str(path))
    assert _snapshot(data_dir) == before


def test_older_schema_is_migrated(data_dir: Path) -> None:
    data_dir.mkdir()
    sqlite3.connect(data_dir / DB_NAME).close()  # version 0: an empty database
    with Store.open() as store:
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        _new(store)


def test_data_dir_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError) as caught:
        Store.open(blocker / "data")
    _assert_clear(caught.value, "--guest", "PREP_ASSISTANT_DATA_DIR")
    assert blocker.read_text() == "not a folder"


def test_data_dir_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="--guest"):
        Store.open(blocker)


def _write_denied() -> bool:
    """Whether chmod actually stops this user from writing (not so for root)."""
    import tempfile

    with tempfile.TemporaryDirectory() as probe:
        os.chmod(probe, 0o500)
        try:
            Path(probe, "x").write_text("x")
        except PermissionError:
            return True
        finally:
            os.chmod(probe, 0o700)
        return False


@pytest.mark.skipif(not POSIX or not _write_denied(), reason="chmod does not stop this user (root)")
def test_read_only_data_dir_real(tmp_path: Path) -> None:
    data_dir = tmp_path / "ro"
    data_dir.mkdir()
    os.chmod(data_dir, 0o500)
    try:
        with pytest.raises(StoreError) as caught:
            Store.open(data_dir)
        _assert_clear(caught.value, "read-only", "--guest")
    finally:
        os.chmod(data_dir, 0o700)


@pytest.mark.parametrize(
    "error, words",
    [
        (PermissionError(errno.EACCES, "Permission denied"), ("read-only", "--guest")),
        (OSError(errno.EROFS, "Read-only file system"), ("read-only", "--guest")),
        (OSError(errno.ENOSPC, "No space left on device"), ("disk is full", "--guest")),
    ],
)
def test_unwritable_data_dir_simulated(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, words: tuple[str, ...]
) -> None:
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        if str(path).endswith(DB_NAME) and flags & os.O_CREAT:
            raise error
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(store_module.os, "open", refuse)
    with pytest.raises(StoreError) as caught:
        Store.open()
    _assert_clear(caught.value, *words)


def test_read_only_database_file_on_write(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    info = _new(store)
    store._conn.execute("PRAGMA query_only=ON")  # every write now fails as on a read-only file
    with pytest.raises(StoreError) as caught:
        store.save_answer(info.id, "goals", "x")
    assert "Traceback" not in str(caught.value)


def test_full_disk_keeps_what_was_saved(store: Store) -> None:
    info = _new(store)
    store.save_answer(info.id, "goals", "before the disk filled up")
    db = store._conn
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count={pages}")  # SQLite's own "disk full"
    with pytest.raises(StoreError) as caught:
        for n in range(50):
            store.save_answer(info.id, f"q{n}", "y" * 50_000)
    _assert_clear(caught.value, "disk is full", "safe")
    assert store.answers(info.id)["goals"] == "before the disk filled up"
    db.execute("PRAGMA max_page_count=1073741823")
    store.save_answer(info.id, "after", "room again")
    assert store.answers(info.id)["after"] == "room again"


def test_busy_database_gives_a_message(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
    with Store.open() as store:
        info = _new(store)
        blocker = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            store._conn.execute("PRAGMA busy_timeout=50")
            with pytest.raises(StoreError, match="Another prep-assistant is busy"):
                store.save_answer(info.id, "goals", "x")
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        store.save_answer(info.id, "goals", "x")


# -- deleting, for real ----------------------------------------------------------------------


def test_delete_removes_every_byte(store: Store, data_dir: Path) -> None:
    keep = _new(store)
    gone = _new(store, decision="SECRET-DECISION-4711")
    store.save_answer(keep.id, "goals", "keep me")
    for n in range(30):
        store.save_answer(gone.id, "worries", f"UNIQUE-SECRET-ANSWER-9f3c {n}")
    store.save_answer(gone.id, make_address("pros", "UNIQUE-ITEM-77"), ["x"])
    assert b"UNIQUE-SECRET-ANSWER-9f3c" in _all_bytes(data_dir)
    store.claim(gone.id)
    store.delete(gone.id)
    blob = _all_bytes(data_dir)
    for secret in (b"UNIQUE-SECRET-ANSWER-9f3c", b"SECRET-DECISION-4711", b"UNIQUE-ITEM-77"):
        assert secret not in blob
    assert not (data_dir / "locks" / f"{gone.id}.lock").exists()
    assert store.answers(keep.id) == {"goals": "keep me"}
    with pytest.raises(UnknownSession):
        store.get(gone.id)


def test_delete_all_removes_every_byte(store: Store, data_dir: Path) -> None:
    for n in range(3):
        info = _new(store)
        store.save_answer(info.id, "goals", f"UNIQUE-ALL-SECRET-{n}")
    assert store.delete_all() == 3
    assert store.list_sessions() == []
    assert b"UNIQUE-ALL-SECRET" not in _all_bytes(data_dir)
    info = _new(store)  # the store still works
    store.save_answer(info.id, "goals", "new")


def test_delete_refuses_a_session_open_elsewhere(data_dir: Path) -> None:
    with Store.open() as first, Store.open() as second:
        info = _new(first)
        first.save_answer(info.id, "goals", "x")
        first.claim(info.id)
        with pytest.raises(SessionInUse):
            second.delete(info.id)
        with pytest.raises(SessionInUse):
            second.delete_all()
        assert first.answers(info.id) == {"goals": "x"}
        first.claim(info.id)  # still ours


# -- the core stays free of the UI ----------------------------------------------------------


def test_session_package_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        "import prep_assistant.session, prep_assistant.session.store, prep_assistant.session.export\n"
        "from prep_assistant.session import Store\n"
        "s = Store.guest(); i = s.create_session(flow_id='f', flow_version=1, flow_kind='preparation', language='nl')\n"
        "s.save_answer(i.id, 'q', 'x')\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_importing_the_store_does_not_load_pydantic() -> None:
    code = "import sys, prep_assistant.session; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr
