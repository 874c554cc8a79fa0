"""Opening a saved session, and choosing between "continue" and "start new".

One rule for how a session is read back, used by the live conversation, the
card command and the look-back: find the session's flow, find its pack again
(a pack that is gone is a notice, not an error), and translate flow texts
from the flow's language and pack texts from the pack's (packs are written
in Dutch).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from prep_assistant import i18n
from prep_assistant.dialogue.engine import Run, Translate
from prep_assistant.dialogue.library import LibraryError, find_flow, load_pack_file
from prep_assistant.errors import UserError
from prep_assistant.paths import dialogues_dir
from prep_assistant.session import SessionInfo, Store

if TYPE_CHECKING:  # pragma: no cover  (pydantic stays unloaded while the app runs)
    from prep_assistant.dialogue import schema
    from prep_assistant.dialogue.flow import Flow

#: The language decision packs are written in.
PACK_LANGUAGE = "nl"


def translator(flow: "Flow") -> Translate:
    """How texts of ``flow`` and of its pack reach the patient's language."""

    def translate(context: str, source: str) -> str:
        language = PACK_LANGUAGE if context.startswith("pack.") else flow.language
        return i18n.dialogue_text(context, source, language)

    return translate


@dataclass
class OpenedSession:
    """A saved session read back: its flow, its pack (if still there), its run."""

    session: SessionInfo
    flow: "Flow"
    pack: "schema.PackFile | None"
    run: Run
    #: True when the session had a pack that can no longer be read.
    pack_missing: bool = False


def open_saved(store: Store, session: SessionInfo) -> OpenedSession:
    """Read ``session`` back. Raises LibraryError when its flow is gone."""
    flow = find_flow(session.flow_id)
    pack, missing = _pack_of(session)
    run = Run(flow, answers=store.answers(session.id), pack=pack, translate=translator(flow))
    return OpenedSession(session, flow, pack, run, missing)


def latest_or_given(store: Store, session_id: str | None) -> SessionInfo | None:
    """The session ``session_id`` (StoreError if unknown), else the most recent one."""
    if session_id is not None:
        return store.get(session_id)
    sessions = store.list_sessions()
    return sessions[0] if sessions else None


def open_for_reading(
    store: Store, session_id: str | None, *, error: type[UserError], none_message: str
) -> OpenedSession:
    """A saved session read back by a command (default: the most recent one).

    Read only: the session is not claimed. Raises StoreError for an unknown
    id, and ``error`` (with ``none_message`` when there is no session at all,
    or a message naming the session when its flow is gone).
    """
    info = latest_or_given(store, session_id)
    if info is None:
        raise error(none_message)
    try:
        return open_saved(store, info)
    except LibraryError as exc:
        raise error(
            i18n._("The questions of session {id} cannot be found ({problem}).").format(id=info.id, problem=exc.message)
        ) from None


def _pack_of(session: SessionInfo) -> "tuple[schema.PackFile | None, bool]":
    if not session.pack_path:
        return None, False
    try:
        return load_pack_file(session.pack_path), False
    except (LibraryError, OSError):
        return None, True


# -- continue or start new --------------------------------------------------------


@dataclass(frozen=True)
class StartChoice:
    """What to do when a front end starts.

    ``open``: open ``session``; ``new``: start a new session; ``ask``: offer to
    continue ``session`` (the most recent unfinished one of this kind) or
    start new; ``finished``: the most recent preparation is finished, so offer
    its card, the part after the consultation, or a new preparation.
    """

    action: Literal["open", "new", "ask", "finished"]
    session_id: str | None = None
    latest: SessionInfo | None = field(default=None, compare=False)


def choose_start(store: Store, flow_kind: str, *, session_id: str | None = None, new: bool = False) -> StartChoice:
    """The one rule of both front ends. Raises StoreError (a damaged store)."""
    if session_id:
        return StartChoice("open", session_id)
    if new:
        return StartChoice("new")
    sessions = [info for info in store.list_sessions() if info.flow_kind == flow_kind]
    for info in sessions:
        # A session nobody answered a question in (left by an older version,
        # which made one at every start) is not worth continuing.
        if not info.finished and info.progress_done > 0:
            return StartChoice("ask", info.id, info)
    if flow_kind == "preparation":
        for info in sessions:
            if info.finished:
                return StartChoice("finished", info.id, info)
    return StartChoice("new")


# -- a session described for the patient ---------------------------------------------


def full_sentence(text: str) -> str:
    """``text`` ending in one full stop: a decision may end in its own "?"."""
    text = text.rstrip()
    return text if not text or text[-1] in ".?!\u061f" else text + "."


@dataclass(frozen=True)
class SessionWords:
    """A saved session in the patient's words (the start offer, the chooser)."""

    #: "You started earlier, on 8 December 2026."
    started: str
    #: "It is about: Knee surgery or not?" (one end mark, never "?.").
    about: str
    #: "You answered 3 questions so far."
    answered: str
    #: One row of a list of sessions: "8 December 2026: Knee surgery or not?"
    row: str
    #: The second line of that row: "3 questions answered, finished."
    row_detail: str
    #: "Your preparation of 8 December 2026 is finished."
    finished: str


def describe_session(info: SessionInfo) -> SessionWords:
    when = i18n.format_date(info.updated_at.astimezone().date())
    decision = info.decision or i18n._("no decision written down yet")
    done = info.progress_done
    state = i18n._("finished") if info.finished else i18n._("not finished")
    return SessionWords(
        started=i18n._("You started earlier, on {date}.").format(date=when),
        about=full_sentence(i18n._("It is about: {decision}").format(decision=decision)),
        answered=i18n.nformat("You answered {n} question so far.", "You answered {n} questions so far.", done),
        row=full_sentence(i18n._("{date}: {decision}").format(date=when, decision=decision)),
        row_detail=i18n.nformat("{n} question answered, {state}.", "{n} questions answered, {state}.", done, state=state),
        finished=i18n._("Your preparation of {date} is finished.").format(date=when),
    )


def is_shipped(flow: "Flow") -> bool:
    """Is ``flow`` one of the flows that come with prep-assistant?"""
    try:
        return Path(flow.source_path).resolve().parent == dialogues_dir().resolve()
    except (OSError, TypeError):
        return False

