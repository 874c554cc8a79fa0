"""A running workshop server for the tests, and a participant that talks to it.

The server runs as ``prep-assistant serve`` in a subprocess with its own
data directory, HOME and working directory, so a test can prove afterwards
that nothing was written to any of them.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07")
READY_LINE = "prep-assistant is ready"
FIRST_SCREEN = "Welcome. Here you can prepare"
SECOND_WELCOME = "You get one short question at a time"
FIRST_QUESTION = "What choice is the conversation about?"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children_of(pid: int) -> list[int]:
    """Direct child processes (Linux /proc; empty elsewhere)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


@dataclass
class Workshop:
    process: subprocess.Popen
    port: int
    data_dir: Path
    home: Path
    cwd: Path
    output: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def participant_processes(self) -> list[int]:
        # textual-serve starts each participant through a shell: count the
        # shells' children too.
        shells = children_of(self.process.pid)
        return shells + [child for shell in shells for child in children_of(shell)]

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        return self.output.read_text(errors="replace")


def start_workshop(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Workshop:
    data_dir, home, cwd = tmp_path / "data", tmp_path / "home", tmp_path / "cwd"
    for folder in (data_dir, home, cwd):
        folder.mkdir()
    port = free_port()
    output = tmp_path / "serve-output.txt"
    environment = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(data_dir), HOME=str(home),
                       PYTHONDONTWRITEBYTECODE="1", **(env or {}))
    process = subprocess.Popen(
        [sys.executable, "-m", "prep_assistant", "serve", "--port", str(port), "--lang", "en", *args],
        stdout=output.open("wb"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        cwd=cwd, env=environment,
    )
    workshop = Workshop(process, port, data_dir, home, cwd, output)
    deadline = time.monotonic() + 30
    while READY_LINE not in output.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            text = workshop.stop()
            raise AssertionError(f"the workshop server did not start:\n{text}")
        time.sleep(0.05)
    return workshop


@pytest.fixture
def workshop(tmp_path):
    running = start_workshop(tmp_path)
    yield running
    running.stop()


class Participant:
    """One browser tab, spoken to over textual-serve's websocket protocol."""

    def __init__(self, session: aiohttp.ClientSession, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.session = session
        self.websocket = websocket
        self.screen = ""
        self.closed_code: int | None = None
        self.downloads: list[str] = []

    @classmethod
    async def join(cls, workshop: Workshop, *, origin: str | None = None, width: int = 100,
                   height: int = 30) -> "Participant":
        session = aiohttp.ClientSession()
        websocket = await session.ws_connect(
            f"ws://127.0.0.1:{workshop.port}/ws?width={width}&height={height}",
            origin=origin or workshop.origin,
        )
        participant = cls(session, websocket)
        await participant.send("resize", {"width": width, "height": height})
        return participant

    async def send(self, kind: str, data: object = None) -> None:
        await self.websocket.send_str(json.dumps([kind, data]))

    async def type(self, keys: str) -> None:
        await self.send("stdin", keys)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", ANSI.sub(" ", self.screen))

    async def wait_for(self, needle: str, timeout: float = 20) -> float:
        """Read until ``needle`` is on screen; returns the seconds it took."""
        start = time.monotonic()
        deadline = start + timeout
        while needle not in self.text:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{needle!r} did not appear; the screen showed: {self.text[-1500:]!r}")
            try:
                message = await asyncio.wait_for(self.websocket.receive(), remaining)
            except asyncio.TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen += message.data.decode("utf-8", "replace")
            elif message.type == aiohttp.WSMsgType.TEXT:
                envelope = json.loads(message.data)
                if envelope[0] == "deliver_file_start":
                    self.downloads.append(envelope[1])
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                self.closed_code = self.websocket.close_code
                raise AssertionError(f"the websocket closed ({self.closed_code}) before {needle!r} appeared")
        return time.monotonic() - start

    async def reach_first_question(self) -> None:
        """Past the welcome (one Enter on Continue) to the first question.

        The second welcome part comes with the first question, at that one
        Enter. Never a second Enter "in case": an early Enter is not lost
        (tests/test_ui_patient_traps.py), and a spare one would skip the first
        question (under load the old retry after 3 s did just that).
        """
        await self.wait_for(FIRST_SCREEN)
        await self.type("\r")
        await self.wait_for(SECOND_WELCOME)
        await self.wait_for(FIRST_QUESTION)

    async def wait_closed(self, timeout: float = 10) -> int | None:
        deadline = time.monotonic() + timeout
        while not self.websocket.closed and time.monotonic() < deadline:
            try:
                message = await asyncio.wait_for(self.websocket.receive(), deadline - time.monotonic())
            except asyncio.TimeoutError:
                break
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                break
        return self.websocket.close_code

    async def leave(self) -> None:
        await self.websocket.close()
        await self.session.close()
