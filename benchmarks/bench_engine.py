"""Benchmark of the dialogue core: checking a big flow, loading the shipped
flows, and the engine's cost per answer as a conversation grows.

Budgets (DESIGN.md section 9): ``check`` of a generated 1,000-node flow under
0.2 s; the engine's cost per answer flat (answer 500 at most 1.2x answer 10).
The engine figure is the core alone; bench_app.py measures the same through
the Textual app.

    python benchmarks/bench_engine.py [--quick]

Always exits 0: timings are reported, not enforced.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHECK_BUDGET_MS = 200.0
GROWTH_BUDGET = 1.2


def generated_flow(nodes: int) -> str:
    """A flow of ``nodes`` questions: branches, conditions, a loop, placeholders."""
    parts = ['format = 1\n[flow]\nid = "groot"\ntitle = "Groot"\n']
    parts.append('[[steps]]\nid = "s"\ntitle = "Stap"\n')
    parts.append('[[nodes]]\nid = "n0"\nkind = "text_list"\nstep = "s"\ntext = "Opties?"\n')
    parts.append('[[nodes]]\nid = "lus"\nkind = "for_each"\nover = "n0"\nas = "optie"\nbody = ["body_a", "body_b"]\n')
    parts.append('[[nodes]]\nid = "body_a"\nkind = "text"\ntext = "Over {optie}?"\n')
    parts.append('[[nodes]]\nid = "body_b"\nkind = "rating"\ntext = "Hoe zwaar?"\nwhen = "answered(body_a)"\n')
    for i in range(1, nodes - 3):
        kind = ("text", "yes_no", "rating", "single_choice")[i % 4]
        lines = [f'[[nodes]]\nid = "n{i}"\nkind = "{kind}"\ntext = "Vraag {i} na {{n{max(i - 1, 1)}}}?"']
        if kind == "single_choice":
            lines.append('choices = [{ id = "a", label = "A" }, { id = "b", label = "B" }]')
        if i > 2 and i % 7 == 0:
            lines.append(f'when = "answered(n{i - 1}) or count(n0) > 1"')
        if i % 11 == 0 and i + 2 < nodes - 3:
            lines.append(f'next = [{{ when = "n{i} == \'x\'", to = "n{i + 2}" }}, {{ to = "n{i + 1}" }}]')
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def bench_check(nodes: int, repeats: int) -> float:
    """Median ms of ``prep-assistant check`` on a generated flow, in-process."""
    from prep_assistant.dialogue.check import check_paths

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "groot.toml"
        path.write_text(generated_flow(nodes), encoding="utf-8")
        report = check_paths([path])
        assert report.errors == 0, [d.format() for d in report.diagnostics[:5]]
        samples = []
        for _ in range(repeats):
            start = time.perf_counter()
            check_paths([path])
            samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def bench_check_cli(nodes: int, repeats: int) -> float:
    """Median ms of the whole command in a fresh process, start-up included."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "groot.toml"
        path.write_text(generated_flow(nodes), encoding="utf-8")
        samples = []
        for _ in range(repeats):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "prep_assistant", "check", str(path)], capture_output=True, check=True)
            samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def bench_load_shipped(repeats: int) -> float:
    from prep_assistant.dialogue.flow import Flow
    from prep_assistant.dialogue.library import shipped_flow_files
    from prep_assistant.dialogue.loader import load_flow

    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for path in shipped_flow_files():
            Flow.from_model(load_flow(path, examples=False).model)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def bench_answer_growth(total: int) -> dict[int, float]:
    """Median µs of one engine answer around answers 10, 100 and 500."""
    from prep_assistant.dialogue.engine import Run
    from prep_assistant.dialogue.flow import Flow
    from prep_assistant.dialogue.loader import load_flow

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "groot.toml"
        path.write_text(generated_flow(total + 50), encoding="utf-8")
        flow = Flow.from_model(load_flow(path).model)
    marks = {10: [], 100: [], 500: []}
    for _round in range(5):
        run = Run(flow)
        run.answer(["A", "B"])
        count = 1
        while run.current is not None and count <= 520:
            step = run.current
            value = {"text": "x", "yes_no": True, "rating": 3, "single_choice": "a"}.get(step.kind, None)
            start = time.perf_counter()
            run.answer(value)
            _ = run.current
            elapsed = time.perf_counter() - start
            count += 1
            for mark, samples in marks.items():
                if mark - 5 <= count <= mark + 5:
                    samples.append(elapsed)
    return {mark: statistics.median(samples) * 1e6 for mark, samples in marks.items() if samples}


def main(quick: bool = False) -> list[dict]:
    repeats = 3 if quick else 15
    rows = []
    check_ms = bench_check(1000, repeats)
    rows.append({"figure": "check, 1,000-node flow (in process)", "ours_ms": check_ms, "budget_ms": CHECK_BUDGET_MS, "holds": check_ms < CHECK_BUDGET_MS})
    cli_ms = bench_check_cli(1000, 2 if quick else 5)
    rows.append({"figure": "check, 1,000-node flow (whole command)", "ours_ms": cli_ms, "budget_ms": None, "holds": None})
    load_ms = bench_load_shipped(repeats)
    rows.append({"figure": "load + compile the shipped flows", "ours_ms": load_ms, "budget_ms": None, "holds": None})
    growth = bench_answer_growth(520)
    ratio = growth[500] / growth[10]
    rows.append({
        "figure": "engine: one answer at 10 / 100 / 500",
        "ours_ms": growth[500] / 1000,
        "reference_ms": growth[10] / 1000,
        "ratio": ratio,
        "budget": f"<= {GROWTH_BUDGET}x",
        "holds": ratio <= GROWTH_BUDGET,
        "detail": " / ".join(f"{growth[m]:.0f} µs" for m in (10, 100, 500)),
    })
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    for row in main(parser.parse_args().quick):
        print(row)
