"""The reference for the app's start-up and memory: a minimal Textual app
with a header, a text input and a footer.

    python benchmarks/minimal_app.py              # run it
    PREP_ASSISTANT_FIRST_FRAME_FILE=/tmp/t python benchmarks/minimal_app.py
        # write time.time() at the first frame into /tmp/t and exit
    python benchmarks/minimal_app.py --scripted N  # headless: type N answers, exit

The first-frame hook is the same one the real app honours, so both are
measured the same way.
"""

from __future__ import annotations

import os
import sys
import time

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input

FIRST_FRAME_ENV = "PREP_ASSISTANT_FIRST_FRAME_FILE"


def report_first_frame(app: App) -> None:
    """With ``PREP_ASSISTANT_FIRST_FRAME_FILE`` set: after the first frame, write its
    time there and exit (the reference apps' side of the start-up figures)."""
    target = os.environ.get(FIRST_FRAME_ENV)
    if target:
        app.call_after_refresh(_first_frame, app, target)


def _first_frame(app: App, target: str) -> None:
    with open(target, "w", encoding="utf-8") as out:
        out.write(repr(time.time()))
    app.exit()


class MinimalApp(App):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Type here")
        yield Footer()

    def on_mount(self) -> None:
        report_first_frame(self)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.input.value = ""


async def scripted(answers: int) -> None:
    app = MinimalApp()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(answers):
            await pilot.press("a", "enter")
            await pilot.pause()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--scripted":
        import asyncio

        asyncio.run(scripted(int(sys.argv[2])))
    else:
        MinimalApp().run()
