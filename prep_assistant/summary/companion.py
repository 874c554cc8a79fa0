"""Two views of the same options side by side: the patient's and their companion's.

After OPDG for Two: the patient and the person who decides with them each
weigh the options. The card shows both, per option, and marks where they
differ, in two ways only:

- on facts: one names a pro or a con the other does not;
- on values: both name the same pro (or con), with a different weight.

A difference is something to talk about, never a problem: the card's wording
says so ("Hier kijkt u verschillend naar: om over te praten."). A weight that
one of the two left out is no difference of values (nothing is known).

Pure: no textual, no PDF library, no I/O. The conversation layer reads the
companion's answers and hands both, read by their roles (``by_role``), to
``companion_view``.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from prep_assistant import safe_text
from prep_assistant.summary.by_role import RoleAnswers
from prep_assistant.summary.card_parts import OptionView

#: A companion's name on the card: long enough for "Kees, mijn man".
MAX_NAME_LENGTH = 60

Side = Literal["pros", "cons"]
Who = Literal["patient", "companion"]


class Difference(msgspec.Struct, frozen=True):
    """One place where the two views of an option differ."""

    kind: Literal["fact", "value"]
    side: Side
    #: The pro or con as the one who named it wrote it (the patient's words
    #: when both named it).
    text: str
    #: A fact: who named it (the other did not).
    only: Who | None = None
    patient_weight: int | None = None
    companion_weight: int | None = None


class OptionPair(msgspec.Struct, frozen=True):
    """One option as each of the two saw it (None: not on that one's list)."""

    name: str
    patient: OptionView | None
    companion: OptionView | None
    differences: tuple[Difference, ...]


class CompanionView(msgspec.Struct, frozen=True):
    """The companion's view beside the patient's, ready for the card."""

    #: The companion's name, cleaned and shortened ("" when not given yet).
    name: str
    options: tuple[OptionPair, ...]
    #: The option the companion leans to, as written.
    lean: str | None
    #: What the companion thinks matters most to the patient.
    matters: tuple[str, ...]
    #: False when the companion stopped halfway: the card shows what there is.
    finished: bool


def same_words(text: str) -> str:
    """The key two pros are compared by: case, spacing and end marks do not count."""
    return " ".join(text.casefold().split()).rstrip(".!?;:,")


def clean_name(raw: object) -> str:
    """A typed name as it may be shown: one line, no control or escape sequences, not too long."""
    if not isinstance(raw, str):
        return ""
    name = " ".join(safe_text.clean(raw).split())
    if len(name) > MAX_NAME_LENGTH:
        name = name[: MAX_NAME_LENGTH - 1].rstrip() + "\u2026"
    return name


def _items(view: OptionView | None, side: Side) -> dict[str, tuple[str, int | None]]:
    """key -> (text as written, its weight) for one side; the first spelling wins."""
    if view is None:
        return {}
    texts = view.pros if side == "pros" else view.cons
    weights = view.pro_weights if side == "pros" else view.con_weights
    found: dict[str, tuple[str, int | None]] = {}
    for text in texts:
        key = same_words(text)
        if key and key not in found:
            found[key] = (text, weights.get(text))
    return found


def compare(patient: OptionView | None, companion: OptionView | None) -> tuple[Difference, ...]:
    """Where the two views of one option differ: facts first, in the order named, then values."""
    differences: list[Difference] = []
    for side in ("pros", "cons"):
        mine, theirs = _items(patient, side), _items(companion, side)  # type: ignore[arg-type]
        for key, (text, _weight) in mine.items():
            if key not in theirs:
                differences.append(Difference("fact", side, text, only="patient"))  # type: ignore[arg-type]
        for key, (text, _weight) in theirs.items():
            if key not in mine:
                differences.append(Difference("fact", side, text, only="companion"))  # type: ignore[arg-type]
        for key, (text, weight) in mine.items():
            if key in theirs:
                other = theirs[key][1]
                if weight is not None and other is not None and weight != other:
                    differences.append(
                        Difference("value", side, text, patient_weight=weight, companion_weight=other)  # type: ignore[arg-type]
                    )
    return tuple(differences)


def pair_options(patient: list[OptionView], companion: list[OptionView]) -> tuple[OptionPair, ...]:
    """Every option of either list, the patient's order first; matched by name."""
    theirs = {same_words(view.name): view for view in companion}
    pairs: list[OptionPair] = []
    seen: set[str] = set()
    for view in patient:
        key = same_words(view.name)
        if key in seen:
            continue
        seen.add(key)
        other = theirs.get(key)
        pairs.append(OptionPair(view.name, view, other, compare(view, other)))
    for view in companion:
        key = same_words(view.name)
        if key in seen:
            continue
        seen.add(key)
        pairs.append(OptionPair(view.name, None, view, compare(None, view)))
    return tuple(pairs)


def companion_view(patient: RoleAnswers, companion: RoleAnswers, *, name: object, finished: bool) -> CompanionView:
    """The companion's answers beside the patient's, each run read by its roles.

    In the companion's flow, the role ``goals`` marks what they think matters
    most to the patient (see ``dialogues/voorbereiding_naaste.toml``).
    """
    return CompanionView(
        name=clean_name(name),
        options=pair_options(patient.options, companion.options),
        lean=companion.lean,
        matters=tuple(companion.goals),
        finished=finished,
    )
