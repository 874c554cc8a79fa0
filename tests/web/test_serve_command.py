"""``prep-assistant serve``: what the volunteer is told, and bad input."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from conftest import start_workshop
from prep_assistant.web.address import participant_url, qr_code, who_can_reach
from prep_assistant.web.participant import participant_command


def serve(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prep_assistant", "--lang", "en", "serve", *args],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("args, message", [
    (["--host", "attacker.example"], "--host must be an address"),
    (["--host", "\x1b[31mred"], "--host must be an address"),
    (["--port", "0"], "--port must be a number from 1 to 65535"),
    (["--port", "70000"], "--port must be a number from 1 to 65535"),
    (["--max-participants", "0"], "--max-participants must be a number from 1 to 200"),
    (["--public-url", "javascript:alert(1)"], "--public-url must be an address"),
    (["--flow", "no_such_flow"], "no_such_flow"),
])
def test_bad_input_is_one_clear_line(args, message):
    result = serve(*args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert "\x1b[31m" not in result.stderr


def test_a_broken_pack_is_refused_before_anyone_joins(tmp_path):
    pack = tmp_path / "pack.toml"
    pack.write_text("this is = = not toml", encoding="utf-8")
    result = serve("--pack", str(pack))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_a_port_in_use_is_said_plainly():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = serve("--port", str(port))
    assert result.returncode == 1
    assert "cannot start" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_volunteer_sees_the_address_a_qr_code_and_who_can_reach_it(tmp_path):
    running = start_workshop(tmp_path)
    output = running.stop()
    assert running.url in output
    assert "▀" in output or "▄" in output  # the QR code
    assert "Only this computer can open the address" in output


def test_the_whole_network_is_said_so():
    assert "Everyone on this network" in who_can_reach("0.0.0.0")
    assert participant_url("0.0.0.0", 8000).startswith("http://")
    assert participant_url("::1", 8000) == "http://[::1]:8000/"
    assert qr_code("http://192.168.1.5:8000/").count("\n") > 10


def test_each_participant_runs_in_guest_mode_with_a_new_session():
    command = participant_command("nl", pack="dialogues/packs/knie_artrose.toml")
    assert command.endswith("--guest --new")
    assert "--lang nl" in command
    assert "/dialogues/packs/knie_artrose.toml" in command
    assert "'" in participant_command("nl", flow="x; rm -rf ~")  # quoted for the shell
