"""Pausing Python's cyclic garbage collector around work that frees nothing.

Used where profiles showed full collections walking large, still-live object
graphs for no gain: checking a big flow file (dialogue/check.py) and replaying
a long path (dialogue/engine.py). Each caller says why its work is safe to run
without collection.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """Collection off for the block, back as it was after (also on an error).

    Nested use is safe: an inner block leaves the collector off for the outer one.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
