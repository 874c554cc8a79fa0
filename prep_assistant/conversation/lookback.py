"""Looking back: a preparation's answers, with what was answered before.

After the consultation a patient may want to see what they prepared and how
their answers changed on the way (the store keeps every version). This
builds that view as plain data for both front ends: the session is read back
the one way every reader uses (``opening.open_saved``, pack included), and
every answer reads as ``wording`` says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from prep_assistant import i18n
from prep_assistant.conversation.opening import open_saved
from prep_assistant.dialogue import reading
from prep_assistant.dialogue.flow import split_address
from prep_assistant.dialogue.library import LibraryError
from prep_assistant.dialogue.wording import words_of
from prep_assistant.session import SessionInfo, Store


@dataclass
class Earlier:
    answer: str
    given_at: dt.datetime


@dataclass
class LookBackItem:
    question: str
    answer: str
    #: Earlier versions of this answer, oldest first (empty if never changed).
    earlier: list[Earlier] = field(default_factory=list)


@dataclass
class LookBack:
    session: SessionInfo
    items: list[LookBackItem]
    #: Answers to questions the flow no longer has: kept, shown as such.
    removed: list[LookBackItem] = field(default_factory=list)


def preparation_to_review(store: Store) -> SessionInfo | None:
    """The most recent preparation session, finished or not."""
    for info in store.list_sessions():
        if info.flow_kind == "preparation":
            return info
    return None


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
