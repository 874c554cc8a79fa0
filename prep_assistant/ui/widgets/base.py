"""What every answer widget shares: it shows one step and hands back a value.

An answer widget never checks an answer itself and never talks to the
conversation: it posts ``AnswerWidget.Submitted`` with the value as the
patient gave it, and the conversation screen passes it to
``Conversation.answer``, which checks and saves it. A refused answer leaves
the widget as it was, so nothing the patient typed is lost.
"""

from __future__ import annotations

from typing import Any, Callable

from textual.await_remove import AwaitRemove
from textual.containers import Vertical
from textual.message import Message

from prep_assistant.conversation import Turn
from prep_assistant.ui.textual_private import drop_watchers


class AnswerWidget(Vertical):
    """The answer area of one kind of question."""

    DEFAULT_CSS = """
    AnswerWidget {
        height: auto;
    }
    AnswerWidget .answer-note { color: $text-muted; }
    """

    #: Show the screen's "Continue" button (yes/no answers with their own buttons).
    SHOW_CONTINUE = True

    class Ready(Message):
        """The widget is on screen and has asked for the focus (keys typed meanwhile may go on)."""

    class Submitted(Message):
        """The patient gave an answer (not yet checked)."""

        def __init__(self, value: Any) -> None:
            super().__init__()
            self.value = value

    def __init__(self, step: Turn, words: Callable[[str, Any], str], draft: Any = None) -> None:
        super().__init__(classes="answer-widget")
        self.step = step
        #: ``run.display``: an answer as words (choice labels, dates).
        self.words = words
        #: What the patient was typing before the screen was rebuilt (a language switch).
        self.initial_draft = draft
        #: Removed by the screen, perhaps before its mount ran (two rebuilds in one tick).
        self.discarded = False

    def _on_mount(self) -> None:
        if self.discarded:
            # Replaced before it was ever on screen: it must not take the focus,
            # and Textual may mount it after the removal asked for: go again.
            self.remove()
            return
        # Children are composed by now; the answer takes the focus at once.
        self.focus_first()
        self.post_message(self.Ready())

    def show_step(self, step: Turn, words: Callable[[str, Any], str], draft: Any = None) -> bool:
        """Show the next step in this widget, as a new widget would; False if it cannot.

        Between two questions of the same kind the screen keeps the widget:
        removing it and mounting a new one costs compose, the new nodes'
        styles, their mount messages and a focus move that re-applies the
        answer area's styles (issue 23: at answer 10 of a flow of text
        questions, CPU per answer went from about 48 to 25 ms). A kept widget
        ends the way a new one starts: the answer has the focus and ``Ready``
        is posted (it lets the keys typed meanwhile through, key_gate.py).
        False (the screen then builds a new widget) when this kind cannot
        show ``step`` with the children it has, or before it has any.
        """
        if not self.is_mounted or not self.fits(step):
            return False
        self.step = step
        self.words = words
        self.initial_draft = draft
        self.refill()
        self.focus_first()
        self.post_message(self.Ready())
        return True

    def fits(self, step: Turn) -> bool:
        """True if ``refill`` can show ``step`` in the children this widget has."""
        return False

    def refill(self) -> None:
        """Show ``self.step`` (or ``self.initial_draft``) in the children there are, as compose would."""
        raise NotImplementedError

    def value(self) -> Any:
        """The answer as it stands now (the Continue button sends this)."""
        raise NotImplementedError

    def draft(self) -> Any:
        """Unsent input worth keeping through a re-render."""
        return None

    def kept_draft(self) -> Any:
        """``draft()`` once the widget has its fields; before that (mounted in this
        same tick, e.g. F2 then a language switch at once), the draft it was given."""
        return self.draft() if self.is_mounted else self.initial_draft

    def focus_first(self) -> None:
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return

    def remove_for_good(self) -> AwaitRemove:
        """Remove the widget and let it be freed (awaitable, as ``remove``).

        Textual's Input and TextArea subscribe to the screen's and the app's
        signals with callbacks that hold the widget; Textual drops them only
        when that signal next fires, which may be never. TextArea also
        watches the app's theme, and Textual drops that watcher only when the
        theme changes. Until then each answered question kept its whole
        answer widget in memory (tests/test_ui_memory.py checks it does not).
        """
        gone = list(self.walk_children(with_self=True))
        for signal in (self.screen.text_selection_started_signal, self.app.theme_changed_signal):
            for node in gone:
                signal.unsubscribe(node)
        drop_watchers(self.app, gone)
        self.discarded = True
        return self.remove()

    def submit(self) -> None:
        self.post_message(self.Submitted(self.value()))
