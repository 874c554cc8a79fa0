"""Snapshots of every screen at 80x24, in Dutch and in English; the
conversation and the card also at a phone's size (the narrow layout).

A layout change shows up in review as a diff of the screen's text in
``tests/__snapshots__/test_ui_snapshots/``. After a deliberate change, look
at the new screens and write them with
``python -m pytest tests/test_ui_snapshots.py --snapshot-update``.

The screen is stored as plain text (read from Textual's public SVG
screenshot), not as SVG: a text diff is what a reviewer can read. Each
screen is reached the same way every time: a fixed data directory, a new
session answered with the same quick answers, and a resumable session with
fixed dates, so no snapshot depends on today's date or on the clock.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import time
from pathlib import Path

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from prep_assistant import i18n
from prep_assistant.session import SessionInfo, Store
from prep_assistant.ui.app import PrepAssistantApp
from prep_assistant.ui.pack_form import PackFormApp
from prep_assistant.ui.screens.message import MessageScreen
from prep_assistant.ui.screens.resume import ResumeScreen
from tests.test_ui_support import advance_to, settle, wait_for, wait_ready

SIZE = (80, 24)
SCREENS = ["conversation", "help", "history", "card", "message", "resume"]
#: A phone in a workshop: textual-serve's default font on a 390 px wide screen, with the browser's bars.
PHONE_SIZE = (40, 30)
PHONE_SCREENS = ["conversation", "card"]
LANGUAGES = ["nl", "en"]

#: A session waiting to be resumed; noon UTC, so the date is the same in every time zone used here.
WAITING = SessionInfo(
    id="20260105-1200-abcd",
    flow_id="voorbereiding",
    flow_version=1,
    flow_kind="preparation",
    pack_id=None,
    pack_path=None,
    language="nl",
    decision="Knie",
    progress_done=7,
    progress_total=40,
    finished=False,
    created_at=dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.timezone.utc),
    updated_at=dt.datetime(2026, 1, 6, 12, 0, tzinfo=dt.timezone.utc),
)


class ScreenText(SingleFileSnapshotExtension):
    """One screen as text, one file per snapshot."""

    file_extension = "txt"
    _write_mode = WriteMode.TEXT


@pytest.fixture
def screen_snapshot(snapshot):
    return snapshot.use_extension(ScreenText)


@pytest.fixture(autouse=True)
def _utc():
    """Dates are shown in local time: make local time the same everywhere."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


#: Rich's SVG export writes x as column * 12.2 (a cell is 0.61 of its 20px font).
CELL_WIDTH = 12.2
_TEXT = re.compile(r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>')


def screen_text(app: PrepAssistantApp) -> str:
    """The screen's characters, row by row, from ``App.export_screenshot`` (public API)."""
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, line, text in _TEXT.findall(app.export_screenshot()):
        text = html.unescape(text).replace("\xa0", " ")
        column = round(float(x) / CELL_WIDTH)
        row = rows[int(line)]
        for offset, character in enumerate(text):
            if column + offset < width:
                row[column + offset] = character
    return "\n".join("".join(row).rstrip() for row in rows) + "\n"


async def show(screen: str, app: PrepAssistantApp, pilot) -> None:
    """Bring ``screen`` to the front the way a patient gets there."""
    await wait_ready(pilot, app)
    if screen == "card":
        await advance_to(pilot, app, "kaart_klaar")
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CardScreen")
    else:
        await advance_to(pilot, app, "wie")
    if screen == "help":
        await pilot.press("f1")
    elif screen == "history":
        await pilot.press("f2")
    elif screen == "message":
        await app.push_screen(MessageScreen(i18n._("Thank you. This part is finished."), offer_new=False,
                                            offer_back=True, title=i18n._("Finished")))
    elif screen == "resume":
        await app.push_screen(ResumeScreen(app.store, WAITING, "preparation"))
    await settle(pilot, 4)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", SCREENS)
async def test_screen_snapshot(screen, language, tmp_path, screen_snapshot):
    i18n.set_language(language)
    store = Store.open(tmp_path)
    app = PrepAssistantApp(store, new=True)
    async with app.run_test(size=SIZE) as pilot:
        await show(screen, app, pilot)
        assert type(app.screen).__name__.lower().startswith(screen)
        assert screen_text(app) == screen_snapshot
    store.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", PHONE_SCREENS)
async def test_phone_screen_snapshot(screen, language, tmp_path, screen_snapshot):
    i18n.set_language(language)
    store = Store.open(tmp_path)
    app = PrepAssistantApp(store, new=True)
    async with app.run_test(size=PHONE_SIZE) as pilot:
        await show(screen, app, pilot)
        assert type(app.screen).__name__.lower().startswith(screen)
        assert app.screen.has_class("-narrow")
        assert screen_text(app) == screen_snapshot
    store.close()


@pytest.mark.parametrize("language", LANGUAGES)
async def test_pack_form_snapshot(language, screen_snapshot):
    """The form of ``pack new`` (its first screenful: today's date is further down)."""
    i18n.set_language(language)
    app = PackFormApp(Path("keuzepakket.toml"), "keuzepakket", None, None, lambda text: None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 4)
        assert screen_text(app) == screen_snapshot
