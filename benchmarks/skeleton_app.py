"""A second reference for the start-up figure: our first screen's widgets and
stylesheet without any of our code.

The minimal app (``minimal_app.py``) has three widgets. Our first question
needs a header, the stage bar, the transcript with the welcome and the
question, the answer field, two buttons and the key bar, on a pushed screen
with the conversation stylesheet. This app builds that same tree from
Textual's own widgets, with the same CSS and the same words, and imports
nothing of ours: it is what the first question costs Textual itself. The
distance from the minimal app to this one is the part no work on our code
can remove (issue 23).

    python benchmarks/skeleton_app.py              # run it
    PREP_ASSISTANT_FIRST_FRAME_FILE=/tmp/t python benchmarks/skeleton_app.py
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Static

# The same first-frame hook as the minimal app (this directory is on the path when run).
from minimal_app import report_first_frame
#: The conversation screen's stylesheet, read as a file as the app reads it.
CONVERSATION_CSS = Path(__file__).resolve().parent.parent / "prep_assistant" / "ui" / "screens" / "conversation.tcss"

WELCOME = "Welkom. Samen bereiden we uw gesprek met de zorgverlener voor."
QUESTION = "Over welke keuze gaat uw gesprek?"


class ConversationSkeleton(Screen):
    DEFAULT_CSS = """
    #steps { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    #transcript { height: 1fr; padding: 0 1; }
    #transcript Static { margin: 1 6 0 0; padding: 0 1; border-left: outer $primary; background: $primary 10%; }
    """

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield Static("\u25cf \u25cb \u25cb  Deel 1 van 7: Begin", id="steps")
        with VerticalScroll(id="transcript"):
            yield Static(WELCOME)
            yield Static(QUESTION)
        yield Static("", id="helper-prompt")
        with VerticalScroll(id="answer-area"):
            yield Static("", id="error")
            yield Input(placeholder="Type here", id="text-answer")
            with Horizontal(id="buttons"):
                yield Button("Verder", id="continue", variant="primary", compact=True)
                yield Button("Overslaan", id="skip", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#buttons").display = True
        self.query_one(Input).focus()


class SkeletonApp(App):
    CSS_PATH = [str(CONVERSATION_CSS)]

    def on_mount(self) -> None:
        self.push_screen(ConversationSkeleton())
        report_first_frame(self)


if __name__ == "__main__":
    SkeletonApp().run()
