"""Who hears that a workshop statement was answered.

A statement (a single choice marked ``statement = true``) is counted for a
workshop's facilitator. The live ``Conversation`` tells every listener here
which choice was given to which statement, and nothing else: no typed text,
no session, no other answer. Who listens is decided by the front end's
start-up (``launch``): in a workshop with a facilitator, a sender to the
server's socket (``web.statement_sender``); otherwise nobody.

A listener that fails must never disturb the patient: its error is logged
and the conversation goes on.
"""

from __future__ import annotations

import logging
from typing import Callable

import msgspec

log = logging.getLogger(__name__)


class StatementAnswer(msgspec.Struct, frozen=True):
    """One statement answered: its node id and the choice id (None: skipped)."""

    statement: str
    choice: str | None


Listener = Callable[[StatementAnswer], None]

#: One process is one participant, so one list per process is enough.
_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    _listeners.append(listener)


def stop_listening(listener: Listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def tell(answer: StatementAnswer) -> None:
    for listener in list(_listeners):
        try:
            listener(answer)
        except Exception:  # a listener's failure is never the patient's problem
            log.warning("a statement listener failed", exc_info=True)
