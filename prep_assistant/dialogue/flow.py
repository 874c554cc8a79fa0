"""A flow compiled for running: look-up tables, parsed conditions, addresses.

``Flow.from_model`` turns a validated flow file (or its compiled copy) into
what the engine walks: nodes by id, the top-level order, which for_each each
body node belongs to, the stage of every node, and conditions parsed once.

Addresses name where an answer is kept: a node id, or ``node[item]`` inside
a for_each, where the item is the list answer's value for that round, or
``node#2``, ``node#3`` ... for the later rounds of a repeated question
(``repeat_while``; the first round is the plain node id, so a flow that
starts repeating a question keeps the answers saved before).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterator

from prep_assistant.dialogue import conditions
from prep_assistant.dialogue.names import END
from prep_assistant.errors import UserError

if TYPE_CHECKING:  # pragma: no cover  (pydantic stays unloaded while the app runs)
    from prep_assistant.dialogue import schema

#: ``{name}`` inserts an answer; ``{count_true(a, b)}`` or ``{count(a)}`` a
#: number (a readiness score); ``{{`` and ``}}`` are literal braces.
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([a-z][a-z0-9_]*(?:\([^{}()]*\))?)\}")
#: The functions a placeholder may call: the ones whose value is a number.
PLACEHOLDER_FUNCTIONS = frozenset({"count", "count_true"})


def address(node_id: str, item: str | None = None, round_: int = 1) -> str:
    if item is not None:
        return f"{node_id}[{item}]"
    return node_id if round_ <= 1 else f"{node_id}#{round_}"


def split_address(key: str) -> tuple[str, str | None]:
    """``node[item]`` -> (node, item); ``node#2`` (a later round) -> (node, None)."""
    node_id, bracket, rest = key.partition("[")
    if not bracket:
        return key.partition("#")[0], None
    return node_id, rest[:-1] if rest.endswith("]") else rest


def round_of(key: str) -> int:
    """The round of a repeated question an address names (1 for any other)."""
    if "[" in key:
        return 1
    number = key.partition("#")[2]
    return int(number) if number.isascii() and number.isdigit() else 1


def placeholders(text: str) -> list[str]:
    return [m.group(1) for m in PLACEHOLDER.finditer(text) if m.group(1)]


# -- the compiled flow ---------------------------------------------------------


class FlowError(UserError, ValueError):
    """A flow that cannot run (``check`` explains why in detail)."""


def placeholder_call(name: str) -> conditions.Expr | None:
    """The parsed call of a ``{count_true(a, b)}`` placeholder (None for ``{name}``
    or a placeholder that is not such a call; ``check`` reports those)."""
    if "(" not in name:
        return None
    try:
        expr = conditions.parse(name)
    except conditions.ConditionError:
        return None
    if isinstance(expr, conditions.Call) and expr.function in PLACEHOLDER_FUNCTIONS:
        return expr
    return None


class Flow:
    """A validated flow with its look-up tables and parsed conditions.

    A plain class, not a record: it builds its look-up tables from what it
    is given, and two flows are the same only when they are one object.
    """

    def __init__(
        self,
        model: schema.FlowFile,
        nodes: dict[str, Any],
        order: list[str],
        loop_of: dict[str, str],
        step_of: dict[str, str | None],
        when: dict[str, conditions.Expr],
        rules: dict[str, list[tuple[conditions.Expr | None, str]]],
        source_path: str | None = None,
    ) -> None:
        self.model = model
        self.nodes = nodes
        self.order = order
        self.loop_of = loop_of
        self.step_of = step_of
        self.when = when
        self.rules = rules
        self.source_path = source_path
        #: node id -> choice id -> choice, built the first time a node's label is
        #: asked for: a list of 60,000 choices costs one pass, not one per option.
        self._choices: dict[str, dict[str, Any]] = {}
        self._build_tables()

    def __repr__(self) -> str:
        return f"Flow({self.model.flow.id!r}, {len(self.nodes)} nodes, source_path={self.source_path!r})"

    #: node id -> its place in ``order``: the engine asks "what comes after
    #: this node?" on every step, and a list search there made resuming a
    #: long session grow with the square of its length.
    position: dict[str, int]
    #: ``questions_from[i]``: the questions in ``order[i:]`` (a for_each counts
    #: its body once), so the progress estimate costs the same at any length.
    questions_from: list[int]
    #: The messages (info nodes): not counted as answered questions.
    info_ids: frozenset[str]
    #: A repeated question -> its "are there more?" yes/no (``repeat_while``),
    #: and that yes/no -> the question it repeats.
    more_after: dict[str, str]
    repeats: dict[str, str]
    #: node id -> (its kind, its parsed ``when`` or None, where it goes next
    #: when that is fixed: the node named by ``next``, the node after it in
    #: file order, or END; None when ``next`` has rules). What the engine's
    #: walk needs of a node, in one small tuple: a resume of 100,000 answers
    #: otherwise reads every node's model and three more tables a step, and
    #: those reads missed the processor's caches ever more often as the flow
    #: grew (issue 23).
    walk_facts: dict[str, tuple[str, conditions.Expr | None, str | None]]

    def _build_tables(self) -> None:
        self.position = {node_id: index for index, node_id in enumerate(self.order)}
        self.info_ids = frozenset(node.id for node in self.model.nodes if node.kind == "info")
        counts = [0] * (len(self.order) + 1)
        for index in range(len(self.order) - 1, -1, -1):
            node = self.nodes[self.order[index]]
            if node.kind == "for_each":
                weight = len(node.body)
            else:
                weight = 0 if node.kind == "info" else 1
            counts[index] = counts[index + 1] + weight
        self.questions_from = counts
        self.more_after = {}
        self.repeats = {}
        for node in self.model.nodes:
            yes_no = getattr(node, "repeat_while", None)
            if yes_no:
                self.more_after[node.id] = yes_no
                self.repeats[yes_no] = node.id
        self.walk_facts = {}
        for node_id, node in self.nodes.items():
            if node.next is None:
                following = self.following(node_id)
                fixed: str | None = END if following is None else following
            elif isinstance(node.next, str):
                fixed = node.next
            else:
                fixed = None
            self.walk_facts[node_id] = (node.kind, self.when.get(node_id), fixed)

    def max_rounds(self, node_id: str) -> int:
        """How many times a repeated question may be asked (1 for any other)."""
        if node_id not in self.more_after:
            return 1
        return getattr(self.nodes[node_id], "max_rounds", 10)

    def following(self, node_id: str) -> str | None:
        """The node after ``node_id`` in file order (None after the last).

        A node outside ``order`` (a for_each body) is followed by the first."""
        index = self.position.get(node_id, -1) + 1
        return self.order[index] if index < len(self.order) else None

    def choice(self, node: Any, choice_id: str) -> Any | None:
        """The choice of ``node`` with this id (the first, as written), or None."""
        index = self._choices.get(node.id)
        if index is None:
            index = {}
            for choice in getattr(node, "choices", ()) or ():
                index.setdefault(choice.id, choice)
            self._choices[node.id] = index
        return index.get(choice_id)

    @property
    def id(self) -> str:
        return self.model.flow.id

    @property
    def version(self) -> int:
        return self.model.flow.version

    @property
    def kind(self) -> str:
        return self.model.flow.kind

    @property
    def language(self) -> str:
        return self.model.flow.language

    @property
    def start(self) -> str:
        return self.model.flow.start or self.order[0]

    @property
    def steps(self) -> list[schema.Step]:
        return list(self.model.steps)

    def answer_nodes(self) -> Iterator[Any]:
        for node in self.model.nodes:
            if node.kind not in ("info", "for_each"):
                yield node

    def statements(self) -> list[Any]:
        """The workshop statements (single choices marked ``statement``), in file order."""
        return [node for node in self.model.nodes if getattr(node, "statement", False)]

    def is_statement(self, node_id: str) -> bool:
        return bool(getattr(self.nodes.get(node_id), "statement", False))

    @classmethod
    def from_model(cls, model: schema.FlowFile, source_path: str | None = None) -> "Flow":
        nodes = {node.id: node for node in model.nodes}
        loop_of: dict[str, str] = {}
        for node in model.nodes:
            if node.kind == "for_each":
                for body_id in node.body:
                    loop_of[body_id] = node.id
        order = [node.id for node in model.nodes if node.id not in loop_of]
        if not order:
            raise FlowError("the flow has no node outside a for_each")
        step_of: dict[str, str | None] = {}
        carried: str | None = None
        for node in model.nodes:
            if node.id in loop_of:
                continue
            carried = node.step or carried
            step_of[node.id] = carried
        for body_id, loop_id in loop_of.items():
            body = nodes.get(body_id)
            step_of[body_id] = (body.step if body is not None else None) or step_of.get(loop_id)
        when: dict[str, conditions.Expr] = {}
        rules: dict[str, list[tuple[conditions.Expr | None, str]]] = {}
        try:
            for node in model.nodes:
                if node.when:
                    when[node.id] = conditions.parse(node.when)
                if isinstance(node.next, list):
                    rules[node.id] = [
                        (conditions.parse(rule.when) if rule.when else None, rule.to)
                        for rule in node.next
                    ]
        except conditions.ConditionError as error:
            raise FlowError(f"a condition cannot be read: {error.message}") from None
        return cls(model, nodes, order, loop_of, step_of, when, rules, source_path)
