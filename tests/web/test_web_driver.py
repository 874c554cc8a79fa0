"""Under Textual's web driver the app draws its screens, never plain mode."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time

from conftest import ANSI

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


def meta_packet(data: dict) -> bytes:
    payload = json.dumps(data).encode()
    return b"M" + len(payload).to_bytes(4, "big") + payload


def test_the_app_under_the_web_driver_with_piped_stdio_shows_the_first_screen(tmp_path):
    env = dict(os.environ, TEXTUAL_DRIVER=WEB_DRIVER, COLUMNS="100", ROWS="30")
    process = subprocess.Popen(
        [sys.executable, "-m", "prep_assistant", "--guest", "--new", "--lang", "en"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
    )
    received = bytearray()

    def read() -> None:
        while chunk := process.stdout.read1(65536):
            received.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 30
        while b"Continue" not in received and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        text = re.sub(r"\s+", " ", ANSI.sub(" ", received.decode("utf-8", "replace")))
        assert received.startswith(b"__GANGLION__\n"), received[:200]
        assert "Welcome. Here you can prepare" in text
        assert "Type back to go to the previous question" not in text  # plain mode's first lines
    finally:
        process.stdin.write(meta_packet({"type": "quit"}))
        process.stdin.flush()
        assert process.wait(20) == 0
        reader.join(5)
    assert list(tmp_path.iterdir()) == []


def test_plain_mode_is_still_chosen_for_pipes_without_the_web_driver(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "TEXTUAL_DRIVER"}
    result = subprocess.run([sys.executable, "-m", "prep_assistant", "--guest", "--new", "--lang", "en"],
                            input="", capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path)
    assert result.returncode == 0
    assert "Type back to go to the previous question" in result.stdout
