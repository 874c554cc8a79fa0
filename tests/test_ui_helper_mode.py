"""Helper mode in the app: the prompt for the helper in a calm box of its own.

Shown only with ``--helper``; literal text, never markup; at 80x24 the box,
the question and the answer all stay on screen.
"""

from __future__ import annotations

import json

from textual.widgets import Static

from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from tests.test_ui_support import advance_to, current, messages, settle, wait_for, wait_ready

HOSTILE_PROMPT = "[@click=app.quit]x[/] [b]vet[/b] [/ [link=https://example.org]link[/link]"


def _box(app: PrepAssistantApp) -> Static:
    return app.screen.query_one("#helper-prompt", Static)


def _inside(widget_or_region, size=(80, 24)) -> bool:
    region = getattr(widget_or_region, "region", widget_or_region)
    return region.width > 0 and region.height > 0 and region.right <= size[0] and region.bottom <= size[1]


async def test_the_prompt_is_shown_in_helper_mode_at_80x24():
    store = Store.guest()
    app = PrepAssistantApp(store, helper_role="vrijwilliger")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        box = _box(app)
        assert box.display
        text = str(box.render())
        assert text.startswith("For the helper: You are helping someone prepare")
        assert _inside(box)
        # A question further on: its own prompt, with the question and its answer in view.
        await advance_to(pilot, app, "fase")
        text = str(box.render())
        assert text == "For the helper: Only ask how far the patient is. Every answer is a good one."
        assert _inside(box)
        (current_bubble,) = messages(app, "assistant", "current")
        transcript = app.screen.query_one("#transcript")
        assert _inside(transcript.region_of(current_bubble))
        assert transcript.region_of(current_bubble).y >= transcript.content_region.y
        assert _inside(app.screen.focused)
        assert box.region.bottom <= app.screen.query_one("#answer-area").region.y
        # A question without a prompt of its own: the stage's prompt.
        await advance_to(pilot, app, "doelen")
        assert str(box.render()).startswith("For the helper: Let the patient tell it in their own words.")
        # The card names who helped.
        await pilot.press("f3")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CardScreen")
        await settle(pilot)
        assert "Prepared with help from: vrijwilliger" in str(app.screen.query_one("#card-text").render())
    store.close()


async def test_a_passed_message_keeps_its_prompt():
    """The app shows a message together with the question after it: the
    message's prompt (the three good questions) is shown with that question."""
    store = Store.guest()
    app = PrepAssistantApp(store, helper_role="")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await advance_to(pilot, app, "informatie")
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: current(app).key == "mogelijkheden_weet")
        await settle(pilot)
        assert _box(app).display
        assert "repeat the three questions in their own words" in str(_box(app).render())
    store.close()


async def test_no_prompt_without_helper_mode():
    store = Store.guest()
    app = PrepAssistantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        assert not _box(app).display
        await advance_to(pilot, app, "fase")
        assert not _box(app).display
        assert "For the helper" not in str(_box(app).render())
    store.close()


async def test_a_hostile_prompt_is_shown_as_it_is(tmp_path):
    flow = tmp_path / "proef.toml"
    flow.write_text(
        f'''format = 1
[flow]
id = "proef"
title = "Proef"

[[steps]]
id = "deel"
title = "Deel"
helper = {json.dumps(HOSTILE_PROMPT)}

[[nodes]]
id = "naam"
kind = "text"
step = "deel"
text = "Hoe heet u?"
''',
        encoding="utf-8",
    )
    store = Store.guest()
    app = PrepAssistantApp(store, flow_id=str(flow), helper_role="")
    actions: list[str] = []
    original = app.run_action

    async def run_action(action, *args, **kwargs):
        actions.append(str(action))
        return await original(action, *args, **kwargs)

    app.run_action = run_action
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        box = _box(app)
        assert box.display and str(box.render()) == "For the helper: " + HOSTILE_PROMPT
        await pilot.click("#helper-prompt")
        await settle(pilot)
        assert app.is_running and "quit" not in " ".join(actions)
    store.close()


async def test_a_hostile_role_is_literal_on_the_card_screen():
    from prep_assistant.session.helper_role import checked_role

    role = checked_role("[b]vet[/b] [@click=app.quit]x[/] <script>alert(1)</script> \x1b]0;titel\x07[/")
    store = Store.guest()
    app = PrepAssistantApp(store, helper_role=role)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await advance_to(pilot, app, "afspraak")
        await pilot.press("f3")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CardScreen")
        await settle(pilot)
        preview = str(app.screen.query_one("#card-text").render())
        assert "[b]vet[/b] [@click=app.quit]x[/] <script>alert(1)</script> [/" in preview
        assert "\x1b" not in preview and "\x07" not in preview
        assert app.is_running
    store.close()
