"""Benchmark of the dialogue core: checking a big flow, loading the shipped
flows, and the engine's cost per answer as a conversation grows.

Budgets (DESIGN.md section 9): ``check`` of a generated 1,000-node flow under
0.2 s, of 20,000 nodes under 2 s, and linear in nodes (1k / 5k / 20k); the
engine's cost per answer flat (answer 500 at most 1.2x answer 10); resume
(replaying stored answers through the engine) of 10,000 answers under 0.2 s
and linear (1k / 10k / 100k); one answer in a 10,000-node flow as cheap as in
a 1,000-node flow. The engine figures are the core alone; bench_app.py
measures answers through the Textual app.

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
CHECK_20K_BUDGET_MS = 2000.0
RESUME_10K_BUDGET_MS = 200.0
GROWTH_BUDGET = 1.2
#: Linear: the cost per node (or per answer) of the biggest size at most this
#: many times that of the smallest.
LINEAR_BUDGET = 1.3

#: In-process figures count this process's CPU time: the machine is shared
#: with other work, and wall time would count its turns too.
clock = time.process_time


#: The value a branching rule compares each kind's answer with: of the
#: answer's type (check refuses a rating compared with text, PA306), and,
#: except for text ("x"), not the answer the benchmarks give.
_BRANCH_VALUE = {"text": "'x'", "yes_no": "false", "rating": "0", "single_choice": "'b'"}


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
            lines.append(f'next = [{{ when = "n{i} == {_BRANCH_VALUE[kind]}", to = "n{i + 2}" }}, {{ to = "n{i + 1}" }}]')
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def generated_flow_data(nodes: int) -> dict:
    """``generated_flow`` as the data its TOML reads as, built directly: parsing
    100,000 nodes of TOML takes longer than the replay it sets up."""
    data: dict = {
        "format": 1,
        "flow": {"id": "groot", "title": "Groot"},
        "steps": [{"id": "s", "title": "Stap"}],
        "nodes": [
            {"id": "n0", "kind": "text_list", "step": "s", "text": "Opties?"},
            {"id": "lus", "kind": "for_each", "over": "n0", "as": "optie", "body": ["body_a", "body_b"]},
            {"id": "body_a", "kind": "text", "text": "Over {optie}?"},
            {"id": "body_b", "kind": "rating", "text": "Hoe zwaar?", "when": "answered(body_a)"},
        ],
    }
    for i in range(1, nodes - 3):
        kind = ("text", "yes_no", "rating", "single_choice")[i % 4]
        node: dict = {"id": f"n{i}", "kind": kind, "text": f"Vraag {i} na {{n{max(i - 1, 1)}}}?"}
        if kind == "single_choice":
            node["choices"] = [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]
        if i > 2 and i % 7 == 0:
            node["when"] = f"answered(n{i - 1}) or count(n0) > 1"
        if i % 11 == 0 and i + 2 < nodes - 3:
            node["next"] = [{"when": f"n{i} == {_BRANCH_VALUE[kind]}", "to": f"n{i + 2}"}, {"to": f"n{i + 1}"}]
        data["nodes"].append(node)
    return data


def stored_answers(flow, count: int) -> dict:
    """Answers as a resumed session holds them: ``count`` of them, every one valid."""
    answers: dict = {"n0": ["A", "B"]}
    for item in ("A", "B"):
        answers[f"body_a[{item}]"] = "x"
        answers[f"body_b[{item}]"] = 3
    values = {"text": "x", "yes_no": True, "rating": 3, "single_choice": "a"}
    for node_id in flow.order:
        if len(answers) >= count:
            break
        kind = flow.nodes[node_id].kind
        if kind in values:
            answers[node_id] = values[kind]
    return answers


def bench_resume(sizes: tuple[int, ...], repeats: int) -> dict[int, tuple[float, int]]:
    """Median ms to replay ``size`` stored answers through the engine (what
    opening a saved session does), and the length of the path it walks."""
    import gc

    from prep_assistant.dialogue import schema
    from prep_assistant.dialogue.engine import Run
    from prep_assistant.dialogue.flow import Flow

    results = {}
    for size in sizes:
        flow = Flow.from_model(schema.FlowFile.model_validate(generated_flow_data(size + 50)))
        answers = stored_answers(flow, size)
        run = Run(flow, answers=answers)
        assert len(run.path) > size * 0.9, (size, len(run.path))
        samples = []
        for _ in range(repeats):
            start = clock()
            Run(flow, answers=answers)
            samples.append(clock() - start)
        results[size] = (statistics.median(samples) * 1000, len(run.path))
        del flow, answers, run
        gc.collect()
    return results


class _BaselineNode:
    """A node as the baseline walk holds it: an object with a ``__dict__``, as a flow's nodes are."""

    def __init__(self, index: int) -> None:
        self.id = f"n{index}"
        self.kind = ("text", "yes_no", "rating", "single_choice")[index % 4]
        self.next = None
        self.text = f"Vraag {index}"


def _baseline_walk(nodes: dict, order: list, position: dict, when: dict, answers: dict) -> list:
    """The dictionary work of one replay step, and nothing of the engine's logic."""
    path: list = []
    on_path: dict = {}
    node_id = order[0]
    while node_id is not None:
        node = nodes[node_id]
        when.get(node_id)
        _ = node.kind, node.next
        if node_id in on_path:
            break
        on_path[node_id] = len(path)
        path.append((node_id, None, 1))
        if node_id not in answers:
            break
        index = position[node_id] + 1
        node_id = order[index] if index < len(order) else None
    return path


def bench_resume_baseline(sizes: tuple[int, ...], repeats: int) -> dict[int, float]:
    """Median ms of a pure-Python walk as big as a resume of ``size`` answers:
    the same dictionaries (nodes, conditions, positions, answers, the path's
    index) of the same sizes, looked up once a step. No engine code runs, so
    its growth per step from 1,000 to 100,000 is what the machine's caches
    cost a walk of that size; the resume's growth is to be read against it."""
    import gc

    results = {}
    for size in sizes:
        order = [f"n{index}" for index in range(size + 50)]
        nodes = {node_id: _BaselineNode(index) for index, node_id in enumerate(order)}
        position = {node_id: index for index, node_id in enumerate(order)}
        when = {node_id: "x" for index, node_id in enumerate(order) if index % 7 == 0}
        # Keys of their own, as answers loaded from a session file have.
        answers = {f"n{index}": 3 for index in range(size)}
        samples = []
        for _ in range(repeats):
            gc.disable()  # as the replay runs (dialogue/collector.py)
            start = clock()
            _baseline_walk(nodes, order, position, when, answers)
            samples.append(clock() - start)
            gc.enable()
        results[size] = statistics.median(samples) * 1000
        del order, nodes, position, when, answers
        gc.collect()
    return results


def bench_answer_in_big_flow(sizes: tuple[int, int], answers: int = 500) -> dict[int, float]:
    """Median µs of one answer, saved (Conversation on a guest store), around
    answer ``answers`` of flows of two sizes: the flow's size must not count."""
    from prep_assistant.conversation.live import Conversation
    from prep_assistant.dialogue import schema
    from prep_assistant.dialogue.flow import Flow
    from prep_assistant.session import Store

    values = {"text": "y", "yes_no": True, "rating": 3, "single_choice": "a"}
    results = {}
    for size in sizes:
        flow = Flow.from_model(schema.FlowFile.model_validate(generated_flow_data(size)))
        store = Store.guest()
        conversation = Conversation.start(store, flow=flow)
        conversation.answer(["A", "B"])
        samples = []
        for count in range(answers + 20):
            step = conversation.current
            start = clock()
            conversation.answer(values.get(step.kind))
            _ = conversation.current
            elapsed = clock() - start
            if count >= answers - 20:
                samples.append(elapsed)
        store.close()
        results[size] = statistics.median(samples) * 1e6
    return results


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
            start = clock()
            check_paths([path])
            samples.append(clock() - start)
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
        start = clock()
        for path in shipped_flow_files():
            Flow.from_model(load_flow(path, examples=False).model)
        samples.append(clock() - start)
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
            start = clock()
            run.answer(value)
            _ = run.current
            elapsed = clock() - start
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
    if not quick:  # a 20,000-node check takes seconds: the quick run proves the code runs
        per_node = {1000: check_ms / 1000}
        for nodes in (5_000, 20_000):
            ms = bench_check(nodes, 3)
            per_node[nodes] = ms / nodes
            budget = CHECK_20K_BUDGET_MS if nodes == 20_000 else None
            rows.append({"figure": f"check, {nodes:,}-node flow (in process)", "ours_ms": ms, "budget_ms": budget,
                         "holds": None if budget is None else ms < budget})
        ratio = per_node[20_000] / per_node[1000]
        rows.append({"figure": "check linear: per node at 20,000 vs at 1,000 nodes", "ours_ms": per_node[20_000],
                     "reference_ms": per_node[1000], "ratio": ratio, "budget": LINEAR_BUDGET,
                     "holds": ratio <= LINEAR_BUDGET,
                     "detail": " / ".join(f"{per_node[n] * 1000:.0f} µs" for n in (1000, 5_000, 20_000))})
    cli_ms = bench_check_cli(1000, 2 if quick else 5)
    rows.append({"figure": "check, 1,000-node flow (whole command)", "ours_ms": cli_ms, "budget_ms": None, "holds": None})
    load_ms = bench_load_shipped(repeats)
    rows.append({"figure": "load + compile the shipped flows", "ours_ms": load_ms, "budget_ms": None, "holds": None})
    sizes = (1_000, 10_000) if quick else (1_000, 10_000, 100_000)
    resumed = bench_resume(sizes, 3 if quick else 7)
    for size in sizes:
        ms, path = resumed[size]
        budget = RESUME_10K_BUDGET_MS if size == 10_000 else None
        rows.append({"figure": f"resume: replay {size:,} stored answers (median)", "ours_ms": ms, "budget_ms": budget,
                     "holds": None if budget is None else ms < budget, "detail": f"path of {path:,}"})
    biggest = sizes[-1]
    ratio = (resumed[biggest][0] / biggest) / (resumed[1_000][0] / 1_000)
    rows.append({"figure": f"resume linear: per answer at {biggest:,} vs at 1,000", "ours_ms": resumed[biggest][0] / biggest,
                 "reference_ms": resumed[1_000][0] / 1_000, "ratio": ratio, "budget": LINEAR_BUDGET,
                 "holds": ratio <= LINEAR_BUDGET,
                 "detail": " / ".join(f"{resumed[n][0] / n * 1000:.1f} µs" for n in sizes)})
    baseline = bench_resume_baseline(sizes, 3 if quick else 7)
    baseline_ratio = (baseline[biggest] / biggest) / (baseline[1_000] / 1_000)
    rows.append({"figure": f"resume linear, reference: a pure-Python dict walk, per step at {biggest:,} vs at 1,000",
                 "ours_ms": baseline[biggest] / biggest, "reference_ms": baseline[1_000] / 1_000, "ratio": baseline_ratio,
                 "budget": None, "holds": None,
                 "detail": " / ".join(f"{baseline[n] / n * 1000:.2f} µs" for n in sizes)
                 + f"; added per step at {biggest:,}: resume +{(resumed[biggest][0] / biggest - resumed[1_000][0] / 1_000) * 1000:.2f} µs,"
                 + f" baseline +{(baseline[biggest] / biggest - baseline[1_000] / 1_000) * 1000:.2f} µs"})
    big = bench_answer_in_big_flow((1_000, 10_000), 100 if quick else 500)
    ratio = big[10_000] / big[1_000]
    rows.append({"figure": "one saved answer in a 10,000-node flow vs a 1,000-node flow", "ours_ms": big[10_000] / 1000,
                 "reference_ms": big[1_000] / 1000, "ratio": ratio, "budget": GROWTH_BUDGET,
                 "holds": ratio <= GROWTH_BUDGET, "detail": f"{big[10_000]:.0f} µs against {big[1_000]:.0f} µs"})
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
