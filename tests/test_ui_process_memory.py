"""The app's own process tunes Python's collector; an app under a test runner does not.

``ui/process_memory.py`` freezes what start-up made and tries a full
collection more often. It changes the whole process, so it is only for the
process the command starts: these tests run the app in a process of its own.
"""

from __future__ import annotations

import subprocess
import sys

import prep_assistant.launch as launch
from prep_assistant import cli

_SESSION = r"""
import asyncio, gc, sys
from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp

async def main(owns_process):
    app = PrepAssistantApp(Store.guest(), new=True, owns_process=owns_process)
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.ready:
            await pilot.pause(0.01)
        at_first_question, first_position = gc.get_freeze_count(), app.conversation.position
        await pilot.pause(1.0)
        await pilot.press("enter")  # the info step: the session goes on as before
        await pilot.pause()
        print(at_first_question, gc.get_freeze_count(), gc.get_threshold()[2],
              int(app.conversation.position > first_position))

asyncio.run(main(sys.argv[1] == "own"))
"""


def _run_session(owns: str) -> list[int]:
    result = subprocess.run([sys.executable, "-c", _SESSION, owns], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return [int(word) for word in result.stdout.split()]


def test_the_commands_own_process_leaves_start_up_out_of_collections():
    at_first_question, frozen, old_threshold, moved_on = _run_session("own")
    assert at_first_question == 0  # not before the first question is drawn
    assert frozen > 10_000  # Textual, our modules, the first screen
    assert old_threshold == 1
    assert moved_on == 1


def test_an_app_in_a_shared_process_leaves_the_collector_alone():
    assert _run_session("shared") == [0, 0, 10, 1]


def test_the_command_starts_the_app_as_the_owner_of_its_process(monkeypatch, tmp_path):
    made: list[dict] = []

    class RecordingApp:
        return_code = 0

        def __init__(self, store, **options):
            made.append(options)

        def run(self):
            pass

    monkeypatch.setenv("PREP_ASSISTANT_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("prep_assistant.ui.app.PrepAssistantApp", RecordingApp)
    monkeypatch.setattr(launch, "wants_plain", lambda *args: False)
    assert cli.main(["--guest", "--new"]) == 0
    assert [options["owns_process"] for options in made] == [True]
