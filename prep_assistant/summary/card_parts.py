"""The small parts a card is made of, and the reading of an answer as card text.

Shared by the card built from the nodes' card tags (``model``) and the card
built from a flow's declared sections (``declared``).

Pure: no textual, no PDF library, no I/O.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

from prep_assistant.dialogue.answers import clean_text
from prep_assistant.dialogue.wording import MAX_RATING, rating_of, words_of

if TYPE_CHECKING:  # pragma: no cover
    from prep_assistant.summary.model import Labels

#: How many of a ranking come first on the card, when the flow does not say.
TOP = 3

#: The highest weight a rating can have (rating questions go from 0 to 5).
MAX_WEIGHT = MAX_RATING


class Fact(msgspec.Struct, frozen=True):
    """A short labelled line at the top: the appointment, who comes along."""

    label: str
    value: str


class Entry(msgspec.Struct, frozen=True):
    """One answer with what it answers, e.g. a question and what I know."""

    label: str
    texts: tuple[str, ...]


class OptionView(msgspec.Struct):
    """One option as the patient weighed it."""

    name: str
    pros: list[str] = msgspec.field(default_factory=list)
    pros_weight: int | None = None
    cons: list[str] = msgspec.field(default_factory=list)
    cons_weight: int | None = None
    touches: list[str] = msgspec.field(default_factory=list)
    #: A weight per pro or con, when the flow asks one for each (``ratings``).
    pro_weights: dict[str, int] = msgspec.field(default_factory=dict)
    con_weights: dict[str, int] = msgspec.field(default_factory=dict)

    def sides(self, labels: "Labels") -> list[tuple[str, list[tuple[str, int | None]], int | None]]:
        """(heading, [(text, its own weight)], overall weight) for pros, then cons."""
        return [
            (labels.pros, [(t, self.pro_weights.get(t)) for t in self.pros], self.pros_weight),
            (labels.cons, [(t, self.con_weights.get(t)) for t in self.cons], self.cons_weight),
        ]

    @property
    def empty(self) -> bool:
        return not (self.pros or self.cons or self.touches) and (
            self.pros_weight is None and self.cons_weight is None
        )


# -- a flow's declared sections, with their answers read ------------------------


class DeclaredPart(msgspec.Struct, frozen=True):
    """One block of a declared section, its answers read as texts.

    Which fields are used depends on ``how`` (see ``declared.py``): ``texts``
    (a list, a line, the ranked or top part, the tips), ``more`` (the rest
    of a ranking, what is still to arrange), ``entries``, ``options``.
    """

    how: str
    #: The part's sub-heading (``ranked``: the one over its top).
    heading: str | None = None
    texts: tuple[str, ...] = ()
    more_heading: str | None = None
    more: tuple[str, ...] = ()
    entries: tuple[Entry, ...] = ()
    options: tuple[OptionView, ...] = ()


class DeclaredSection(msgspec.Struct, frozen=True):
    """A section of the card as the flow declared it."""

    heading: str
    parts: tuple[DeclaredPart, ...]
    column: str | None = None


# -- an answer as card text --------------------------------------------------------


def _clean(value: Any) -> str:
    return clean_text(str(value), multiline=True)


def _texts(value: Any) -> list[str]:
    """An answer as its non-empty texts (a list answer gives one per item)."""
    if value is None:
        return []
    if isinstance(value, list):
        items = [_clean(v) for v in value if v is not None]
    else:
        items = [_clean(value)]
    return [item for item in items if item]


def _labels_of(run: Any, node_id: str, values: list[Any]) -> list[str]:
    """Each value of a list answer as the patient saw it (choice labels)."""
    return [label for value in values if value is not None for label in words_of(run, node_id, [value]).parts]


def _rating(value: Any) -> int | None:
    return rating_of(value)


def _show(run: Any, node: Any, value: Any, labels: Any = None) -> list[str]:
    """An answer to show under its question, as words (``wording``: one wording everywhere)."""
    return list(words_of(run, node.id, value).parts)


def _question(run: Any, node: Any, loop: Any) -> str:
    """A question as a short label: up to its first question mark.

    "Wat is er besloten? Schrijf het op in uw eigen woorden." -> "Wat is er
    besloten?"; a text without a question mark is kept whole.
    """
    text = _clean(run.node_text(node, "text", loop) or node.id)
    for index, char in enumerate(text):
        if char in "?\u061f\uff1f" and index < len(text) - 1:
            return text[: index + 1]
    return text
