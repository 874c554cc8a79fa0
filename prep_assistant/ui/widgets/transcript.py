"""The conversation so far: the assistant's messages and the patient's answers.

Messages are appended, never re-rendered as a whole, so an answer costs the
same at question 500 as at question 10. Only the latest ``WINDOW`` messages
stay on screen; every earlier answer is still in "My answers" (F2).
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

from prep_assistant.i18n import _
from prep_assistant.ui.common import literal
from prep_assistant.ui.pending_changes import PendingChanges


class Bubble(Static):
    """One message; ``position`` is its step's place on the path."""

    def __init__(self, text: str, *, who: str, position: int, extra: str = "") -> None:
        super().__init__(literal(text), classes=f"bubble {who} {extra}".strip())
        self.position = position


class Transcript(VerticalScroll):
    DEFAULT_CSS = """
    Transcript {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    Transcript .bubble {
        width: 1fr;
        height: auto;
        padding: 0 1;
        margin: 1 0 0 0;
    }
    Transcript .assistant {
        margin: 1 6 0 0;
        border-left: outer $primary;
        background: $primary 10%;
    }
    Transcript .assistant.current {
        text-style: bold;
    }
    Transcript .provider {
        margin: 1 6 0 0;
        border-left: double $secondary;
        background: $secondary 10%;
    }
    Transcript .patient {
        margin: 1 0 0 6;
        border-right: outer $accent;
        background: $accent 10%;
        text-align: right;
    }
    Transcript .patient.skipped {
        color: $text-muted;
        text-style: italic;
    }
    Transcript .earlier-note {
        color: $text-muted;
        text-style: italic;
        padding: 0 1;
    }
    """

    #: Messages kept on screen; older ones leave from the top.
    WINDOW = 30

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.can_focus = True
        self._note: Static | None = None
        #: What add, trim, truncate and clear started; the screen waits for it before a layout.
        self.pending = PendingChanges()

    def add(self, text: str, *, who: str, position: int, extra: str = "") -> Bubble:
        for bubble in self.query(".current"):
            bubble.remove_class("current")
        bubble = Bubble(text, who=who, position=position, extra=extra)
        self.pending.track(self.mount(bubble))
        self._trim()
        # Anchored: stays at the newest message as it grows, until the patient scrolls up.
        self._anchor_released = False
        self.anchor()
        return bubble

    def _trim(self) -> None:
        bubbles = list(self.query_children(Bubble))
        excess = len(bubbles) - self.WINDOW
        if excess > 0:
            for bubble in bubbles[:excess]:
                self.pending.track(bubble.remove())
            self._show_earlier_note()

    def _show_earlier_note(self) -> None:
        if self._note is None:
            self._note = Static(literal(_("Earlier messages: press F2 to see all your answers.")),
                                classes="earlier-note")
            self.pending.track(self.mount(self._note, before=0))

    def first_position(self) -> int | None:
        for bubble in self.query_children(Bubble):
            return bubble.position
        return None

    def truncate(self, position: int) -> None:
        """Remove the messages of steps from ``position`` on."""
        for bubble in list(self.query_children(Bubble)):
            if bubble.position >= position:
                self.pending.track(bubble.remove())

    def clear(self) -> None:
        self.pending.track(self.remove_children())
        self._note = None

    def remove_current_question(self) -> None:
        for bubble in self.query(".current"):
            self.pending.track(bubble.remove())
