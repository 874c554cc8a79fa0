"""``prep-assistant sessions list|export|import|delete``."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from prep_assistant.commands import sessions as sessions_command
from prep_assistant.session import Store
from prep_assistant.session.store import DB_NAME


def _parser() -> argparse.ArgumentParser:
    # Only this subcommand (plus the global --guest), so these tests do not
    # depend on the other subcommands being present.
    parser = argparse.ArgumentParser(prog="prep-assistant")
    parser.add_argument("--guest", action="store_true")
    sessions_command.register(parser.add_subparsers(dest="command"))
    return parser


def run(*argv: str) -> int:
    args = _parser().parse_args(list(argv))
    return args.handler(args)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "data"
    monkeypatch.setenv("PREP_ASSISTANT_DATA_DIR", str(directory))
    return directory


@pytest.fixture
def two_sessions(data_dir: Path) -> list[str]:
    with Store.open() as store:
        first = store.create_session(flow_id="preparation", flow_version=1, flow_kind="preparation", language="nl")
        store.save_answer(first.id, "goals", "walk", progress=(12, 40))
        store.update_meta(first.id, decision="Knie: opereren\x1b[31m of niet?\n")
        second = store.create_session(flow_id="after_visit", flow_version=1, flow_kind="after", language="en")
        store.update_meta(second.id, finished=True, progress=(5, 5))
        return [first.id, second.id]


def test_list_empty_creates_nothing(data_dir: Path, capsys) -> None:
    assert run("sessions", "list") == 0
    assert capsys.readouterr().out.strip() == "No sessions yet."
    assert not data_dir.exists()
    assert run("sessions", "list", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_list_table(two_sessions: list[str], capsys) -> None:
    assert run("sessions", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "LAST", "CHANGED", "FLOW", "PROGRESS", "FINISHED", "DECISION"]
    assert lines[1].startswith(two_sessions[1])  # newest first
    assert "5/5" in lines[1] and "yes" in lines[1]
    assert "12/40" in lines[2] and " no " in lines[2]
    assert "Knie: opereren [31m of niet?" in lines[2]  # control characters made harmless
    assert "\x1b" not in "".join(lines)
    assert lines[-1].startswith("Saved only on this computer, in ")


def test_list_json(two_sessions: list[str], capsys) -> None:
    assert run("sessions", "list", "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == [two_sessions[1], two_sessions[0]]
    assert rows[1]["progress_done"] == 12 and rows[1]["finished"] is False
    assert rows[1]["decision"].startswith("Knie")


def test_export_import_round_trip(two_sessions: list[str], tmp_path: Path, capsys, monkeypatch) -> None:
    out = tmp_path / "s.json"
    assert run("sessions", "export", two_sessions[0], "-o", str(out)) == 0
    said = capsys.readouterr().out
    assert "Exported session" in said and "private" in said
    monkeypatch.setenv("PREP_ASSISTANT_DATA_DIR", str(tmp_path / "other"))
    assert run("sessions", "import", str(out)) == 0
    assert f"Imported session {two_sessions[0]} (1 saved answer)" in capsys.readouterr().out
    assert run("sessions", "import", str(out)) == 0
    said = capsys.readouterr().out
    assert "already exists here, so the imported one is saved as" in said
    with Store.open() as store:
        assert len(store.list_sessions()) == 2


def test_import_bad_file(data_dir: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "prep-assistant-session", "version": 1, "sess')
    assert run("sessions", "import", str(bad)) == 1
    err = capsys.readouterr().err
    assert "incomplete" in err and "Nothing was imported" in err
    assert not data_dir.exists()  # nothing created for a file that was refused


def test_unknown_id(data_dir: Path, two_sessions: list[str], tmp_path: Path, capsys) -> None:
    assert run("sessions", "export", "nope", "-o", str(tmp_path / "x.json")) == 1
    assert "prep-assistant sessions list" in capsys.readouterr().err
    assert run("sessions", "delete", "nope", "--yes") == 1
    assert "prep-assistant sessions list" in capsys.readouterr().err


def test_unknown_id_on_a_fresh_machine(data_dir: Path, tmp_path: Path, capsys) -> None:
    assert run("sessions", "export", "nope", "-o", str(tmp_path / "x.json")) == 1
    assert "sessions list" in capsys.readouterr().err
    assert not data_dir.exists()


def test_delete_needs_an_id_or_all(two_sessions: list[str], capsys) -> None:
    assert run("sessions", "delete") == 2
    assert run("sessions", "delete", two_sessions[0], "--all") == 2
    assert "--all" in capsys.readouterr().err


def test_delete_without_a_tty_needs_yes(two_sessions: list[str], capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    assert run("sessions", "delete", two_sessions[0]) == 2
    assert "--yes" in capsys.readouterr().err
    assert run("sessions", "delete", "--all") == 2
    with Store.open() as store:
        assert len(store.list_sessions()) == 2
    assert run("sessions", "delete", two_sessions[0], "--yes") == 0
    assert f"Deleted session {two_sessions[0]}." in capsys.readouterr().out
    with Store.open() as store:
        assert [s.id for s in store.list_sessions()] == [two_sessions[1]]


class _Tty:
    def __init__(self, reply: str) -> None:
        self.reply = reply

    def isatty(self) -> bool:
        return True

    def readline(self) -> str:
        return self.reply + "\n"


@pytest.mark.parametrize("reply, deleted", [("y", True), ("ja", True), ("", False), ("no", False)])
def test_delete_asks_on_a_tty(two_sessions: list[str], capsys, monkeypatch, reply: str, deleted: bool) -> None:
    monkeypatch.setattr(sys, "stdin", _Tty(reply))
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or reply)
    code = run("sessions", "delete", "--all")
    assert asked and "cannot be undone" in asked[0] and "2 saved sessions" in asked[0]
    with Store.open() as store:
        remaining = len(store.list_sessions())
    if deleted:
        assert code == 0 and remaining == 0
        assert "Deleted 2 sessions." in capsys.readouterr().out
    else:
        assert code == 1 and remaining == 2
        assert "Nothing deleted." in capsys.readouterr().out


def test_delete_all_really_removes(two_sessions: list[str], data_dir: Path, capsys) -> None:
    with Store.open() as store:
        store.save_answer(two_sessions[0], "secret", "CLI-UNIQUE-SECRET-123")
    assert run("sessions", "delete", "--all", "--yes") == 0
    blob = b"".join(
        p.read_bytes() for p in data_dir.iterdir() if p.is_file() and p.name.startswith(DB_NAME)
    )
    assert b"CLI-UNIQUE-SECRET-123" not in blob
    assert run("sessions", "list") == 0
    assert "No sessions yet." in capsys.readouterr().out


def test_delete_all_on_a_fresh_machine(data_dir: Path, capsys) -> None:
    assert run("sessions", "delete", "--all", "--yes") == 0
    assert "No sessions to delete." in capsys.readouterr().out
    assert not data_dir.exists()


def test_guest_mode_has_no_sessions(two_sessions: list[str], capsys) -> None:
    assert run("--guest", "sessions", "list") == 0
    assert "guest mode" in capsys.readouterr().out
    assert run("--guest", "sessions", "delete", "--all", "--yes") == 2


def test_no_action_shows_help(capsys) -> None:
    assert run("sessions") == 2
    assert "export" in capsys.readouterr().err


def test_damaged_store_message_without_traceback(data_dir: Path, tmp_path: Path) -> None:
    data_dir.mkdir()
    (data_dir / DB_NAME).write_bytes(b"this is not a database" * 50)
    code = textwrap.dedent(
        """
        import argparse, sys
        from prep_assistant.commands import sessions
        parser = argparse.ArgumentParser(prog="prep-assistant")
        parser.add_argument("--guest", action="store_true")
        sessions.register(parser.add_subparsers(dest="command"))
        args = parser.parse_args(sys.argv[1:])
        sys.exit(args.handler(args))
        """
    )
    env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(data_dir))
    out = subprocess.run(
        [sys.executable, "-c", code, "sessions", "list"], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 1
    assert "damaged" in out.stderr and "--guest" in out.stderr and str(data_dir / DB_NAME) in out.stderr
    assert "Traceback" not in out.stderr


def test_module_imports_stay_light() -> None:
    code = "import sys, prep_assistant.commands.sessions; print('sqlite3' in sys.modules, 'pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["False", "False"], out.stderr


def _full_cli_available() -> bool:
    from prep_assistant.commands import COMMAND_MODULES

    try:
        for name in COMMAND_MODULES:
            importlib.import_module(name)
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _full_cli_available(), reason="other subcommands not in place yet")
def test_through_the_real_cli(two_sessions: list[str], capsys) -> None:
    from prep_assistant.cli import main

    assert main(["sessions", "list"]) == 0
    assert two_sessions[0] in capsys.readouterr().out
