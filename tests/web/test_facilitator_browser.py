"""The facilitator's overview in a real headless Chromium: the numbers move as
participants answer (the page's own small script, under its strict policy),
and the page fits a phone."""

from __future__ import annotations

import asyncio
import time

import pytest
from selenium.webdriver.common.by import By

from conftest import Participant, start_workshop
from test_facilitator import answer_first_statement, facilitator_url
from test_web_browser import start_browser

pytestmark = pytest.mark.browser


def count_on_page(driver, key: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, f'[data-count="{key}"]').text


async def wait_for_count(driver, key: str, expected: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while count_on_page(driver, key) != expected:
        assert time.monotonic() < deadline, f"{key} stayed {count_on_page(driver, key)!r}"
        await asyncio.sleep(0.2)


async def test_the_overview_updates_live_on_a_phone(tmp_path):
    running = start_workshop(tmp_path, "--facilitator")
    phone = start_browser(tmp_path, phone=True)
    try:
        phone.get(facilitator_url(running))
        assert count_on_page(phone, "vragen_stellen:oneens") == "0"
        participant = await Participant.join(running)
        await answer_first_statement(participant, "5", "a reason of my own")  # 5: Disagree
        await wait_for_count(phone, "vragen_stellen:oneens", "1")
        assert phone.find_element(By.CSS_SELECTOR, '[data-answered="vragen_stellen"]').text == "1"
        # Nothing is wider than the phone's screen.
        assert phone.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        errors = [entry for entry in phone.get_log("browser") if entry["level"] == "SEVERE"]
        assert errors == []  # no script or style refused by the page's policy
        await participant.leave()
    finally:
        phone.quit()
        output = running.stop()
    assert "Traceback" not in output
