"""Test helpers: a flow's example answered by the engine, and the path a FHIR
form filler would show for the same answers.

``fhir_path`` reads a Questionnaire and a QuestionnaireResponse the way an
R4 form filler does: ``enableWhen`` with R4's rules (the nearest occurrence
of a question inside a repeating group first), ``enableWhenExpression`` with
fhirpathpy (``%resource`` the response, ``%context`` the round's group).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import fhirpathpy
from fhirpathpy.models import models

from prep_assistant.dialogue.engine import SEEN, Run
from prep_assistant.fhir import vocabulary as v

TODAY = dt.date(2000, 1, 1)
R4 = models["r4"]


def answered_run(flow: Any, answers: dict[str, Any], pack: Any = None) -> Run:
    """A run answered as ``engine.replay`` answers an example (missing: skipped)."""
    run = Run(flow, pack=pack, today=TODAY)
    for _ in range(10_000):
        step = run.current
        if step is None:
            break
        if step.is_info:
            run.answer(SEEN)
        elif step.key in answers:
            value = answers[step.key]
            run.answer(value.isoformat() if isinstance(value, dt.date) else value)
        else:
            run.answer(None)
    return run


def node_kind(item: dict[str, Any]) -> str | None:
    for extension in item.get("extension", ()):
        if extension.get("url") == v.NODE_KIND:
            return extension.get("valueCode")
    return None


def expression_of(item: dict[str, Any]) -> str | None:
    for extension in item.get("extension", ()):
        if extension.get("url") == v.ENABLE_WHEN_EXPRESSION:
            return extension["valueExpression"]["expression"]
    return None


def fhir_path(questionnaire: dict[str, Any], response: dict[str, Any]) -> list[str]:
    """The node ids a form filler shows, in order, for this response."""
    path: list[str] = []
    _walk(questionnaire.get("item", []), response, None, path)
    return path


def enabled(item: dict[str, Any], response: dict[str, Any], round_group: dict[str, Any] | None) -> bool:
    holds = True
    conditions = item.get("enableWhen")
    if conditions:
        results = [_enable_when(c, response, round_group) for c in conditions]
        holds = any(results) if item.get("enableBehavior") == "any" else all(results)
    expression = expression_of(item)
    if expression is not None:
        result = evaluate(expression, response, round_group)
        if len(result) > 1 or (result and not isinstance(result[0], bool)):
            raise AssertionError(f"{item['linkId']}: {expression!r} gave {result!r}, not a boolean")
        holds = holds and result == [True]
    return holds


def evaluate(expression: str, response: dict[str, Any], round_group: dict[str, Any] | None) -> list[Any]:
    context = response if round_group is None else {"resourceType": "QuestionnaireResponse", "item": round_group.get("item", [])}
    return fhirpathpy.evaluate(context, expression, {"resource": response}, model=R4)


def _walk(items: list[dict[str, Any]], response: dict[str, Any], round_group: dict[str, Any] | None, path: list[str]) -> None:
    for item in items:
        kind = node_kind(item)
        if kind is None:
            if item.get("type") == "group" and not item["linkId"].startswith("pack."):
                _walk(item.get("item", []), response, round_group, path)
            continue
        if not enabled(item, response, round_group):
            continue
        if kind == "for_each":
            body = [child for child in item.get("item", []) if node_kind(child) is not None]
            questions = {d["linkId"] for d in _descendants(item)}
            for group in _occurrences(item["linkId"], response, None):
                _walk(body, response, {**group, "_questions": questions}, path)
            continue
        path.append(item["linkId"])


def _occurrences(link: str, response: dict[str, Any], round_group: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Response items with this linkId: a question of the round is looked up
    in the round only (a form filler holds it there, answered or not); any
    other question anywhere."""
    if round_group is not None and link in round_group.get("_questions", ()):
        return [item for item in _descendants(round_group) if item.get("linkId") == link]
    return [item for item in _descendants(response) if item.get("linkId") == link]


def _descendants(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    stack = list(reversed(node.get("item", [])))
    while stack:
        item = stack.pop()
        out.append(item)
        stack.extend(reversed(item.get("item", [])))
    return out


def _answer_values(link: str, response: dict[str, Any], round_group: dict[str, Any] | None) -> list[Any]:
    values = []
    for item in _occurrences(link, response, round_group):
        for answer in item.get("answer", []):
            values.extend(value for key, value in answer.items() if key.startswith("value"))
    return values


def _enable_when(condition: dict[str, Any], response: dict[str, Any], round_group: dict[str, Any] | None) -> bool:
    values = _answer_values(condition["question"], response, round_group)
    operator = condition["operator"]
    (key, wanted), = [(k, w) for k, w in condition.items() if k.startswith("answer")]
    if operator == "exists":
        return bool(values) == wanted
    if key == "answerCoding":
        matches = [isinstance(x, dict) and x.get("code") == wanted["code"] and x.get("system") == wanted.get("system") for x in values]
        return any(matches) if operator == "=" else not any(matches)
    compare = {
        "=": lambda a, b: a == b,
        "!=": lambda a, b: a != b,
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
    }[operator]
    typed = [x for x in values if type(x) is type(wanted)]
    if operator == "!=":
        return all(compare(x, wanted) for x in typed)
    return any(compare(x, wanted) for x in typed)
