"""The benchmarks still run and print their table (quick mode; never timed).

The app benchmark starts the app dozens of times and is left to
``python benchmarks/run.py --quick``; the others are run here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


@pytest.mark.parametrize("name", ["bench_engine", "bench_store", "bench_card"])
def test_a_benchmark_runs_and_reports(name, tmp_path):
    result = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--only", name],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "crashed" not in result.stdout and "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["figure", "ours", "(ms)"]
    assert len([line for line in lines if line.strip().endswith(("yes", "NO", "-"))]) >= 2


@pytest.mark.parametrize("reference", ["minimal_app.py", "skeleton_app.py"])
def test_the_start_up_references_draw_their_first_frame(reference, tmp_path, monkeypatch):
    """The start-up figure's references start in a pseudo terminal, draw and stop (no timing)."""
    monkeypatch.syspath_prepend(str(RUN.parent))
    import bench_app

    assert bench_app._first_frame_ms([sys.executable, str(RUN.parent / reference)], tmp_path) is not None


def test_the_memory_rows_import_a_listed_session_without_running_it(tmp_path, monkeypatch):
    """The code-only memory rows import the modules a session loaded; one that cannot
    load alone is passed over, and the peak is still measured (no timing)."""
    monkeypatch.syspath_prepend(str(RUN.parent))
    import bench_app

    listing = tmp_path / "modules.txt"
    listing.write_text("json\nno_such_module_for_this_test\ntextual.app\n", encoding="utf-8")
    kib, out = bench_app._peak_kib([sys.executable, "-c", bench_app._IMPORTS_SCRIPT, str(listing)])
    bare, _ = bench_app._peak_kib([sys.executable, "-c", "pass"])
    assert out == ""
    assert kib > bare + 10_000  # textual.app was imported after the missing module (KiB)


def test_paced_sessions_answer_in_turn_and_report_each_answer(tmp_path, monkeypatch):
    """The CPU-per-answer rows' sessions (ours and the minimal app) stay open at
    once and give one answer each on request (no timing)."""
    monkeypatch.syspath_prepend(str(RUN.parent))
    import bench_app

    flow = tmp_path / "lang_gesprek.toml"
    flow.write_text(bench_app.long_flow(6), encoding="utf-8")
    costs = bench_app.interleaved_answer_costs(str(flow), {"minimal": ("minimal", 1), "ours": ("ours", 2)}, 3)
    assert {name: len(values) for name, values in costs.items()} == {"minimal": 3, "ours": 3}
    assert all(value > 0 for values in costs.values() for value in values)


def test_a_paced_session_that_cannot_start_is_an_error_not_a_wait(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(RUN.parent))
    import bench_app

    with pytest.raises(RuntimeError, match="the broken session did not start"):
        bench_app.interleaved_answer_costs(str(tmp_path / "none.toml"), {"broken": ("ours", -1)}, 1)
