"""What ``prep-assistant --guest --new`` has loaded when its first question is on screen.

The first question is on screen before a bare Textual app's first frame only
if the start loads what that screen needs and no more (issue 23): the card,
the FHIR importer, the pack form, the plain front end, the web server, the
flow validator with pydantic and Babel's locale data are loaded where they
are first used. Counted, never timed: the real command is started in a
pseudo terminal, stops itself at the frame that shows the first question
(``PREP_ASSISTANT_FIRST_QUESTION_FILE``) and writes out ``sys.modules``.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Not needed for the first question; each is loaded where it is first used.
NOT_AT_START = (
    "prep_assistant.summary",  # the card
    "prep_assistant.fhir",
    "prep_assistant.web",
    "prep_assistant.plain",
    "prep_assistant.translations",
    "prep_assistant.commands.serve",
    "prep_assistant.conversation.saved_card",
    "prep_assistant.conversation.companion",
    "prep_assistant.dialogue.validate",  # a shipped flow is read from its compiled copy
    "prep_assistant.dialogue.schema",
    "prep_assistant.dialogue.check",
    "prep_assistant.ui.pack_form",
    "prep_assistant.ui.screens.pack_form",
    "prep_assistant.ui.screens.card",
    "prep_assistant.ui.screens.help",
    "prep_assistant.ui.screens.history",
    "prep_assistant.ui.commands",
    "pydantic",
    "babel",
    "tomllib",  # the compiled copies are JSON
    "aiohttp",
    "jinja2",
    "segno",
    "textual_serve",
)

_RECORDER = (
    "import atexit, json, sys\n"
    "def record():\n"
    "    with open(sys.argv[1], 'w', encoding='utf-8') as out:\n"
    "        json.dump(sorted(sys.modules), out)\n"
    "atexit.register(record)\n"
    "from prep_assistant.cli import main\n"
    "sys.exit(main(['--guest', '--new', '--lang', 'nl']))\n"
)


def _loaded_at_the_first_question(tmp_path: Path) -> set[str]:
    record = tmp_path / "modules.json"
    env = {
        "PATH": "/usr/bin:/bin",
        "TERM": "xterm-256color",
        "PREP_ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "PREP_ASSISTANT_FIRST_QUESTION_FILE": str(tmp_path / "first-question.txt"),
    }
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen([sys.executable, "-c", _RECORDER, str(record)], cwd=ROOT, env=env,
                               stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    written = b""
    started = time.monotonic()
    try:
        while process.poll() is None and time.monotonic() - started < 60:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    written += os.read(master, 65536)  # drained, or the app blocks on a full pty
                except OSError:
                    break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(master)
    assert (tmp_path / "first-question.txt").exists(), written[-2000:].decode("utf-8", "replace")
    return set(json.loads(record.read_text(encoding="utf-8")))


def _offending(loaded: set[str]) -> list[str]:
    return sorted(name for name in loaded
                  if any(name == top or name.startswith(top + ".") for top in NOT_AT_START))


def test_the_first_question_loads_only_what_its_screen_needs(tmp_path):
    loaded = _loaded_at_the_first_question(tmp_path)
    assert "prep_assistant.ui.screens.conversation" in loaded  # it did reach the first question
    assert _offending(loaded) == []


def test_the_check_names_a_module_and_its_submodules_only():
    assert _offending({"babel", "babel.dates", "babelfish", "prep_assistant.summary_x", "pydantic_core"}) == [
        "babel", "babel.dates"]
