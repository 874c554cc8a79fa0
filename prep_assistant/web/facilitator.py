"""The facilitator's live overview: per statement, how many chose each answer.

Opened with a code that only the volunteer's terminal shows (a random token
made when the server starts). Without it, or with a wrong one, the page is
refused (403). It shows counts only: the statement texts come from the flow,
the numbers from the ``Tally``. Nothing a participant typed ever reaches
the server, so it cannot reach this page either.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

import msgspec

from prep_assistant.conversation.opening import translator
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.texts import choice_context, node_context
from prep_assistant.safe_text import clean
from prep_assistant.web.tally import Tally, scales_of

#: 18 random bytes: 24 characters in the address, far beyond guessing.
CODE_BYTES = 18
#: A code longer than this is wrong without comparing.
MAX_CODE_LENGTH = 100
#: How often the page asks for new counts (milliseconds).
POLL_MILLISECONDS = 1500


class ChoiceCount(msgspec.Struct, frozen=True):
    id: str
    label: str
    count: int


class StatementCount(msgspec.Struct, frozen=True):
    id: str
    text: str
    choices: list[ChoiceCount]

    @property
    def answered(self) -> int:
        return sum(choice.count for choice in self.choices)


class Facilitator:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.tally = Tally(scales_of(flow.statements()))
        self.code = secrets.token_urlsafe(CODE_BYTES)

    def admits(self, code: str | None) -> bool:
        if not code or len(code) > MAX_CODE_LENGTH or not code.isascii():
            return False
        return hmac.compare_digest(code.encode("ascii"), self.code.encode("ascii"))

    def overview(self) -> list[StatementCount]:
        """The statements in the workshop's language, with the counts of now."""
        translate = translator(self.flow)
        counts = self.tally.counts()
        overview = []
        for node in self.flow.statements():
            text = translate(node_context(self.flow.id, node.id, "text"), node.text)
            choices = [
                ChoiceCount(
                    choice.id,
                    clean(translate(choice_context(self.flow.id, node.id, choice.id), choice.label)),
                    counts[node.id][choice.id],
                )
                for choice in node.choices
            ]
            overview.append(StatementCount(node.id, clean(text), choices))
        return overview

    def counts_data(self, participants: int) -> dict[str, Any]:
        """What the page polls: numbers and ids, no text at all."""
        return {"participants": participants, "counts": self.tally.counts()}
