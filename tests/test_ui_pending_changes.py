"""The screen waits for an answer's mounts and removals before it is drawn again
(ui/pending_changes.py), but never for ever: a change that never finishes (a
widget removed before its mount ran) must not leave the screen undrawn."""

from __future__ import annotations

import asyncio

from prep_assistant.ui.pending_changes import PendingChanges


async def test_settled_waits_for_every_change_also_one_started_meanwhile():
    pending = PendingChanges()
    done: list[str] = []

    async def change(name: str, then=None) -> None:
        await asyncio.sleep(0.01)
        done.append(name)
        if then is not None:
            pending.track(then())

    pending.track(change("mount", then=lambda: change("started meanwhile")))
    pending.track(change("remove"))
    await pending.settled()
    assert sorted(done) == ["mount", "remove", "started meanwhile"]


async def test_a_change_that_never_finishes_is_given_up_after_the_timeout():
    pending = PendingChanges()
    never = asyncio.get_running_loop().create_future()
    pending.track(never)
    await asyncio.wait_for(pending.settled(timeout=0.05), 2)  # returns: the screen is drawn again
    await asyncio.wait_for(pending.settled(timeout=0.05), 2)  # and the stuck change is forgotten
    never.cancel()
