"""The one message a participant's process sends to the workshop server.

One line of JSON per answered statement::

    {"p": "<participant id: 32 hex>", "s": "<statement id>", "c": "<choice id>" | null}

Nothing else goes over the socket: no text, no session, no other answer.
The server reads every line as hostile input: ``parse`` accepts exactly this
shape and nothing more, and a line longer than ``MAX_LINE_BYTES`` is dropped.
"""

from __future__ import annotations

import json

import msgspec

#: The environment variable that tells a participant's process where the
#: server's socket is (set only on the command of a workshop with a facilitator).
SOCKET_ENV = "PREP_ASSISTANT_STATEMENT_SOCKET"
#: Longest line the server reads; a real one is well under 200 bytes.
MAX_LINE_BYTES = 512
_KEYS = {"p", "s", "c"}
_ID_LIMIT = 64  # ids in a flow are at most 64 characters (schema.Id)


class StatementMessage(msgspec.Struct, frozen=True):
    participant: str
    statement: str
    choice: str | None


def encode(message: StatementMessage) -> bytes:
    data = {"p": message.participant, "s": message.statement, "c": message.choice}
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"


def _short_str(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= _ID_LIMIT


def parse(line: bytes) -> StatementMessage | None:
    """The message in ``line``, or None when it is not exactly one."""
    if len(line) > MAX_LINE_BYTES:
        return None
    try:
        data = json.loads(line.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or set(data) != _KEYS:
        return None
    participant, statement, choice = data["p"], data["s"], data["c"]
    if not (_short_str(participant) and _short_str(statement) and (choice is None or _short_str(choice))):
        return None
    return StatementMessage(participant, statement, choice)
