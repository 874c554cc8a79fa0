"""Before and after the consultation: the preparation beside what came of it.

An after part is linked to the preparation it belongs to (``prepared_in``).
This module reads the two side by side, as plain data for the card, the
look-back screen and plain mode:

- what the patient leaned to before, and what was decided;
- the weights of pros and cons that changed (the preparation keeps every
  version of an answer: its first weight beside its latest, with the day);
- the readiness checks before and after: the after flow asks them again
  under the same ids.

Neutral on purpose: a change is something to notice, not a problem. The
preparation may be gone (deleted after the link was made): that is said,
never an error. Answers read as ``wording`` says.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from prep_assistant import i18n
from prep_assistant.conversation.opening import full_sentence, open_saved
from prep_assistant.dialogue import reading
from prep_assistant.dialogue.engine import Run
from prep_assistant.dialogue.flow import split_address
from prep_assistant.dialogue.library import LibraryError
from prep_assistant.dialogue.roles import on_card, role_of
from prep_assistant.dialogue.wording import words_of
from prep_assistant.session import SessionInfo, Store, UnknownSession

#: A labelled answer of the comparison: (what it is, its texts).
Labelled = tuple[str, tuple[str, ...]]

#: The roles compared (see ``dialogue/roles.py``).
LEAN, OUTCOME, READINESS = "lean", "outcome", "readiness"


class WeightChange(msgspec.Struct, frozen=True):
    """A pro's or con's weight in the preparation: first given, and as it is now."""

    option: str
    #: "pros" or "cons".
    side: str
    item: str
    before: int
    after: int
    changed_on: dt.datetime


class ReadinessPair(msgspec.Struct, frozen=True):
    """One readiness check: the answer before the consultation and after it (words)."""

    question: str
    before: str | None
    after: str | None
    #: The preparation's flow no longer asks it: its answer is kept, shown as such.
    removed_before: bool = False

    @property
    def changed(self) -> bool:
        return self.before is not None and self.after is not None and self.before != self.after


class BeforeAfter(msgspec.Struct):
    """The after part beside its preparation."""

    #: The preparation, when it is still on this computer.
    preparation: SessionInfo | None
    #: Linked to a preparation that is no longer on this computer.
    missing: bool = False
    leaned: str | None = None
    decided: tuple[str, ...] = ()
    weights: list[WeightChange] = msgspec.field(default_factory=list)
    readiness: list[ReadinessPair] = msgspec.field(default_factory=list)

    @property
    def decision(self) -> str | None:
        return self.preparation.decision if self.preparation is not None else None

    @property
    def prepared_on(self) -> dt.date | None:
        if self.preparation is None:
            return None
        return self.preparation.created_at.astimezone().date()

    @property
    def linked(self) -> bool:
        return self.preparation is not None or self.missing


def linked_preparation(store: Store, prepared_in: str | None) -> tuple[SessionInfo | None, bool]:
    """(the preparation, False), or (None, True) when it is gone, or (None, False) for no link."""
    if prepared_in is None:
        return None, False
    try:
        info = store.get(prepared_in)
    except UnknownSession:
        return None, True
    return (info, False) if info.flow_kind == "preparation" else (None, True)


def missing_notice(store: Store, session: SessionInfo) -> str | None:
    """The message for an after part whose preparation is no longer on this computer."""
    _info, missing = linked_preparation(store, session.prepared_in)
    if not missing:
        return None
    return i18n._(
        "The preparation this part belongs to is no longer on this computer. "
        "Your answers after the consultation are kept."
    )


def compare(store: Store, prepared_in: str | None, after: Run) -> BeforeAfter:
    """The after part (its live or saved ``Run``) beside its linked preparation."""
    preparation, missing = linked_preparation(store, prepared_in)
    result = BeforeAfter(preparation, missing, decided=_decided(after))
    before: Run | None = None
    if preparation is not None:
        try:
            before = open_saved(store, preparation).run
        except LibraryError:
            before = None  # its flow is gone: the decision and the day still show
    if before is not None:
        result.leaned = _leaned(before)
        result.weights = _weight_changes(store, preparation, before)  # type: ignore[arg-type]
    result.readiness = _readiness(before, after)
    return result


def _decided(after: Run) -> tuple[str, ...]:
    return tuple(
        words_of(after, asked.node_id, asked.value).text()
        for asked in reading.answered(after)
        if role_of(asked.node) == OUTCOME and asked.value is not None
    )


def _leaned(before: Run) -> str | None:
    for asked in reading.answered(before):
        if role_of(asked.node) == LEAN and asked.value is not None:
            text = words_of(before, asked.node_id, asked.value).text()
            if text:
                return text
    return None


def _weight_changes(store: Store, preparation: SessionInfo, before: Run) -> list[WeightChange]:
    history: dict[str, list[Any]] = {}
    for record in store.history(preparation.id):
        history.setdefault(record.address, []).append(record)
    changes: list[WeightChange] = []
    for asked in reading.answered(before):
        side = role_of(asked.node)
        if asked.kind != "ratings" or side not in ("pros", "cons") or not isinstance(asked.value, dict):
            continue
        saves = [r for r in history.get(asked.key, []) if isinstance(r.value, dict)]
        if len(saves) < 2:
            continue
        first = saves[0].value
        option = before.item_label(asked.loop_id, asked.item) if asked.loop_id and asked.item else ""
        for item, now in asked.value.items():
            was = first.get(item)
            if isinstance(was, int) and isinstance(now, int) and was != now:
                when = next(r.given_at for r in saves if r.value.get(item) == now)
                changes.append(WeightChange(option, side, item, was, now, when))
    return changes


def _readiness(before: Run | None, after: Run) -> list[ReadinessPair]:
    """The readiness checks of the preparation, each beside the same check asked after."""
    pairs: list[ReadinessPair] = []
    asked_after = {asked.node_id: asked.value for asked in reading.answered(after) if asked.loop is None}

    def after_words(node_id: str) -> str | None:
        value = asked_after.get(node_id)
        return words_of(after, node_id, value).text() if value is not None else None

    seen: set[str] = set()
    if before is None:
        # Nothing to set them beside: the checks asked after the consultation
        # (yes/no questions that are not on the card otherwise) stand alone.
        return [
            ReadinessPair(reading.question_text(after, asked), None, after_words(asked.node_id))
            for asked in reading.answered(after)
            if asked.kind == "yes_no" and asked.value is not None and asked.loop is None
            and not on_card(after.flow.model, asked.node) and getattr(asked.node, "offer", None) is None
        ]
    if before is not None:
        for node in reading.nodes(before):
            if role_of(node) != READINESS or reading.node(after, node.id) is None:
                continue
            seen.add(node.id)
            value = before.value_of(node.id)
            pairs.append(
                ReadinessPair(
                    before.node_text(node, "text") or node.id,
                    words_of(before, node.id, value).text() if value is not None else None,
                    after_words(node.id),
                )
            )
        # A check the preparation's flow no longer has (the flow changed
        # since): its answer is kept and shown as such.
        for key, value in before.orphans().items():
            node_id, item = split_address(key)
            node = reading.node(after, node_id)
            if item is None and node is not None and node.kind == "yes_no" and value is not None:
                seen.add(node_id)
                pairs.append(
                    ReadinessPair(
                        after.node_text(node, "text") or node_id,
                        words_of(None, key, value).text(),
                        after_words(node_id),
                        removed_before=True,
                    )
                )
    return [pair for pair in pairs if pair.before is not None or pair.after is not None]


# -- in words ----------------------------------------------------------------------


def _day(when: dt.date | dt.datetime) -> str:
    day = when.astimezone().date() if isinstance(when, dt.datetime) else when
    return i18n.format_date(day)


def _side(side: str) -> str:
    return i18n._("a pro") if side == "pros" else i18n._("a con")


def comparison_entries(compared: BeforeAfter) -> list[Labelled]:
    """The comparison as labelled answers: the card's section, and the lines on screen."""
    _ = i18n._
    entries: list[Labelled] = []
    if compared.missing:
        entries.append((_("My preparation"), (_("The preparation this part belongs to is no longer on this computer."),)))
    elif compared.preparation is not None:
        about = compared.decision or _("no decision written down yet")
        entries.append((_("My preparation"), (f"{_day(compared.prepared_on)}: {about}",)))  # type: ignore[arg-type]
    if compared.leaned:
        entries.append((_("Before the consultation I leaned to"), (compared.leaned,)))
    if compared.decided and compared.linked:
        entries.append((_("What was decided"), (" ".join(full_sentence(text) for text in compared.decided),)))
    for change in compared.weights:
        entries.append(
            (
                _("{item} ({side} of {option})").format(item=change.item, side=_side(change.side), option=change.option),
                (
                    _("Weight before: {before} of 5. Now: {after} of 5, since {date}.").format(
                        before=change.before, after=change.after, date=_day(change.changed_on)
                    ),
                ),
            )
        )
    for pair in compared.readiness:
        text = _("After: {answer}.").format(answer=pair.after or _("not answered"))
        if compared.preparation is not None:
            text = _("Before: {answer}.").format(answer=pair.before or _("not answered")) + " " + text
        if pair.removed_before:
            text += " " + _("The preparation no longer asks this question; your answer is kept.")
        entries.append((pair.question, (text,)))
    return entries


def comparison_lines(compared: BeforeAfter) -> list[str]:
    """The comparison as lines that read well aloud (plain mode, the app)."""
    entries = comparison_entries(compared)
    if not entries:
        return []
    lines = [i18n._("Before and after the consultation."), i18n._("A change is something to notice, not a problem.")]
    lines += [labelled_line(label, texts) for label, texts in entries]
    return lines


def labelled_line(label: str, texts: tuple[str, ...]) -> str:
    """"Label: text", or "Question? text" when the label is a question (no "?:")."""
    joined = " ".join(texts)
    return f"{label} {joined}" if label.rstrip()[-1:] in ("?", "!", ".", "\u061f") else f"{label}: {joined}"
