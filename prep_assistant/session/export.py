"""Moving a session to another computer: a JSON file, checked on the way in.

The pydantic models below are the one definition of the format::

    {"format": "prep-assistant-session", "version": 1, "exported_at": "...",
     "session": {...}, "answers": [{"address", "value", "given_at"}, ...]}

``answers`` is the full history, oldest first, so changed answers keep their
past on the other computer too. A session prepared with a helper carries
``session.helper_role``; without one the key is left out, so such a file is
byte for byte what earlier versions wrote and read. (An earlier version
refuses a file that has the key, as changed by hand: nothing is imported
wrongly.) A session where the patient's companion gave their own view
(``conversation/companion.py``) carries their saves in ``companion_answers``,
left out in the same way when there are none. Import is strict: a file that is not JSON,
not ours, from a newer version, cut off, or with a wrong type anywhere is
refused as a whole, and nothing is imported.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal, Union

import msgspec
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
)

from prep_assistant import guarded_read, safe_text
from prep_assistant.session.addresses import check_address, check_value
from prep_assistant.session.errors import StoreError, _
from prep_assistant.session.helper_role import stored_role
from prep_assistant.session.private_files import PrivateFileError, write_private
from prep_assistant.session.records import COMPANION, AnswerRecord, SessionInfo, is_valid_session_id
from prep_assistant.session.store import Store

FORMAT_NAME = "prep-assistant-session"
FORMAT_VERSION = 1

#: An export of a long session with history is a few MB; refuse what cannot be one.
MAX_IMPORT_BYTES = 64 * 1024 * 1024

AnswerValue = Union[StrictBool, StrictInt, StrictStr, list[StrictStr], dict[StrictStr, StrictInt], None]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _within_range(when: dt.datetime) -> dt.datetime:
    """A time the store can write: one that still exists in UTC (no overflow)."""
    try:
        when.astimezone(dt.timezone.utc)
    except (OverflowError, ValueError):
        raise ValueError("the time is out of range") from None
    return when


#: A flow is named by its id only: never a path, which could point anywhere.
_FLOW_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")


class ExportedAnswer(_Strict):
    address: str = Field(description="Node id, or node_id[item] inside a for_each.")
    value: AnswerValue = Field(description="str, int, bool, list of str, item -> weight, or null (skipped on purpose).")
    given_at: AwareDatetime

    @field_validator("address")
    @classmethod
    def _address(cls, address: str) -> str:
        check_address(address)
        return address

    _given_at = field_validator("given_at")(_within_range)

    # Plain: one clear message ("an answer is a string, int, ...") instead of
    # one error per member of the union.
    @field_validator("value", mode="plain", json_schema_input_type=AnswerValue)
    @classmethod
    def _value(cls, value: Any) -> Any:
        check_value(value)
        return value


class ExportedSession(_Strict):
    id: str = Field(min_length=1, max_length=64)
    flow_id: str = Field(min_length=1)
    flow_version: int = Field(ge=1)
    flow_kind: Literal["preparation", "after"]
    pack_id: str | None = None
    pack_path: str | None = None
    language: str = Field(min_length=1)
    decision: str | None = None
    progress_done: int = Field(ge=0)
    progress_total: int = Field(ge=0)
    finished: bool
    created_at: AwareDatetime
    updated_at: AwareDatetime
    helper_role: str | None = Field(
        default=None,
        description="Helper mode: who sat with the patient ('' when the role was not given). "
        "Cleaned and cut to 80 characters on import.",
    )
    prepared_in: str | None = Field(
        default=None, description="After the consultation: the id of the preparation this part belongs to."
    )
    check_in_on: dt.date | None = Field(
        default=None, description="After the consultation: the day to look at the decision again."
    )

    @field_validator("id", "prepared_in")
    @classmethod
    def _id(cls, session_id: str | None) -> str | None:
        if session_id is not None and not is_valid_session_id(session_id):
            raise ValueError("a session id has lower-case letters, digits and '-'")
        return session_id

    _times = field_validator("created_at", "updated_at")(_within_range)


class SessionExport(_Strict):
    format: Literal["prep-assistant-session"]
    version: Literal[1]
    exported_at: AwareDatetime
    session: ExportedSession
    answers: list[ExportedAnswer]
    companion_answers: list[ExportedAnswer] = Field(
        default_factory=list,
        description="The companion's saves, oldest first (left out when the companion gave none).",
    )

    _exported_at = field_validator("exported_at")(_within_range)


class ImportResult(msgspec.Struct, frozen=True):
    session: SessionInfo
    original_id: str
    answer_count: int
    #: The export named a decision pack file; it was not kept (see import_session).
    pack_dropped: bool = False
    #: The export was linked to a preparation that is not on this computer;
    #: the link was not kept (see import_session).
    link_dropped: bool = False
    #: Saves of the companion's view that came along.
    companion_answer_count: int = 0

    @property
    def renamed(self) -> bool:
        return self.session.id != self.original_id


# -- export ------------------------------------------------------------------------------


def build_export(store: Store, session_id: str, unreadable: list[int] | None = None) -> SessionExport:
    """The session as an export; saves that no longer read are left out and
    their numbers added to ``unreadable`` (a rescue: the rest still moves)."""
    info = store.get(session_id)
    history = store.history(session_id, unreadable=unreadable)
    companion = store.history(session_id, unreadable=unreadable, respondent=COMPANION)
    return SessionExport(
        format=FORMAT_NAME,
        version=FORMAT_VERSION,
        exported_at=dt.datetime.now(dt.timezone.utc),
        session=ExportedSession(
            id=info.id,
            flow_id=info.flow_id,
            flow_version=info.flow_version,
            flow_kind=info.flow_kind,
            pack_id=info.pack_id,
            pack_path=info.pack_path,
            language=info.language,
            decision=info.decision,
            progress_done=info.progress_done,
            progress_total=info.progress_total,
            finished=info.finished,
            created_at=info.created_at,
            updated_at=info.updated_at,
            helper_role=info.helper_role,
            prepared_in=info.prepared_in,
            check_in_on=info.check_in_on,
        ),
        answers=[
            ExportedAnswer(address=r.address, value=r.value, given_at=r.given_at) for r in history
        ],
        companion_answers=[
            ExportedAnswer(address=r.address, value=r.value, given_at=r.given_at) for r in companion
        ],
    )


def export_session(
    store: Store, session_id: str, path: Path | str, *, unreadable: list[int] | None = None
) -> Path:
    """Write the session to ``path`` (0600), atomically: all or nothing.

    Saves damaged inside the store are left out; see ``build_export``."""
    target = Path(path)
    export = build_export(store, session_id, unreadable)
    # Without a helper, a link, a check-in day or a companion the file is
    # exactly what earlier versions wrote (and can read).
    leave_out: dict[str, Any] = {}
    unset = {name for name in ("helper_role", "prepared_in", "check_in_on") if getattr(export.session, name) is None}
    if unset:
        leave_out["session"] = unset
    if not export.companion_answers:
        leave_out["companion_answers"] = True
    text = export.model_dump_json(indent=2, exclude=leave_out or None) + "\n"
    try:
        return write_private(target, text.encode("utf-8"))
    except PrivateFileError as exc:
        raise StoreError(
            _("Cannot write the export to {path}: {error}.").format(path=target, error=exc.reason)
        ) from None


# -- import ------------------------------------------------------------------------------


def read_export(path: Path | str) -> SessionExport:
    """Read and check an export file; StoreError with a plain reason if it is not one."""
    source = Path(path)
    try:
        raw = guarded_read.read_bytes(source, limit=MAX_IMPORT_BYTES)
    except guarded_read.UnreadableFile as exc:
        if exc.problem == "too_large":
            raise StoreError(
                _("{path} is too large to be a prep-assistant session export.").format(path=source)
            ) from None
        if exc.problem == "folder":
            raise StoreError(_("{path} is a folder, not an export file.").format(path=source)) from None
        raise StoreError(_("Cannot read {path}: {error}.").format(path=source, error=exc.message)) from None

    not_ours = _(
        "{path} is not a prep-assistant session export. Nothing was imported. "
        "Choose a file made with: prep-assistant sessions export"
    ).format(path=source)
    damaged = _(
        "{path} is damaged or was changed by hand: {where}: {problem}. "
        "Nothing was imported."
    )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise StoreError(not_ours) from None
    if not text.strip():
        raise StoreError(_("{path} is empty. Nothing was imported.").format(path=source))
    try:
        data = guarded_read.loads_json(text)
    except guarded_read.TooDeep as exc:
        raise StoreError(
            damaged.format(path=source, where=f"line {exc.line}", problem=exc.message)
        ) from None
    except guarded_read.BadJson as exc:
        if exc.syntax:
            if _looks_cut_off(text):
                raise StoreError(
                    _("{path} is incomplete: it stops half-way, perhaps because copying "
                      "was interrupted. Nothing was imported. Export the session again.").format(path=source)
                ) from None
            raise StoreError(not_ours) from None
        raise StoreError(
            damaged.format(path=source, where=f"line {exc.line}, column {exc.column}", problem=exc.reason)
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise StoreError(not_ours)
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise StoreError(damaged.format(path=source, where="version", problem="not a whole number"))
    if version > FORMAT_VERSION:
        raise StoreError(
            _("{path} was made by a newer version of prep-assistant. Nothing was "
              "imported. Update the app and try again.").format(path=source)
        )
    session = data.get("session")
    flow_id = session.get("flow_id") if isinstance(session, dict) else None
    if isinstance(flow_id, str) and not _FLOW_ID.fullmatch(flow_id):
        raise StoreError(
            _("{path} holds a session of a flow that is not one of prep-assistant's own "
              "flows ({flow}). Only sessions of those flows can be imported. "
              "Nothing was imported.").format(path=source, flow=safe_text.show_unsafe(flow_id[:80]))
        )
    try:
        return SessionExport.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top)"
        problem = first["msg"].removeprefix("Value error, ")
        raise StoreError(
            _("{path} is damaged or was changed by hand: {where}: {problem}. "
              "Nothing was imported.").format(path=source, where=where, problem=problem)
        ) from None


def _looks_cut_off(text: str) -> bool:
    """Whether ``text`` is the start of a JSON object that stops too soon."""
    body = text.strip()
    if not body.startswith("{"):
        return False
    open_brackets = 0
    for index, depth, _line, _column in guarded_read.json_brackets(body):
        if index < 0:  # the end: inside a string, or with brackets still open
            return depth == 1 or open_brackets > 0
        if depth < 0:
            return False
        open_brackets = depth
    return False


def import_session(store: Store, path: Path | str) -> ImportResult:
    """Bring a session in from an export file, in one transaction.

    If a session with the same id exists, the import gets a new id
    (``ImportResult.renamed``).

    A pack's path is not kept (``ImportResult.pack_dropped``): it names a
    file on the other computer, and trusting it would let an export file
    make the app open any local file (a pipe, a device) when the session is
    resumed. The pack's id and the decision stay, and so does every answer,
    the options and their pros and cons included.

    A link to a preparation (the part after the consultation) is kept only
    when that preparation is on this computer (``ImportResult.link_dropped``):
    import the preparation first to keep the two together.
    """
    export = read_export(path)
    meta = export.session
    prepared_in = meta.prepared_in
    link_dropped = False
    if prepared_in is not None and not _is_preparation(store, prepared_in):
        prepared_in, link_dropped = None, True
    info = SessionInfo(
        id=meta.id,
        flow_id=meta.flow_id,
        flow_version=meta.flow_version,
        flow_kind=meta.flow_kind,
        pack_id=meta.pack_id,
        pack_path=None,
        language=meta.language,
        decision=meta.decision,
        progress_done=meta.progress_done,
        progress_total=meta.progress_total,
        finished=meta.finished,
        created_at=meta.created_at,
        updated_at=meta.updated_at,
        helper_role=stored_role(meta.helper_role),
        prepared_in=prepared_in,
        check_in_on=meta.check_in_on,
    )
    history = [AnswerRecord(a.address, a.value, a.given_at, 0) for a in export.answers]
    companion = [AnswerRecord(a.address, a.value, a.given_at, 0) for a in export.companion_answers]
    stored = store.add_session(info, history, companion)
    return ImportResult(
        session=stored,
        original_id=meta.id,
        answer_count=len(history),
        pack_dropped=meta.pack_path is not None,
        link_dropped=link_dropped,
        companion_answer_count=len(companion),
    )


def _is_preparation(store: Store, session_id: str) -> bool:
    return any(info.id == session_id and info.flow_kind == "preparation" for info in store.list_sessions())


def export_json_schema() -> dict[str, Any]:
    """JSON Schema of the export file, for editors and the docs."""
    return SessionExport.model_json_schema()

