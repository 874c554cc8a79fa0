"""``prep-assistant summary`` end to end, in a subprocess, on a real store."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from prep_assistant import i18n
from prep_assistant.session import Store
from prep_assistant.summary import build_card, print_card, save_card
from tests.test_summary_model import TODAY, recorded, session_run

ROOT = Path(__file__).resolve().parent.parent


def make_session(data_dir: Path, name: str = "typical", language: str = "nl") -> str:
    """A saved session with the answers of a recorded one, as the app saves them."""
    run = session_run(name)
    data = recorded(name)
    pack_path = ROOT / "dialogues" / "packs" / f"{data['pack']}.toml" if data.get("pack") else None
    with Store.open(data_dir) as store:
        info = store.create_session(
            flow_id="voorbereiding", flow_version=run.flow.version, flow_kind="preparation",
            language=language, pack_id=data.get("pack"), pack_path=str(pack_path) if pack_path else None,
        )
        for key, value in run.answers.items():
            store.save_answer(info.id, key, value)
        return info.id


def summary(data_dir: Path, *args: str, cwd: Path | None = None, env_extra=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(data_dir), LANGUAGE="", LC_ALL="", LANG="C.UTF-8")
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "prep_assistant", *args[:1], "summary", *args[1:]]
        if args and args[0].startswith("--lang")
        else [sys.executable, "-m", "prep_assistant", "summary", *args],
        capture_output=True, env=env, timeout=120, cwd=cwd or data_dir,
    )


def one_line(stderr: bytes) -> str:
    """The error: one line (after the line saying which session, if any)."""
    text = stderr.decode("utf-8")
    assert "Traceback" not in text
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) == 2:
        assert lines[0].startswith("De kaart van sessie"), text
    assert 1 <= len(lines) <= 2, text
    return lines[-1]


@pytest.fixture
def data_dir(tmp_path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


def test_markdown_to_stdout_and_which_session_on_stderr(data_dir):
    session_id = make_session(data_dir)
    result = summary(data_dir, "--format", "md")
    assert result.returncode == 0, result.stderr
    md = result.stdout.decode("utf-8")
    assert md.startswith("# Mijn gesprekskaart")
    assert "Hoe ga ik om met de artrose in mijn knie?" in md
    assert session_id in result.stderr.decode("utf-8")


def test_html_to_a_file_is_private(data_dir, tmp_path):
    make_session(data_dir)
    target = tmp_path / "kaart.html"
    result = summary(data_dir, "--format", "html", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    assert "<!DOCTYPE html>" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_pdf_goes_to_the_default_name_never_to_the_terminal(data_dir, tmp_path):
    session_id = make_session(data_dir)
    work = tmp_path / "work"
    work.mkdir()
    result = summary(data_dir, "--session", session_id, cwd=work)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    [pdf] = list(work.glob("gesprekskaart-*.pdf"))
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Hoe ga ik om met de artrose in mijn knie?" in text
    assert str(pdf.name) in result.stderr.decode("utf-8")


def test_pdf_with_dash_goes_to_a_pipe(data_dir):
    make_session(data_dir)
    result = summary(data_dir, "--format", "pdf", "-o", "-")
    assert result.returncode == 0
    # The typical session uses the knee pack: with its four option
    # descriptions (issue 15: the pack's words on the card) it fits one page.
    assert len(PdfReader(io.BytesIO(result.stdout)).pages) == 1


def test_text_and_large_print(data_dir, tmp_path):
    make_session(data_dir)
    result = summary(data_dir, "--format", "text")
    assert result.returncode == 0
    assert "Afspraak: 8 december 2026." in result.stdout.decode("utf-8")
    normal, large = tmp_path / "n.pdf", tmp_path / "l.pdf"
    assert summary(data_dir, "-o", str(normal)).returncode == 0
    assert summary(data_dir, "-o", str(large), "--large-print").returncode == 0
    assert len(PdfReader(large).pages) > len(PdfReader(normal).pages)


def test_lang_option_wins_over_the_session_language(data_dir):
    make_session(data_dir, language="nl")
    result = summary(data_dir, "--lang=en", "--format", "md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8").startswith("# My conversation card")
    english = make_session(data_dir, language="en")
    result = summary(data_dir, "--session", english, "--format", "md")
    assert result.stdout.decode("utf-8").startswith("# My conversation card")


def test_unknown_session_is_one_clear_line(data_dir):
    make_session(data_dir)
    result = summary(data_dir, "--session", "20990101-0000-dead", "--format", "md")
    assert result.returncode == 1
    assert "20990101-0000-dead" in one_line(result.stderr)
    assert result.stdout == b""


def test_no_sessions_is_one_clear_line_and_creates_nothing(data_dir):
    result = summary(data_dir, "--format", "md")
    assert result.returncode == 1
    assert "geen bewaarde sessies" in one_line(result.stderr)
    assert list(data_dir.iterdir()) == []


def test_unwritable_output_is_one_clear_line(data_dir, tmp_path):
    make_session(data_dir)
    result = summary(data_dir, "-o", str(tmp_path / "no" / "such" / "dir" / "kaart.pdf"))
    assert result.returncode == 1
    assert one_line(result.stderr).endswith("Kies een andere plek met -o.")
    result = summary(data_dir, "-o", str(tmp_path))  # a folder
    assert result.returncode == 1
    assert "is een map" in one_line(result.stderr)


def test_damaged_store_is_one_clear_line(data_dir):
    make_session(data_dir)
    for path in data_dir.glob("*.sqlite*"):
        path.write_bytes(b"this is not a database" * 100)
    for path in data_dir.glob("*.db*"):
        path.write_bytes(b"this is not a database" * 100)
    result = summary(data_dir, "--format", "md")
    assert result.returncode == 1
    assert one_line(result.stderr)


def test_print_without_a_printer_command_says_so_and_saves_the_pdf(data_dir, tmp_path):
    make_session(data_dir)
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    result = summary(data_dir, "--print", cwd=work, env_extra={"PATH": str(empty)})
    assert result.returncode == 1
    message = result.stderr.decode("utf-8")
    assert "lp of lpr" in message and "gesprekskaart-" in message
    assert list(work.glob("gesprekskaart-*.pdf"))


# -- the library functions, in process ---------------------------------------------------


def test_print_card_with_a_fake_lp(tmp_path, monkeypatch):
    fake = tmp_path / "bin"
    fake.mkdir()
    received = tmp_path / "printed.pdf"
    lp = fake / "lp"
    lp.write_text(
        f"#!{sys.executable}\nimport sys\nopen({str(received)!r}, 'wb').write(sys.stdin.buffer.read())\n"
    )
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake))
    monkeypatch.chdir(tmp_path)
    i18n.set_language("nl")
    card = build_card(session_run("typical"), made_on=TODAY)
    sent, message = print_card(card)
    assert sent, message
    assert received.read_bytes().startswith(b"%PDF-")


def test_print_card_when_lp_fails(tmp_path, monkeypatch):
    fake = tmp_path / "bin"
    fake.mkdir()
    lp = fake / "lp"
    lp.write_text(f"#!{sys.executable}\nimport sys\nsys.stderr.write('lp: no default destination\\n')\nsys.exit(1)\n")
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake))
    monkeypatch.chdir(tmp_path)
    i18n.set_language("nl")
    card = build_card(session_run("short"), made_on=TODAY)
    sent, message = print_card(card)
    assert not sent
    assert "no default destination" in message
    assert (tmp_path / "gesprekskaart-2026-11-22.pdf").exists()


def test_save_card_default_name_and_formats(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    i18n.set_language("nl")
    card = build_card(session_run("short"), made_on=TODAY)
    for fmt, ext in (("pdf", "pdf"), ("html", "html"), ("md", "md"), ("text", "txt")):
        path = save_card(card, fmt)
        assert path.name == f"gesprekskaart-2026-11-22.{ext}"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".card-*"))  # no temporary file left behind
    i18n.set_language("en")
    card = build_card(session_run("short"), made_on=TODAY)
    assert save_card(card, "md").name == "conversation-card-2026-11-22.md"
    i18n.set_language("nl")
