"""An answer in words: the one place that turns a stored value into text.

Every reader of answers (the app's transcript, "my answers", the command
palette, plain mode, the look-back and the card) asks this module how an
answer reads, so that a yes, a date, a weight or a list reads the same
everywhere. Each kind has one wording:

- skipped (``None``, an empty text, list or table): no parts, ``skipped``;
- a single choice: its label; a list (text list, multiple choice, ranking):
  the label of each item;
- yes/no: "yes" / "no" in the patient's language;
- a date: the long date ("24 december 2026");
- a rating: "4 / 5"; a weight per item (``ratings``): "snel (4/5)" per item;
- an answer to a question the flow no longer has: the same rules without
  the question's labels.

The parts are cleaned of control characters and escape codes: answers come
from outside the process (typed, imported, or from a changed flow).

The run is duck-typed (``flow.nodes`` and ``label_of(node_id, value)``), so
this module does not import the engine, and the engine uses it for
``{placeholders}``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Protocol

import msgspec

from prep_assistant import i18n
from prep_assistant.dialogue.answers import clean_text

#: The highest value of a rating (ratings go from 0 to 5).
MAX_RATING = 5

_LIST_KINDS = frozenset({"text_list", "multiple_choice", "ranking"})


class Labelled(Protocol):
    """What wording needs of a run: its flow's nodes and a label per value."""

    flow: Any

    def label_of(self, node_id: str, value: str) -> str: ...


class Words(msgspec.Struct, frozen=True):
    """An answer in words: one part per item (a single answer has one)."""

    parts: tuple[str, ...]
    #: True for a question skipped on purpose (nothing to show).
    skipped: bool = False
    #: True when the parts are the items of a list (ranked or not).
    is_list: bool = False

    def text(self, separator: str = ", ") -> str:
        """The parts on one line; "" for a skipped answer."""
        return separator.join(self.parts)

    def shown(self) -> str:
        """The answer as one line a person reads; "(skipped)" when skipped."""
        return skipped_words() if self.skipped else self.text()


def skipped_words() -> str:
    """What a skipped answer reads as, wherever it is shown."""
    return i18n._("(skipped)")


def is_skipped(value: Any) -> bool:
    """No answer given: None, an empty or blank text, an empty list or table."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict)):
        return len(value) == 0
    return False


def words_of(run: Labelled | None, node_id: str, value: Any) -> Words:
    """``value``, the answer to ``node_id``, in words.

    ``run`` gives the labels of choices and of items that come from earlier
    answers; without a run, or for a node the flow no longer has, values are
    shown as they were stored.
    """
    if is_skipped(value):
        return Words((), skipped=True)
    node = run.flow.nodes.get(node_id) if run is not None else None
    kind = getattr(node, "kind", None)

    def label(item: Any) -> str:
        if run is not None and node is not None and isinstance(item, str):
            return run.label_of(node_id, item)
        return _plain_value(item)

    if isinstance(value, dict):
        return _words(
            [
                f"{item} ({rating_of(weight)}/{MAX_RATING})" if rating_of(weight) is not None else f"{item}: {weight}"
                for item, weight in value.items()
            ],
            is_list=True,
        )
    if isinstance(value, (list, tuple)):
        return _words([label(item) for item in value if not is_skipped(item)], is_list=True)
    if isinstance(value, bool):
        return _words([yes_no(value)])
    if kind == "rating" and rating_of(value) is not None:
        return _words([f"{rating_of(value)} / {MAX_RATING}"])
    if kind == "date" and isinstance(value, str):
        return _words([long_date(value)])
    if kind in ("single_choice",) or kind in _LIST_KINDS:
        return _words([label(value)])
    return _words([_plain_value(value)])


def yes_no(value: bool) -> str:
    return i18n._("yes") if value else i18n._("no")


def rating_of(value: Any) -> int | None:
    """A stored rating as a whole number from 0 to 5; None if it is not one."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None  # NaN and infinity are no number of stars
    return max(0, min(MAX_RATING, int(value)))


def long_date(value: str) -> str:
    """An ISO date as the patient reads it; any other text as it is."""
    try:
        date = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    try:
        return i18n.format_date(date, i18n.current_language())
    except Exception:  # a broken locale must never hide an answer
        return date.strftime("%d-%m-%Y")


def _plain_value(value: Any) -> str:
    if isinstance(value, bool):
        return yes_no(value)
    return "" if value is None else str(value)


def _words(parts: list[str], *, is_list: bool = False) -> Words:
    cleaned = tuple(part for part in (clean_text(p, multiline=True) for p in parts) if part)
    return Words(cleaned, skipped=not cleaned, is_list=is_list)
