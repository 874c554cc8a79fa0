"""A participant's end of the statement channel (see statement_channel.py).

In a workshop with a facilitator, each participant's process finds the
server's socket in ``SOCKET_ENV`` and listens to the conversation's
statement answers (``conversation.statements``). It sends the statement id
and the choice id, with a random participant id made once per process so a
changed answer moves the count. That id links to nothing: no session, no
name, no address.

Sending never disturbs the participant: if the server cannot be reached,
the count is lost and the conversation goes on.
"""

from __future__ import annotations

import logging
import secrets
import socket
from typing import Mapping

from prep_assistant.conversation import statements
from prep_assistant.web.statement_message import SOCKET_ENV, StatementMessage, encode

log = logging.getLogger(__name__)

#: A local socket answers at once; longer means the server is stuck, and the
#: participant must not wait for it.
SEND_TIMEOUT_SECONDS = 0.5


class StatementSender:
    def __init__(self, socket_path: str) -> None:
        self.socket_path = socket_path
        self.participant = secrets.token_hex(16)
        self._socket: socket.socket | None = None

    def __call__(self, answer: statements.StatementAnswer) -> None:
        line = encode(StatementMessage(self.participant, answer.statement, answer.choice))
        for _attempt in range(2):  # a second try on a fresh connection, once
            try:
                self._connected().sendall(line)
                return
            except OSError as error:
                self.close()
                log.debug("could not send a statement count: %s", error)

    def _connected(self) -> socket.socket:
        if self._socket is None:
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connection.settimeout(SEND_TIMEOUT_SECONDS)
            try:
                connection.connect(self.socket_path)
            except OSError:
                connection.close()
                raise
            self._socket = connection
        return self._socket

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


def send_from_environment(environ: Mapping[str, str]) -> StatementSender | None:
    """Listen to statement answers when the server gave a socket; else do nothing."""
    path = environ.get(SOCKET_ENV, "")
    if not path:
        return None
    sender = StatementSender(path)
    statements.listen(sender)
    return sender
