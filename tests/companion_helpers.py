"""Shared steps of the companion tests: a patient who wrote down options, a companion who answers."""

from __future__ import annotations

from typing import Any

from prep_assistant.conversation import Conversation
from prep_assistant.session import Store

OPTIONS = ["Afwachten: nu nog niets doen", "Operatie"]

#: The patient's answers by node id (per option: ``node[option]``); the rest is skipped.
PATIENT = {
    "beslissing": "Wel of geen operatie aan mijn knie",
    "opties": OPTIONS,
    "voordelen[Afwachten: nu nog niets doen]": ["Geen operatie"],
    "voordelen_gewicht[Afwachten: nu nog niets doen]": {"Geen operatie": 4},
    "nadelen[Operatie]": ["Lang herstel"],
    "nadelen_gewicht[Operatie]": {"Lang herstel": 4},
}

#: A companion who sees one pro the patient does not, and weighs a shared con otherwise.
COMPANION = {
    "naam": "Kees",
    "voordelen[Afwachten: nu nog niets doen]": ["Geen operatie", "Rust"],
    "voordelen_gewicht[Afwachten: nu nog niets doen]": {"Geen operatie": 4, "Rust": 2},
    "nadelen[Operatie]": ["Lang herstel"],
    "nadelen_gewicht[Operatie]": {"Lang herstel": 1},
    "voorkeur": "Operatie",
    "belangrijk": "Weer fietsen",
}


def answer_until(conversation: Conversation, answers: dict[str, Any], stop_at: str | None = None) -> None:
    """Answer from ``answers`` (by key), skip the rest, read every message; stop at ``stop_at``."""
    while (turn := conversation.current) is not None:
        if turn.node_id == stop_at:
            return
        if turn.is_info:
            conversation.answer(True)
        elif turn.key in answers:
            conversation.answer(answers[turn.key])
        elif turn.node_id in answers:
            conversation.answer(answers[turn.node_id])
        elif turn.answered and turn.value is not None:
            conversation.answer(turn.value)  # filled in already (the options): keep it
        else:
            conversation.answer(None)


def patient_with_options(store: Store, *, stop_at: str = "voorkeur") -> Conversation:
    """A patient's preparation answered up to ``stop_at`` (after the options and their pros and cons)."""
    conversation = Conversation.start(store, language="nl")
    answer_until(conversation, PATIENT, stop_at=stop_at)
    return conversation
