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
  files with the database file's mode. A folder others may write to, or
  another user's, is refused, and links are not followed into it.
- ``Store.open(read_only=True)`` reads without writing anything (a
  read-only disk is fine); every write is then refused with a message.
- Guest mode is the same API on ``:memory:``; it touches no file at all.

The parts live beside this module: the tables and migrations in ``schema``,
checking and opening the file in ``opening``, private files and folders in
``private_files``, claims and lock files in ``claims``, the messages in
``failures``, the records in ``records`` and the data directory in
``location``. The names callers import from here
(``DB_NAME``, ``database_path``, ``SessionInfo`` ...) stay importable here.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from prep_assistant.session.addresses import check_address, check_value
from prep_assistant.session.claims import Claim, claim_session, remove_lock_file
from prep_assistant.session.errors import SessionInUse, StoreError, UnknownSession, _
from prep_assistant.session import opening
from prep_assistant.session.failures import newer_message, no_store_message, os_error, read_only_message, translate
from prep_assistant.session.helper_role import stored_role
from prep_assistant.session.location import DATA_DIR_ENV, DB_NAME, database_path, resolve_data_dir
from prep_assistant.session.private_files import PrivateFileError, make_private_dir
from prep_assistant.session.records import (
    COMPANION,
    FLOW_KINDS,
    PATIENT,
    RESPONDENTS,
    Respondent,
    SESSION_COLUMNS,
    AnswerRecord,
    FlowKind,
    SessionInfo,
    is_valid_session_id,
    new_session_id,
)
from prep_assistant.session.records import dump_value as _dump
from prep_assistant.session.records import format_time as _format_time
from prep_assistant.session.records import now as _now
from prep_assistant.session.records import session_from_row as _session_from_row
from prep_assistant.session.records import UNREADABLE_TIME as _UNREADABLE_TIME
from prep_assistant.session.records import time_or as _time_or
from prep_assistant.session.records import value_or_damage as _value_or_damage
from prep_assistant.session.schema import SCHEMA_VERSION, apply_migrations, schema_version

__all__ = [
    "DATA_DIR_ENV",
    "DB_NAME",
    "SCHEMA_VERSION",
    "AnswerRecord",
    "FlowKind",
    "SessionInfo",
    "Store",
    "database_path",
    "is_valid_session_id",
    "new_session_id",
    "resolve_data_dir",
]

#: How long a write waits for another prep-assistant to finish its own.
BUSY_TIMEOUT_MS = 5_000

_SESSION_COLUMNS = SESSION_COLUMNS


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
        read_only: bool = False,
    ) -> None:
        # Use Store.open() or Store.guest().
        self._db: sqlite3.Connection | None = db
        self.path = path
        self.data_dir = data_dir
        self.read_only = read_only
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
    def open(cls, data_dir: Path | str | None = None, *, read_only: bool = False) -> "Store":
        """Open (or create) the store in the data directory.

        Raises StoreError when the directory cannot be used, or the database
        is damaged or from a newer version; the file is then left untouched
        (see ``opening``). ``read_only`` opens an existing store for reading
        only: nothing is created, tightened or migrated, and it works on a
        read-only file system; every write is refused with a message.
        """
        directory = resolve_data_dir(data_dir)
        path = directory / DB_NAME
        timeout_s = BUSY_TIMEOUT_MS / 1000
        if read_only:
            return cls._open_read_only(directory, path, timeout_s)
        try:
            make_private_dir(directory)
        except PrivateFileError as exc:
            raise os_error(exc.error or OSError(exc.reason), directory) from None
        opening.check_data_dir(directory)
        opening.refuse_links(path)
        has_content = path.exists() and opening.check_header(path)
        if has_content:
            # Judged through a read-only connection: a damaged or newer file,
            # and its -wal, are never written, not even by a checkpoint.
            opening.judge_read_only(path, directory, timeout_s, has_content=True)
        opening.create_store_file(path, directory)
        db = opening.connect_writable(path, directory, timeout_s)
        store = cls(db, path=path, data_dir=directory)
        try:
            store._prepare()
        except BaseException:
            db.close()
            raise
        return store

    @classmethod
    def _open_read_only(cls, directory: Path, path: Path, timeout_s: float) -> "Store":
        if not path.exists() and not path.is_symlink():
            raise StoreError(no_store_message(directory))
        opening.check_data_dir(directory)
        opening.refuse_links(path)
        has_content = opening.check_header(path)
        db = opening.connect_read_only(path, directory, timeout_s)
        try:
            version = opening.judge(db, path, has_content=has_content)
            if version < SCHEMA_VERSION:
                raise StoreError(read_only_message(directory))
        except sqlite3.Error as exc:
            db.close()
            raise translate(exc, path=path, data_dir=directory) from None
        except BaseException:
            db.close()
            raise
        return cls(db, path=path, data_dir=directory, read_only=True)

    def _prepare(self) -> None:
        assert self.path is not None and self._db is not None
        db = self._db
        try:
            db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode=WAL").fetchone()
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA fullfsync=ON")  # macOS: FULL is not enough without it
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA secure_delete=ON")
            db.execute("PRAGMA temp_store=MEMORY")
        except sqlite3.Error as exc:
            raise self._translate(exc) from None
        self._migrate()

    def _migrate(self) -> None:
        db = self._db
        assert db is not None
        try:
            if schema_version(db) == SCHEMA_VERSION:
                return
            with self._transaction():
                # Read again inside the write lock: another instance may have
                # migrated while we waited.
                version = schema_version(db)
                if version > SCHEMA_VERSION:
                    raise StoreError(newer_message(self.path or Path(":memory:")))
                apply_migrations(db, version)
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
        return translate(exc, path=self.path, data_dir=self.data_dir)

    def _run(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        self._refuse_if_read_only()
        try:
            with self._transaction() as db:
                return work(db)
        except sqlite3.Error as exc:
            raise self._translate(exc) from None

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise StoreError(read_only_message(self.data_dir or Path(":memory:")))

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
        helper_role: str | None = None,
        prepared_in: str | None = None,
    ) -> SessionInfo:
        """A new session; ``prepared_in`` links an after part to its preparation."""
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
                f"INSERT INTO sessions ({_SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, NULL)",
                (session_id, flow_id, int(flow_version), flow_kind, pack_id, pack_path, language, decision,
                 stamp, stamp, stored_role(helper_role), prepared_in),
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
        helper_role: str | None = None,
        check_in_on: dt.date | None = _UNSET,
    ) -> SessionInfo:
        """Change what ``sessions list`` shows; ``decision=None`` clears it.

        ``helper_role`` records that a helper sat with the patient ("" when
        the role was not given); a session helped once stays helped.
        ``check_in_on``: the day to look at the decision again (None: no day)."""
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
        if helper_role is not None:
            sets.append("helper_role = ?")
            params.append(stored_role(helper_role))
        if check_in_on is not Store._UNSET:
            sets.append("check_in_on = ?")
            params.append(check_in_on.isoformat() if check_in_on is not None else None)
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
        respondent: Respondent = PATIENT,
    ) -> None:
        """Save one answer, durably, before returning (one transaction).

        ``value`` is a str, int, bool, list of str, or None (skipped on
        purpose). ``progress`` updates the session's progress in the same
        transaction, so the list never disagrees with the answers.
        ``respondent`` says whose answer it is: the patient's (the default)
        or their companion's (see ``records.Respondent``).
        """
        _check_respondent(respondent)
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
                    "INSERT INTO answers (session_id, address, value_json, given_at, respondent) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (session_id, address, value_json, stamp, respondent),
                )
            return changed

        if not self._run(work):
            self.get(session_id)  # raises UnknownSession

    def answers(self, session_id: str, *, respondent: Respondent = PATIENT) -> dict[str, Any]:
        """The current answer per address (its latest save), in the order given.

        The patient's answers unless ``respondent`` names the companion.
        """
        _check_respondent(respondent)
        return self._latest_per_address(session_id, None, respondent)

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

    def _latest_per_address(
        self, session_id: str, limit: tuple[str, Any] | None, respondent: Respondent = PATIENT
    ) -> dict[str, Any]:
        where = "session_id = ? AND respondent = ?"
        params: list[Any] = [session_id, respondent]
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
        self,
        session_id: str,
        address: str | None = None,
        *,
        unreadable: list[int] | None = None,
        respondent: Respondent = PATIENT,
    ) -> list[AnswerRecord]:
        """Every save (of one address, or all), oldest first; the patient's
        unless ``respondent`` names the companion.

        A save whose value no longer reads (damage inside the file) is left
        out; its ``seq`` is added to ``unreadable`` when a list is given.
        """
        _check_respondent(respondent)
        sql = "SELECT address, value_json, given_at, seq FROM answers WHERE session_id = ? AND respondent = ?"
        params: list[Any] = [session_id, respondent]
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
        companion_history: Sequence[AnswerRecord] = (),
    ) -> SessionInfo:
        """Insert a complete session with its history in ONE transaction.

        ``companion_history`` holds the companion's saves, if any. If
        ``info.id`` is taken (or not a valid id), a new id is chosen; the
        returned SessionInfo carries the id used. Used by import.
        """
        for record in (*history, *companion_history):
            check_address(record.address)
            check_value(record.value)
        rows = [
            (record.address, _dump(record.value), _format_time(record.given_at), respondent)
            for records, respondent in ((history, PATIENT), (companion_history, COMPANION))
            for record in records
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
                f"INSERT INTO sessions ({_SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id, info.flow_id, info.flow_version, info.flow_kind, info.pack_id,
                    info.pack_path, info.language, info.decision, info.progress_done,
                    info.progress_total, 1 if info.finished else 0,
                    _format_time(info.created_at), _format_time(info.updated_at),
                    stored_role(info.helper_role),
                    info.prepared_in, info.check_in_on.isoformat() if info.check_in_on else None,
                ),
            )
            db.executemany(
                "INSERT INTO answers (session_id, address, value_json, given_at, respondent) VALUES (?, ?, ?, ?, ?)",
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
            self._refuse_if_read_only()
            assert self.data_dir is not None
            claim = claim_session(self.data_dir, session_id)
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
        if self.data_dir is not None:
            remove_lock_file(self.data_dir, session_id)

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


def _check_respondent(respondent: object) -> None:
    if respondent not in RESPONDENTS:
        raise ValueError(f"respondent is one of {RESPONDENTS}, not {respondent!r}")
