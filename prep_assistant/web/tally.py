"""The facilitator's counts: per statement, how many participants chose each answer.

Pure and synchronous, so it is tested without sockets. What it keeps, only
in the server's memory:

- per statement and choice, a number;
- per participant (a random id their process chose, unknown to anyone
  else) and statement, the choice that is counted now, so that a changed
  answer moves one count instead of adding a second. It is never shown and
  never written anywhere; it is gone when the server stops.

No text is ever kept: a message names a statement and a choice by id, and
ids the flow does not declare are ignored. A participant who leaves keeps
their counts, as a show of hands would.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

import msgspec

#: A participant's id: the random hex their process chose (see statement_sender).
PARTICIPANT_PATTERN = re.compile(r"[0-9a-f]{32}")
#: More participant ids than any workshop has: beyond it, new ids are ignored,
#: so a flood of invented ids cannot fill the server's memory.
MAX_PARTICIPANTS = 5000


class Scale(msgspec.Struct, frozen=True):
    """A statement as the tally knows it: its id and its choice ids, in order."""

    statement: str
    choices: tuple[str, ...]


def scales_of(statement_nodes: Iterable[Any]) -> list[Scale]:
    """The scales of a flow's statements (``Flow.statements()``)."""
    return [Scale(node.id, tuple(choice.id for choice in node.choices)) for node in statement_nodes]


class Tally:
    def __init__(self, scales: Iterable[Scale], *, max_participants: int = MAX_PARTICIPANTS) -> None:
        self.scales = list(scales)
        self._counts: dict[str, dict[str, int]] = {
            scale.statement: dict.fromkeys(scale.choices, 0) for scale in self.scales
        }
        self._counted: dict[tuple[str, str], str] = {}
        self._participants: set[str] = set()
        self.max_participants = max_participants

    def record(self, participant: str, statement: str, choice: str | None) -> bool:
        """Count ``choice`` for ``statement`` (None: the answer was taken back).

        Returns False, and changes nothing, for a message that does not fit:
        an unknown statement or choice, or a malformed participant id.
        """
        counts = self._counts.get(statement)
        if counts is None or not isinstance(participant, str) or not PARTICIPANT_PATTERN.fullmatch(participant):
            return False
        if choice is not None and choice not in counts:
            return False
        if participant not in self._participants:
            if len(self._participants) >= self.max_participants:
                return False
            self._participants.add(participant)
        key = (participant, statement)
        previous = self._counted.pop(key, None)
        if previous is not None:
            counts[previous] -= 1
        if choice is not None:
            counts[choice] += 1
            self._counted[key] = choice
        return True

    def counts(self) -> dict[str, dict[str, int]]:
        """A copy: statement id -> choice id -> how many chose it now."""
        return {statement: dict(choices) for statement, choices in self._counts.items()}

    def answered(self, statement: str) -> int:
        return sum(self._counts.get(statement, {}).values())
