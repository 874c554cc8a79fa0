"""Looking back: a preparation's answers, with what was answered before.

After the consultation a patient may want to see what they prepared and how
their answers changed on the way (the store keeps every version). This
builds that view as plain data, for plain mode and the app alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from prep_assistant import i18n
from prep_assistant.dialogue.engine import Run, split_address
from prep_assistant.dialogue.library import LibraryError, find_flow
from prep_assistant.session import SessionInfo, Store


@dataclass
class Earlier:
    answer: str
    given_at: dt.datetime


@dataclass
class ReviewItem:
    question: str
    answer: str
    #: Earlier versions of this answer, oldest first (empty if never changed).
    earlier: list[Earlier] = field(default_factory=list)


@dataclass
class Review:
    session: SessionInfo
    items: list[ReviewItem]
    #: Answers to questions the flow no longer has: kept, shown as such.
    removed: list[ReviewItem] = field(default_factory=list)


def preparation_to_review(store: Store) -> SessionInfo | None:
    """The most recent preparation session, finished or not."""
    for info in store.list_sessions():
        if info.flow_kind == "preparation":
            return info
    return None


def build_review(store: Store, session: SessionInfo) -> Review:
    try:
        flow = find_flow(session.flow_id)
    except LibraryError:
        flow = None
    history = store.history(session.id)
    by_key: dict[str, list[Any]] = {}
    for record in history:
        by_key.setdefault(record.address, []).append(record)
    if flow is None:
        items = [
            ReviewItem(key, _plain(records[-1].value), [Earlier(_plain(r.value), r.given_at) for r in records[:-1]])
            for key, records in by_key.items()
        ]
        return Review(session, [], items)
    translate = lambda context, source: i18n.dialogue_text(context, source, flow.language)  # noqa: E731
    run = Run(flow, answers=store.answers(session.id), translate=translate)
    items: list[ReviewItem] = []
    for entry, value in run.answered_steps():
        if value is None:
            continue
        node = flow.nodes[entry.node_id]
        question = run.node_text(node, "text", entry.loop) or entry.node_id
        records = by_key.get(entry.key, [])
        earlier = [
            Earlier(run.display(entry.node_id, r.value) or i18n._("(skipped)"), r.given_at)
            for r in records[:-1]
            if r.value != value
        ]
        items.append(ReviewItem(question, run.display(entry.node_id, value), earlier))
    removed = [
        ReviewItem(split_address(key)[0], _plain(value))
        for key, value in run.orphans().items()
        if value is not None
    ]
    return Review(session, items, removed)


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} ({v}/5)" for k, v in value.items())
    if isinstance(value, bool):
        return i18n._("yes") if value else i18n._("no")
    return "" if value is None else str(value)


def review_lines(review: Review) -> list[str]:
    """The review as lines that read well aloud (plain mode)."""
    lines = [
        i18n._("Your preparation of {date}.").format(
            date=i18n.format_date(review.session.created_at.astimezone().date())
        )
    ]
    for item in review.items:
        lines.append(f"{item.question} {item.answer}")
        for earlier in item.earlier:
            lines.append(
                "  "
                + i18n._("Earlier, on {date}, you answered: {answer}").format(
                    date=i18n.format_date(earlier.given_at.astimezone().date()), answer=earlier.answer
                )
            )
    if review.removed:
        lines.append(i18n._("Answers to questions that are no longer asked:"))
        for item in review.removed:
            lines.append(f"{item.question}: {item.answer}")
    return lines
