"""When an item is shown: our conditions as FHIR ``enableWhen`` or FHIRPath.

A node is on the patient's path when it is *reached* (the ``next`` rules
lead to it) and its own ``when`` holds. FHIR has no jumps, so both become
one condition per item: ``reach(N) and when(N)``. Reach is worked out once
for the whole flow (``reach_conditions``); jumps may only go forward.

Each condition becomes plain ``enableWhen`` entries when every part maps
exactly (``selected``, ``answered``, a yes/no that is yes, a comparison of
one answer with a value), joined by one ``and`` or one ``or``; otherwise it
becomes an SDC ``enableWhenExpression`` in FHIRPath. ``has_pack()`` is
decided at export: a Questionnaire is made for one pack, or for none.

The FHIRPath always yields true or false, never an empty collection:
every answer test is written as ``values.exists(test)``. Inside a for_each
round ``%context`` is that round's group in the QuestionnaireResponse.
"""

from __future__ import annotations

from typing import Any

import msgspec

from prep_assistant.dialogue import conditions as c
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.names import END
from prep_assistant.errors import UserError
from prep_assistant.fhir import vocabulary as v

TRUE = c.Literal(True, 0)
FALSE = c.Literal(False, 0)

#: Longer than this, a reach condition is a sign of a tangle of jumps.
MAX_EXPRESSION = 20_000

_SINGLE_VALUED = frozenset({"text", "single_choice", "rating", "yes_no", "date"})
_CHOICE_KINDS = frozenset({"single_choice", "multiple_choice", "ranking"})
_LIST_KINDS = frozenset({"text_list", "multiple_choice", "ranking"})


class ExportError(UserError, ValueError):
    """A flow that cannot be written as a Questionnaire (the message says why)."""


class Enabling(msgspec.Struct):
    """How an item's condition is written: ``enableWhen`` or an expression."""

    enable_when: list[dict[str, Any]] = msgspec.field(default_factory=list)
    behavior: str | None = None
    expression: str | None = None

    def apply(self, item: dict[str, Any]) -> None:
        if self.enable_when:
            item["enableWhen"] = self.enable_when
            if self.behavior:
                item["enableBehavior"] = self.behavior
        if self.expression is not None:
            item.setdefault("extension", []).append(
                {
                    "url": v.ENABLE_WHEN_EXPRESSION,
                    "valueExpression": {"language": v.FHIRPATH, "expression": self.expression},
                }
            )


# -- building conditions ---------------------------------------------------------


def both(left: c.Expr, right: c.Expr) -> c.Expr:
    if _is(left, False) or _is(right, False):
        return FALSE
    if _is(left, True):
        return right
    if _is(right, True):
        return left
    return c.BoolOp("and", (*_operands("and", left), *_operands("and", right)), 0)


def either(left: c.Expr, right: c.Expr) -> c.Expr:
    if _is(left, True) or _is(right, True):
        return TRUE
    if _is(left, False):
        return right
    if _is(right, False):
        return left
    return c.BoolOp("or", (*_operands("or", left), *_operands("or", right)), 0)


def negated(expr: c.Expr) -> c.Expr:
    if isinstance(expr, c.Literal) and isinstance(expr.value, bool):
        return FALSE if expr.value else TRUE
    return c.Not(expr, 0)


def _is(expr: c.Expr, value: bool) -> bool:
    return isinstance(expr, c.Literal) and expr.value is value


def _operands(op: str, expr: c.Expr) -> tuple[c.Expr, ...]:
    return expr.operands if isinstance(expr, c.BoolOp) and expr.op == op else (expr,)


def fold_pack(expr: c.Expr, has_pack: bool) -> c.Expr:
    """``has_pack()`` decided, and true/false simplified away."""
    if isinstance(expr, c.Call) and expr.function == "has_pack":
        return TRUE if has_pack else FALSE
    if isinstance(expr, c.Not):
        return negated(fold_pack(expr.operand, has_pack))
    if isinstance(expr, c.BoolOp):
        combine = both if expr.op == "and" else either
        result = TRUE if expr.op == "and" else FALSE
        for operand in expr.operands:
            result = combine(result, fold_pack(operand, has_pack))
        return result
    return expr


def reach_conditions(flow: Flow, has_pack: bool) -> dict[str, c.Expr]:
    """When each top-level node is reached by the ``next`` rules.

    Raises ExportError for a jump backwards: FHIR items cannot loop.
    """
    index = flow.position
    reach: dict[str, c.Expr] = {node_id: FALSE for node_id in flow.order}
    reach[flow.start] = TRUE
    for node_id in flow.order:
        here = reach[node_id]
        if _is(here, False):
            continue
        for guard, target in _transitions(flow, node_id, has_pack):
            if target == END:
                continue
            if target not in index or index[target] <= index[node_id]:
                raise ExportError(
                    f"The node {node_id!r} jumps back to {target!r}; a FHIR Questionnaire "
                    "cannot go back, so this flow cannot be exported."
                )
            reach[target] = either(reach[target], both(here, guard))
    return reach


def _transitions(flow: Flow, node_id: str, has_pack: bool) -> list[tuple[c.Expr, str]]:
    fixed = flow.walk_facts[node_id][2]  # the next node when no rule decides (the engine's own)
    if fixed is not None:
        return [(TRUE, fixed)]
    out: list[tuple[c.Expr, str]] = []
    earlier_failed: c.Expr = TRUE
    for condition, target in flow.rules[node_id]:
        holds = TRUE if condition is None else fold_pack(condition, has_pack)
        out.append((both(earlier_failed, holds), target))
        earlier_failed = both(earlier_failed, negated(holds))
    return out


# -- writing them down -------------------------------------------------------------


class Scope(msgspec.Struct, frozen=True):
    """Where a condition is read: at the top, or inside a for_each round."""

    flow: Flow
    loop_id: str | None = None

    @property
    def loop_name(self) -> str | None:
        return self.flow.nodes[self.loop_id].as_ if self.loop_id else None

    def kind(self, name: str) -> str | None:
        node = self.flow.nodes.get(name)
        return getattr(node, "kind", None)

    def in_other_loop(self, name: str) -> bool:
        """A body node read outside its round: the engine sees no answer there."""
        owner = self.flow.loop_of.get(name)
        return owner is not None and owner != self.loop_id


def enabling(expr: c.Expr, scope: Scope) -> Enabling:
    """``expr`` as ``enableWhen`` where that is exact, else as FHIRPath."""
    if _is(expr, True):
        return Enabling()
    parts = _operands(expr.op, expr) if isinstance(expr, c.BoolOp) else (expr,)
    entries = [_enable_when(part, scope) for part in parts]
    if all(entry is not None for entry in entries):
        behavior = None
        if len(entries) > 1:
            behavior = "all" if expr.op == "and" else "any"  # type: ignore[union-attr]
        return Enabling(enable_when=entries, behavior=behavior)  # type: ignore[arg-type]
    text = fhirpath(expr, scope)
    if len(text) > MAX_EXPRESSION:
        raise ExportError("The conditions of this flow are too tangled to write as FHIRPath.")
    return Enabling(expression=text)


def _enable_when(expr: c.Expr, scope: Scope) -> dict[str, Any] | None:
    """One exact ``enableWhen`` entry, or None."""
    if isinstance(expr, c.Call) and expr.args and isinstance(expr.args[0], c.Name):
        name = expr.args[0].name
        if not _question(name, scope):
            return None
        kind = scope.kind(name)
        if expr.function == "answered" and kind != "ratings":
            return {"question": name, "operator": "exists", "answerBoolean": True}
        if expr.function == "selected" and kind in _CHOICE_KINDS:
            wanted = expr.args[1]
            if isinstance(wanted, c.Literal) and isinstance(wanted.value, str):
                if scope.flow.choice(scope.flow.nodes[name], wanted.value) is not None:
                    return {"question": name, "operator": "=", "answerCoding": _coding(scope, name, wanted.value)}
        return None
    if isinstance(expr, c.Compare) and isinstance(expr.left, c.Call) and expr.left.function == "count":
        args = expr.left.args
        if (
            len(args) == 1
            and isinstance(args[0], c.Name)
            and _question(args[0].name, scope)
            and scope.kind(args[0].name) != "ratings"
            and isinstance(expr.right, c.Literal)
            and not isinstance(expr.right.value, bool)
            and (expr.op, expr.right.value) in ((">", 0), (">=", 1))
        ):
            return {"question": args[0].name, "operator": "exists", "answerBoolean": True}
        return None
    if isinstance(expr, c.Name) and _question(expr.name, scope) and scope.kind(expr.name) == "yes_no":
        return {"question": expr.name, "operator": "=", "answerBoolean": True}
    if (
        isinstance(expr, c.Compare)
        and isinstance(expr.left, c.Name)
        and isinstance(expr.right, c.Literal)
        and _question(expr.left.name, scope)
        and expr.op in ("==", "<", "<=", ">", ">=")
    ):
        name, value, kind = expr.left.name, expr.right.value, scope.kind(expr.left.name)
        operator = "=" if expr.op == "==" else expr.op
        if kind == "yes_no" and isinstance(value, bool) and operator == "=":
            return {"question": name, "operator": "=", "answerBoolean": value}
        if kind == "rating" and isinstance(value, int) and not isinstance(value, bool):
            return {"question": name, "operator": operator, "answerInteger": value}
        if kind == "text" and isinstance(value, str) and operator == "=":
            return {"question": name, "operator": "=", "answerString": value}
        if kind == "single_choice" and isinstance(value, str) and operator == "=":
            if scope.flow.choice(scope.flow.nodes[name], value) is not None:
                return {"question": name, "operator": "=", "answerCoding": _coding(scope, name, value)}
    return None


def _question(name: str, scope: Scope) -> bool:
    """A name enableWhen can point at: a question answered where it is read."""
    kind = scope.kind(name)
    return kind is not None and kind not in ("info", "for_each") and not scope.in_other_loop(name)


def _coding(scope: Scope, node_id: str, code: str) -> dict[str, str]:
    return {"system": v.choice_system(scope.flow.id, node_id), "code": code}


# -- FHIRPath ----------------------------------------------------------------------


def fhirpath(expr: c.Expr, scope: Scope) -> str:
    """``expr`` as a FHIRPath expression that is always true or false."""
    if isinstance(expr, c.Literal):
        return "true" if c.truthy(expr.value) else "false"
    if isinstance(expr, c.Name):
        return _truthy(expr.name, scope)
    if isinstance(expr, c.Item):
        return _truthy_item(expr, scope)
    if isinstance(expr, c.Not):
        return f"({fhirpath(expr.operand, scope)}).not()"
    if isinstance(expr, c.BoolOp):
        return "(" + f" {expr.op} ".join(fhirpath(o, scope) for o in expr.operands) + ")"
    if isinstance(expr, c.Call):
        return _call(expr, scope)
    if isinstance(expr, c.Compare):
        return _compare(expr, scope)
    raise ExportError(f"This condition cannot be written in FHIRPath: {expr!r}")


def values(name: str, scope: Scope) -> str:
    """The answers to ``name`` (or a ratings node's rounds) as a FHIRPath collection."""
    if scope.loop_id is not None and name == scope.loop_name:
        return f"%context.item.where(linkId={quote(v.loop_item_link(scope.loop_id))}).answer.value"
    if scope.in_other_loop(name) or scope.kind(name) in (None, "info", "for_each"):
        return "{}"
    where = f"where(linkId={quote(name)})"
    inside = scope.loop_id is not None and scope.flow.loop_of.get(name) == scope.loop_id
    items = f"%context.item.{where}" if inside else f"%resource.repeat(item).{where}"
    return items if scope.kind(name) == "ratings" else f"{items}.answer.value"


def item_values(expr: c.Item, scope: Scope) -> str:
    """The answers of a for_each question for one item (``name['item']``) or
    for every item (``name[*]``), read from the whole response: the rounds
    are the loop's repeated groups, each named by its item."""
    loop_id = scope.flow.loop_of.get(expr.name)
    kind = scope.kind(expr.name)
    if loop_id is None or kind in (None, "info", "for_each", "ratings"):
        raise ExportError(f"{expr.name}[...] cannot be written in FHIRPath.")
    rounds = f"%resource.repeat(item).where(linkId={quote(loop_id)})"
    if expr.item is not None:
        label = f"item.where(linkId={quote(v.loop_item_link(loop_id))}).answer.value"
        rounds = f"{rounds}.where({label} = {quote(expr.item)})"
    return f"{rounds}.item.where(linkId={quote(expr.name)}).answer.value"


def _values_of(expr: c.Expr, scope: Scope) -> str:
    if isinstance(expr, c.Item):
        return item_values(expr, scope)
    return values(_name(expr), scope)


def _truthy_item(expr: c.Item, scope: Scope) -> str:
    found = item_values(expr, scope)
    if expr.item is None:
        return f"{found}.exists()"  # a list: true when any round was answered
    kind = scope.kind(expr.name)
    if kind == "yes_no":
        return f"{found}.exists($this = true)"
    if kind == "rating":
        return f"{found}.exists($this != 0)"
    return f"{found}.exists()"


def _truthy(name: str, scope: Scope) -> str:
    kind = scope.kind(name)
    if kind == "yes_no":
        return f"{values(name, scope)}.exists($this = true)"
    if kind == "rating":
        return f"{values(name, scope)}.exists($this != 0)"
    if scope.loop_id is not None and name == scope.loop_name:
        return f"{values(name, scope)}.exists($this != '')"
    return f"{values(name, scope)}.exists()"


def _call(expr: c.Call, scope: Scope) -> str:
    if expr.function in ("count", "count_true"):
        return f"{_count(expr, scope)} > 0"
    if expr.function == "has_pack":  # pragma: no cover - folded before
        raise ExportError("has_pack() must be decided before writing FHIRPath")
    if expr.function == "answered" and expr.args and isinstance(expr.args[0], c.Item):
        return f"{item_values(expr.args[0], scope)}.exists()"
    name = _name_argument(expr)
    if expr.function == "answered":
        return f"{values(name, scope)}.exists()"
    if expr.function == "selected":
        return f"{values(name, scope)}.exists({_matches(name, expr.args[1], scope)})"
    raise ExportError(f"The function {expr.function}() cannot be written in FHIRPath.")


def _count(expr: c.Call, scope: Scope) -> str:
    # count_true: only a real yes counts (the engine's rule), per argument, added up.
    only_yes = ".where($this = true)" if expr.function == "count_true" else ""
    counts = [f"{_values_of(arg, scope)}{only_yes}.count()" for arg in expr.args]
    return counts[0] if len(counts) == 1 else "(" + " + ".join(counts) + ")"


def _compare(expr: c.Compare, scope: Scope) -> str:
    left, right, op = expr.left, expr.right, expr.op
    if isinstance(left, c.Call) and left.function in ("count", "count_true") and _is_int(right):
        return f"{_count(left, scope)} {_FHIR_OP.get(op, op)} {right.value}"  # type: ignore[union-attr]
    if op in ("in", "not in"):
        found = _membership(left, right, scope)
        return found if op == "in" else f"({found}).not()"
    if isinstance(left, c.Literal) and isinstance(right, (c.Name, c.Item)):
        left, right, op = right, left, _MIRRORED.get(op, op)
    if isinstance(left, c.Item) and isinstance(right, c.Literal):
        return _compare_item(left, op, right, scope)
    if not (isinstance(left, c.Name) and isinstance(right, c.Literal)):
        raise ExportError("Only an answer compared with a value can be written in FHIRPath.")
    name = left.name
    if scope.kind(name) in _LIST_KINDS or scope.kind(name) == "ratings":
        # The engine compares a whole list with a single value: never equal, never ordered.
        return "true" if op == "!=" else "false"
    return _compare_answers(values(name, scope), name, op, right, scope)


def _compare_item(left: c.Item, op: str, right: c.Literal, scope: Scope) -> str:
    """``druk['Partner'] == true``: as for a name, on that round's answer."""
    found = item_values(left, scope)
    if left.item is None or scope.kind(left.name) in _LIST_KINDS:
        # A list compared with one value: never equal, never ordered (the engine's rule).
        return "true" if op == "!=" else "false"
    return _compare_answers(found, left.name, op, right, scope)


def _compare_answers(found: str, name: str, op: str, right: c.Literal, scope: Scope) -> str:
    """``found`` (the FHIRPath of the answers of question ``name``) compared with a value."""
    if op == "==":
        return f"{found}.exists({_matches(name, right, scope)})"
    if op == "!=":
        return f"({found}.exists({_matches(name, right, scope)})).not()"
    value = right.value
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return "false"  # the engine orders only numbers and texts
    if isinstance(value, str) and scope.kind(name) in ("rating", "yes_no"):
        return "false"
    this = "$this.toString()" if scope.kind(name) == "date" else "$this"
    return f"{found}.exists({this} {op} {_literal(value)})"


def _membership(left: c.Expr, right: c.Expr, scope: Scope) -> str:
    if isinstance(left, c.Literal) and isinstance(right, c.Item):
        # 'x' in voordelen['A'], true in druk[*]: any of those answers is the value.
        kind = scope.kind(right.name)
        if right.item is None or kind in _LIST_KINDS:
            return f"{item_values(right, scope)}.exists({_matches(right.name, left, scope)})"
        if kind in ("text", "date") and isinstance(left.value, str):
            return f"{item_values(right, scope)}.exists($this.toString().contains({quote(left.value)}))"
        return "false"
    if isinstance(left, c.Name) and isinstance(right, c.ListOf):
        if scope.kind(left.name) in _LIST_KINDS or scope.kind(left.name) == "ratings":
            return "false"
        tests = [_matches(left.name, item, scope) for item in right.items]
        return f"{values(left.name, scope)}.exists({' or '.join(tests) or 'false'})"
    if isinstance(left, c.Literal) and isinstance(left.value, str) and isinstance(right, c.Name):
        kind = scope.kind(right.name)
        if kind in _LIST_KINDS:
            return f"{values(right.name, scope)}.exists({_matches(right.name, left, scope)})"
        if kind in ("text", "date") or right.name == scope.loop_name:
            return f"{values(right.name, scope)}.exists($this.toString().contains({quote(left.value)}))"
        return "false"
    raise ExportError("This use of 'in' cannot be written in FHIRPath.")


def _matches(name: str, wanted: c.Expr, scope: Scope) -> str:
    """A test of one answer (``$this``) against a value."""
    if not isinstance(wanted, c.Literal):
        raise ExportError("selected() and comparisons must name a value, not another answer.")
    value = wanted.value
    if scope.kind(name) in _CHOICE_KINDS and isinstance(value, str):
        return f"($this.code = {quote(value)} or $this = {quote(value)})"
    if scope.kind(name) == "date" and isinstance(value, str):
        return f"$this.toString() = {quote(value)}"
    return f"$this = {_literal(value)}"


def _name_argument(expr: c.Call) -> str:
    if not expr.args:
        raise ExportError(f"{expr.function}() needs an answer name.")
    return _name(expr.args[0])


def _name(arg: c.Expr) -> str:
    if not isinstance(arg, c.Name):
        raise ExportError("Functions in conditions take answer names.")
    return arg.name


def _is_int(expr: c.Expr) -> bool:
    return isinstance(expr, c.Literal) and isinstance(expr.value, int) and not isinstance(expr.value, bool)


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return quote(value)
    raise ExportError(f"The value {value!r} cannot be written in FHIRPath.")


def quote(text: str) -> str:
    """A FHIRPath string literal: quote and backslash escaped.

    Other characters, control characters included, may stand in a FHIRPath
    string as they are (the JSON around it escapes them), and fhirpathpy
    does not read ``\\uXXXX``: so they are left as they are.
    """
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


_FHIR_OP = {"==": "=", "!=": "!="}
_MIRRORED = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}
