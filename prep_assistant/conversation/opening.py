"""Opening a saved session, and choosing between "continue" and "start new".

One rule for how a session is read back, used by the live conversation, the
card command and the look-back: find the session's flow, find its pack again
(a pack that is gone is a notice, not an error), and translate flow texts
from the flow's language and pack texts from the pack's (packs are written
in Dutch).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import msgspec

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


class OpenedSession(msgspec.Struct):
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


class StartChoice(msgspec.Struct, frozen=True):
    """What to do when a front end starts.

    ``open``: open ``session``; ``new``: start a new session (an after part
    linked to ``prepared_in``); ``ask``: offer to continue ``session`` (the
    most recent unfinished one of this kind) or start new; ``finished``: the
    most recent preparation is finished, so offer its card, the part after
    the consultation, or a new preparation; ``check_in``: the day the patient
    chose to look at their decision again has come (``session`` is that after
    part); ``choose_preparation``: a new after part, and there are several
    ``preparations`` it may belong to (the most recent first: the default).
    """

    action: Literal["open", "new", "ask", "finished", "check_in", "choose_preparation"]
    session_id: str | None = None
    latest: SessionInfo | None = None
    #: A new after part: the preparation it belongs to.
    prepared_in: str | None = None
    #: ``choose_preparation``: the preparations to choose from, most recent first.
    preparations: tuple[SessionInfo, ...] = ()


def choose_start(
    store: Store,
    flow_kind: str,
    *,
    session_id: str | None = None,
    new: bool = False,
    today: dt.date | None = None,
    check_in: bool = True,
) -> StartChoice:
    """The one rule of both front ends. Raises StoreError (a damaged store).

    ``check_in=False`` once the check-in was offered (and looked at, put off
    or dismissed): the front end asks again for what comes next.
    """
    if session_id:
        return StartChoice("open", session_id)
    if new:
        return _new_start(store, flow_kind)
    if check_in:
        due = check_in_due(store, today=today)
        if due is not None:
            return StartChoice("check_in", due.id, due)
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
    return _new_start(store, flow_kind)


def _new_start(store: Store, flow_kind: str) -> StartChoice:
    if flow_kind != "after":
        return StartChoice("new")
    choices = preparations(store)
    if len(choices) > 1:
        return StartChoice("choose_preparation", preparations=tuple(choices))
    return StartChoice("new", prepared_in=choices[0].id if choices else None)


# -- the part after the consultation: its preparation, and the check-in ------------


def preparations(store: Store) -> list[SessionInfo]:
    """The preparations an after part may belong to: started or finished, most recent first."""
    return [
        info for info in store.list_sessions()
        if info.flow_kind == "preparation" and (info.finished or info.progress_done > 0)
    ]


def default_preparation(store: Store) -> SessionInfo | None:
    """The preparation a new after part belongs to unless the patient chooses: the most recent."""
    choices = preparations(store)
    return choices[0] if choices else None


def check_in_due(store: Store, *, today: dt.date | None = None) -> SessionInfo | None:
    """The after part whose check-in day has come (the earliest day first), if any."""
    day = today or dt.date.today()
    due = [
        info for info in store.list_sessions()
        if info.flow_kind == "after" and info.check_in_on is not None and info.check_in_on <= day
    ]
    return min(due, key=lambda info: info.check_in_on) if due else None  # type: ignore[arg-type, return-value]


def dismiss_check_in(store: Store, session_id: str) -> SessionInfo:
    """The patient does not want the check-in offered again (until they choose a new day)."""
    return store.update_meta(session_id, check_in_on=None)


def check_in_words(info: SessionInfo, *, today: dt.date | None = None) -> str:
    """"You wanted to look at your decision again today. It is about: ..."."""
    day = today or dt.date.today()
    if info.check_in_on is None or info.check_in_on >= day:
        when = i18n._("You wanted to look at your decision again today.")
    else:
        when = i18n._("You wanted to look at your decision again on {date}.").format(
            date=i18n.format_date(info.check_in_on)
        )
    if not info.decision:
        return when
    return f"{when} " + full_sentence(i18n._("It is about: {decision}").format(decision=info.decision))


# -- a session described for the patient ---------------------------------------------


def full_sentence(text: str) -> str:
    """``text`` ending in one full stop: a decision may end in its own "?"."""
    text = text.rstrip()
    return text if not text or text[-1] in ".?!\u061f" else text + "."


class SessionWords(msgspec.Struct, frozen=True):
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

