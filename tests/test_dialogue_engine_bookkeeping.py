"""The engine's running tallies agree with walking the path the slow way.

``Run.progress`` and ``Flow.following`` answer in constant time from indexes
the engine keeps up to date (see issue 23: resume grew with the square of its
length, and progress walked the whole path after every answer). These tests
drive a run through random answers, backs, jumps, undos and resumes, and
after every move compare the tallies with the plain definitions they replace.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prep_assistant.dialogue.engine import Run
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.library import find_flow
from prep_assistant.dialogue.loader import load_flow
from prep_assistant.paths import dialogues_dir

TODAY = dt.date(2026, 11, 22)
END = "end"


@pytest.fixture(scope="module")
def mini() -> Flow:
    return Flow.from_model(load_flow(Path(__file__).parent / "fixtures" / "mini_flow.toml").model)


@pytest.fixture(scope="module")
def shipped() -> Flow:
    return find_flow()


def progress_by_walking(run: Run) -> tuple[int, int]:
    """``Run.progress`` as it was first written: two walks, one per call."""
    done = sum(1 for _ in run.answered_steps())
    if run.finished:
        return done, done
    remaining = 0
    if run.path:
        last = run.path[-1]
        top = run.flow.loop_of.get(last.node_id, last.node_id)
        if top in run.flow.order:
            for node_id in run.flow.order[run.flow.order.index(top):]:
                node = run.flow.nodes[node_id]
                if node.kind == "for_each":
                    remaining += len(node.body)
                elif node.kind != "info":
                    remaining += 1
    return done, done + max(remaining, 1)


def following_by_search(flow: Flow, node_id: str) -> str:
    index = flow.order.index(node_id) if node_id in flow.order else -1
    rest = flow.order[index + 1 : index + 2]
    return rest[0] if rest else END


def assert_tallies_agree(run: Run) -> None:
    assert run.progress() == progress_by_walking(run)
    assert run._on_path == {entry.key: index for index, entry in enumerate(run.path)}


def some_answer(run: Run, data: st.DataObject):
    """A valid answer to the current step, or None (skip) where that is allowed."""
    step = run.current
    kind = step.kind
    options = [o.value for o in step.question.options]
    if kind == "info":
        return True
    if not step.question.required and data.draw(st.booleans(), label="skip"):
        return None
    if kind == "text":
        return data.draw(st.sampled_from(["Knie", "Heup", "Rug"]), label="text")
    if kind == "text_list":
        return data.draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=0, max_size=3, unique=True))
    if kind == "single_choice":
        return data.draw(st.sampled_from(options), label="choice")
    if kind == "multiple_choice":
        return data.draw(st.lists(st.sampled_from(options), max_size=len(options), unique=True)) if options else []
    if kind == "ranking":
        keep = step.question.keep or len(options)
        return data.draw(st.permutations(options), label="order")[:keep]
    if kind == "rating":
        return data.draw(st.integers(0, 5), label="rating")
    if kind == "yes_no":
        return data.draw(st.booleans(), label="yes_no")
    if kind == "date":
        return "24-12-2026"
    return step.value  # a kind this test does not know: give what is offered


def random_walk(flow: Flow, data: st.DataObject) -> None:
    run = Run(flow, today=TODAY)
    assert_tallies_agree(run)
    for _ in range(data.draw(st.integers(1, 40), label="moves")):
        move = data.draw(st.sampled_from(["answer", "answer", "answer", "back", "go_to", "undo", "resume"]))
        if move == "answer" and run.current is not None:
            try:
                run.answer(some_answer(run, data))
            except Exception as error:  # a value the question refuses: the run is unchanged
                assert type(error).__name__ == "AnswerError", error
        elif move == "back":
            run.back()
        elif move == "go_to" and run.path:
            run.go_to(data.draw(st.sampled_from([entry.key for entry in run.path])))
        elif move == "undo":
            run.undo_last_answer()
        elif move == "resume":
            run.resume()
        assert_tallies_agree(run)
        again = Run(flow, answers=dict(run.answers), today=TODAY)
        assert again.path == run.path
        assert again.progress() == run.progress()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_progress_agrees_with_walking_the_path_in_the_small_flow(mini, data):
    random_walk(mini, data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_progress_agrees_with_walking_the_path_in_the_shipped_flow(shipped, data):
    random_walk(shipped, data)


@pytest.mark.parametrize("name", ["voorbereiding.toml", "na_het_gesprek.toml"])
def test_the_node_after_each_node_is_the_next_in_file_order(name):
    path = dialogues_dir() / name
    if not path.exists():
        pytest.skip(f"{name} is not shipped")
    flow = Flow.from_model(load_flow(path, examples=False).model)
    for node_id in list(flow.nodes) + ["no_such_node"]:
        found = flow.following(node_id)
        assert (END if found is None else found) == following_by_search(flow, node_id)


def test_answering_and_resuming_never_search_the_node_order(mini):
    # The order is a list: searching it on every step made resume quadratic.
    calls = 0

    class CountingOrder(list):
        def index(self, *args):
            nonlocal calls
            calls += 1
            return super().index(*args)

        def __contains__(self, item):
            nonlocal calls
            calls += 1
            return super().__contains__(item)

    flow = Flow.from_model(mini.model)
    flow.order = CountingOrder(flow.order)
    run = Run(flow, today=TODAY)
    for value in (True, "Knie", "alleen", ["A"], ["x"], 2, True, "24-12-2026", ["wandelen"]):
        run.answer(value)
    Run(flow, answers=dict(run.answers), today=TODAY)
    assert calls == 0


def test_resuming_a_long_path_runs_no_garbage_collection_and_leaves_it_on(tmp_path):
    # Each full collection walked the whole flow and path again: a resume of
    # 100,000 answers spent half its time there (issue 23).
    import gc

    nodes = 3_000
    text = 'format = 1\n[flow]\nid = "lang"\ntitle = "Lang"\n' + "".join(
        f'\n[[nodes]]\nid = "v{i}"\nkind = "text"\ntext = "Vraag {i}?"\n' for i in range(nodes))
    path = tmp_path / "lang.toml"
    path.write_text(text, encoding="utf-8")
    flow = Flow.from_model(load_flow(path, examples=False).model)
    answers = {f"v{i}": f"antwoord {i}" for i in range(nodes)}
    collections: list[int] = []
    counting = lambda phase, info: phase == "start" and collections.append(info["generation"])  # noqa: E731
    gc.callbacks.append(counting)
    try:
        run = Run(flow, answers=answers, today=TODAY)
    finally:
        gc.callbacks.remove(counting)
    assert run.finished and len(run.path) == nodes
    # At most one, from the copies made before the walk; the walk itself made a few per thousand answers.
    assert len(collections) <= 1, collections
    assert gc.isenabled()


def target_by_reading_the_node(flow: Flow, node_id: str) -> str | None:
    """Where a node goes when that is fixed, read from its model (None: ``next`` has rules)."""
    node = flow.nodes[node_id]
    if node.next is None:
        return following_by_search(flow, node_id)
    return node.next if isinstance(node.next, str) else None


@pytest.mark.parametrize("name", ["voorbereiding.toml", "na_het_gesprek.toml", "mini"])
def test_the_walk_facts_agree_with_each_node(name, mini):
    if name == "mini":
        flow = mini
    else:
        path = dialogues_dir() / name
        if not path.exists():
            pytest.skip(f"{name} is not shipped")
        flow = Flow.from_model(load_flow(path, examples=False).model)
    assert set(flow.walk_facts) == set(flow.nodes)
    kinds_of_next = set()
    for node_id, node in flow.nodes.items():
        assert flow.walk_facts[node_id] == (node.kind, flow.when.get(node_id), target_by_reading_the_node(flow, node_id))
        kinds_of_next.add(type(node.next))
    if name == "mini":  # the small flow has all three kinds of ``next``: none, one node, rules
        assert kinds_of_next == {type(None), str, list}


def test_resuming_reads_no_node_model_per_answer(tmp_path):
    # Reading every node's model (and three more tables) on each step made a
    # resume of 100,000 answers miss the processor's caches ever more often
    # (issue 23): the walk reads ``walk_facts`` instead, and a node's model
    # only where the table cannot answer (a for_each's list, the step shown).
    nodes = 500
    text = 'format = 1\n[flow]\nid = "lang"\ntitle = "Lang"\n' + "".join(
        f'\n[[nodes]]\nid = "v{i}"\nkind = "text"\ntext = "Vraag {i}?"\n'
        + (f'when = "answered(v{i - 1})"\n' if i % 7 == 6 else "")
        + (f'next = "v{i + 1}"\n' if i % 5 == 4 and i + 1 < nodes else "")
        for i in range(nodes))
    path = tmp_path / "lang.toml"
    path.write_text(text, encoding="utf-8")
    flow = Flow.from_model(load_flow(path, examples=False).model)
    reads = 0

    class CountingNodes(dict):
        def __getitem__(self, key):
            nonlocal reads
            reads += 1
            return super().__getitem__(key)

        def get(self, *args):
            nonlocal reads
            reads += 1
            return super().get(*args)

    flow.nodes = CountingNodes(flow.nodes)
    run = Run(flow, answers={f"v{i}": "ja" for i in range(nodes)}, today=TODAY)
    assert run.finished and len(run.path) == nodes
    assert reads <= 5, reads
