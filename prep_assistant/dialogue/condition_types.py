"""Conditions checked against the answer types: what ``check`` can tell
before anyone answers.

A yes/no answer is ``true`` or ``false``, so ``kennis == 'nee'`` never holds;
a single choice stores the choice's id, so ``wie == 'Alleen'`` (its label)
never holds; a rating is a whole number, so ``zeker == 'hoog'`` never holds.
Each such comparison is a problem with a fix (PA306: the type does not fit;
PA307: not a choice id, with the id the label belongs to). A condition that
can never hold because of them is reported once more, for the node or rule
it guards (PA308 in ``validate``): that branch never runs.

The check only reads the parsed tree and the nodes' declarations; it knows
nothing of the engine. ``node_of`` gives the node whose answer a name means
(None for a for_each item name, whose value is whatever the list holds).
"""

from __future__ import annotations

import difflib
from typing import Any, Callable

import msgspec

from prep_assistant.dialogue import conditions as c

#: The words authors write for yes and no, and the value they mean.
_YES_WORDS = {"ja", "j", "yes", "y", "waar", "true", "1"}
_NO_WORDS = {"nee", "n", "no", "niet", "onwaar", "false", "0"}

#: What an answer of each kind is, in the words of a hint.
_SHAPE = {
    "yes_no": "true or false (without quotes)",
    "rating": "a whole number from 0 to 5",
    "text": "a text in quotes",
    "date": "a date in quotes",
    "single_choice": "one choice id in quotes",
    "multiple_choice": "a list of choice ids",
    "ranking": "a list of items",
    "text_list": "a list of texts",
    "ratings": "a table of weights",
}

# Three outcomes of a comparison the types decide (or do not).
ALWAYS = "always"
NEVER = "never"
UNKNOWN = "unknown"


class TypeProblem(msgspec.Struct, frozen=True):
    code: str  # PA306 (the type does not fit) or PA307 (not a choice id)
    message: str
    column: int
    hint: str | None = None


class TypeReport(msgspec.Struct):
    problems: list[TypeProblem] = msgspec.field(default_factory=list)
    #: ALWAYS, NEVER or UNKNOWN: whether the whole condition can hold.
    outcome: str = UNKNOWN


class _Operand(msgspec.Struct, frozen=True):
    """What the checker knows of one side of a comparison."""

    kind: str  # an answer kind, "number", "bool", "list", or "" (unknown)
    name: str = ""
    node: Any = None


NodeOf = Callable[[str], Any]


def check_types(expr: c.Expr, node_of: NodeOf) -> TypeReport:
    """The type problems of a parsed condition, and whether it can ever hold."""
    report = TypeReport()
    report.outcome = _outcome(expr, node_of, report.problems)
    report.problems.sort(key=lambda p: p.column)
    return report


def _outcome(expr: c.Expr, node_of: NodeOf, problems: list[TypeProblem]) -> str:
    if isinstance(expr, c.Not):
        inner = _outcome(expr.operand, node_of, problems)
        return {ALWAYS: NEVER, NEVER: ALWAYS}.get(inner, UNKNOWN)
    if isinstance(expr, c.BoolOp):
        outcomes = [_outcome(o, node_of, problems) for o in expr.operands]
        deciding, other = (NEVER, ALWAYS) if expr.op == "and" else (ALWAYS, NEVER)
        if deciding in outcomes:
            return deciding
        return other if all(o == other for o in outcomes) else UNKNOWN
    if isinstance(expr, c.Compare):
        return _compare(expr, node_of, problems)
    if isinstance(expr, c.Call):
        return _call(expr, node_of, problems)
    return UNKNOWN


def _operand(expr: c.Expr, node_of: NodeOf) -> _Operand:
    if isinstance(expr, c.Literal):
        value = expr.value
        if isinstance(value, bool):
            return _Operand("bool")
        return _Operand("number" if isinstance(value, int) else "string")
    if isinstance(expr, (c.Name, c.Item)):
        node = node_of(expr.name)
        if node is None:
            return _Operand("")
        if isinstance(expr, c.Item) and expr.item is None:
            return _Operand("list", expr.name, node)
        kind = node.kind
        if getattr(node, "repeat_while", None):
            kind = "text_list"  # every round's answer together: one list
        return _Operand(kind, expr.name, node)
    if isinstance(expr, c.Call):
        if expr.function in ("count", "count_true"):
            return _Operand("number")
        return _Operand("bool")
    if isinstance(expr, c.ListOf):
        return _Operand("list")
    return _Operand("")


def _fixed_choices(node: Any) -> dict[str, str] | None:
    """choice id -> label, when these are all the values the answer can hold."""
    if node is None or getattr(node, "items_from", None) or getattr(node, "allow_other", False):
        return None
    choices = getattr(node, "choices", None)
    if not choices:
        return None
    return {choice.id: choice.label for choice in choices}


def _not_an_id(operand: _Operand, value: str, column: int, fix: Callable[[str], str]) -> TypeProblem | None:
    """PA307 when ``value`` is not one of the choice ids of ``operand``'s question."""
    ids = _fixed_choices(operand.node)
    if ids is None or value in ids:
        return None
    by_label = {label.casefold(): choice_id for choice_id, label in ids.items()}
    wanted = value.casefold()
    if wanted in by_label:
        choice_id = by_label[wanted]
        return TypeProblem(
            "PA307",
            f"{value!r} is the label of the choice {choice_id!r} of {operand.name!r}; a condition compares choice ids",
            column,
            f"use {fix(choice_id)}",
        )
    close = difflib.get_close_matches(value, sorted(ids), n=1)
    hint = f"did you mean {fix(close[0])}?" if close else "the choice ids are " + ", ".join(repr(i) for i in ids)
    return TypeProblem("PA307", f"{value!r} is not a choice id of {operand.name!r}", column, hint)


def _literal_words(literal: c.Literal) -> str:
    value = literal.value
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _mismatch(operand: _Operand, literal: c.Literal, op: str, column: int) -> TypeProblem | None:
    """A value of the wrong type compared with an answer (PA306), or a label (PA307)."""
    value = literal.value
    kind = operand.kind
    shape = _SHAPE.get(kind, "")
    said = f"{operand.name} {op} {_literal_words(literal)}"
    if kind == "yes_no" and not isinstance(value, bool):
        hint = "write true or false without quotes"
        if isinstance(value, str) and value.casefold() in _YES_WORDS | _NO_WORDS:
            meant = "true" if value.casefold() in _YES_WORDS else "false"
            hint = f"use {operand.name} {op} {meant}"
        return TypeProblem("PA306", f"{said}: a yes_no answer is true or false, never {_literal_words(literal)}", column, hint)
    if kind == "rating" and (isinstance(value, bool) or not isinstance(value, int)):
        return TypeProblem("PA306", f"{said}: a rating is {shape}", column, f"compare with a number, e.g. {operand.name} >= 3")
    if kind in ("text", "date", "single_choice") and not isinstance(value, str):
        return TypeProblem("PA306", f"{said}: the answer of {operand.name!r} is {shape}", column, "put the value in quotes")
    if kind in ("multiple_choice", "ranking", "text_list", "ratings"):
        hint = f"use selected({operand.name}, {_literal_words(literal)}) or {_literal_words(literal)} in {operand.name}" if isinstance(value, str) and kind != "ratings" else None
        return TypeProblem("PA306", f"{said}: the answer of {operand.name!r} is {shape}, never one value", column, hint)
    if kind == "single_choice" and isinstance(value, str):
        return _not_an_id(operand, value, column, lambda i: f"{operand.name} {op} {i!r}")
    return None


def _compare(expr: c.Compare, node_of: NodeOf, problems: list[TypeProblem]) -> str:
    op = expr.op
    for side in (expr.left, expr.right):
        if isinstance(side, c.Call):
            _call(side, node_of, problems)  # count_true(rating) >= 1: its arguments
    left, right = _operand(expr.left, node_of), _operand(expr.right, node_of)
    if op in ("in", "not in"):
        return _membership(expr, left, right, problems)
    # One side an answer, the other a written value.
    if isinstance(expr.right, c.Literal) and left.name:
        answer, literal = left, expr.right
    elif isinstance(expr.left, c.Literal) and right.name:
        answer, literal = right, expr.left
    else:
        return UNKNOWN  # two answers, or two written values: known only when answered
    if op in ("==", "!="):
        problem = _mismatch(answer, literal, op, expr.column)
        if problem is None:
            return UNKNOWN
        problems.append(problem)
        return NEVER if op == "==" else ALWAYS
    # Ordering: numbers with numbers, texts with texts; anything else is false.
    kind = answer.kind
    value = literal.value
    numeric = kind in ("rating",)
    if kind == "yes_no" or (numeric and (isinstance(value, bool) or not isinstance(value, int))) or (
        kind in ("multiple_choice", "ranking", "text_list", "ratings")
    ):
        problems.append(
            TypeProblem(
                "PA306",
                f"{answer.name} {op} {_literal_words(literal)}: the answer of {answer.name!r} is {_SHAPE.get(kind, 'not a number')}, so this never holds",
                expr.column,
                f"use {answer.name} == true or {answer.name} == false" if kind == "yes_no" else "compare a rating or count() with a whole number",
            )
        )
        return NEVER
    if kind in ("text", "date", "single_choice") and not isinstance(value, str):
        problems.append(
            TypeProblem(
                "PA306",
                f"{answer.name} {op} {_literal_words(literal)}: the answer of {answer.name!r} is {_SHAPE[kind]}, so this never holds",
                expr.column,
                "compare it with a value in quotes",
            )
        )
        return NEVER
    return UNKNOWN


def _membership(expr: c.Compare, left: _Operand, right: _Operand, problems: list[TypeProblem]) -> str:
    negate = expr.op == "not in"
    # 'id' in answer: the answer must be a list (or a text, for a part of it).
    if isinstance(expr.left, c.Literal) and right.name:
        value = expr.left.value
        if right.kind in ("yes_no", "rating"):
            problems.append(TypeProblem("PA306", f"{_literal_words(expr.left)} {expr.op} {right.name}: the answer of {right.name!r} is {_SHAPE[right.kind]}, not a list", expr.column, "compare it with == instead"))
            return ALWAYS if negate else NEVER
        if right.kind in ("multiple_choice", "ranking") and isinstance(value, str):
            problem = _not_an_id(right, value, expr.column, lambda i: f"{i!r} {expr.op} {right.name}")
            if problem is not None:
                problems.append(problem)
                return ALWAYS if negate else NEVER
        return UNKNOWN
    # answer in ['a', 'b']: every written value must fit the answer.
    if left.name and isinstance(expr.right, c.ListOf):
        literals = [item for item in expr.right.items if isinstance(item, c.Literal)]
        if len(literals) != len(expr.right.items) or not literals:
            return UNKNOWN
        found = [_mismatch(left, item, "==", item.column) for item in literals]
        bad = [p for p in found if p is not None]
        problems.extend(bad)
        if bad and len(bad) == len(literals):
            return ALWAYS if negate else NEVER
    return UNKNOWN


def _call(expr: c.Call, node_of: NodeOf, problems: list[TypeProblem]) -> str:
    if expr.function == "count_true":
        for arg in expr.args:
            operand = _operand(arg, node_of)
            node = operand.node
            if node is not None and node.kind != "yes_no":
                problems.append(
                    TypeProblem(
                        "PA306",
                        f"count_true() counts yes answers, but {operand.name!r} is a {node.kind} question",
                        arg.column,
                        "give count_true() yes_no questions only",
                    )
                )
        return UNKNOWN
    if expr.function == "selected" and len(expr.args) == 2 and isinstance(expr.args[1], c.Literal):
        operand = _operand(expr.args[0], node_of)
        wanted = expr.args[1]
        if operand.kind == "yes_no":
            problems.append(TypeProblem("PA306", f"selected() on the yes_no question {operand.name!r}", expr.column, f"use {operand.name} == true"))
            return NEVER
        if operand.kind in ("single_choice", "multiple_choice") and isinstance(wanted.value, str):
            problem = _not_an_id(operand, wanted.value, wanted.column, lambda i: f"selected({operand.name}, {i!r})")
            if problem is not None:
                problems.append(problem)
                return NEVER
    return UNKNOWN
