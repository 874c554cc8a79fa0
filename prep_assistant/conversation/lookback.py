"""Looking back: a preparation's answers, with what was answered before.

After the consultation a patient may want to see what they prepared and how
their answers changed on the way (the store keeps every version). This
builds that view as plain data for both front ends: the session is read back
the one way every reader uses (``opening.open_saved``, pack included), and
every answer reads as ``wording`` says.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from prep_assistant import i18n
from prep_assistant.conversation import before_after
from prep_assistant.conversation.opening import open_saved
from prep_assistant.dialogue import reading
from prep_assistant.dialogue.engine import Run
from prep_assistant.dialogue.flow import split_address
from prep_assistant.dialogue.library import LibraryError
from prep_assistant.dialogue.roles import role_of
from prep_assistant.dialogue.wording import words_of
from prep_assistant.session import SessionInfo, Store


class Earlier(msgspec.Struct):
    answer: str
    given_at: dt.datetime


class LookBackItem(msgspec.Struct):
    question: str
    answer: str
    #: Earlier versions of this answer, oldest first (empty if never changed).
    earlier: list[Earlier] = msgspec.field(default_factory=list)


class LookBack(msgspec.Struct):
    session: SessionInfo
    items: list[LookBackItem]
    #: Answers to questions the flow no longer has: kept, shown as such.
    removed: list[LookBackItem] = msgspec.field(default_factory=list)


def build_lookback(store: Store, session: SessionInfo) -> LookBack:
    by_key: dict[str, list[Any]] = {}
    for record in store.history(session.id):
        by_key.setdefault(record.address, []).append(record)
    try:
        opened = open_saved(store, session)
    except LibraryError:
        # The flow is gone: every answer is kept, shown as it was stored.
        removed = [
            LookBackItem(
                key,
                words_of(None, key, records[-1].value).text(),
                [Earlier(words_of(None, key, r.value).shown(), r.given_at) for r in records[:-1]],
            )
            for key, records in by_key.items()
        ]
        return LookBack(session, [], removed)
    run = opened.run
    items: list[LookBackItem] = []
    for asked in reading.answered(run):
        if asked.value is None:
            continue
        earlier = [
            Earlier(words_of(run, asked.node_id, r.value).shown(), r.given_at)
            for r in by_key.get(asked.key, [])[:-1]
            if r.value != asked.value
        ]
        items.append(
            LookBackItem(reading.question_text(run, asked), words_of(run, asked.node_id, asked.value).text(), earlier)
        )
    removed = [
        LookBackItem(split_address(key)[0], words_of(None, key, value).text())
        for key, value in run.orphans().items()
        if value is not None
    ]
    return LookBack(session, items, removed)


def lookback_lines(look_back: LookBack) -> list[str]:
    """The look-back as lines that read well aloud (plain mode, the app)."""
    lines = [
        i18n._("Your preparation of {date}.").format(
            date=i18n.format_date(look_back.session.created_at.astimezone().date())
        )
    ]
    for item in look_back.items:
        lines.append(f"{item.question} {item.answer}")
        for earlier in item.earlier:
            lines.append(
                "  "
                + i18n._("Earlier, on {date}, you answered: {answer}").format(
                    date=i18n.format_date(earlier.given_at.astimezone().date()), answer=earlier.answer
                )
            )
    if look_back.removed:
        lines.append(i18n._("Answers to questions that are no longer asked:"))
        for item in look_back.removed:
            lines.append(f"{item.question}: {item.answer}")
    return lines


def review_lines(store: Store, prepared_in: str | None, run: Run) -> list[str]:
    """The look-back of the linked preparation, then before and after, as lines.

    ``run`` is the after part (live or saved). Without a preparation: one
    line saying so (none linked, or it is no longer on this computer).
    """
    compared = before_after.compare(store, prepared_in, run)
    lines: list[str] = []
    if compared.missing:
        lines.append(
            i18n._("The preparation this part belongs to is no longer on this computer. "
                   "Your answers after the consultation are kept.")
        )
    elif compared.preparation is None:
        lines.append(i18n._("There is no earlier preparation saved on this computer."))
    else:
        lines += [line.strip() for line in lookback_lines(build_lookback(store, compared.preparation))]
    comparison = before_after.comparison_lines(compared)
    if comparison:
        lines += ["", *comparison]
    return lines


def check_in_lines(store: Store, after: SessionInfo) -> list[str]:
    """At the check-in: the after part ``after`` beside its preparation, as lines."""
    try:
        run = open_saved(store, after).run
    except LibraryError:
        return [i18n._("The questions of this part can no longer be found. Your answers are kept.")]
    lines = [
        i18n._("What you wrote after the consultation, on {date}.").format(
            date=i18n.format_date(after.created_at.astimezone().date())
        )
    ]
    compared = before_after.compare(store, after.prepared_in, run)
    lines += [before_after.labelled_line(label, texts) for label, texts in before_after.comparison_entries(compared)]
    # What the patient wrote down to keep (what to remember, the next step).
    for asked in reading.answered(run):
        if role_of(asked.node) in ("next_steps", "after") and asked.kind in ("text", "text_list"):
            words = words_of(run, asked.node_id, asked.value).text()
            if words:
                lines.append(f"{reading.question_text(run, asked)} {words}")
    return lines
