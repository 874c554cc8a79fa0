"""Keys typed while the next question is being put on screen wait, then arrive in order.

Why: after an answer the old answer widget is removed and the new one is
mounted; Textual builds its children and moves the focus a moment later.
Keys typed in that moment went to whatever had the focus then (the
"Continue" button of a message, or nothing) and were lost, and an Enter
pressed "Continue" again, which gave the new question an empty answer
("skipped"). The gate closes at every Enter (the key that gives an answer)
and stays closed while an answer is given, until the next question has the
focus; what was typed in between is then replayed, one key at a time, as if
typed again. An Enter that gives no answer (it added an item to a list)
opens the gate again after ``ENTER_SETTLE``.

One key at a time, with a short pause: a replayed key may itself give an
answer (Enter) or move the focus (J on yes/no), and the keys after it
belong to where that leads. Keys typed while the replay runs join the end
of the queue, so nothing overtakes.
"""

from __future__ import annotations

import weakref
from collections import deque
from functools import partial
from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:  # pragma: no cover
    from textual.app import App

#: Between two replayed keys: enough for a key's consequences (a new question, a focus move).
REPLAY_PAUSE = 0.05
#: After an Enter that gave no answer, the gate opens again after this long.
ENTER_SETTLE = 0.1
#: The longest the gate waits for the next question: should it never come (a bug),
#: the keyboard must not stay dead.
ANSWER_TIMEOUT = 2.0


class KeyGate:
    def __init__(self, app: "App") -> None:
        self.app = app
        self.closed = False
        self.held: deque[tuple[str, str | None]] = deque()
        self.replaying = False
        #: Keys sent on by the gate itself. Plain ``events.Key`` objects: Textual
        #: picks handlers by the message's class name, so a subclass would reach
        #: no widget's ``_on_key``.
        self._replayed: weakref.WeakSet[events.Key] = weakref.WeakSet()
        #: An answer is being given: only the next question opens the gate.
        self.answering = False
        self._answers_begun = 0

    def begin_answer(self) -> None:
        """An answer was given: hold keys until the next question has the focus."""
        self.closed = True
        self.answering = True
        self._answers_begun += 1
        self.app.set_timer(ANSWER_TIMEOUT, partial(self._stop_waiting, self._answers_begun))

    def _stop_waiting(self, answer_number: int) -> None:
        # Only for the answer that armed this timer: a later one has its own.
        if self.answering and answer_number == self._answers_begun:
            self.end_answer()

    def end_answer(self) -> None:
        """The next question has the focus (or the answer was refused): send on what waited."""
        self.answering = False
        self.open()

    def open(self) -> None:
        self.closed = False
        if self.held and not self.replaying:
            self.replaying = True
            self._send_next()

    def _settle_after_enter(self) -> None:
        if not self.answering:
            self.open()

    def holds(self, event: events.Event) -> bool:
        """True if the key waits at the gate (the app then does not pass it on)."""
        if not isinstance(event, events.Key) or event.is_forwarded:
            return False  # a key on its way back up (bubbling) has passed the gate already
        replayed = event in self._replayed
        if not replayed and (self.closed or self.replaying):
            self.held.append((event.key, event.character))
            return True
        if event.key == "enter":
            # It may give an answer; the keys after it belong to the question after it.
            self.closed = True
            self.app.set_timer(ENTER_SETTLE, self._settle_after_enter)
        return False

    def _send_next(self) -> None:
        if self.closed or not self.held:
            # Closed again by a replayed Enter: ``open`` goes on with the rest.
            self.replaying = False
            return
        key, character = self.held.popleft()
        replayed = events.Key(key, character)
        replayed.set_sender(self.app)
        self._replayed.add(replayed)
        self.app.post_message(replayed)
        self.app.set_timer(REPLAY_PAUSE, self._send_next)
