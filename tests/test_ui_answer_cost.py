"""What an answer costs the screen (issue 23): the focus moves twice an answer
(off the answered widget, onto the next question's), and a move must repaint
what gains and loses the focus, not the whole screen.

Counted, never timed: a whole-screen repaint makes Textual compose every
line of the screen again (``Compositor.render_full_update``), and a layout
pass arranges the whole transcript again (``Screen._refresh_layout``).
"""

from __future__ import annotations

from textual._compositor import Compositor

from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from prep_assistant.ui.textual_private import TEXTUAL_VERSION
from tests.test_ui_memory import FLOW, QUESTIONS
from tests.test_ui_support import current, give_text, settle, wait_ready


def app_on_the_long_flow(tmp_path) -> tuple[Store, PrepAssistantApp]:
    """A new session of the memory tests' flow of short text questions."""
    flow = tmp_path / "geheugen.toml"
    flow.write_text(FLOW, encoding="utf-8")
    store = Store.open(tmp_path / "data")
    return store, PrepAssistantApp(store, flow_id=str(flow), new=True)


async def test_an_answer_never_repaints_the_whole_screen(tmp_path, monkeypatch):
    store, app = app_on_the_long_flow(tmp_path)
    full_repaints: list[int] = []
    whole = Compositor.render_full_update
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await settle(pilot)
        # Counted from here: the first frame is a whole screen, of course.
        monkeypatch.setattr(Compositor, "render_full_update",
                            lambda self, *a, **k: full_repaints.append(1) or whole(self, *a, **k))
        focus_moves = []
        # The last answer ends the flow and brings the card: a new screen is drawn whole.
        for i in range(QUESTIONS - 1):
            assert current(app).key == f"v{i}"
            before = app.focused
            await give_text(pilot, f"antwoord {i}")
            await settle(pilot)
            focus_moves.append(app.focused is not before)
        assert all(focus_moves)  # the focus did move at every answer
        assert full_repaints == [], f"{len(full_repaints)} whole-screen repaints (Textual {TEXTUAL_VERSION})"
    store.close()


async def test_an_answer_is_laid_out_twice_not_once_per_mount(tmp_path, monkeypatch):
    """The answered widget leaves, the answer and the next question are drawn
    into the transcript (no widget is mounted for them) and the next answer
    widget is mounted: one layout pass for all of it, and the one Textual adds
    when the new widget first learns its size (Widget.virtual_size is a layout
    reactive). Laid out as each mount finished, it was three passes over the
    whole screen (issue 23)."""
    from textual.screen import Screen

    store, app = app_on_the_long_flow(tmp_path)
    passes: list[int] = []
    layout = Screen._refresh_layout
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await settle(pilot)
        monkeypatch.setattr(Screen, "_refresh_layout",
                            lambda self, *a, **k: passes.append(1) or layout(self, *a, **k))
        transcript = app.chat.query_one("#transcript")
        per_answer, expected = [], []
        for i in range(QUESTIONS - 1):
            assert current(app).key == f"v{i}"
            scrolls = transcript.show_vertical_scrollbar
            passes.clear()
            app.chat.give(f"antwoord {i}")
            await settle(pilot, 4)
            per_answer.append(len(passes))
            # The answer that first overflows the transcript shows its scroll bar: one pass more, once.
            expected.append(2 if transcript.show_vertical_scrollbar == scrolls else 3)
        assert current(app).key == f"v{QUESTIONS - 1}"
        assert expected.count(2) >= 3  # the test measures the usual answer, not only the overflow
        assert per_answer == expected, f"layout passes per answer (Textual {TEXTUAL_VERSION})"
    store.close()
