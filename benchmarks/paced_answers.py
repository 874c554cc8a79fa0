"""One app session, answered on request, for the CPU-per-answer figures.

    python benchmarks/paced_answers.py ours FLOW.toml SKIP
    python benchmarks/paced_answers.py minimal - SKIP

It answers SKIP questions unmeasured (type "a", Enter), prints ``ready`` and
then, for each ``go`` line on its standard input, answers once more and
prints the CPU milliseconds that answer took; ``stop`` or the end of input
ends it.

Why a session per process, answered on request: the figure compares answer
10 with answer 500, and the same work was measured at 19 ms in one run and 30
ms in another (2026-11-30) because the shared machine's speed changed during
the minute a 500-answer session takes, not our work (a fixed workload run
after each answer slowed down by the same factor, 2026-12-01). So
``bench_app.growth_rows`` keeps a session at answer 5 and one at answer 495
open at the same time and asks them for one answer each in turn: whatever
the machine does, it does to both.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_START_TIMEOUT = 60.0


def _app(kind: str, flow: str):
    if kind == "minimal":
        sys.path.insert(0, str(HERE))
        from minimal_app import MinimalApp

        return MinimalApp(), None
    from prep_assistant.session import Store
    from prep_assistant.ui.app import PrepAssistantApp

    store = Store.guest()
    # owns_process: the collector tuned as in the command's own process (ui/process_memory.py)
    return PrepAssistantApp(store, flow_id=flow, new=True, owns_process=True), store


async def _answer(pilot) -> float:
    started = time.process_time()
    await pilot.press("a", "enter")
    await pilot.pause()
    return (time.process_time() - started) * 1000


async def serve_answers(kind: str, flow: str, skip: int) -> None:
    app, store = _app(kind, flow)
    loop = asyncio.get_running_loop()
    async with app.run_test(size=(80, 24)) as pilot:
        deadline = time.monotonic() + _START_TIMEOUT
        while not getattr(app, "ready", True):
            if time.monotonic() > deadline:  # a flow that cannot load shows its error and waits
                print(f"the {kind} app showed no question within {_START_TIMEOUT:.0f} s", file=sys.stderr)
                raise SystemExit(1)
            await pilot.pause(0.05)
        for _ in range(skip):
            await _answer(pilot)
        print("ready", flush=True)
        # The request is read in a thread, so the app's timers run while it waits,
        # as they do while a patient reads.
        while (await loop.run_in_executor(None, sys.stdin.readline)).strip() == "go":
            await pilot.pause()  # what came due while waiting is not this answer's cost
            print(f"{await _answer(pilot):.3f}", flush=True)
    if store is not None:
        store.close()


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("ours", "minimal") or not argv[2].isdigit():
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    if argv[0] == "ours" and not Path(argv[1]).is_file():
        print(f"no flow file at {argv[1]}", file=sys.stderr)
        return 2
    asyncio.run(serve_answers(argv[0], argv[1], int(argv[2])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
