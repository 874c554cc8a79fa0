"""The path of a run read out: the one way readers see what was asked.

The application layer's read model and the card builder read a run through
these functions; only the engine itself (and this module) walks its path and
looks nodes up. An answer here is the question's node, where it is on the
path, and the stored value; ``wording`` turns the value into words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

import msgspec

if TYPE_CHECKING:  # pragma: no cover
    from prep_assistant.dialogue.engine import Loop, Run


class Asked(msgspec.Struct, frozen=True):
    """One turn on the path: a question (or message) and what was answered."""

    key: str
    node: Any
    value: Any
    position: int
    loop: "Loop | None" = None

    @property
    def node_id(self) -> str:
        return self.node.id

    @property
    def kind(self) -> str:
        return self.node.kind

    @property
    def item(self) -> str | None:
        """The for_each item this turn is about (None outside a for_each)."""
        return self.loop.item if self.loop is not None else None

    @property
    def loop_id(self) -> str | None:
        return self.loop.loop_id if self.loop is not None else None


def answered(run: "Run") -> Iterator[Asked]:
    """Every question answered on the path, in the order asked (messages left out)."""
    positions = {entry.key: index for index, entry in enumerate(run.path)}
    for entry, value in run.answered_steps():
        yield Asked(entry.key, run.flow.nodes[entry.node_id], value, positions[entry.key], entry.loop)


def turns(run: "Run", start: int = 0, end: int | None = None) -> Iterator[Asked]:
    """The turns on the path from ``start`` up to ``end`` (default: the current turn)."""
    stop = current_position(run) if end is None else min(end, len(run.path))
    for position in range(max(start, 0), stop):
        entry = run.path[position]
        yield Asked(entry.key, run.flow.nodes[entry.node_id], run.value_of(entry.key), position, entry.loop)


def whole_path(run: "Run") -> Iterator[Asked]:
    """Every turn on the path, the unanswered one at its end included."""
    return turns(run, 0, len(run.path))


def messages_passed(run: "Run") -> Iterator[Asked]:
    """The messages (info nodes) on the path, in order."""
    for position, entry in enumerate(run.path):
        node = run.flow.nodes.get(entry.node_id)
        if node is not None and node.kind == "info":
            yield Asked(entry.key, node, run.value_of(entry.key), position, entry.loop)


def current_position(run: "Run") -> int:
    """The current turn's place on the path (the path's length when finished)."""
    return min(run.cursor, len(run.path))


def question_text(run: "Run", asked: Asked) -> str:
    """The question as the patient read it (placeholders filled in)."""
    return run.node_text(asked.node, "text", asked.loop) or asked.key


def answer(run: "Run", node_id: str, item: str | None = None) -> Any:
    """An answer by name, as conditions see it: ``node[item]`` for one round of
    a for_each (usable after the loop), every round together for a repeated
    question (``repeat_while``), else the node's answer. None when the
    question is not on the path or was skipped."""
    if item is not None:
        return run.item_value(node_id, item)
    return run.answer_named(node_id)


def per_item(run: "Run", node_id: str) -> dict[str, Any]:
    """A for_each question's answers by item (``name[item]``), in the loop's
    order; items whose round gave no answer are left out."""
    loop_id = run.flow.loop_of.get(node_id)
    if loop_id is None:
        return {}
    found: dict[str, Any] = {}
    for item in run.items_of(run.flow.nodes[loop_id].over):
        value = run.item_value(node_id, item)
        if value is not None:
            found[item] = value
    return found


def nodes(run: "Run") -> list[Any]:
    """Every node of the run's flow, in file order."""
    return list(run.flow.model.nodes)


def card_sections(run: "Run") -> list[Any]:
    """The card sections the run's flow declares (``[[card]]``); empty when none."""
    return list(getattr(run.flow.model, "card", None) or ())


def node(run: "Run", node_id: str) -> Any | None:
    return run.flow.nodes.get(node_id)
