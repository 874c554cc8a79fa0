"""The database's tables, and how an older file is brought up to date.

``PRAGMA user_version`` is the schema version. ``MIGRATIONS[n]`` takes a
database from version n to n + 1; never edit one that has shipped, append a
new one. The store runs them inside its write transaction.
"""

from __future__ import annotations

import sqlite3
from typing import Callable, Sequence


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


def _migrate_1_to_2(db: sqlite3.Connection) -> None:
    # Helper mode: who sat with the patient. NULL: nobody; '': a helper
    # whose role was not given (see session/helper_role.py).
    db.execute("ALTER TABLE sessions ADD COLUMN helper_role TEXT")


def _migrate_2_to_3(db: sqlite3.Connection) -> None:
    """The after-consultation part is linked to its preparation, and may carry a check-in day.

    No foreign key on ``prepared_in``: when the preparation is deleted the
    link stays, so the after part can say the preparation is no longer there.
    An after part saved before the link existed is linked the way the app
    chose then: the preparation changed most recently before it was started.
    """
    db.execute("ALTER TABLE sessions ADD COLUMN prepared_in TEXT")
    db.execute("ALTER TABLE sessions ADD COLUMN check_in_on TEXT")
    db.execute(
        """
        UPDATE sessions SET prepared_in = (
            SELECT p.id FROM sessions AS p
            WHERE p.flow_kind = 'preparation' AND p.created_at <= sessions.created_at
            ORDER BY p.updated_at DESC, p.rowid DESC LIMIT 1
        )
        WHERE flow_kind = 'after'
        """
    )


def _migrate_3_to_4(db: sqlite3.Connection) -> None:
    """Who gave an answer: the patient, or the companion who decides with them.

    Every existing answer is the patient's. A companion's answers live in the
    same session (one claim, one delete, one export), told apart by this column.
    """
    db.execute("ALTER TABLE answers ADD COLUMN respondent TEXT NOT NULL DEFAULT 'patient'")
    db.execute("CREATE INDEX answers_by_respondent ON answers (session_id, respondent, address, seq)")


MIGRATIONS: Sequence[Callable[[sqlite3.Connection], None]] = (
    _migrate_0_to_1,
    _migrate_1_to_2,
    _migrate_2_to_3,
    _migrate_3_to_4,
)
SCHEMA_VERSION = len(MIGRATIONS)

#: The first bytes of every SQLite database file.
SQLITE_MAGIC = b"SQLite format 3\x00"


def schema_version(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def apply_migrations(db: sqlite3.Connection, from_version: int) -> None:
    """Run the migrations after ``from_version`` (inside the caller's transaction)."""
    for migration in MIGRATIONS[from_version:]:
        migration(db)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
