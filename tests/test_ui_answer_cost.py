"""What an answer costs the screen (issue 23): when the next question needs a new
answer widget, the focus moves twice (off the answered widget, onto the next
question's), and a move must repaint what gains and loses the focus, not the
whole screen. A question of the same kind keeps the widget, and its focus.

Counted, never timed: a whole-screen repaint makes Textual compose every
line of the screen again (``Compositor.render_full_update``), and a layout
pass arranges the whole transcript again (``Screen._refresh_layout``).
"""

from __future__ import annotations

import pytest
from textual._compositor import Compositor

from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from prep_assistant.ui.textual_private import TEXTUAL_VERSION
from tests.test_ui_memory import FLOW, QUESTIONS
from tests.test_ui_support import current, give_text, settle, wait_ready

#: The memory tests' flow, all on one line: every answer keeps the answer widget.
ONE_LINE_FLOW = FLOW.replace("multiline = true", "multiline = false")
#: One line and several in turn (an Input, then a TextArea): every answer needs a new widget.
FLOWS = {"new widget each answer": FLOW, "widget kept": ONE_LINE_FLOW}


def app_on_the_long_flow(tmp_path, flow_text: str = FLOW) -> tuple[Store, PrepAssistantApp]:
    """A new session of a flow of short text questions."""
    flow = tmp_path / "geheugen.toml"
    flow.write_text(flow_text, encoding="utf-8")
    store = Store.open(tmp_path / "data")
    return store, PrepAssistantApp(store, flow_id=str(flow), new=True)


@pytest.mark.parametrize("flow_text", FLOWS.values(), ids=FLOWS.keys())
async def test_an_answer_never_repaints_the_whole_screen(tmp_path, monkeypatch, flow_text):
    store, app = app_on_the_long_flow(tmp_path, flow_text)
    full_repaints: list[int] = []
    whole = Compositor.render_full_update
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await settle(pilot)
        # Counted from here: the first frame is a whole screen, of course.
        monkeypatch.setattr(Compositor, "render_full_update",
                            lambda self, *a, **k: full_repaints.append(1) or whole(self, *a, **k))
        focus_moves, new_widgets = [], []
        # The last answer ends the flow and brings the card: a new screen is drawn whole.
        for i in range(QUESTIONS - 1):
            assert current(app).key == f"v{i}"
            before, widget = app.focused, app.chat.answer
            await give_text(pilot, f"antwoord {i}")
            await settle(pilot)
            focus_moves.append(app.focused is not before)
            new_widgets.append(app.chat.answer is not widget)
        # A new widget takes the focus; a kept one keeps it (the Input the patient typed
        # in). Either way the focus moved or stayed without a whole-screen repaint.
        assert all(new_widgets) if flow_text == FLOW else not any(new_widgets)
        assert focus_moves == new_widgets
        assert full_repaints == [], f"{len(full_repaints)} whole-screen repaints (Textual {TEXTUAL_VERSION})"
    store.close()


@pytest.mark.parametrize("flow_text", FLOWS.values(), ids=FLOWS.keys())
async def test_an_answer_is_laid_out_once_not_once_per_mount(tmp_path, monkeypatch, flow_text):
    """The answer and the next question are drawn into the transcript (no
    widget is mounted for them) and the answer widget takes the next question:
    one layout pass for all of it. When the next question needs a new answer
    widget, the answered one leaves and the new one is mounted in that same
    pass, and Textual adds one when the new widget first learns its size
    (Widget.virtual_size is a layout reactive): two. Laid out as each mount
    finished, with a widget per message, it was four passes over the whole
    screen (issue 23)."""
    from textual.screen import Screen

    store, app = app_on_the_long_flow(tmp_path, flow_text)
    passes: list[int] = []
    layout = Screen._refresh_layout
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await settle(pilot)
        monkeypatch.setattr(Screen, "_refresh_layout",
                            lambda self, *a, **k: passes.append(1) or layout(self, *a, **k))
        transcript = app.chat.query_one("#transcript")
        usual = 2 if flow_text == FLOW else 1  # a new answer widget each time, or the one kept
        per_answer, expected = [], []
        for i in range(QUESTIONS - 1):
            assert current(app).key == f"v{i}"
            scrolls = transcript.show_vertical_scrollbar
            passes.clear()
            app.chat.give(f"antwoord {i}")
            await settle(pilot, 4)
            per_answer.append(len(passes))
            # The answer that first overflows the transcript shows its scroll bar: three passes, once.
            expected.append(usual if transcript.show_vertical_scrollbar == scrolls else 3)
        assert current(app).key == f"v{QUESTIONS - 1}"
        assert expected.count(usual) >= 3  # the test measures the usual answer, not only the overflow
        assert per_answer == expected, f"layout passes per answer (Textual {TEXTUAL_VERSION})"
    store.close()
