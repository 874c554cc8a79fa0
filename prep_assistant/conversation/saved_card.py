"""A saved session read back to make its card (``prep-assistant summary``).

Kept apart from the live conversation: it loads the card's package, which
the app loads only when the card is shown.
"""

from __future__ import annotations

from prep_assistant import i18n
from prep_assistant.conversation.companion_view import attach_companion
from prep_assistant.conversation.opening import OpenedSession, open_for_reading
from prep_assistant.session import Store
from prep_assistant.summary.model import Card, build_card
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
    return opened, notices


def saved_card(store: Store, opened: OpenedSession) -> Card:
    """The card of a saved session, with a companion's view beside it when there is one."""
    return attach_companion(store, opened.session, build_card(opened.run, session=opened.session))
