"""Benchmark of the session store: saving one answer, resuming a long session.

Budgets (DESIGN.md, issue 3): saving an answer well under 5 ms (it is one
transaction with a full fsync, so the disk decides most of it); opening the
store and loading a session of 1,000 answers well under 100 ms.

    python benchmarks/bench_store.py            # full run
    python benchmarks/bench_store.py --quick    # a few seconds, for CI

The store is written in a temporary folder next to the real data directory
(same disk, so the fsync cost is the real one), or in ``--dir``; it is removed
afterwards. Always exits 0: timings are reported, not enforced. ``main()``
returns the rows for a runner that collects all benchmarks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

SAVE_BUDGET_MS = 5.0
RESUME_BUDGET_MS = 100.0
RESUME_ANSWERS = 1_000


def _scratch_dir(base: Path | None) -> Path:
    if base is None:
        from prep_assistant.session.store import resolve_data_dir

        parent = resolve_data_dir().parent
        if parent.is_dir():
            try:
                return Path(tempfile.mkdtemp(prefix="prep-assistant-bench-", dir=parent))
            except OSError:
                pass
    return Path(tempfile.mkdtemp(prefix="prep-assistant-bench-", dir=base))


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _bench_save(folder: Path, count: int) -> float:
    from prep_assistant.session import Store

    with Store.open(folder) as store:
        info = store.create_session(flow_id="bench", flow_version=1, flow_kind="preparation", language="nl")
        store.claim(info.id)
        for n in range(5):  # warm up
            store.save_answer(info.id, "warmup", f"w{n}")
        samples = []
        for n in range(count):
            value: object = f"Answer number {n}: " + "walking the dog, " * (n % 8)
            if n % 5 == 0:
                value = ["less pain", "walk again", f"item {n}"]
            started = time.perf_counter()
            store.save_answer(info.id, f"q{n % 60}", value, progress=(n, count))
            samples.append(time.perf_counter() - started)
    return _median_ms(samples)


def _fill_long_session(folder: Path) -> str:
    from prep_assistant.session import AnswerRecord, SessionInfo, Store
    from prep_assistant.session.store import new_session_id

    now = dt.datetime.now(dt.timezone.utc)
    template = SessionInfo(
        id=new_session_id(), flow_id="bench", flow_version=1, flow_kind="preparation",
        pack_id=None, pack_path=None, language="nl", decision="Knee: operate or wait",
        progress_done=RESUME_ANSWERS, progress_total=RESUME_ANSWERS + 20, finished=False,
        created_at=now, updated_at=now,
    )
    with Store.open(folder) as store:
        history = []
        for n in range(RESUME_ANSWERS):
            address = f"q{n}" if n % 4 else f"pros[Option {n % 7} [{n}]]"
            value: object = (
                ["pain", "sleep", f"item {n}"] if n % 3 == 0 else
                n % 6 if n % 3 == 1 else
                f"Een antwoord van een patiënt, nummer {n}. " * 3
            )
            history.append(AnswerRecord(address, value, now + dt.timedelta(seconds=n), 0))
        return store.add_session(template, history).id


def _bench_resume(folder: Path, session_id: str, repeats: int) -> float:
    from prep_assistant.session import Store

    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        store = Store.open(folder)
        store.claim(session_id)
        store.get(session_id)
        answers = store.answers(session_id)
        samples.append(time.perf_counter() - started)
        store.close()
        assert len(answers) == RESUME_ANSWERS, len(answers)
    return _median_ms(samples)


def main(quick: bool = False, directory: Path | None = None) -> list[dict]:
    folder = _scratch_dir(directory)
    try:
        # Import cost is paid once, before timing (the app has paid it too).
        import prep_assistant.session  # noqa: F401

        save_ms = _bench_save(folder / "save", 60 if quick else 500)
        session_id = _fill_long_session(folder / "resume")
        resume_ms = _bench_resume(folder / "resume", session_id, 5 if quick else 25)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        {
            "figure": "save one answer (median, one fsynced transaction)",
            "ours_ms": round(save_ms, 3),
            "budget_ms": SAVE_BUDGET_MS,
            "holds": save_ms < SAVE_BUDGET_MS,
        },
        {
            "figure": f"open store + claim + load a session of {RESUME_ANSWERS:,} answers (median)",
            "ours_ms": round(resume_ms, 3),
            "budget_ms": RESUME_BUDGET_MS,
            "holds": resume_ms < RESUME_BUDGET_MS,
        },
    ]


def _print(rows: list[dict]) -> None:
    width = max(len(row["figure"]) for row in rows)
    print(f"{'figure'.ljust(width)}  {'ours ms':>9}  {'budget ms':>9}  holds")
    for row in rows:
        print(
            f"{row['figure'].ljust(width)}  {row['ours_ms']:>9.3f}  {row['budget_ms']:>9.1f}  "
            f"{'yes' if row['holds'] else 'NO'}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Benchmark the session store.")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, for CI")
    parser.add_argument("--dir", type=Path, help="where to write the scratch store (default: next to the data dir)")
    options = parser.parse_args()
    _print(main(options.quick, options.dir))
    sys.exit(0)
