"""The mounts and removals one change of the screen has started, to wait for together.

Textual lays the screen out again after each message that mounted or removed
a widget, and a widget mounted since the last layout costs one more layout
when it first learns its size. An answer removes the answered widget and
mounts the next one; laid out as they arrive, that was more layout passes
of the whole screen per answer (issue 23). ``ConversationScreen`` holds
Textual's batch until everything an answer started is in place, so the
screen is laid out once for all of it.
"""

from __future__ import annotations

import asyncio
from typing import Awaitable, TypeVar

Change = TypeVar("Change", bound=Awaitable[object])

#: The longest the changes are waited for. A widget removed before its mount ran
#: never reports itself mounted (Textual sets that event when the mount runs), and
#: while the screen waits, nothing is drawn: it must not wait for ever.
SETTLE_TIMEOUT = 2.0


class PendingChanges:
    """Mounts and removals started but perhaps not finished (``AwaitMount``, ``AwaitRemove``)."""

    def __init__(self) -> None:
        self._waiting: list[Awaitable[object]] = []

    def track(self, change: Change) -> Change:
        self._waiting.append(change)
        return change

    async def settled(self, timeout: float = SETTLE_TIMEOUT) -> None:
        """Return once every tracked change (and any started meanwhile) has finished,
        or after ``timeout`` seconds, forgetting what has not."""
        try:
            await asyncio.wait_for(self._all_finished(), timeout)
        except asyncio.TimeoutError:
            self._waiting.clear()

    async def _all_finished(self) -> None:
        while self._waiting:
            await self._waiting.pop(0)
