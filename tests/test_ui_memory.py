"""Start-up and memory: answered widgets are freed; the theme is set before the first frame.

Textual's Input and TextArea subscribe to signals and watch the app's theme
with callbacks that hold the widget; without ``AnswerWidget.remove_for_good``
every answered question stayed in memory for the rest of the session.
"""

from __future__ import annotations

import gc

from textual._styles_cache import StylesCache
from textual.widget import Widget
from textual.widgets import Input, TextArea

from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from tests.test_ui_support import current, give_text, guest_store, settle, wait_ready  # noqa: F401

QUESTIONS = 6

FLOW = "format = 1\n[flow]\nid = \"geheugen\"\ntitle = \"Geheugen\"\n" + "".join(
    f'\n[[nodes]]\nid = "v{i}"\nkind = "text"\nmultiline = {"true" if i % 2 else "false"}\n'
    f'text = "Vraag {i}?"\n'
    for i in range(QUESTIONS)
)


def detached(kind: type) -> list:
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, kind) and not o.is_attached]


async def test_answered_text_fields_are_freed(tmp_path):
    flow = tmp_path / "geheugen.toml"
    flow.write_text(FLOW, encoding="utf-8")
    store = Store.open(tmp_path / "data")
    app = PrepAssistantApp(store, flow_id=str(flow), new=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        for i in range(QUESTIONS):
            assert current(app).key == f"v{i}"
            await give_text(pilot, f"antwoord {i}")
            await settle(pilot)
        assert current(app) is None
        # Only the widgets on screen may be alive; none of the answered ones.
        assert detached(TextArea) == []
        assert detached(Input) == []
        # Nor the lines they drew: every style cache alive belongs to a widget alive
        # (Textual's lru_cache on StylesCache.get_inner_outer kept them, issue 23).
        gc.collect()
        widgets_caches = {id(o._styles_cache) for o in gc.get_objects() if isinstance(o, Widget)}
        orphans = [o for o in gc.get_objects() if isinstance(o, StylesCache) and id(o) not in widgets_caches]
        assert orphans == []
    store.close()


async def test_the_calm_theme_is_there_from_the_first_frame(guest_store):
    # The theme is set before Textual first parses the CSS (start-up speed);
    # its colours must be the ones in use, not Textual's default theme's.
    from textual.color import Color

    from prep_assistant.ui.themes import CALM, THEMES

    calm = next(theme for theme in THEMES if theme.name == CALM)
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        assert app.theme == CALM and app.has_class(f"-theme-{CALM}")
        continue_button = app.screen.query_one("#continue")
        assert continue_button.styles.background == Color.parse(calm.primary)


def test_a_session_loads_babel_only_when_a_language_name_is_asked_for(tmp_path):
    # Babel's locale data is about 5 MiB: only help (F1), the commands and a
    # language switch name the languages; answering never does.
    import subprocess
    import sys

    code = (
        "import asyncio, sys\n"
        "from prep_assistant.session import Store\n"
        "from prep_assistant.ui.app import PrepAssistantApp\n"
        "from tests.test_ui_support import settle, wait_ready\n"
        "async def main():\n"
        "    app = PrepAssistantApp(Store.guest(), new=True)\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        await wait_ready(pilot, app)\n"
        "        for _ in range(3):\n"
        "            await pilot.press('enter')\n"
        "            await settle(pilot)\n"
        "        print(app.conversation.position, 'babel.localedata' in sys.modules)\n"
        "        await pilot.press('f1')\n"
        "        await settle(pilot)\n"
        "        print('babel.localedata' in sys.modules)\n"
        "asyncio.run(main())\n"
    )
    root = __file__.rsplit("/tests/", 1)[0]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=root,
                            env={"PREP_ASSISTANT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    answered, before_help, after_help = result.stdout.split()
    assert int(answered) > 0
    assert (before_help, after_help) == ("False", "True")
