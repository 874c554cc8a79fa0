"""What the store hands out (sessions, answers) and how a row becomes one."""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any, Literal, Sequence

import msgspec

from prep_assistant.session.addresses import check_value
from prep_assistant.session.helper_role import stored_role

FlowKind = Literal["preparation", "after"]
FLOW_KINDS = ("preparation", "after")

#: Who gave an answer in a session: the patient, or the person who decides
#: with them (their companion, filling in their own view on the same options).
Respondent = Literal["patient", "companion"]
PATIENT: Respondent = "patient"
COMPANION: Respondent = "companion"
RESPONDENTS = (PATIENT, COMPANION)

#: Session ids: ``20261122-1403-ab12`` (local date and time, 4 random hex).
SESSION_ID_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz-_")
MAX_SESSION_ID_LENGTH = 64


class SessionInfo(msgspec.Struct, frozen=True):
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
    #: Helper mode: who sat with the patient (None: nobody; "": role not given).
    helper_role: str | None = None
    #: The after-consultation part: the id of the preparation it belongs to.
    #: Kept when that preparation is deleted, so the patient can be told.
    prepared_in: str | None = None
    #: The after-consultation part: the day the patient wants to look at the
    #: decision again (None: no day, or the offer was dismissed).
    check_in_on: dt.date | None = None

    @property
    def progress(self) -> tuple[int, int]:
        return (self.progress_done, self.progress_total)


class AnswerRecord(msgspec.Struct, frozen=True):
    """One saved answer: ``seq`` orders all saves, oldest first."""

    address: str
    value: Any
    given_at: dt.datetime
    seq: int


SESSION_COLUMNS = (
    "id, flow_id, flow_version, flow_kind, pack_id, pack_path, language, decision, "
    "progress_done, progress_total, finished, created_at, updated_at, helper_role, prepared_in, check_in_on"
)


def session_from_row(row: Sequence[Any]) -> SessionInfo:
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
        created_at=time_or(row[11], UNREADABLE_TIME),
        updated_at=time_or(row[12], UNREADABLE_TIME),
        helper_role=stored_role(row[13]),
        prepared_in=row[14] if is_valid_session_id(row[14]) else None,
        check_in_on=date_or_none(row[15]),
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

UNREADABLE_TIME = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def time_or(text: Any, fallback: dt.datetime) -> dt.datetime:
    try:
        when = parse_time(text)
        when.astimezone(dt.timezone.utc)  # an offset that overflows is damage too
    except (TypeError, ValueError, OverflowError):
        return fallback
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.timezone.utc)


def date_or_none(text: Any) -> dt.date | None:
    """A stored day (``2026-12-24``), or None when there is none or it does not read."""
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def value_or_damage(value_json: Any) -> tuple[bool, Any]:
    """(True, value) for a stored answer that reads as one, else (False, None)."""
    try:
        value = json.loads(value_json)
        check_value(value)
    except (TypeError, ValueError, RecursionError):
        return False, None
    return True, value


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def format_time(when: dt.datetime) -> str:
    # Fixed width, UTC: text order is time order, so SQL can compare them.
    if when.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return when.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def dump_value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def load_value(text: str) -> Any:
    return json.loads(text)


def new_session_id(when: dt.datetime | None = None) -> str:
    """``20261122-1403-ab12``: readable, sortable, and unlikely to collide."""
    local = (when or now()).astimezone()
    return f"{local:%Y%m%d-%H%M}-{os.urandom(2).hex()}"


def is_valid_session_id(session_id: object) -> bool:
    return (
        isinstance(session_id, str)
        and 0 < len(session_id) <= MAX_SESSION_ID_LENGTH
        and session_id[0].isalnum()
        and set(session_id) <= SESSION_ID_CHARS
    )
