"""The server's end of the statement channel: a Unix socket only it can reach.

textual-serve starts a separate process per participant, so their answers
reach the facilitator's overview through a local socket that the server
owns: a socket in a fresh private directory (mode 0700, made by
``tempfile.mkdtemp``), removed again when the server stops. Its path goes
to each participant's process in ``SOCKET_ENV`` (see participant.py).

Every line is hostile input: it is parsed by ``statement_message.parse``
and counted by the ``Tally``, which ignores statements and choices the flow
does not have. A line longer than ``MAX_LINE_BYTES`` is dropped (up to its
newline), and so is anything that is not one message. Nothing is answered
back and nothing is written to disk.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
from pathlib import Path

from prep_assistant.web.statement_message import MAX_LINE_BYTES, parse
from prep_assistant.web.tally import Tally

log = logging.getLogger("prep_assistant.web")

#: How much is read at once; lines are split out of it.
_CHUNK = 4096
#: More connections than participants a workshop can have; beyond it, new ones are closed.
MAX_CONNECTIONS = 1000


def split_lines(buffer: bytearray, chunk: bytes, skipping: bool) -> tuple[list[bytes], bool]:
    """Add ``chunk`` to ``buffer``; return the complete lines and whether the
    rest of an overlong line is being skipped. ``buffer`` keeps the unfinished tail."""
    lines: list[bytes] = []
    buffer += chunk
    while True:
        end = buffer.find(b"\n")
        if end < 0:
            if len(buffer) > MAX_LINE_BYTES:
                buffer.clear()
                skipping = True
            return lines, skipping
        line = bytes(buffer[:end])
        del buffer[: end + 1]
        if skipping:
            skipping = False  # this newline ends the overlong line
            continue
        lines.append(line)


class StatementChannel:
    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        # Made now, so the participants' command can name the socket before
        # the server runs; mkdtemp makes it 0700: only this user gets in.
        self.directory: Path | None = Path(tempfile.mkdtemp(prefix="prep-assistant-"))
        self.socket_path = self.directory / "statements.sock"
        self._server: asyncio.AbstractServer | None = None
        self._connections = 0

    async def start(self) -> None:
        self._server = await asyncio.start_unix_server(self._serve_participant, path=str(self.socket_path))

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    async def _serve_participant(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._connections >= MAX_CONNECTIONS:
            writer.close()
            return
        self._connections += 1
        buffer = bytearray()
        skipping = False
        try:
            while chunk := await reader.read(_CHUNK):
                lines, skipping = split_lines(buffer, chunk, skipping)
                for line in lines:
                    message = parse(line)
                    if message is None or not self.tally.record(message.participant, message.statement, message.choice):
                        log.debug("ignored a statement message that does not fit")
        except (ConnectionError, OSError):
            pass  # a participant's process that ends mid-line: their counts stay
        finally:
            self._connections -= 1
            writer.close()
