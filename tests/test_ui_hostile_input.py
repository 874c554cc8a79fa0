"""What a person types is never markup and never an action, whatever it holds.

Textual 8 reads "[...]" as markup in many places; ``escape()`` is not enough
("[/" crashes, "[@click=app.quit]x[/]" becomes a live action). Every text
field of the app is fed the nasty cases; the app must keep running, run no
action, and store the text exactly (or refuse it with a plain message).
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from prep_assistant.dialogue.answers import MAX_ITEM_LENGTH
from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from prep_assistant.ui.widgets.transcript import Transcript
from tests.test_ui_support import (
    advance_to, answers, current, drawn, error_text, messages, settle, type_text, wait_ready,
)

LONG = ("Dit is een lang antwoord. " * 200)[:5000].strip()

HOSTILE = [
    "[/",
    "[bold",
    "[/]",
    "[@click=app.quit]x[/]",
    "[@click=app.bell]bel[/] [b]vet[/b] [link=https://example.org]link[/link]",
    "Dank je 😀👍🏽 \u2764\ufe0f",
    "مرحبا، أريد أن أسأل الطبيب عن العملية",
    LONG,
]


class Watch:
    """Records any action the app runs (a live [@click] would show up here)."""

    def __init__(self, app: PrepAssistantApp) -> None:
        self.actions: list[str] = []
        original = app.run_action

        async def run_action(action, *args, **kwargs):
            self.actions.append(str(action))
            return await original(action, *args, **kwargs)

        app.run_action = run_action


async def clear_and_type(pilot, text: str) -> None:
    focused = pilot.app.screen.focused
    if isinstance(focused, Input):
        focused.value = ""
    elif isinstance(focused, TextArea):
        focused.clear()
    if text.isascii():
        await type_text(pilot, text)
    else:  # Pilot has no key names for emoji or Arabic: paste-like insert
        if isinstance(focused, Input):
            focused.insert_text_at_cursor(text)
        else:
            focused.insert(text)
    await settle(pilot)


async def submit(pilot) -> None:
    from tests.test_ui_support import press_continue

    if isinstance(pilot.app.screen.focused, TextArea):
        await press_continue(pilot)
    else:
        await pilot.press("enter")
        await settle(pilot)


def still_running(app: PrepAssistantApp, watch: Watch) -> None:
    assert app.is_running and app.return_code is None
    assert not any("quit" in a or "bell" in a for a in watch.actions), watch.actions


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path)
    yield store
    store.close()


async def test_hostile_text_in_a_one_line_answer(store):
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        watch = Watch(app)
        await advance_to(pilot, app, "beslissing")
        for text in HOSTILE:
            app.chat.go_to("beslissing")
            await settle(pilot)
            assert current(app).key == "beslissing"
            await clear_and_type(pilot, text)
            await submit(pilot)
            still_running(app, watch)
            assert answers(app)["beslissing"] == text
            assert current(app).key == "afspraak"
            # The patient's bubble shows it as it is.
            assert " ".join(text.split()) in drawn(app, "patient")
            if "@click" in text:
                # Clicking the bubble that holds the would-be action does nothing.
                transcript = app.screen.query_one(Transcript)
                bubble = [m for m in messages(app, "patient") if m.text == text][-1]
                transcript.scroll_to_region(transcript.region_of(bubble) - transcript.content_region.offset
                                            + transcript.scroll_offset, animate=False, immediate=True)
                await settle(pilot)
                region = transcript.region_of(bubble)
                assert region.y >= transcript.content_region.y
                await pilot.click(offset=(region.right - 3, region.y))
                await settle(pilot)
                still_running(app, watch)


async def test_hostile_text_in_a_multi_line_answer(store):
    app = PrepAssistantApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot, app)
        watch = Watch(app)
        await advance_to(pilot, app, "doelen")
        for text in HOSTILE:
            app.chat.go_to("doelen")
            await settle(pilot)
            assert isinstance(app.screen.focused, TextArea)
            await clear_and_type(pilot, text)
            await submit(pilot)
            still_running(app, watch)
            assert answers(app)["doelen"] == text
            assert current(app).key != "doelen"


async def test_hostile_text_as_list_items(store):
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        watch = Watch(app)
        await advance_to(pilot, app, "mijn_vragen")
        short = [t for t in HOSTILE if len(t) <= MAX_ITEM_LENGTH]
        for text in short:
            await clear_and_type(pilot, text)
            await pilot.press("enter")  # onto the list
            await settle(pilot)
            still_running(app, watch)
        await pilot.press("enter")  # empty line: done
        await settle(pilot)
        still_running(app, watch)
        assert answers(app)["mijn_vragen"] == short
        # An item longer than the limit is refused in plain words; the list stays.
        app.chat.go_to("mijn_vragen")
        await settle(pilot)
        await clear_and_type(pilot, LONG)
        await pilot.press("enter")
        await pilot.press("enter")
        await settle(pilot)
        still_running(app, watch)
        assert current(app).key == "mijn_vragen"
        assert str(MAX_ITEM_LENGTH) in error_text(app).replace(".", "").replace(",", "")
        assert app.chat.answer.items[-1] == LONG
        # The history list and the command palette show the answers as text.
        await pilot.press("f2")
        await settle(pilot)
        still_running(app, watch)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "terug")
        await settle(pilot, 4)
        still_running(app, watch)
        await pilot.press("escape")
        await settle(pilot)
        still_running(app, watch)


async def test_hostile_text_as_your_own_choice(store):
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        watch = Watch(app)
        await advance_to(pilot, app, "activiteiten")
        await pilot.press("tab")  # to "something else"
        assert app.screen.focused.id == "other-answer"
        short = [t for t in HOSTILE if len(t) <= MAX_ITEM_LENGTH]
        for text in short:
            await clear_and_type(pilot, text)
            await pilot.press("enter")
            await settle(pilot)
            still_running(app, watch)
        await pilot.press("enter")  # empty: done
        await settle(pilot)
        still_running(app, watch)
        assert answers(app)["activiteiten"] == short
        # The ranking that follows offers them as items, as text.
        assert current(app).key == "top_activiteiten"
        labels = [o.label for o in current(app).question.options]
        assert labels == short
        prompts = [str(app.screen.query_one("RankList").get_option_at_index(i).prompt)
                   for i in range(len(short))]
        assert all(text in prompt for text, prompt in zip(short, prompts))
        # Too long: refused with a message, the app runs on.
        app.chat.go_to("activiteiten")
        await settle(pilot)
        await pilot.press("tab")
        await clear_and_type(pilot, LONG)
        await pilot.press("enter")
        await pilot.press("enter")
        await settle(pilot)
        still_running(app, watch)
        assert current(app).key == "activiteiten"
        assert error_text(app)
