"""A saved session read back to make its card (``prep-assistant summary``).

Kept apart from the live conversation: it loads the card's package, which
the app loads only when the card is shown.
"""

from __future__ import annotations

from typing import Any

from prep_assistant import i18n
from prep_assistant.conversation import before_after
from prep_assistant.conversation.companion_view import attach_companion
from prep_assistant.conversation.opening import OpenedSession, open_for_reading
from prep_assistant.dialogue.engine import Run
from prep_assistant.session import SessionInfo, Store
from prep_assistant.summary.model import BeforeAfterNote, Card, Entry, build_card
from prep_assistant.summary.output import CardError


def open_for_card(store: Store, session_id: str | None = None) -> "tuple[OpenedSession, list[str]]":
    """A saved session read back to make its card (default: the most recent).

    Read only: the session is not claimed, so a card can be made while the
    app has the session open. Raises StoreError (unknown id) or CardError,
    each with a message the patient can act on.
    """
    opened = open_for_reading(
        store,
        session_id,
        error=CardError,
        none_message=i18n._("There are no saved sessions yet, so there is no card to make. Start with: prep-assistant"),
    )
    notices = []
    if opened.pack_missing:
        notices.append(i18n._("The decision pack of this session cannot be found; the card is made without it."))
    gone = before_after.missing_notice(store, opened.session)
    if gone:
        notices.append(gone)
    return opened, notices


def card_of(
    store: Store, run: Run, session: SessionInfo | None, *, prepared_in: str | None = None, **options: Any
) -> Card:
    """The card of a run; an after part's card carries its preparation and the
    comparison, and a companion's view stands beside the patient's when there is one.

    ``prepared_in`` is for an after part that has no session yet (the card
    looked at before the first answer); a saved one names its own.
    """
    note = None
    if run.flow.kind == "after":
        linked = session.prepared_in if session is not None else prepared_in
        note = card_note(before_after.compare(store, linked, run))
    return attach_companion(store, session, build_card(run, session=session, before_after=note, **options), run)


def card_note(compared: before_after.BeforeAfter) -> BeforeAfterNote | None:
    """What the card shows of the comparison (None: nothing to show)."""
    entries = tuple(Entry(label, texts) for label, texts in before_after.comparison_entries(compared))
    if not entries and not compared.linked:
        return None
    day = compared.prepared_on
    return BeforeAfterNote(
        decision=compared.decision,
        prepared_on=i18n.format_date(day) if day is not None else None,
        missing=compared.missing,
        entries=entries,
    )

