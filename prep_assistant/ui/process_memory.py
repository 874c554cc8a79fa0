"""How the app's own process uses Python's cyclic garbage collector (issue 23).

A patient's session leaves cycles behind at every answer: Textual's widgets,
screens and messages refer to each other, so an answer widget that is
replaced, or a screen that is closed, is freed only by a full collection.
Python runs one after every tenth collection of the middle generation, and
only when the objects waiting are a quarter of all the long-lived ones; with
the ~45,000 objects that importing Textual and our code leaves, that was
three times in the whole preparation.
Each walked every object (27 ms), and about 3 MiB of cycles waited in
between, which is what the session's peak memory measured.

Measured over the whole preparation (46 answers, 2026-12-01):

| | peak (MiB) | full collections | their time |
|---|---|---|---|
| Python's defaults | 47.0 | 3 | 83 ms |
| start-up frozen, a full collection tried after every middle-generation one | 45.2 | 15 | 66 ms |

Only for the process the command starts (``launch.py``) and what measures it
(``benchmarks/``): ``gc.freeze`` is for the whole process, and under a test
runner it would keep every earlier test's objects out of collection.
"""

from __future__ import annotations

import gc


def keep_start_up_out_of_collections() -> None:
    """Collect once, then leave everything alive now (modules, classes, the
    first screen) out of every later collection, and try a full collection
    after every middle-generation one: each walks only what the session made since,
    so it is short (about 4 ms), and the cycles it frees never pile up.

    Called once, soon after the first question is on screen: the patient is
    reading it, and what start-up left is settled."""
    gc.collect()
    gc.freeze()
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, 1)
