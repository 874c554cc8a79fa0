"""The one table of card formats: read by summary.output, the command line and the card screen."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prep_assistant import i18n
from prep_assistant.card_formats import CARD_FORMATS, FORMAT_NAMES, card_format
from prep_assistant.cli import build_parser
from prep_assistant.summary import CardError, default_filename, render, save_card
from tests.test_summary_model import card_of


@pytest.fixture(autouse=True)
def _dutch():
    i18n.set_language("nl")
    yield
    i18n.set_language("nl")


@pytest.fixture(scope="module")
def card():
    i18n.set_language("nl")
    return card_of("short")


# -- the table ---------------------------------------------------------------------------


def test_the_table_is_well_formed():
    assert FORMAT_NAMES == ("pdf", "html", "md", "text")
    assert len(set(FORMAT_NAMES)) == len(CARD_FORMATS)
    for row in CARD_FORMATS:
        assert row.extension and "." not in row.extension
        assert row.mime_type.count("/") == 1
        module, _colon, function = row.renderer.partition(":")
        assert callable(getattr(importlib.import_module(module), function))
        assert card_format(row.name) is row
    assert {f.name: f.mime_type for f in CARD_FORMATS}["pdf"] == "application/pdf"


def test_every_label_is_translated():
    for row in CARD_FORMATS:
        i18n.set_language("nl")
        dutch = i18n._(row.label)
        i18n.set_language("en")
        assert i18n._(row.label) == row.label
        assert dutch != row.label, row.label


@pytest.mark.parametrize("row", CARD_FORMATS, ids=lambda row: row.name)
def test_every_format_renders_through_the_table(row, card, tmp_path):
    data = render(card, row.name)
    starts = {"pdf": b"%PDF-", "html": b"<!DOCTYPE html>", "md": b"# Mijn gesprekskaart", "text": b"Mijn gesprekskaart."}
    assert data.startswith(starts[row.name])
    if not row.binary:
        module, _colon, function = row.renderer.partition(":")
        assert data.decode("utf-8") == getattr(importlib.import_module(module), function)(card)
    # Large print reaches the renderers that have it; the others ignore it.
    assert (render(card, row.name, large_print=True) != data) == row.large_print
    name = default_filename(card, row.name)
    assert name == f"gesprekskaart-2026-11-22.{row.extension}"
    assert save_card(card, row.name, tmp_path / name).read_bytes()[:5] == data[:5]


def test_a_name_not_in_the_table_is_no_format():
    assert card_format("docx") is None
    assert card_format("PDF") is None


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30).filter(lambda name: name not in FORMAT_NAMES))
def test_an_unknown_format_gives_a_clear_message_never_a_traceback(name):
    i18n.set_language("en")
    card = card_of("empty", "en")
    for attempt in (
        lambda: render(card, name),
        lambda: default_filename(card, name),
        lambda: save_card(card, name, "/nonexistent/never-written"),
    ):
        with pytest.raises(CardError) as caught:
            attempt()
        assert caught.value.message == f"Unknown format {name}; choose one of: pdf, html, md, text."


# -- who reads it ---------------------------------------------------------------------------


def test_the_command_line_offers_the_formats_of_the_table():
    parser = build_parser()
    summary = parser._subparsers._group_actions[0].choices["summary"]  # argparse has no public way in
    action = next(a for a in summary._actions if a.dest == "card_format")
    assert tuple(action.choices) == FORMAT_NAMES
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["summary", "--format", "docx"])
    assert exited.value.code == 2


def test_the_command_line_reads_the_table_without_loading_the_card():
    code = (
        "import sys\n"
        "from prep_assistant.cli import build_parser\n"
        "build_parser()\n"
        "print(sorted(m for m in sys.modules if m.startswith('prep_assistant.summary')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_pdf_is_made_by_typst_and_fpdf_is_gone():
    # fpdf2 cost half a second to import and is no longer used; typst (a few
    # milliseconds to import) loads with the PDF renderer, never with the
    # command line or the app (see test_core_independence).
    code = (
        "import sys\n"
        "import prep_assistant.cli, prep_assistant.card_formats\n"
        "print('typst' in sys.modules)\n"
        "from prep_assistant.summary import render\n"
        "from tests.test_summary_model import card_of\n"
        "card = card_of('short')\n"
        "for name in ('md', 'html', 'text', 'pdf'):\n"
        "    render(card, name)\n"
        "print('typst' in sys.modules, 'fpdf' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "False"]


async def test_the_card_screen_delivers_each_format_to_the_browser_as_the_table_says(tmp_path, monkeypatch):
    from prep_assistant.session import Store
    from prep_assistant.ui.app import PrepAssistantApp
    from prep_assistant.ui.screens.card import SAVE_FORMATS
    from tests.test_ui_support import settle, wait_for, wait_ready

    delivered: list[tuple[str, str, str, str, bytes]] = []

    def deliver_binary(self, file, *, save_filename, mime_type, open_method="download", **_):
        delivered.append(("binary", save_filename, mime_type, open_method, file.read()))

    def deliver_text(self, file, *, save_filename, mime_type, open_method="download", **_):
        delivered.append(("text", save_filename, mime_type, open_method, file.read().encode("utf-8")))

    monkeypatch.setattr(PrepAssistantApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(PrepAssistantApp, "deliver_binary", deliver_binary)
    monkeypatch.setattr(PrepAssistantApp, "deliver_text", deliver_text)
    monkeypatch.chdir(tmp_path)
    store = Store.open(tmp_path / "data")
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await pilot.press("f3")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CardScreen")
        await settle(pilot)
        labels = [str(app.screen.query_one(f"#{name}").label) for name in SAVE_FORMATS]
        assert labels == ["Bewaar als PDF", "Bewaar als webpagina", "Bewaar als Markdown"]
        for name in SAVE_FORMATS:
            app.screen.save(name)
        await settle(pilot)
    store.close()
    assert [row[:4] for row in delivered] == [
        ("binary", "card.pdf", "application/pdf", "download"),
        ("text", "card.html", "text/html", "browser"),
        ("text", "card.md", "text/markdown", "download"),
    ]
    assert delivered[0][4].startswith(b"%PDF-") and delivered[1][4].startswith(b"<!DOCTYPE html>")
    assert not list(tmp_path.glob("*.pdf"))  # in a browser nothing is written next to the app
