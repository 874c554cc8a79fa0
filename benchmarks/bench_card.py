"""The gesprekskaart: how long each format takes to make.

    python benchmarks/bench_card.py [--quick] [--python PY --root CHECKOUT]

Budgets (DESIGN.md, section 9): Markdown, HTML and text well under 50 ms;
the PDF renderer at most 0.2 s cold (a fresh process, the renderer's import
included: in a fresh process that has loaded the flow, engine, store and
catalogs, ``import prep_assistant.summary.render_pdf`` plus the first
``render_pdf``; building the card is not counted) and the whole ``prep-assistant summary --format pdf`` at
most 0.4 s, measured from outside (process start to exit) side by side with
``--format html``. Each on a typical card (the shipped flow's first example)
and a long one (the recorded session ``long`` of the tests, 5 pages).

``--python`` and ``--root`` run the cold figures with another interpreter on
another checkout (how the old fpdf2 renderer was measured for comparison).
Reported, never enforced: this never fails on a time.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TEXT_BUDGET_MS = 50.0
PDF_COLD_BUDGET_MS = 200.0
COMMAND_BUDGET_MS = 400.0
#: The whole command for the text formats (issue 23).
TEXT_COMMAND_BUDGET_MS = 250.0

_COLD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
# What any caller with a card has loaded already (the flow, the engine, the
# store, the catalogs) is loaded first, untimed; then the renderer's import,
# with the summary package it sits in, is timed; building the card is not.
import prep_assistant.dialogue.engine, prep_assistant.dialogue.library, prep_assistant.i18n
import prep_assistant.session
start = time.perf_counter()
from prep_assistant.summary.render_pdf import render_pdf
imported = time.perf_counter() - start
from bench_card import card_named
card = card_named(sys.argv[3])
start = time.perf_counter()
data = render_pdf(card)
elapsed = (imported + time.perf_counter() - start) * 1000
print(json.dumps({"ms": elapsed, "import_ms": imported * 1000, "bytes": len(data)}))
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


def long_card():
    """The card of the tests' recorded session ``long`` (5 pages as PDF)."""
    from tests.test_summary_model import card_of

    return card_of("long")


def card_named(name: str):
    return long_card() if name == "long" else typical_card()


def _saved_session(data_dir: Path, name: str) -> None:
    """A store in ``data_dir`` with the card's answers, as the app saves them."""
    from prep_assistant.session import Store
    from tests.test_summary_model import session_run

    run = session_run(name)
    with Store.open(data_dir) as store:
        info = store.create_session(
            flow_id="voorbereiding", flow_version=run.flow.version, flow_kind="preparation", language="nl",
        )
        for key, value in run.answers.items():
            store.save_answer(info.id, key, value)


def _median_ms(work, repeats: int) -> float:
    work()  # warm: caches, first translation look-ups
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _cold_pdf_ms(name: str, repeats: int, python: str, root: Path) -> float:
    times = []
    for _ in range(repeats):
        result = subprocess.run(
            [python, "-c", _COLD, str(root), str(Path(__file__).resolve().parent), name],
            capture_output=True, text=True, timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr else "cold PDF failed")
        times.append(json.loads(result.stdout.strip().splitlines()[-1])["ms"])
    return statistics.median(times)


def _command_ms(data_dir: Path, fmt: str, repeats: int, python: str, root: Path) -> float:
    env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(data_dir), PYTHONPATH=str(root), LANG="C.UTF-8")
    out = data_dir / f"card.{fmt}"
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = subprocess.run(
            [python, "-m", "prep_assistant", "summary", "--format", fmt, "-o", str(out)],
            capture_output=True, env=env, timeout=120, cwd=data_dir,
        )
        times.append((time.perf_counter() - start) * 1000)
        if result.returncode != 0:
            raise RuntimeError(result.stderr.decode("utf-8", "replace").strip()[-300:])
    return statistics.median(times)


def main(quick: bool = False, python: str | None = None, root: Path | None = None) -> list[dict]:
    from prep_assistant.summary import render_html, render_markdown, render_text

    python = python or sys.executable
    root = root or ROOT
    card = typical_card()
    repeats = 5 if quick else 50
    cold_repeats = 1 if quick else 7
    rows = [
        ("card as Markdown (median)", _median_ms(lambda: render_markdown(card), repeats), TEXT_BUDGET_MS),
        ("card as HTML (median)", _median_ms(lambda: render_html(card), repeats), TEXT_BUDGET_MS),
        ("card as plain text (median)", _median_ms(lambda: render_text(card), repeats), TEXT_BUDGET_MS),
    ]
    for name in ("typical", "long"):
        rows.append((f"{name} card as PDF, cold: fresh process, renderer import included (median)",
                     _cold_pdf_ms(name, cold_repeats, python, root), PDF_COLD_BUDGET_MS))
    for name in ("typical", "long"):
        with tempfile.TemporaryDirectory() as folder:
            data_dir = Path(folder)
            _saved_session(data_dir, name)
            for fmt in ("md", "text", "html", "pdf"):
                budget = COMMAND_BUDGET_MS if fmt == "pdf" else TEXT_COMMAND_BUDGET_MS
                rows.append((f"{name} card: whole `summary --format {fmt}` command (median)",
                             _command_ms(data_dir, fmt, cold_repeats, python, root), budget))
    return [
        {"figure": figure, "ours_ms": round(ms, 3), "budget_ms": budget, "holds": ms < budget}
        for figure, ms, budget in rows
    ]


if __name__ == "__main__":
    args = sys.argv[1:]
    other_python = args[args.index("--python") + 1] if "--python" in args else None
    other_root = Path(args[args.index("--root") + 1]) if "--root" in args else None
    results = main(quick="--quick" in args, python=other_python, root=other_root)
    width = max(len(row["figure"]) for row in results)
    print(f"{'figure'.ljust(width)}  {'ours ms':>9}  {'budget ms':>9}  holds")
    for row in results:
        print(f"{row['figure'].ljust(width)}  {row['ours_ms']:>9.2f}  {row['budget_ms']:>9.0f}  {row['holds']}")
