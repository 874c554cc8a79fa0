"""The gesprekskaart: how long each format takes to make.

    python benchmarks/bench_card.py [--quick]

Budgets (DESIGN.md, section 9): Markdown and HTML well under 50 ms; the PDF
under 0.6 s from a cold start, fpdf2's import included (measured in a fresh
subprocess, from just before the first fpdf import to the PDF's bytes).
The card is that of a typical session: the shipped flow's first example.
Reported, never enforced: this never fails on a time.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TEXT_BUDGET_MS = 50.0
PDF_COLD_BUDGET_MS = 600.0
COMMAND_BUDGET_MS = 250.0

_COLD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from benchmarks.bench_card import typical_card
card = typical_card()
assert "fpdf" not in sys.modules
start = time.perf_counter()
from prep_assistant.summary import render_pdf
data = render_pdf(card)
elapsed = (time.perf_counter() - start) * 1000
print(json.dumps({"ms": elapsed, "bytes": len(data)}))
"""


def typical_card():
    """The card of the shipped flow's first example, in Dutch."""
    import datetime as dt

    from prep_assistant import i18n
    from prep_assistant.dialogue.engine import SEEN, Run
    from prep_assistant.dialogue.library import find_flow
    from prep_assistant.summary import build_card

    from prep_assistant.dialogue.loader import load_flow
    from prep_assistant.paths import dialogues_dir

    i18n.set_language("nl")
    flow = find_flow()
    # The examples are in the TOML only (the compiled copy the app runs leaves them out).
    examples = load_flow(dialogues_dir() / "voorbereiding.toml").model.examples
    answers = dict(examples[0].answers)
    run = Run(flow, today=dt.date(2026, 11, 22))
    while run.current is not None:
        step = run.current
        value = SEEN if step.is_info else answers.get(step.key)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        run.answer(value)
    return build_card(run, made_on=dt.date(2026, 11, 22))


def _median_ms(work, repeats: int) -> float:
    work()  # warm: caches, first translation look-ups
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _cold_pdf_ms(repeats: int) -> float:
    times = []
    for _ in range(repeats):
        result = subprocess.run(
            [sys.executable, "-c", _COLD, str(ROOT)], capture_output=True, text=True, timeout=120
        )
        if result.returncode != 0:
            raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr else "cold PDF failed")
        times.append(json.loads(result.stdout.strip().splitlines()[-1])["ms"])
    return statistics.median(times)


def _saved_session(data_dir: Path) -> None:
    """A data folder with one session: the shipped flow's first example."""
    from prep_assistant.session import Store

    from prep_assistant.dialogue.loader import load_flow
    from prep_assistant.paths import dialogues_dir

    answers = dict(load_flow(dialogues_dir() / "voorbereiding.toml").model.examples[0].answers)
    with Store.open(data_dir) as store:
        info = store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
        store.claim(info.id)
        for key, value in answers.items():
            store.save_answer(info.id, key, value.isoformat() if hasattr(value, "isoformat") else value)
        store.release(info.id)


def _command_ms(repeats: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU ms of ``prep-assistant summary --format F`` in a fresh
    process, start-up included, the formats taken in turn."""
    import os
    import tempfile

    formats = ("md", "html", "text")
    wall: dict[str, list[float]] = {f: [] for f in formats}
    cpu: dict[str, list[float]] = {f: [] for f in formats}
    with tempfile.TemporaryDirectory() as tmp:
        _saved_session(Path(tmp))
        env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=tmp)
        for round_ in range(repeats + 1):
            for fmt in formats:
                start = time.perf_counter()
                process = subprocess.Popen(
                    [sys.executable, "-m", "prep_assistant", "summary", "--format", fmt],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                )
                _pid, status, usage = os.wait4(process.pid, 0)
                process.returncode = 0
                if status != 0:
                    raise RuntimeError(f"summary --format {fmt} failed ({status})")
                if round_:  # the first round warms the disk cache
                    wall[fmt].append((time.perf_counter() - start) * 1000)
                    cpu[fmt].append((usage.ru_utime + usage.ru_stime) * 1000)
    return {f: (statistics.median(wall[f]), statistics.median(cpu[f])) for f in formats}


def main(quick: bool = False) -> list[dict]:
    from prep_assistant.summary import render_html, render_markdown, render_text

    card = typical_card()
    repeats = 5 if quick else 50
    md_ms = _median_ms(lambda: render_markdown(card), repeats)
    html_ms = _median_ms(lambda: render_html(card), repeats)
    text_ms = _median_ms(lambda: render_text(card), repeats)
    cold_ms = _cold_pdf_ms(1 if quick else 5)
    rows = [
        ("card as Markdown (median)", md_ms, TEXT_BUDGET_MS),
        ("card as HTML (median)", html_ms, TEXT_BUDGET_MS),
        ("card as plain text (median)", text_ms, TEXT_BUDGET_MS),
        ("card as PDF, cold: fresh process, fpdf2 import included (median)", cold_ms, PDF_COLD_BUDGET_MS),
    ]
    results = [
        {"figure": figure, "ours_ms": round(ms, 3), "budget_ms": budget, "holds": ms < budget}
        for figure, ms, budget in rows
    ]
    for fmt, (wall_ms, cpu_ms) in _command_ms(2 if quick else 9).items():
        results.append({
            "figure": f"summary --format {fmt}: whole command, fresh process (median)",
            "ours_ms": round(wall_ms, 1), "budget_ms": COMMAND_BUDGET_MS, "holds": wall_ms < COMMAND_BUDGET_MS,
            "detail": f"CPU {cpu_ms:.0f} ms",
        })
    return results


if __name__ == "__main__":
    quick = "--quick" in sys.argv[1:]
    results = main(quick=quick)
    width = max(len(row["figure"]) for row in results)
    print(f"{'figure'.ljust(width)}  {'ours ms':>9}  {'budget ms':>9}  holds")
    for row in results:
        print(f"{row['figure'].ljust(width)}  {row['ours_ms']:>9.2f}  {row['budget_ms']:>9.0f}  {row['holds']}")
