"""A companion's view read back, to stand beside the patient's on the card.

The companion's answers are a second set of answers in the patient's
session (``respondent = "companion"`` in the store), given through the
companion flow (``dialogues/voorbereiding_naaste.toml``). Reading them back follows the
one rule of ``opening``: the flow found by id, its texts translated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from prep_assistant.conversation.opening import translator
from prep_assistant.dialogue.engine import Run
from prep_assistant.dialogue.library import LibraryError, find_flow
from prep_assistant.session import SessionInfo, Store
from prep_assistant.session.records import COMPANION

from prep_assistant.summary.by_role import read_roles
from prep_assistant.summary.companion import companion_view
from prep_assistant.summary.model import Card

if TYPE_CHECKING:  # pragma: no cover
    from prep_assistant.dialogue.flow import Flow

#: The flow a companion fills in.
COMPANION_FLOW = "voorbereiding_naaste"
#: Its question for the companion's name (``{naam}`` in its texts).
NAME_QUESTION = "naam"


def companion_flow() -> "Flow":
    return find_flow(COMPANION_FLOW)


def companion_run(store: Store, session: SessionInfo, seed: dict | None = None) -> Run | None:
    """The companion's run in ``session``; None when no companion answered yet
    (and nothing is given in ``seed``)."""
    answers = store.answers(session.id, respondent=COMPANION)
    if not answers and not seed:
        return None
    flow = companion_flow()
    return Run(flow, answers={**(seed or {}), **answers}, translate=translator(flow))


def attach_companion(store: Store, session: SessionInfo | None, card: Card, patient: Run) -> Card:
    """Put the companion's view (if any) beside the patient's on ``card`` (the card of ``patient``).

    A companion flow that cannot be read leaves the card as it was: the
    patient's own card is never lost to it.
    """
    if session is None:
        return card
    try:
        run = companion_run(store, session)
    except LibraryError:
        return card
    if run is None:
        return card
    card.companion = companion_view(
        read_roles(patient, card.labels), read_roles(run, card.labels),
        name=run.answers.get(NAME_QUESTION), finished=run.finished,
    )
    return card
