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
    continue ``session`` (the most recent one of this kind) or start new.
    """

    action: Literal["open", "new", "ask"]
    session_id: str | None = None
    latest: SessionInfo | None = field(default=None, compare=False)


def choose_start(store: Store, flow_kind: str, *, session_id: str | None = None, new: bool = False) -> StartChoice:
    """The one rule of both front ends. Raises StoreError (a damaged store)."""
    if session_id:
        return StartChoice("open", session_id)
    if new:
        return StartChoice("new")
    latest = store.latest(flow_kind)
    if latest is None:
        return StartChoice("new")
    return StartChoice("ask", latest.id, latest)


def is_shipped(flow: "Flow") -> bool:
    """Is ``flow`` one of the flows that come with prep-assistant?"""
    try:
        return Path(flow.source_path).resolve().parent == dialogues_dir().resolve()
    except (OSError, TypeError):
        return False

