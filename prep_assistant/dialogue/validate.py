"""Checks on a flow or pack beyond its shape: references, paths, conditions.

Everything is reported in one pass, so an author fixes a file in one go.
The checks follow the engine's rules (see engine.py): what passes here runs.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, Iterable, Iterator

from prep_assistant.dialogue import conditions, schema
from prep_assistant.dialogue.answers import AnswerError
from prep_assistant.dialogue.card_check import check_card
from prep_assistant.dialogue.diagnostics import Diagnostic
from prep_assistant.dialogue.engine import replay
from prep_assistant.dialogue.condition_types import check_types
from prep_assistant.dialogue.flow import PLACEHOLDER_FUNCTIONS, Flow, FlowError, placeholder_call, placeholders, split_address
from prep_assistant.dialogue.pack_quality import check_pack_quality, check_plain_language
from prep_assistant.dialogue.parsing import Loaded, read_file
from prep_assistant.dialogue.role_check import check_roles
from prep_assistant.dialogue.texts import TRANSLATABLE_NODE_FIELDS, flow_texts

Path_ = tuple[object, ...]


def validate_flow(loaded: Loaded, *, examples: bool = True) -> None:
    flow = loaded.model
    assert isinstance(flow, schema.FlowFile)
    # Before the flow checks: a card error stops the examples' replay too.
    check_card(loaded, flow)
    check_roles(loaded, flow)
    _FlowChecker(loaded, flow).run(examples=examples)


def validate_pack(loaded: Loaded) -> None:
    pack = loaded.model
    assert isinstance(pack, schema.PackFile)
    _check_duplicates(loaded, [(("options", i, "id"), o.id) for i, o in enumerate(pack.options)], "option")
    info = pack.pack
    if info.wait_is_option is None:
        loaded.at(("pack",), "PA401", "the pack does not say whether waiting is a sensible option", "add wait_is_option = true or false")
    elif info.wait_is_option is False and not info.wait_reason:
        loaded.at(("pack", "wait_is_option"), "PA403", "waiting is ruled out, but the pack does not say why", "add wait_reason")
    _check_balance(loaded, pack)
    check_pack_quality(loaded)


def _check_balance(loaded: Loaded, pack: schema.PackFile) -> None:
    """Non-directive means equal detail: no option described far more than another."""
    if len(pack.options) < 2:
        return
    lengths = {o.id: len(o.description) for o in pack.options}
    shortest = min(lengths.values())
    for i, option in enumerate(pack.options):
        if lengths[option.id] > max(2 * shortest, shortest + 120):
            loaded.at(
                ("options", i, "description"),
                "PA402",
                f"option {option.id!r} has a description of {lengths[option.id]} characters; the shortest has {shortest}",
                "describe every option at about the same length",
            )
    for field_name in ("pros", "cons"):
        counts = [len(getattr(o, field_name)) for o in pack.options]
        if max(counts) - min(counts) > 1:
            for i, option in enumerate(pack.options):
                if len(getattr(option, field_name)) == min(counts):
                    loaded.at(
                        ("options", i),
                        "PA402",
                        f"option {option.id!r} has {min(counts)} {field_name}; another has {max(counts)}",
                        f"give every option a similar number of {field_name}",
                    )


def _check_duplicates(loaded: Loaded, items: Iterable[tuple[Path_, str]], what: str) -> set[str]:
    seen: set[str] = set()
    for path, ident in items:
        if ident in seen:
            loaded.at(path, "PA105", f"the {what} id {ident!r} is used more than once")
        seen.add(ident)
    return seen


class _FlowChecker:
    def __init__(self, loaded: Loaded, flow: schema.FlowFile) -> None:
        self.loaded = loaded
        self.flow = flow
        self.nodes: dict[str, Any] = {}
        self.index: dict[str, int] = {}
        for i, node in enumerate(flow.nodes):
            self.nodes.setdefault(node.id, node)
            self.index.setdefault(node.id, i)
        self.loop_of: dict[str, str] = {}
        self.answer_ids = {n.id for n in flow.nodes if n.kind not in ("info", "for_each")}
        #: The file's lines, split on the first problem that needs them, once:
        #: a flow with many bad conditions would split the text per problem.
        self._text_lines: list[str] | None = None

    def at(self, path: Path_, code: str, message: str, hint: str | None = None) -> None:
        self.loaded.at(path, code, message, hint)

    def node_path(self, node_id: str, *rest: object) -> Path_:
        return ("nodes", self.index[node_id], *rest)

    def suggest(self, name: str, candidates: Iterable[str]) -> str | None:
        close = difflib.get_close_matches(name, sorted(candidates), n=1)
        return f"did you mean {close[0]!r}?" if close else None

    # ------------------------------------------------------------------
    def run(self, *, examples: bool = True) -> None:
        flow = self.flow
        _check_duplicates(self.loaded, [(("nodes", i, "id"), n.id) for i, n in enumerate(flow.nodes)], "node")
        step_ids = _check_duplicates(self.loaded, [(("steps", i, "id"), s.id) for i, s in enumerate(flow.steps)], "step")
        for i, node in enumerate(flow.nodes):
            choices = getattr(node, "choices", ())
            _check_duplicates(self.loaded, [(("nodes", i, "choices", j, "id"), c.id) for j, c in enumerate(choices)], "choice")
            if node.step is not None and node.step not in step_ids:
                self.at(("nodes", i, "step"), "PA207", f"unknown step {node.step!r}", self.suggest(node.step, step_ids) or "declare it under [[steps]]")
        self.check_loops()
        self.check_statements()
        self.check_repeats()
        self.check_references()
        self.check_conditions()
        self.check_placeholders()
        self.check_helper_prompts()
        self.check_graph()
        if not (examples and self.flow.examples):
            return
        if any(d.is_error for d in self.loaded.diagnostics):
            # The engine cannot walk a flow with errors: say so rather than
            # let the author think the examples replayed.
            count = len(self.flow.examples)
            self.at(("examples",), "PA502", f"the {count} example(s) were not replayed, because of the errors above", "fix those; the next check replays them")
        else:
            self.check_examples()

    def check_loops(self) -> None:
        for node in self.flow.nodes:
            if node.kind != "for_each":
                continue
            over = self.nodes.get(node.over)
            if over is None:
                self.at(self.node_path(node.id, "over"), "PA201", f"for_each {node.id!r} goes over {node.over!r}, which does not exist", self.suggest(node.over, self.answer_ids))
            elif not self.is_list(over):
                self.at(self.node_path(node.id, "over"), "PA205", f"for_each {node.id!r} goes over {node.over!r}, a {over.kind} question, not a list", "use a text_list, multiple_choice or ranking node")
            if node.as_ in self.nodes:
                self.at(self.node_path(node.id, "as"), "PA206", f"the name {node.as_!r} is also a node id", "choose another name for 'as'")
            for j, body_id in enumerate(node.body):
                body = self.nodes.get(body_id)
                path = self.node_path(node.id, "body", j)
                if body is None:
                    self.at(path, "PA201", f"the body of {node.id!r} names {body_id!r}, which does not exist", self.suggest(body_id, self.nodes))
                    continue
                if body_id in self.loop_of:
                    self.at(path, "PA206", f"{body_id!r} is already in the body of {self.loop_of[body_id]!r}", "a node belongs to one for_each")
                    continue
                self.loop_of[body_id] = node.id
                if body.kind == "for_each":
                    self.at(path, "PA206", f"{body_id!r} is a for_each inside the for_each {node.id!r}", "loops inside loops are not supported")
                if body.next is not None:
                    self.at(self.node_path(body_id, "next"), "PA206", f"{body_id!r} is in the body of {node.id!r} and cannot have a 'next'", "remove 'next': the body runs in the order of 'body'")
        if self.flow.flow.start and self.flow.flow.start in self.loop_of:
            self.at(("flow", "start"), "PA206", "the flow cannot start inside a for_each body")

    def check_statements(self) -> None:
        """Workshop statements are counted per node and per choice id (web/tally.py):
        so one fixed list of choices, asked once."""
        scales: dict[tuple[str, ...], str] = {}
        for node in self.flow.nodes:
            if not getattr(node, "statement", False):
                continue
            path = self.node_path(node.id, "statement")
            if node.kind != "single_choice":
                self.at(path, "PA901", f"{node.id!r} is a statement, but a {node.kind} node", 'use kind = "single_choice" with fixed choices')
                continue
            if not node.choices or node.items_from:
                # Counted per choice id: a list from earlier answers would carry typed text.
                self.at(path, "PA901", f"the statement {node.id!r} takes its choices from an earlier answer", "give it fixed choices instead of items_from")
                continue
            if node.id in self.loop_of:
                self.at(path, "PA902", f"the statement {node.id!r} is in the body of the for_each {self.loop_of[node.id]!r}", "move it out of the body")
            scales.setdefault(tuple(choice.id for choice in node.choices), node.id)
        if len(scales) > 1:
            first_scale, first = next(iter(scales.items()))
            for scale, node_id in list(scales.items())[1:]:
                self.at(
                    self.node_path(node_id, "choices"),
                    "PA903",
                    f"the statement {node_id!r} has the choices {', '.join(scale)}; {first!r} has {', '.join(first_scale)}",
                    "give all statements the same choices",
                )

    @staticmethod
    def is_list(node: Any) -> bool:
        """A list answer: a list kind, or a question asked again (``repeat_while``)."""
        return node.kind in schema.LIST_KINDS or bool(getattr(node, "repeat_while", None))

    def check_repeats(self) -> None:
        """``repeat_while``: the question, then its yes/no right after it; on yes, again."""
        repeated_by: dict[str, str] = {}
        for node in self.flow.nodes:
            yes_no_id = getattr(node, "repeat_while", None)
            if not yes_no_id:
                continue
            where = self.node_path(node.id, "repeat_while")
            yes_no = self.nodes.get(yes_no_id)
            if yes_no is None:
                self.at(where, "PA201", f"repeat_while of {node.id!r} names {yes_no_id!r}, which does not exist", self.suggest(yes_no_id, self.answer_ids))
                continue
            if yes_no.kind != "yes_no":
                self.at(where, "PA209", f"repeat_while of {node.id!r} names {yes_no_id!r}, a {yes_no.kind} question", "name a yes_no question such as 'Is there more?'")
                continue
            if node.id in self.loop_of or yes_no_id in self.loop_of:
                self.at(where, "PA209", f"{node.id!r} repeats inside the for_each {self.loop_of.get(node.id) or self.loop_of[yes_no_id]!r}", "repeat a question outside a for_each")
                continue
            if yes_no_id in repeated_by:
                self.at(where, "PA209", f"{yes_no_id!r} already repeats {repeated_by[yes_no_id]!r}", "give each repeated question its own yes_no")
                continue
            if getattr(yes_no, "repeat_while", None) or node.id in repeated_by:
                self.at(where, "PA209", f"{node.id!r} and {yes_no_id!r} are both part of another repeat", "a repeat is one question and its yes_no")
                continue
            repeated_by[yes_no_id] = node.id
            if self.comes_after(node) != yes_no_id:
                self.at(where, "PA209", f"the yes_no {yes_no_id!r} must come right after {node.id!r}", f"place it right after {node.id!r} in the file, or set next = {yes_no_id!r}")
            if yes_no.when:
                self.at(self.node_path(yes_no_id, "when"), "PA209", f"{yes_no_id!r} asks whether {node.id!r} is asked again, so it cannot have a 'when'", f"put the 'when' on {node.id!r}: both are then skipped together")

    def comes_after(self, node: Any) -> str | None:
        """The node that always follows ``node`` (None when that depends on a rule)."""
        if isinstance(node.next, str):
            return node.next
        if node.next is not None:
            return None
        order = [n.id for n in self.flow.nodes if n.id not in self.loop_of]
        position = order.index(node.id) if node.id in order else -1
        return order[position + 1] if 0 <= position < len(order) - 1 else None

    def targets(self, node: Any) -> list[tuple[Path_, str]]:
        """The explicit 'next' targets of a node, with where they are written."""
        if node.next is None:
            return []
        if isinstance(node.next, str):
            return [(self.node_path(node.id, "next"), node.next)]
        return [(self.node_path(node.id, "next", k, "to"), rule.to) for k, rule in enumerate(node.next)]

    def check_references(self) -> None:
        start = self.flow.flow.start
        if start is not None and start not in self.nodes:
            self.at(("flow", "start"), "PA201", f"start names {start!r}, which does not exist", self.suggest(start, self.nodes))
        for node in self.flow.nodes:
            for path, target in self.targets(node):
                if target == schema.END:
                    continue
                if target not in self.nodes:
                    self.at(path, "PA201", f"next of {node.id!r} points to {target!r}, which does not exist", self.suggest(target, list(self.nodes) + [schema.END]))
                elif target in self.loop_of:
                    self.at(path, "PA206", f"next of {node.id!r} points into the body of the for_each {self.loop_of[target]!r}", "point to the for_each node instead")
            if isinstance(node.next, list) and node.next and node.next[-1].when is not None:
                self.at(self.node_path(node.id, "next"), "PA204", f"when none of the rules of {node.id!r} holds, the conversation stops there", "end the rules with one that has no 'when'")
            if node.kind in ("ranking", "multiple_choice", "ratings", "single_choice"):
                if node.items_from:
                    for k, source_id in enumerate(node.sources):
                        where = self.node_path(node.id, "items_from") + ((k,) if isinstance(node.items_from, list) else ())
                        source = self.nodes.get(source_id)
                        if source is None:
                            self.at(where, "PA201", f"items_from names {source_id!r}, which does not exist", self.suggest(source_id, self.answer_ids))
                        elif not self.is_list(source):
                            self.at(where, "PA205", f"items_from names {source_id!r}, a {source.kind} question, not a list")
                elif not node.choices:
                    self.at(self.node_path(node.id), "PA208", f"the {node.kind} {node.id!r} has no items to offer", "add choices or items_from")
                elif node.kind == "single_choice" and len(node.choices) < 2:
                    self.at(self.node_path(node.id, "choices"), "PA208", f"the single_choice {node.id!r} has one choice; the patient has nothing to choose", "add a second choice, or use items_from")

    # -- names ---------------------------------------------------------------
    def declared_for(self, node_id: str) -> set[str]:
        """Names a node's condition or text may use."""
        top_level = getattr(self, "_top_level_names", None)
        if top_level is None:
            top_level = frozenset(n for n in self.answer_ids if n not in self.loop_of)
            self._top_level_names = top_level
        loop_id = self.loop_of.get(node_id)
        if loop_id is None:
            return top_level
        names = set(top_level)
        loop = self.nodes[loop_id]
        names.add(loop.as_)
        names.update(b for b in loop.body if b in self.answer_ids)
        return names

    def conditions_of(self, node: Any) -> Iterator[tuple[Path_, str]]:
        if node.when:
            yield self.node_path(node.id, "when"), node.when
        if isinstance(node.next, list):
            for k, rule in enumerate(node.next):
                if rule.when:
                    yield self.node_path(node.id, "next", k, "when"), rule.when

    def check_conditions(self) -> None:
        per_item = frozenset(n for n in self.loop_of if n in self.answer_ids)
        for node in self.flow.nodes:
            declared = self.declared_for(node.id)
            self.check_dead_rules(node)
            for path, source in self.conditions_of(node):
                try:
                    expr = conditions.parse(source)
                except conditions.ConditionError as error:
                    line, column = self.value_spot(path, error.column)
                    self.loaded.diagnostics.append(
                        _diagnostic(self.loaded, line, column, "PA301", f"condition of {node.id!r}: {error.message}", None)
                    )
                    continue
                name_problems = conditions.check_names(expr, declared, per_item)
                for problem in name_problems:
                    line, column = self.value_spot(path, problem.column)
                    if problem.code == "name":
                        hint = problem.hint
                        named = problem.message.split("'")[1] if problem.message.split("'")[1:2] else ""
                        if named in per_item and not problem.message.startswith(named + "["):
                            hint = f"outside its for_each, use {named}['item'] for one item's answer or {named}[*] for every item's"
                        elif hint is None and named in self.nodes:
                            hint = "that node has no answer to use here"
                        code = "PA302"
                    else:
                        code, hint = "PA303", problem.hint
                    self.loaded.diagnostics.append(
                        _diagnostic(self.loaded, line, column, code, f"condition of {node.id!r}: {problem.message}", hint)
                    )
                self.check_order(node, path, expr)
                if not name_problems:
                    self.check_types(node, path, expr)

    def answer_node(self, name: str) -> Any:
        """The node whose answer a condition's name means (None: a for_each item)."""
        return self.nodes.get(name) if name in self.answer_ids else None

    def check_types(self, node: Any, path: Path_, expr: conditions.Expr) -> None:
        """Comparisons that do not fit the answer types; branches that never run."""
        report = check_types(expr, self.answer_node)
        for problem in report.problems:
            line, column = self.value_spot(path, problem.column)
            self.loaded.diagnostics.append(
                _diagnostic(self.loaded, line, column, problem.code, f"condition of {node.id!r}: {problem.message}", problem.hint)
            )
        if report.outcome != "never":
            return
        if path[-1] == "when" and len(path) == 3:
            self.at(path, "PA308", f"{node.id!r} is never asked: its condition can never hold", "fix the condition (see above), or remove the node")
        else:
            rule = node.next[path[3]]
            self.at(path, "PA308", f"the rule of {node.id!r} that goes to {rule.to!r} never applies: its condition can never hold", "fix the condition (see above), or remove the rule")

    def check_dead_rules(self, node: Any) -> None:
        """Rules after one without 'when' are never looked at."""
        if not isinstance(node.next, list):
            return
        for k, rule in enumerate(node.next[:-1]):
            if rule.when is None:
                later = ", ".join(repr(r.to) for r in node.next[k + 1 :])
                self.at(self.node_path(node.id, "next", k + 1), "PA308", f"the rules of {node.id!r} after the one without 'when' never apply (to {later})", "put the rule without 'when' last")
                return

    def check_order(self, node: Any, path: Path_, expr: conditions.Expr) -> None:
        """A condition can only use answers asked before the node."""
        top = self.loop_of.get(node.id, node.id)
        own_when = path[-1] == "when" and len(path) == 3
        for name in conditions.names_used(expr):
            if name not in self.index or name in self.loop_of:
                continue
            if self.index[name] >= self.index[top] and own_when:
                self.at(path, "PA305", f"the condition of {node.id!r} uses {name!r}, which is asked later in the file")
        for name in conditions.items_used(expr):
            loop_id = self.loop_of.get(name)
            if loop_id is None or loop_id == self.loop_of.get(node.id):
                continue
            if self.index[loop_id] > self.index[top] or (loop_id == top and own_when):
                self.at(path, "PA305", f"the condition of {node.id!r} uses {name!r} of the for_each {loop_id!r}, which runs later")

    def _lines(self) -> list[str]:
        if self._text_lines is None:
            self._text_lines = self.loaded.text.split("\n")
        return self._text_lines

    def value_spot(self, path: Path_, column_in_value: int) -> tuple[int, int]:
        """Line and column of a character inside a quoted value."""
        line, column = self.loaded.locations.find(path)
        lines = self._lines()
        if 0 < line <= len(lines):
            text = lines[line - 1]
            equals = text.find("=", column - 1)
            if equals >= 0:
                for offset in range(equals + 1, len(text)):
                    if text[offset] in "\"'":
                        quotes = 3 if text[offset : offset + 3] in ('"""', "'''") else 1
                        return line, offset + quotes + column_in_value
        return line, column

    def check_placeholders(self) -> None:
        # Only the fields each kind of node has: asking a pydantic model for a
        # field it lacks goes through its slow __getattr__ (a tenth of checking
        # a 20,000-node flow, by cProfile).
        fields_of: dict[type, tuple[str, ...]] = {}
        for i, node in enumerate(self.flow.nodes):
            declared = self.declared_for(node.id)
            kind = type(node)
            names = fields_of.get(kind)
            if names is None:
                names = fields_of[kind] = tuple(f for f in TRANSLATABLE_NODE_FIELDS if f in kind.model_fields)
            fields = [(f, getattr(node, f)) for f in names]
            for field_name, value in fields:
                if not value:
                    continue
                for name in placeholders(value):
                    if "(" in name:
                        self.check_placeholder_call(node, ("nodes", i, field_name), name, declared)
                    elif name not in declared:
                        self.at(("nodes", i, field_name), "PA304", f"unknown placeholder {{{name}}} in the {field_name} of {node.id!r}", self.suggest(name, declared))
            for j, choice in enumerate(getattr(node, "choices", ())):
                if placeholders(choice.label):
                    self.at(("nodes", i, "choices", j, "label"), "PA304", "choice labels cannot hold placeholders")

    def check_helper_prompts(self) -> None:
        """The helper's prompts are read aloud at the table: plain B1 words, as
        a pack's are (PA410, PA411). A stage is no answer, so its prompt
        cannot name one (PA304)."""
        if not any(s.helper for s in self.flow.steps) and not any(getattr(n, "helper", None) for n in self.flow.nodes):
            return  # most flows have none: no walk over every text
        prompts = [t for t in flow_texts(self.flow) if t.path[-1] == "helper"]
        check_plain_language(self.loaded, prompts)
        for i, step in enumerate(self.flow.steps):
            if step.helper and placeholders(step.helper):
                self.at(("steps", i, "helper"), "PA304", f"the helper prompt of stage {step.id!r} cannot hold placeholders", "name the answer in words, or move the prompt to a node")

    def check_placeholder_call(self, node: Any, path: Path_, name: str, declared: set[str]) -> None:
        """``{count_true(a, b)}``: a count, its names checked as in a condition."""
        where = f"the placeholder {{{name}}} in the {path[-1]} of {node.id!r}"
        allowed = " or ".join(f"{{{f}(...)}}" for f in sorted(PLACEHOLDER_FUNCTIONS))
        if placeholder_call(name) is None:
            self.at(path, "PA304", f"{where} is not a count", f"a placeholder is {{name}} or {allowed}")
            return
        per_item = frozenset(n for n in self.loop_of if n in self.answer_ids)
        expr = conditions.parse(name)
        for problem in conditions.check_names(expr, declared, per_item):
            self.at(path, "PA304", f"{where}: {problem.message}", problem.hint)
        for problem in check_types(expr, self.answer_node).problems:
            self.at(path, problem.code, f"{where}: {problem.message}", problem.hint)

    def edges(self) -> dict[str, list[str]]:
        """Top-level node -> nodes it can lead to (ignoring conditions)."""
        order = [n.id for n in self.flow.nodes if n.id not in self.loop_of]
        graph: dict[str, list[str]] = {}
        for position, node_id in enumerate(order):
            node = self.nodes[node_id]
            following = order[position + 1] if position + 1 < len(order) else schema.END
            out: list[str] = []
            if node.next is None:
                out.append(following)
            else:
                out.extend(t for _, t in self.targets(node))
            graph[node_id] = [t for t in out if t == schema.END or (t in self.nodes and t not in self.loop_of)]
        return graph

    def check_graph(self) -> None:
        graph = self.edges()
        if not graph:
            self.at(("nodes",), "PA206", "every node is inside a for_each body; nothing can start")
            return
        start = self.flow.flow.start if self.flow.flow.start in graph else next(iter(graph))
        reached = {start}
        todo = [start]
        while todo:
            for target in graph.get(todo.pop(), []):
                if target != schema.END and target not in reached:
                    reached.add(target)
                    todo.append(target)
        for node in self.flow.nodes:
            top = self.loop_of.get(node.id, node.id)
            if top in graph and top not in reached:
                self.at(self.node_path(node.id), "PA202", f"no path reaches {node.id!r}", "point a 'next' to it, or remove it")
        for component in _cycles(graph):
            members = set(component)
            leaves = any(t == schema.END or t not in members for n in component for t in graph[n])
            ring = " \u2192 ".join(component + [component[0]])
            first = min(component, key=lambda n: self.index[n])
            if leaves:
                self.at(self.node_path(first), "PA203", f"these nodes lead back to each other: {ring}", "a node is asked once; use for_each to ask something for each item")
            else:
                self.at(self.node_path(first), "PA203", f"a loop with no way out: {ring}", "give one node in the loop a 'next' that leaves it")

    # -- examples ------------------------------------------------------------
    def check_examples(self) -> None:
        if not self.flow.examples:
            # Compiling parses every condition again; without examples there
            # is nothing to replay, and what compiling refuses is reported above.
            return
        try:
            flow = Flow.from_model(self.flow, str(self.loaded.path))
        except FlowError as error:
            self.at(("flow",), "PA501", str(error))
            return
        for k, example in enumerate(self.flow.examples):
            path: Path_ = ("examples", k)
            pack = None
            if example.pack:
                pack_file = Path(self.loaded.path).parent / example.pack
                pack_loaded = read_file(pack_file, expect="pack")
                if isinstance(pack_loaded.model, schema.PackFile):
                    validate_pack(pack_loaded)
                if not pack_loaded.ok:
                    self.at(path + ("pack",), "PA501", f"example {example.name!r}: the pack {example.pack!r} cannot be used", "run check on the pack")
                    continue
                pack = pack_loaded.model
            unknown = [key for key in example.answers if split_address(key)[0] not in self.nodes]
            if unknown:
                self.at(path + ("answers",), "PA501", f"example {example.name!r} answers {unknown[0]!r}, which is not a node", self.suggest(unknown[0].partition('[')[0], self.answer_ids))
                continue
            try:
                asked = replay(flow, example.answers, pack=pack)
            except AnswerError as error:
                message, hint = self.explain_answer(example, error.message)
                self.at(path + ("answers",), "PA501", message, hint)
                continue
            if asked != example.path:
                self.at(path + ("path",), "PA501", f"example {example.name!r} {_first_difference(example.path, asked)}")


    def explain_answer(self, example: schema.Example, problem: str) -> tuple[str, str | None]:
        """An example's answer that does not fit, for the author: in English,
        with the bad value, what its kind of answer looks like and the valid
        values. ``problem`` is the replay's "key: message" (the message is
        the patient's, in the patient's language, so it is not shown)."""
        named = f"example {example.name!r}"
        missing = ": required, but the example gives no answer"
        if problem.endswith(missing):
            key = problem[: -len(missing)]
            node = self.nodes.get(split_address(key)[0])
            shape = ANSWER_SHAPES.get(getattr(node, "kind", ""), "an answer")
            return f"{named} gives no answer to {key!r}, which is required", f"add {key} to answers: {shape}"
        key = max((k for k in example.answers if problem.startswith(f"{k}: ")), key=len, default=None)
        if key is None:  # pragma: no cover - replay always names the key
            return f"{named}: {problem}", None
        node = self.nodes.get(split_address(key)[0])
        kind = getattr(node, "kind", "")
        value = example.answers[key]
        message = f"{named}: {key} = {shown_value(value)} does not fit its {kind} question; the answer is {ANSWER_SHAPES.get(kind, 'an answer')}"
        valid = self.valid_values(node, example.answers)
        if not valid:
            return message, None
        wrong = [value] if not isinstance(value, list) else [v for v in value if v not in valid]
        hints = []
        for bad in wrong[:1]:
            labels = {c.label: c.id for c in getattr(node, "choices", ())}
            if isinstance(bad, str) and bad in labels:
                hints.append(f"{shown_value(bad)} is the label; use its id {labels[bad]!r}")
            elif isinstance(bad, str):
                close = difflib.get_close_matches(bad, valid, n=1)
                if close:
                    hints.append(f"did you mean {close[0]!r}?")
        hints.append("valid: " + ", ".join(repr(v) for v in valid[:20]) + (" ..." if len(valid) > 20 else ""))
        return message, "; ".join(hints)

    def valid_values(self, node: Any, answers: dict[str, Any]) -> list[str]:
        """The ids a choice, ranking or ratings answer may use: its choices,
        and the items of the lists it takes them from (as the example gives them)."""
        if node is None:
            return []
        values = [c.id for c in getattr(node, "choices", ())]
        sources = getattr(node, "items_from", None)
        for source in [sources] if isinstance(sources, str) else sources or []:
            items = answers.get(source)
            if isinstance(items, list):
                values.extend(str(item) for item in items if isinstance(item, str))
        return values


#: How an answer of each kind is written in an example's ``answers``.
ANSWER_SHAPES = {
    "text": 'text in quotes, "..."',
    "text_list": 'a list of texts, ["...", "..."]',
    "single_choice": 'one choice id in quotes, "id"',
    "multiple_choice": 'a list of choice ids, ["id", "id"]',
    "ranking": 'a list of the items, most important first, ["id", "id"]',
    "rating": "a whole number from 0 to 5",
    "ratings": "a table of item = weight (0 to 5), { item = 4 }",
    "yes_no": "true or false, without quotes",
    "date": "a date, 2026-12-24",
}


def shown_value(value: Any) -> str:
    """An answer as it would be written in TOML, shortened."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = '"' + value + '"'
    elif isinstance(value, list):
        text = "[" + ", ".join(shown_value(v) for v in value) + "]"
    elif isinstance(value, dict):
        text = "{ " + ", ".join(f"{k} = {shown_value(v)}" for k, v in value.items()) + " }"
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:59] + "\u2026"


def _first_difference(expected: list[str], asked: list[str]) -> str:
    for i, (want, got) in enumerate(zip(expected, asked)):
        if want != got:
            return f"differs at step {i + 1}: expected {want!r}, the flow asks {got!r}"
    if len(expected) > len(asked):
        return f"expects {expected[len(asked)]!r} at step {len(asked) + 1}, but the flow ends after {len(asked)} steps"
    return f"expects the flow to end after {len(expected)} steps, but it goes on to {asked[len(expected)]!r}"


def _diagnostic(loaded: Loaded, line: int, column: int, code: str, message: str, hint: str | None):
    return Diagnostic(loaded.display, line, column, code, message, hint)


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components that form a cycle (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    found.append(sorted(component, key=list(graph).index))
    return found

