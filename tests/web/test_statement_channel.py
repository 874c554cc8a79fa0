"""The statement channel: a private Unix socket, many participants at once, hostile lines."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from prep_assistant.conversation import statements
from prep_assistant.conversation.statements import StatementAnswer
from prep_assistant.web.statement_channel import MAX_LINE_BYTES, StatementChannel, split_lines
from prep_assistant.web.statement_sender import StatementSender, send_from_environment
from prep_assistant.web.statement_message import SOCKET_ENV
from prep_assistant.web.tally import Scale, Tally

SCALE = ("eens", "beetje_eens", "neutraal", "beetje_oneens", "oneens")
STATEMENTS = [f"stelling_{n}" for n in range(6)]


async def counts_become(tally: Tally, expected: dict, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while tally.counts() != expected:
        if time.monotonic() > deadline:
            raise AssertionError(f"counts stayed {tally.counts()}, expected {expected}")
        await asyncio.sleep(0.02)


@pytest.fixture
async def channel():
    running = StatementChannel(Tally([Scale(s, SCALE) for s in STATEMENTS]))
    await running.start()
    yield running
    await running.close()


async def test_the_socket_is_in_a_private_directory_that_goes_away(channel):
    mode = os.stat(channel.directory).st_mode
    assert stat.S_IMODE(mode) == 0o700
    assert stat.S_ISSOCK(os.stat(channel.socket_path).st_mode)
    directory = channel.directory
    await channel.close()
    assert not directory.exists()


async def test_thirty_participants_answering_and_changing_at_once_give_exact_counts(channel):
    participants = 30
    start_together = threading.Barrier(participants)

    def participant(number: int) -> None:
        sender = StatementSender(str(channel.socket_path))
        start_together.wait()
        for index, statement in enumerate(STATEMENTS):
            # Every participant first gives another answer, then changes it:
            # only the last may count.
            sender(StatementAnswer(statement, SCALE[(number + 1) % len(SCALE)]))
            sender(StatementAnswer(statement, SCALE[(number + index) % len(SCALE)]))
        sender.close()

    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=participants) as pool:
        await asyncio.gather(*(loop.run_in_executor(pool, participant, n) for n in range(participants)))
    expected = {
        statement: {choice: sum(1 for n in range(participants) if SCALE[(n + index) % len(SCALE)] == choice) for choice in SCALE}
        for index, statement in enumerate(STATEMENTS)
    }
    await counts_become(channel.tally, expected)


async def test_hostile_lines_are_dropped_and_the_good_ones_still_count(channel):
    good = {"p": "a" * 32, "s": STATEMENTS[0], "c": "eens"}
    reader, writer = await asyncio.open_unix_connection(str(channel.socket_path))
    writer.write(b"x" * (MAX_LINE_BYTES * 20))  # an overlong line, sent in pieces ...
    await writer.drain()
    writer.write(b'{"p":"' + b"b" * 32 + b'","s":"' + STATEMENTS[0].encode() + b'","c":"oneens"}\n')  # ... whose end is dropped too
    for bad in (
        b"not json",
        json.dumps({**good, "s": "no_such_statement"}).encode(),
        json.dumps({**good, "c": "no_such_choice"}).encode(),
        json.dumps({**good, "p": "not-hex"}).encode(),
        json.dumps({**good, "why": "some typed text"}).encode(),
        b"\xff\xfe\x00",
    ):
        writer.write(bad + b"\n")
    writer.write(json.dumps(good).encode() + b"\n")
    await writer.drain()
    expected = {s: dict.fromkeys(SCALE, 0) for s in STATEMENTS}
    expected[STATEMENTS[0]]["eens"] = 1
    await counts_become(channel.tally, expected)
    writer.close()


async def test_a_participant_who_disconnects_mid_line_keeps_their_counts(channel):
    reader, writer = await asyncio.open_unix_connection(str(channel.socket_path))
    writer.write(json.dumps({"p": "c" * 32, "s": STATEMENTS[1], "c": "neutraal"}).encode() + b'\n{"p":"cc')
    await writer.drain()
    writer.close()
    expected = {s: dict.fromkeys(SCALE, 0) for s in STATEMENTS}
    expected[STATEMENTS[1]]["neutraal"] = 1
    await counts_become(channel.tally, expected)


def test_splitting_lines_skips_an_overlong_line_up_to_its_newline():
    buffer = bytearray()
    lines, skipping = split_lines(buffer, b"a" * (MAX_LINE_BYTES + 1), False)
    assert (lines, skipping, bytes(buffer)) == ([], True, b"")
    lines, skipping = split_lines(buffer, b"rest\nnext\nhalf", skipping)
    assert (lines, skipping, bytes(buffer)) == ([b"next"], False, b"half")


def test_a_sender_without_a_server_never_raises(tmp_path):
    sender = StatementSender(str(tmp_path / "nobody-listens.sock"))
    sender(StatementAnswer("stelling_0", "eens"))  # no exception: the participant goes on


def test_only_a_process_given_a_socket_sends(monkeypatch):
    assert send_from_environment({}) is None
    sender = send_from_environment({SOCKET_ENV: "/nonexistent/statements.sock"})
    try:
        assert sender is not None and len(sender.participant) == 32
    finally:
        statements.stop_listening(sender)
