"""The session store: every answer saved, with its history, in SQLite.

One database file, ``sessions.sqlite3``, in the data directory (platformdirs'
user data dir, or ``PREP_ASSISTANT_DATA_DIR``). Decisions, and why:

- Each answer is its own transaction, committed before ``save_answer``
  returns, in WAL mode with ``synchronous=FULL``: a crash, a closed terminal
  or a power cut loses at most the answer being typed.
- Answers are never updated in place. Every save is a new row; the current
  answer at an address is its latest row. The card uses the latest; after the
  consultation the patient can compare with what they answered before.
- A damaged file, or one from a newer version of the app, is never written,
  repaired or replaced: the patient's answers may still be rescued from it.
  The error says where it is and how to go on.
- ``delete`` means gone: rows deleted with ``secure_delete``, then VACUUM and
  a TRUNCATE checkpoint, so no old bytes stay in the database or its WAL.
- The directory is 0700 and the files 0600; SQLite creates its -wal and -shm
  files with the database file's mode.
- Guest mode is the same API on ``:memory:``; it touches no file at all.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Literal, Sequence

from prep_assistant.session.addresses import check_address, check_value
from prep_assistant.session.claims import Claim, try_lock
from prep_assistant.session.errors import SessionInUse, StoreError, UnknownSession, _

DATA_DIR_ENV = "PREP_ASSISTANT_DATA_DIR"
DB_NAME = "sessions.sqlite3"
LOCKS_DIR = "locks"
FlowKind = Literal["preparation", "after"]
FLOW_KINDS = ("preparation", "after")

#: How long a write waits for another prep-assistant to finish its own.
BUSY_TIMEOUT_MS = 5_000

#: Session ids: ``20261122-1403-ab12`` (local date and time, 4 random hex).
SESSION_ID_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz-_")
MAX_SESSION_ID_LENGTH = 64

_SQLITE_MAGIC = b"SQLite format 3\x00"


# -- schema and migrations -----------------------------------------------------
#
# PRAGMA user_version is the schema version. MIGRATIONS[n] takes a database
# from version n to n + 1; never edit one that has shipped, append a new one.


def _migrate_0_to_1(db: sqlite3.Connection) -> None:
    db.execute(
        """
        CREATE TABLE sessions (
            id             TEXT PRIMARY KEY,
            flow_id        TEXT NOT NULL,
            flow_version   INTEGER NOT NULL,
            flow_kind      TEXT NOT NULL CHECK (flow_kind IN ('preparation', 'after')),
            pack_id        TEXT,
            pack_path      TEXT,
            language       TEXT NOT NULL,
            decision       TEXT,
            progress_done  INTEGER NOT NULL DEFAULT 0,
            progress_total INTEGER NOT NULL DEFAULT 0,
            finished       INTEGER NOT NULL DEFAULT 0 CHECK (finished IN (0, 1)),
            created_at     TEXT NOT NULL,
            updated_at     TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE answers (
            seq        INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            address    TEXT NOT NULL,
            value_json TEXT NOT NULL,
            given_at   TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX answers_by_session ON answers (session_id, address, seq)")
    db.execute("CREATE INDEX sessions_by_update ON sessions (updated_at)")


MIGRATIONS: Sequence[Callable[[sqlite3.Connection], None]] = (_migrate_0_to_1,)
SCHEMA_VERSION = len(MIGRATIONS)


# -- what the store hands out --------------------------------------------------


@dataclass(frozen=True)
class SessionInfo:
    """A session's metadata (its answers come from ``Store.answers``)."""

    id: str
    flow_id: str
    flow_version: int
    flow_kind: FlowKind
    pack_id: str | None
    pack_path: str | None
    language: str
    decision: str | None
    progress_done: int
    progress_total: int
    finished: bool
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def progress(self) -> tuple[int, int]:
        return (self.progress_done, self.progress_total)


@dataclass(frozen=True)
class AnswerRecord:
    """One saved answer: ``seq`` orders all saves, oldest first."""

    address: str
    value: Any
    given_at: dt.datetime
    seq: int


_SESSION_COLUMNS = (
    "id, flow_id, flow_version, flow_kind, pack_id, pack_path, language, decision, "
    "progress_done, progress_total, finished, created_at, updated_at"
)


# -- decoding rows: damage in one row never takes the others down ------------
#
# ``quick_check`` sees a broken page, not one changed byte in a value. A row
# whose answer JSON or timestamp no longer reads is decoded as far as it can
# be: a session with a bad time is listed with the earliest time (so the list
# and export keep working for every session), an answer that does not read
# is left out of what the store hands out and reported (``history(...,
# unreadable=[])``), an answer whose time does not read keeps the time of
# the save before it.

_UNREADABLE_TIME = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def _time_or(text: Any, fallback: dt.datetime) -> dt.datetime:
    try:
        when = _parse_time(text)
        when.astimezone(dt.timezone.utc)  # an offset that overflows is damage too
    except (TypeError, ValueError, OverflowError):
        return fallback
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.timezone.utc)


def _value_or_damage(value_json: Any) -> tuple[bool, Any]:
    """(True, value) for a stored answer that reads as one, else (False, None)."""
    try:
        value = json.loads(value_json)
        check_value(value)
    except (TypeError, ValueError, RecursionError):
        return False, None
    return True, value


def _session_from_row(row: Sequence[Any]) -> SessionInfo:
    return SessionInfo(
        id=row[0],
        flow_id=row[1],
        flow_version=row[2],
        flow_kind=row[3],
        pack_id=row[4],
        pack_path=row[5],
        language=row[6],
        decision=row[7],
        progress_done=row[8],
        progress_total=row[9],
        finished=bool(row[10]),
        created_at=_time_or(row[11], _UNREADABLE_TIME),
        updated_at=_time_or(row[12], _UNREADABLE_TIME),
    )


# -- end of decoding rows ------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _format_time(when: dt.datetime) -> str:
    # Fixed width, UTC: text order is time order, so SQL can compare them.
    if when.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return when.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def _parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def new_session_id(now: dt.datetime | None = None) -> str:
    """``20261122-1403-ab12``: readable, sortable, and unlikely to collide."""
    local = (now or _now()).astimezone()
    return f"{local:%Y%m%d-%H%M}-{os.urandom(2).hex()}"


def is_valid_session_id(session_id: object) -> bool:
    return (
        isinstance(session_id, str)
        and 0 < len(session_id) <= MAX_SESSION_ID_LENGTH
        and session_id[0].isalnum()
        and set(session_id) <= SESSION_ID_CHARS
    )


def resolve_data_dir(data_dir: Path | str | None = None) -> Path:
    """The argument, else ``PREP_ASSISTANT_DATA_DIR``, else the platform's."""
    if data_dir is not None:
        return Path(data_dir).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("prep-assistant", appauthor=False))


def database_path(data_dir: Path | str | None = None) -> Path:
    return resolve_data_dir(data_dir) / DB_NAME


# -- turning low-level failures into messages -----------------------------------


def _way_out() -> str:
    return _(
        "To go on without saving, start with --guest; to use another place, "
        "set PREP_ASSISTANT_DATA_DIR to another folder."
    )


def _os_error(exc: OSError, path: Path) -> StoreError:
    import errno

    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", -1):
        reason = _("The disk is full, so prep-assistant cannot save in {path}.")
    elif isinstance(exc, (PermissionError,)) or exc.errno == errno.EROFS:
        reason = _("prep-assistant may not write in {path} (the folder or file is read-only).")
    elif isinstance(exc, (NotADirectoryError, FileExistsError)):
        reason = _("{path} cannot be used as a folder for saved sessions (a file is in the way).")
    else:
        reason = _("prep-assistant cannot use {path}: {error}.")
    message = reason.format(path=path, error=exc.strerror or exc)
    return StoreError(f"{message} {_way_out()}")


def _sqlite_kind(exc: sqlite3.Error) -> str:
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


def _damaged_message(path: Path) -> str:
    return _(
        "The file with your saved sessions is damaged and cannot be read: {path}. "
        "prep-assistant has not changed it. Move it to another folder (your "
        "answers may still be rescued from it), then start again: a new, empty "
        "file will be made. Or start with --guest to go on without saving."
    ).format(path=path)


def _newer_message(path: Path) -> str:
    return _(
        "The file with your saved sessions ({path}) was made by a newer version "
        "of prep-assistant; update the app, or use --guest or another data dir "
        "(PREP_ASSISTANT_DATA_DIR). prep-assistant has not changed the file."
    ).format(path=path)


# -- the store -------------------------------------------------------------------


class Store:
    """Sessions and their answers. Open with ``Store.open()`` or ``Store.guest()``.

    A Store is a context manager; ``close()`` releases its session claims.
    Methods may be called from any thread, one at a time (a lock serialises
    them).
    """

    def __init__(
        self,
        db: sqlite3.Connection,
        *,
        path: Path | None,
        data_dir: Path | None,
    ) -> None:
        # Use Store.open() or Store.guest().
        self._db: sqlite3.Connection | None = db
        self.path = path
        self.data_dir = data_dir
        self._lock = threading.RLock()
        self._claims: dict[str, Claim | None] = {}

    # opening ----------------------------------------------------------------

    @property
    def is_guest(self) -> bool:
        return self.path is None

    @classmethod
    def guest(cls) -> "Store":
        """A store in memory: nothing is written to disk, everything is gone on close."""
        db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA temp_store=MEMORY")
        db.execute("PRAGMA foreign_keys=ON")
        store = cls(db, path=None, data_dir=None)
        store._migrate()
        return store

    @classmethod
    def open(cls, data_dir: Path | str | None = None) -> "Store":
        """Open (or create) the store in the data directory.

        Raises StoreError when the directory cannot be used, or the database
        is damaged or from a newer version; the file is then left untouched.
        """
        directory = resolve_data_dir(data_dir)
        path = directory / DB_NAME
        _make_private_dir(directory)
        existed = path.exists()
        if existed:
            _check_header(path)
            existed = path.stat().st_size > 0
        try:
            # Created 0600 before SQLite sees it: SQLite gives its -wal and
            # -shm files the database file's mode.
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            os.close(fd)
            _tighten(path, 0o600)
            for suffix in ("-wal", "-shm"):
                _tighten(path.with_name(path.name + suffix), 0o600)
        except OSError as exc:
            raise _os_error(exc, directory) from None
        try:
            db = sqlite3.connect(
                str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
            )
        except sqlite3.Error as exc:
            damaged = _sqlite_kind(exc) == "damaged"
            raise StoreError(_damaged_message(path) if damaged else _os_message(exc, directory)) from None
        store = cls(db, path=path, data_dir=directory)
        try:
            store._prepare(existed=existed)
        except BaseException:
            db.close()
            raise
        return store

    def _prepare(self, *, existed: bool) -> None:
        assert self.path is not None and self._db is not None
        db = self._db
        path = self.path
        try:
            db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            # Reads only, until we know the file is ours, whole, and not newer.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(_newer_message(path))
            if existed:
                problems = db.execute("PRAGMA quick_check(1)").fetchone()
                if problems is None or problems[0] != "ok":
                    raise StoreError(_damaged_message(path))
            db.execute("PRAGMA journal_mode=WAL").fetchone()
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA fullfsync=ON")  # macOS: FULL is not enough without it
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA secure_delete=ON")
            db.execute("PRAGMA temp_store=MEMORY")
        except StoreError:
            raise
        except sqlite3.Error as exc:
            raise self._translate(exc) from None
        self._migrate()

    def _migrate(self) -> None:
        db = self._db
        assert db is not None
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
                return
            with self._transaction():
                # Read again inside the write lock: another instance may have
                # migrated while we waited.
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise StoreError(_newer_message(self.path or Path(":memory:")))
                for migration in MIGRATIONS[version:]:
                    migration(db)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            raise self._translate(exc) from None

    # plumbing ----------------------------------------------------------------------

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreError(_("The session store is closed."))
        return self._db

    class _Tx:
        def __init__(self, store: "Store") -> None:
            self.store = store

        def __enter__(self) -> sqlite3.Connection:
            self.store._lock.acquire()
            try:
                db = self.store._conn
                # IMMEDIATE: take the write lock now, so two instances queue
                # (busy_timeout) instead of failing half-way.
                db.execute("BEGIN IMMEDIATE")
            except BaseException:
                self.store._lock.release()
                raise
            return db

        def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
            try:
                db = self.store._conn
                if exc_type is None:
                    try:
                        db.execute("COMMIT")
                    except BaseException:
                        # A failed COMMIT (disk full) can leave the
                        # transaction open; end it so the next save starts clean.
                        if db.in_transaction:
                            db.execute("ROLLBACK")
                        raise
                elif db.in_transaction:
                    db.execute("ROLLBACK")
            finally:
                self.store._lock.release()

    def _transaction(self) -> "Store._Tx":
        return Store._Tx(self)

    def _translate(self, exc: sqlite3.Error) -> StoreError:
        kind = _sqlite_kind(exc)
        where = self.data_dir or Path(":memory:")
        if kind == "damaged" and self.path is not None:
            return StoreError(_damaged_message(self.path))
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
        return StoreError(_os_message(exc, where))

    def _run(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        try:
            with self._transaction() as db:
                return work(db)
        except sqlite3.Error as exc:
            raise self._translate(exc) from None

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._conn.execute(sql, tuple(params)).fetchall()
            except sqlite3.Error as exc:
                raise self._translate(exc) from None

    # sessions -----------------------------------------------------------------------

    def create_session(
        self,
        *,
        flow_id: str,
        flow_version: int,
        flow_kind: FlowKind,
        language: str,
        pack_id: str | None = None,
        pack_path: str | None = None,
        decision: str | None = None,
    ) -> SessionInfo:
        if flow_kind not in FLOW_KINDS:
            raise ValueError(f"flow_kind is 'preparation' or 'after', not {flow_kind!r}")
        now = _now()
        stamp = _format_time(now)

        def work(db: sqlite3.Connection) -> str:
            for _attempt in range(100):
                session_id = new_session_id(now)
                if db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
                    break
            else:  # pragma: no cover - 100 collisions in 65536
                session_id = f"{now.astimezone():%Y%m%d-%H%M%S}-{os.urandom(4).hex()}"
            db.execute(
                f"INSERT INTO sessions ({_SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?)",
                (session_id, flow_id, int(flow_version), flow_kind, pack_id, pack_path, language, decision, stamp, stamp),
            )
            return session_id

        return self.get(self._run(work))

    def get(self, session_id: str) -> SessionInfo:
        rows = self._read(f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,))
        if not rows:
            raise UnknownSession(
                _("There is no saved session {id}. To see the saved sessions, run: "
                  "prep-assistant sessions list").format(id=session_id),
                session_id,
            )
        return _session_from_row(rows[0])

    def list_sessions(self) -> list[SessionInfo]:
        """All sessions, the most recently changed first."""
        rows = self._read(f"SELECT {_SESSION_COLUMNS} FROM sessions ORDER BY updated_at DESC, rowid DESC")
        return [_session_from_row(row) for row in rows]

    def latest(self, flow_kind: FlowKind | None = None) -> SessionInfo | None:
        """The most recently changed unfinished session (of this kind), if any."""
        sql = f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE finished = 0"
        params: tuple[Any, ...] = ()
        if flow_kind is not None:
            sql += " AND flow_kind = ?"
            params = (flow_kind,)
        rows = self._read(sql + " ORDER BY updated_at DESC, rowid DESC LIMIT 1", params)
        return _session_from_row(rows[0]) if rows else None

    _UNSET: Any = object()

    def update_meta(
        self,
        session_id: str,
        *,
        decision: str | None = _UNSET,
        progress: tuple[int, int] | None = None,
        language: str | None = None,
        finished: bool | None = None,
        flow_version: int | None = None,
    ) -> SessionInfo:
        """Change what ``sessions list`` shows; ``decision=None`` clears it."""
        sets: list[str] = []
        params: list[Any] = []
        if decision is not Store._UNSET:
            sets.append("decision = ?")
            params.append(decision)
        if progress is not None:
            done, total = progress
            sets.append("progress_done = ?, progress_total = ?")
            params += [int(done), int(total)]
        if language is not None:
            sets.append("language = ?")
            params.append(language)
        if finished is not None:
            sets.append("finished = ?")
            params.append(1 if finished else 0)
        if flow_version is not None:
            sets.append("flow_version = ?")
            params.append(int(flow_version))
        sets.append("updated_at = ?")
        params.append(_format_time(_now()))

        def work(db: sqlite3.Connection) -> int:
            return db.execute(
                f"UPDATE sessions SET {', '.join(sets)} WHERE id = ?", (*params, session_id)
            ).rowcount

        if not self._run(work):
            self.get(session_id)  # raises UnknownSession
        return self.get(session_id)

    # answers -------------------------------------------------------------------------

    def save_answer(
        self,
        session_id: str,
        address: str,
        value: Any,
        *,
        progress: tuple[int, int] | None = None,
    ) -> None:
        """Save one answer, durably, before returning (one transaction).

        ``value`` is a str, int, bool, list of str, or None (skipped on
        purpose). ``progress`` updates the session's progress in the same
        transaction, so the list never disagrees with the answers.
        """
        check_address(address)
        check_value(value)
        value_json = _dump(value)
        stamp = _format_time(_now())

        def work(db: sqlite3.Connection) -> int:
            if progress is None:
                changed = db.execute(
                    "UPDATE sessions SET updated_at = ? WHERE id = ?", (stamp, session_id)
                ).rowcount
            else:
                changed = db.execute(
                    "UPDATE sessions SET updated_at = ?, progress_done = ?, progress_total = ? WHERE id = ?",
                    (stamp, int(progress[0]), int(progress[1]), session_id),
                ).rowcount
            if changed:
                db.execute(
                    "INSERT INTO answers (session_id, address, value_json, given_at) VALUES (?, ?, ?, ?)",
                    (session_id, address, value_json, stamp),
                )
            return changed

        if not self._run(work):
            self.get(session_id)  # raises UnknownSession

    def answers(self, session_id: str) -> dict[str, Any]:
        """The current answer per address (its latest save), in the order given."""
        return self._latest_per_address(session_id, None)

    def answers_as_of(
        self,
        session_id: str,
        *,
        before: dt.datetime | None = None,
        until_seq: int | None = None,
    ) -> dict[str, Any]:
        """The answers as they stood at a moment: saved before ``before``, or
        up to and including save number ``until_seq``. For "what did I answer
        before the consultation?" pass the time of the consultation.
        """
        if (before is None) == (until_seq is None):
            raise ValueError("give exactly one of before= and until_seq=")
        if before is not None:
            return self._latest_per_address(session_id, ("given_at < ?", _format_time(before)))
        return self._latest_per_address(session_id, ("seq <= ?", int(until_seq)))  # type: ignore[arg-type]

    def _latest_per_address(self, session_id: str, limit: tuple[str, Any] | None) -> dict[str, Any]:
        where = "session_id = ?"
        params: list[Any] = [session_id]
        if limit is not None:
            where += " AND " + limit[0]
            params.append(limit[1])
        # SQLite: with max(), the bare columns come from the row holding the max.
        rows = self._read(
            f"SELECT address, value_json, max(seq) AS last FROM answers WHERE {where} "
            "GROUP BY address ORDER BY last",
            params,
        )
        if not rows:
            self.get(session_id)  # unknown session -> UnknownSession; else empty
        latest: dict[str, Any] = {}
        for address, value_json, _last in rows:
            readable, value = _value_or_damage(value_json)
            if readable:  # a damaged answer is asked again rather than crash the session
                latest[address] = value
        return latest

    def history(
        self, session_id: str, address: str | None = None, *, unreadable: list[int] | None = None
    ) -> list[AnswerRecord]:
        """Every save (of one address, or all), oldest first.

        A save whose value no longer reads (damage inside the file) is left
        out; its ``seq`` is added to ``unreadable`` when a list is given.
        """
        sql = "SELECT address, value_json, given_at, seq FROM answers WHERE session_id = ?"
        params: list[Any] = [session_id]
        if address is not None:
            sql += " AND address = ?"
            params.append(address)
        rows = self._read(sql + " ORDER BY seq", params)
        if not rows:
            self.get(session_id)
        records: list[AnswerRecord] = []
        previous = _UNREADABLE_TIME
        for a, v, t, s in rows:
            readable, value = _value_or_damage(v)
            try:
                check_address(a)
            except (TypeError, ValueError):
                readable = False
            if not readable:
                if unreadable is not None:
                    unreadable.append(s)
                continue
            previous = _time_or(t, previous)
            records.append(AnswerRecord(a, value, previous, s))
        return records

    def answer_count(self, session_id: str) -> int:
        """How many saves a session holds (all history)."""
        return self._read("SELECT count(*) FROM answers WHERE session_id = ?", (session_id,))[0][0]

    # bringing a whole session in (import) ------------------------------------------------

    def add_session(
        self,
        info: SessionInfo,
        history: Sequence[AnswerRecord],
    ) -> SessionInfo:
        """Insert a complete session with its history in ONE transaction.

        If ``info.id`` is taken (or not a valid id), a new id is chosen; the
        returned SessionInfo carries the id used. Used by import.
        """
        for record in history:
            check_address(record.address)
            check_value(record.value)
        rows = [
            (record.address, _dump(record.value), _format_time(record.given_at)) for record in history
        ]

        def work(db: sqlite3.Connection) -> str:
            session_id = info.id
            taken = not is_valid_session_id(session_id) or (
                db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is not None
            )
            while taken:
                session_id = new_session_id()
                taken = db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is not None
            db.execute(
                f"INSERT INTO sessions ({_SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id, info.flow_id, info.flow_version, info.flow_kind, info.pack_id,
                    info.pack_path, info.language, info.decision, info.progress_done,
                    info.progress_total, 1 if info.finished else 0,
                    _format_time(info.created_at), _format_time(info.updated_at),
                ),
            )
            db.executemany(
                "INSERT INTO answers (session_id, address, value_json, given_at) VALUES (?, ?, ?, ?)",
                [(session_id, *row) for row in rows],
            )
            return session_id

        return self.get(self._run(work))

    # one app per session -----------------------------------------------------------------

    def claim(self, session_id: str) -> None:
        """Mark the session as open in this app until ``release`` or ``close``.

        Raises SessionInUse when another prep-assistant has it open. Claiming
        a session this Store already holds is a no-op.
        """
        self.get(session_id)
        with self._lock:
            if session_id in self._claims:
                return
            if self.is_guest:
                self._claims[session_id] = None
                return
            claim = self._try_claim(session_id)
            if claim is None:
                raise SessionInUse(
                    _("Session {id} is already open in another prep-assistant window. "
                      "Close it there first, or start a new session.").format(id=session_id),
                    session_id,
                )
            self._claims[session_id] = claim

    def release(self, session_id: str) -> None:
        with self._lock:
            claim = self._claims.pop(session_id, None)
            if claim is not None:
                claim.release()

    def _lock_path(self, session_id: str) -> Path:
        assert self.data_dir is not None
        return self.data_dir / LOCKS_DIR / f"{session_id}.lock"

    def _try_claim(self, session_id: str) -> Claim | None:
        assert self.data_dir is not None
        locks = self.data_dir / LOCKS_DIR
        try:
            _make_private_dir(locks)
            return try_lock(self._lock_path(session_id))
        except StoreError:
            raise
        except OSError as exc:
            raise _os_error(exc, locks) from None

    # deleting, for real ----------------------------------------------------------------

    def delete(self, session_id: str) -> None:
        """Remove a session and all its answers; no old bytes stay on disk.

        Raises SessionInUse when another window has it open.
        """
        self.get(session_id)
        held = session_id in self._claims
        if not held:
            self.claim(session_id)
        try:
            self._run(lambda db: db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)))
            self._scrub()
        finally:
            self.release(session_id)
        self._remove_lock_file(session_id)

    def delete_all(self) -> int:
        """Remove every session; returns how many. SessionInUse if one is open elsewhere."""
        sessions = self.list_sessions()
        newly: list[str] = []
        try:
            for info in sessions:
                if info.id not in self._claims:
                    self.claim(info.id)
                    newly.append(info.id)

            def work(db: sqlite3.Connection) -> None:
                db.execute("DELETE FROM answers")
                db.execute("DELETE FROM sessions")
                db.execute("DELETE FROM sqlite_sequence")

            self._run(work)
        except BaseException:
            for session_id in newly:
                self.release(session_id)
            raise
        for session_id in list(self._claims):
            self.release(session_id)
        self._scrub()
        for info in sessions:
            self._remove_lock_file(info.id)
        return len(sessions)

    def _scrub(self) -> None:
        """VACUUM, then empty the WAL, so deleted answers leave no bytes behind."""
        if self.is_guest:
            return
        with self._lock:
            db = self._conn
            try:
                db.execute("VACUUM")
                busy, _log, _done = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.Error as exc:
                raise self._translate(exc) from None
            if busy:
                # Another window is reading; its next checkpoint (at the
                # latest when it closes) empties the WAL.
                self.scrub_pending = True

    scrub_pending = False

    def _remove_lock_file(self, session_id: str) -> None:
        if self.is_guest or not is_valid_session_id(session_id):
            return
        try:
            self._lock_path(session_id).unlink()
        except OSError:
            pass

    # closing -------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            for session_id in list(self._claims):
                self.release(session_id)
            db, self._db = self._db, None
            if db is not None:
                db.close()

    @property
    def closed(self) -> bool:
        return self._db is None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = "guest" if self.is_guest else str(self.path)
        return f"<Store {where}{' closed' if self.closed else ''}>"


# -- files and folders -------------------------------------------------------------


def _os_message(exc: sqlite3.Error, where: Path) -> str:
    kind = _sqlite_kind(exc)
    if kind == "readonly":
        reason = _("prep-assistant may not write in {path} (the folder or file is read-only).")
    elif kind == "full":
        reason = _("The disk is full, so prep-assistant cannot save in {path}.")
    elif kind == "io":
        reason = _("The disk could not be read or written in {path}.")
    else:
        reason = _("The saved sessions in {path} cannot be used ({error}).")
    return f"{reason.format(path=where, error=exc)} {_way_out()}"


def _make_private_dir(directory: Path) -> None:
    """Create the folder (0700) with its parents; leave an existing one's mode.

    A folder someone chose (PREP_ASSISTANT_DATA_DIR) may hold other things, so
    only folders made here are restricted.
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
                folder.mkdir(mode=0o700)
            except FileExistsError:
                if not folder.is_dir():
                    raise
            # mkdir's mode is filtered by the umask; make sure.
            os.chmod(folder, 0o700)
        if not directory.is_dir():
            raise NotADirectoryError(20, "Not a directory", str(directory))
    except OSError as exc:
        raise _os_error(exc, directory) from None


def _tighten(path: Path, mode: int) -> None:
    """Give our own file ``mode`` if it is looser (never loosen, never follow links)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    import stat

    if stat.S_ISREG(st.st_mode) and st.st_mode & 0o777 & ~mode:
        os.chmod(path, mode)


def _check_header(path: Path) -> None:
    """Refuse a file that is not an SQLite database, before SQLite touches it."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(100)
    except OSError as exc:
        raise _os_error(exc, path) from None
    if head and (len(head) < 100 or not head.startswith(_SQLITE_MAGIC)):
        raise StoreError(_damaged_message(path))

