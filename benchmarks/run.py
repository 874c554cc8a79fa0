"""Run every benchmark and print one table: figure, ours, reference, ratio,
budget, and whether it holds.

    python benchmarks/run.py            # the full run (a few minutes)
    python benchmarks/run.py --quick    # proves they all still run (CI may use it)

Figures that compare with a reference (the start-up and memory of a minimal
Textual app, answer 10 against answer 500) are measured side by side in one
run, alternating, so the machine's noise cancels in the ratio: answer 10 and
answer 500 come from two sessions kept open at once that answer in turn. Timings are reported, never
enforced: this script always exits 0 unless a benchmark itself crashes.

Set PYTHONDONTWRITEBYTECODE= (empty) for start-up figures a user would see:
with it set, every import recompiles its module.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = ("bench_app", "bench_engine", "bench_store", "bench_card", "bench_serve")


def import_times(top: int = 10) -> list[tuple[str, int]]:
    """The costliest imports of the app's start-up (``python -X importtime``)."""
    code = "import prep_assistant.cli, prep_assistant.launch, prep_assistant.ui.app"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, timeout=120
    )
    rows = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            rows.append((match.group(4), int(match.group(2))))
    rows.sort(key=lambda r: -r[1])
    return rows[:top]


def _fmt(value: object, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}{unit}" if value < 10 else f"{value:.0f}{unit}"
    return f"{value}{unit}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark and print a table.")
    parser.add_argument("--quick", action="store_true", help="few repeats: proves they run")
    parser.add_argument("--only", metavar="NAME", help="run one module, e.g. bench_card")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    rows: list[dict] = []
    started = time.perf_counter()
    for name in MODULES:
        if args.only and args.only != name:
            continue
        if not (HERE / f"{name}.py").exists():
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(name)
            rows.extend(module.main(quick=args.quick))
        except Exception:  # one broken benchmark must not hide the others
            traceback.print_exc()
            rows.append({"figure": f"{name} crashed", "holds": False})
    header = ("figure", "ours (ms)", "reference (ms)", "ratio", "budget", "holds")
    table = [header]
    for row in rows:
        budget = row.get("budget")
        if isinstance(budget, (int, float)):
            budget = f"<= {budget:g}x"
        if budget is None and row.get("budget_ms") is not None:
            budget = f"< {row['budget_ms']:.0f} ms"
        holds = row.get("holds")
        table.append(
            (
                str(row.get("figure")) + (f" ({row['detail']})" if row.get("detail") else ""),
                _fmt(row.get("ours_ms")),
                _fmt(row.get("reference_ms")),
                _fmt(row.get("ratio"), "x"),
                budget or "-",
                "-" if holds is None else ("yes" if holds else "NO"),
            )
        )
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for i, row in enumerate(table):
        print("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print()
    print("ten costliest imports at start-up (python -X importtime, cumulative µs):")
    try:
        for module, micros in import_times():
            print(f"  {micros:>8}  {module}")
    except Exception as error:  # the UI may be missing in a partial checkout
        print(f"  (not measured: {error})")
    print(f"\n{len(rows)} figures in {time.perf_counter() - started:.0f} s"
          f"{' (quick mode: too few repeats to trust)' if args.quick else ''}"
          f"{'; PYTHONDONTWRITEBYTECODE is set' if os.environ.get('PYTHONDONTWRITEBYTECODE') else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
