"""The workshop server end to end over its websocket (no browser needed)."""

from __future__ import annotations

import asyncio
import re
import signal
from pathlib import Path
import time

import aiohttp
import pytest

from conftest import FIRST_QUESTION, FIRST_SCREEN, Participant, start_workshop


async def fetch(url: str, **headers: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session:
        async with session.get(url, headers=headers) as response:
            return response.status, await response.text()


def all_files(*folders) -> list[str]:
    return sorted(str(path) for folder in folders for path in folder.rglob("*"))


async def test_the_page_names_no_other_host(workshop):
    status, html = await fetch(workshop.url)
    assert status == 200
    hosts = set(re.findall(r"(?:https?|wss?)://([^/\"'\s)]+)", html))
    assert hosts == {f"127.0.0.1:{workshop.port}"}
    assert "googleapis" not in html and "//" not in html.replace(f"//127.0.0.1:{workshop.port}/", "")
    assert "Nothing you type is kept on this computer" in html


async def test_the_page_uses_the_address_the_browser_used(workshop):
    _, html = await fetch(workshop.url, Host=f"localhost:{workshop.port}")
    assert f"ws://localhost:{workshop.port}/ws" in html
    assert "127.0.0.1" not in html


@pytest.mark.parametrize("value, expected", [("20", "20"), ("x", "16"), ("99999", "40"), ("-3", "8"),
                                              ('"><script>', "16")])
async def test_fontsize_is_a_bounded_number(workshop, value, expected):
    async with aiohttp.ClientSession() as session:
        async with session.get(workshop.url, params={"fontsize": value}) as response:
            html = await response.text()
    assert f'data-font-size="{expected}"' in html
    assert "<script>" not in html.split("</head>")[1]


async def test_no_listing_of_the_static_files(workshop):
    status, _ = await fetch(workshop.url + "static/")
    assert status in (403, 404)
    status, _ = await fetch(workshop.url + "static/../../../etc/passwd")
    assert status in (403, 404)


async def test_a_request_for_another_host_name_is_refused(workshop):
    status, _ = await fetch(workshop.url, Host="attacker.example")
    assert status == 421


@pytest.mark.parametrize("origin", ["http://attacker.example", "null", f"http://127.0.0.1:1", "https://127.0.0.1"])
async def test_a_websocket_from_another_origin_is_refused(workshop, origin):
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(f"ws://127.0.0.1:{workshop.port}/ws", origin=origin)
    assert refused.value.status == 403
    assert workshop.participant_processes() == []


async def test_a_websocket_without_origin_is_refused(workshop):
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(f"ws://127.0.0.1:{workshop.port}/ws", headers={"Origin": ""})


async def test_a_participant_gets_the_first_question_and_leaving_ends_the_process(workshop):
    participant = await Participant.join(workshop)
    await participant.wait_for(FIRST_SCREEN)
    await participant.wait_for("Guest mode")
    assert len(workshop.participant_processes()) >= 1
    await participant.reach_first_question()
    await participant.leave()
    deadline = time.monotonic() + 15
    while workshop.participant_processes() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert workshop.participant_processes() == []


async def test_two_participants_are_isolated(workshop):
    first, second = await asyncio.gather(Participant.join(workshop), Participant.join(workshop))
    await asyncio.gather(first.wait_for(FIRST_SCREEN), second.wait_for(FIRST_SCREEN))
    await first.reach_first_question()
    await first.type("secret knee choice of participant one")
    await first.wait_for("participant one")
    await second.reach_first_question()
    await asyncio.sleep(0.5)
    await second.type("x")
    await second.wait_for(FIRST_QUESTION)
    assert "participant one" not in second.text
    await first.leave()
    await second.leave()


async def test_nothing_is_written_by_a_served_session(tmp_path):
    running = start_workshop(tmp_path)
    try:
        before = all_files(running.data_dir, running.home, running.cwd)
        participant = await Participant.join(running)
        await participant.reach_first_question()
        await participant.type("a choice that must not be kept\r")
        await participant.wait_for("What is the date")
        await participant.type("\x11")  # Ctrl+Q
        await asyncio.sleep(1)
        await participant.leave()
    finally:
        output = running.stop()
    assert all_files(running.data_dir, running.home, running.cwd) == before == []
    assert "Traceback" not in output


async def test_the_room_is_full_message(tmp_path):
    running = start_workshop(tmp_path, "--max-participants", "1")
    try:
        first = await Participant.join(running)
        await first.wait_for(FIRST_SCREEN)
        status, html = await fetch(running.url)
        assert status == 503
        assert "All places in this workshop are taken right now." in html
        assert "textual.js" not in html
        second = await Participant.join(running)
        assert await second.wait_closed() == 1013
        await second.leave()
        await first.leave()
        deadline = time.monotonic() + 15
        while (await fetch(running.url))[0] != 200 and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        assert (await fetch(running.url))[0] == 200
    finally:
        running.stop()


JUNK = ["not json", "[]", "{}", '[1, 2]', '["stdin", 5]', '["resize", "big"]', '["stdin"]',
        '["resize", {"width": "x", "height": 1e309}]', '["resize", {"width": -5, "height": 99999}]',
        '["unknown"]', '["ping", {"a": 1}]', '["stdin", "\\ud800"]', "[" * 5000]


async def test_broken_messages_do_not_end_the_session(workshop):
    participant = await Participant.join(workshop)
    await participant.wait_for(FIRST_SCREEN)
    for junk in JUNK:
        await participant.websocket.send_str(junk)
    await participant.websocket.send_bytes(b"\xff\x00binary")
    # The odd sizes above make the app too small; the browser's next resize mends it.
    await participant.send("resize", {"width": 100, "height": 30})
    # The junk reaches the app as keys (it may open the help): the session goes
    # on if Enter still leads, one screen at a time, to the first question.
    for _ in range(5):
        await participant.type("\r")
        try:
            await participant.wait_for(FIRST_QUESTION, timeout=5)
            break
        except AssertionError:
            continue
    assert FIRST_QUESTION in participant.text
    await participant.leave()
    assert "Traceback" not in workshop.stop()


async def test_a_hostile_answer_typed_in_the_browser(workshop):
    participant = await Participant.join(workshop)
    await participant.reach_first_question()
    await participant.type("[/] [@click=app.quit]x[/] " + "long " * 400 + "\x1b]0;pwned\x07\r")
    await participant.wait_for("What is the date")
    await participant.leave()
    assert "Traceback" not in workshop.stop()


def running(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "\nState:\tZ" not in status.read_text()
    except OSError:
        return False


async def test_ctrl_c_with_a_participant_connected_stops_at_once_and_ends_their_process(workshop):
    # aiohttp waited for the open websocket: the volunteer's Ctrl+C took about 19 s
    # with one browser connected, long enough to think it had not worked.
    participant = await Participant.join(workshop)
    await participant.wait_for("Guest mode")
    processes = workshop.participant_processes()
    assert len(processes) >= 1
    workshop.process.send_signal(signal.SIGINT)
    assert await participant.wait_closed(timeout=8) == 1001  # going away: the page says it ended
    await asyncio.get_running_loop().run_in_executor(None, workshop.process.wait, 8)
    assert workshop.process.returncode == 0
    # Nothing left behind: each process got "quit" and ends a moment later
    # (under load it may still be closing when the server has exited).
    deadline = time.monotonic() + 15
    while [pid for pid in processes if running(pid)] and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert [pid for pid in processes if running(pid)] == []
    await participant.leave()
    assert "Traceback" not in workshop.stop()
