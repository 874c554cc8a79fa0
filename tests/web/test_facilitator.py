"""``serve --facilitator`` end to end: the overview behind its code, counts from
real participants' processes, and no typed text anywhere but with the participant."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time

import aiohttp
import pytest

from conftest import Participant, start_workshop
from prep_assistant.web.facilitator import Facilitator
from prep_assistant.dialogue.library import WORKSHOP_FLOW, find_flow

FACILITATOR_URL = re.compile(r"http://127\.0\.0\.1:\d+/facilitator\?code=[A-Za-z0-9_-]+")
MARKER = "WAAROM-MARKER-91c2e"
STATEMENT_1 = "I ask the doctor my questions"
WHY = "Why did you choose this answer?"
SCALE = ("eens", "beetje_eens", "neutraal", "beetje_oneens", "oneens")


async def fetch(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            return response.status, response.headers.get("Content-Type", ""), await response.text()


def facilitator_url(workshop) -> str:
    # Printed after the participants' address: wait for it as for the ready line.
    deadline = time.monotonic() + 10
    while not (found := FACILITATOR_URL.search(workshop.output.read_text(errors="replace"))):
        assert time.monotonic() < deadline, workshop.output.read_text(errors="replace")
        time.sleep(0.05)
    return found.group(0)


def counts_url(url: str) -> str:
    return url.replace("/facilitator?", "/facilitator/counts?")


async def press_until(participant: Participant, keys: str, needle: str) -> None:
    """Press ``keys`` once and wait until ``needle`` shows. Never a second time "in
    case": a key typed while the next screen is set up waits for it (key_gate.py),
    and a spare Enter would answer the next statement."""
    await participant.type(keys)
    await participant.wait_for(needle)


async def answer_first_statement(participant: Participant, number: str, why: str) -> None:
    await participant.wait_for("Welcome to this workshop")
    # The next two messages are shown with the first statement, at one Enter.
    await press_until(participant, "\r", STATEMENT_1)
    await participant.wait_for("5. Disagree")
    await asyncio.sleep(0.5)  # the list takes the focus just after it is drawn
    await participant.type(number)  # a number highlights; Enter gives it
    await press_until(participant, "\r", WHY)
    await participant.type(why + "\r")
    await participant.wait_for("It helps me to bring someone")


def test_the_code_is_compared_as_a_whole():
    facilitator = Facilitator(find_flow(WORKSHOP_FLOW))
    code = facilitator.code
    assert len(code) >= 24 and facilitator.admits(code)
    for wrong in (None, "", code[:-1], code + "x", code.upper() if code != code.upper() else code.lower(), "é" * 24, code * 10):
        assert not facilitator.admits(wrong)
    assert Facilitator(find_flow(WORKSHOP_FLOW)).code != code


async def test_without_the_code_or_with_a_wrong_one_the_overview_is_refused_and_texts_are_escaped(tmp_path):
    own = tmp_path / "mijn_stellingen.toml"
    own.write_text(
        'format = 1\n[flow]\nid = "eigen"\ntitle = "Eigen"\n\n[[nodes]]\nid = "s1"\nkind = "single_choice"\n'
        'statement = true\ntext = "Stelling <script>alert(1)</script> & meer."\n'
        'choices = [{ id = "eens", label = "Eens <b>vet</b>" }, { id = "oneens", label = "Oneens" }]\n',
        encoding="utf-8",
    )
    running = start_workshop(tmp_path, "--facilitator", "--flow", str(own))
    try:
        url = facilitator_url(running)
        base = url.split("?")[0]
        for refused in (base, base + "?code=", base + "?code=wrong", url + "x", counts_url(base + "?code=wrong")):
            status, content_type, body = await fetch(refused)
            assert status == 403 and content_type.startswith("text/plain"), refused
            assert "Stelling" not in body
        status, _, page = await fetch(url)
        assert status == 200
        assert "Stelling &lt;script&gt;alert(1)&lt;/script&gt; &amp; meer." in page
        assert "<script>alert" not in page and "<b>vet" not in page
        status, content_type, counts = await fetch(counts_url(url))
        assert status == 200 and content_type.startswith("application/json")
        assert "Stelling" not in counts  # numbers and ids only
    finally:
        output = running.stop()
    assert "Traceback" not in output


def test_a_flow_without_statements_is_refused_before_anyone_joins(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "prep_assistant", "serve", "--facilitator", "--flow", "voorbereiding", "--lang", "en",
         "--port", "1"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "has no statements" in result.stderr and "Traceback" not in result.stderr


async def test_participants_answers_are_counted_live_and_typed_text_never_leaves_them(tmp_path):
    running = start_workshop(tmp_path, "--facilitator")
    try:
        url = facilitator_url(running)
        first, second = await Participant.join(running), await Participant.join(running)
        await asyncio.gather(
            answer_first_statement(first, "5", MARKER),  # 5: Disagree
            answer_first_statement(second, "1", MARKER + "-tweede"),  # 1: Agree
        )
        deadline = time.monotonic() + 20
        while True:
            status, _, body = await fetch(counts_url(url))
            if '"eens": 1' in body and '"oneens": 1' in body or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.3)
        assert status == 200
        assert '"vragen_stellen": {"eens": 1, "beetje_eens": 0, "neutraal": 0, "beetje_oneens": 0, "oneens": 1}' in body
        # One participant leaves halfway: their count stays.
        await first.leave()
        await asyncio.sleep(1)
        _, _, after_leaving = await fetch(counts_url(url))
        assert '"vragen_stellen": {"eens": 1, "beetje_eens": 0, "neutraal": 0, "beetje_oneens": 0, "oneens": 1}' in after_leaving
        _, _, page = await fetch(url)
        await second.leave()
    finally:
        output = running.stop()
    for seen in (body, after_leaving, page, output):
        assert MARKER not in seen
    for folder in (running.data_dir, running.home, running.cwd):
        for path in folder.rglob("*"):
            assert not path.is_file() or MARKER.encode() not in path.read_bytes(), path
    assert "Traceback" not in output
