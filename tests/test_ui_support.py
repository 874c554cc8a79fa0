"""Helpers for the Pilot tests of the Textual app (and a few small tests of their own).

The helpers drive the app like a person: keys, not method calls. They are in
a ``test_ui*`` module so the UI tests own them; the other UI test modules
import them from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from prep_assistant.ui.widgets.transcript import Message, Transcript

SIZES = [(80, 24), (120, 40)]


async def settle(pilot, times: int = 2) -> None:
    for _ in range(times):
        await pilot.pause()


async def wait_for(pilot, condition, timeout: float = 15.0) -> None:
    waited = 0.0
    while not condition():
        await pilot.pause(0.02)
        waited += 0.02
        if waited > timeout:
            raise AssertionError("the app did not get there in time")


async def keys_arrived(pilot) -> None:
    """Until no key waits at the key gate (key_gate.py): a key held there arrives
    later, so what has the focus now is not yet what the keys lead to."""
    gate = pilot.app.key_gate
    await wait_for(pilot, lambda: not (gate.held or gate.replaying))


async def wait_ready(pilot, app: PrepAssistantApp) -> None:
    await wait_for(pilot, lambda: app.ready)
    await settle(pilot)


def current(app: PrepAssistantApp):
    assert app.conversation is not None
    return app.conversation.current


async def type_text(pilot, text: str) -> None:
    """Type like a person, but fast: Pilot's press() per character for short
    texts, a paste-like insert at the cursor for longer ones (5,000 key presses
    would take minutes)."""
    focused = pilot.app.screen.focused
    if len(text) > 24 and focused is not None:
        from textual.widgets import Input, TextArea

        if isinstance(focused, Input):
            focused.insert_text_at_cursor(text)
            await settle(pilot)
            return
        if isinstance(focused, TextArea):
            focused.insert(text)
            await settle(pilot)
            return
    for character in text:
        await pilot.press(_key(character))


def _key(character: str) -> str:
    named = {" ": "space", "[": "left_square_bracket", "]": "right_square_bracket", "/": "slash",
             "@": "at", "=": "equals_sign", ".": "full_stop", ",": "comma", "?": "question_mark",
             ":": "colon", "'": "apostrophe", "-": "minus", "+": "plus", "(": "left_parenthesis",
             ")": "right_parenthesis", "!": "exclamation_mark"}
    return named.get(character, character)


async def press_continue(pilot) -> None:
    """Tab to the Continue button and press it (as a person does after a text box)."""
    app = pilot.app
    button = app.screen.query_one("#continue")
    for _ in range(12):
        # A Tab held at the gate (after an Enter in the list) moves the focus later:
        # looked at too soon, Continue seemed focused, and the held Tabs then moved
        # the Enter on to "Skip" (a ranking saved as skipped, once under load).
        await keys_arrived(pilot)
        if app.screen.focused is button:
            break
        await pilot.press("tab")
    assert app.screen.focused is button, "Continue could not be reached with Tab"
    await pilot.press("enter")
    await settle(pilot)


async def give_text(pilot, text: str) -> None:
    """Type into the focused text field and give the answer."""
    from textual.widgets import TextArea

    await type_text(pilot, text)
    if isinstance(pilot.app.screen.focused, TextArea):
        await press_continue(pilot)
    else:
        await pilot.press("enter")
        await settle(pilot)


def error_text(app: PrepAssistantApp) -> str:
    error = app.screen.query_one("#error")
    return str(error.render()) if error.display else ""


def messages(app: PrepAssistantApp, *classes: str) -> list[Message]:
    """The transcript's messages that have all ``classes`` ("patient", "assistant", "current"...)."""
    return [message for message in app.screen.query_one(Transcript).messages if set(classes) <= message.classes]


def drawn(app: PrepAssistantApp, *classes: str) -> list[str]:
    """The words of those messages as the transcript draws them (a line break is one space)."""
    transcript = app.screen.query_one(Transcript)
    return [transcript.drawn_text(message) for message in messages(app, *classes)]


def in_two_weeks() -> str:
    return (dt.date.today() + dt.timedelta(days=14)).strftime("%d-%m-%Y")


def answers(app: PrepAssistantApp) -> dict[str, Any]:
    return app.store.answers(app.conversation.session.id)


@pytest.fixture
def guest_store():
    store = Store.guest()
    yield store
    store.close()


async def test_the_first_frame_says_one_moment_then_the_welcome(guest_store):
    app = PrepAssistantApp(guest_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        assert current(app).key == "welkom"
        assert app.screen.focused.id == "continue"
        assert not app.animation_level or app.animation_level == "none"


#: Quick answers for setting up a test at a given question (not the thing tested).
QUICK = {
    "text": "x",
    "date": None,
    "single_choice": None,
    "multiple_choice": None,
    "text_list": ["a", "b"],
    "rating": 3,
    "yes_no": True,
}


async def advance_to(pilot, app: PrepAssistantApp, key: str, limit: int = 200) -> None:
    """Answer through the conversation (not the keys) until ``key`` is asked."""
    conv = app.conversation
    for _ in range(limit):
        step = conv.current
        assert step is not None, f"{key} was never asked"
        if step.key == key:
            break
        if step.is_info:
            conv.answer(True)
        elif step.kind in ("single_choice", "multiple_choice"):
            first = step.question.options[0].value
            conv.answer(first if step.kind == "single_choice" else [first])
        elif step.kind == "ranking":
            options = [o.value for o in step.question.options]
            conv.answer(options[: step.question.keep or len(options)])
        else:
            conv.answer(QUICK.get(step.kind))
    app.chat.rebuild()
    await settle(pilot)
