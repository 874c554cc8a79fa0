"""The card of a flow that declares its sections (``[[card]]`` in the flow file).

Each declared section names answers (node ids) and says how they show: its
``how``. This module reads those answers off the run's path, in the order
they were asked, and turns them into texts; ``sections.py`` lays them out as
block kinds. The hows (the README's "The card" describes them for authors):

- ``decision``: the decision at the top of the card (the first answer given).
- ``fact``: a labelled line at the top; typed words stand in for chosen
  ones, and a yes/no answer adds the section's ``yes`` or ``no`` words.
- ``list``: every answer's words as a list; an answer given per item of a
  for_each starts with its item ("Anna: steunt mij").
- ``line``: the answers' words on one line (e.g. a leaning, a score).
- ``entries``: each answer under its question (per item: the question as
  the patient read it, with the item in it).
- ``ranked``: the ranking's top first (numbered), then the rest of the lists.
- ``questions``: the patient's questions, the ranked ones first, to tick
  off; "No questions written down." when there are none. The 3 goede
  vragen credit is printed only on a card with this section.
- ``options_table``: one row per item of the options list, with the pros,
  cons, weights and what each option changes, from the nodes asked for
  each option (``pros``, ``cons``, ``touches``).
- ``next_steps``: the tips (messages) the path went through; without tip
  messages, the yes/no questions answered "no"; then what is still to arrange.
- ``writing_space``: ruled space to write in by hand.

``card_check.py`` makes sure every section names answers that fit its how.

Pure: no textual, no PDF library, no I/O.
"""

from __future__ import annotations

from typing import Any, Iterable

import msgspec

from prep_assistant.dialogue import reading
from prep_assistant.dialogue import texts as dialogue_texts
from prep_assistant.dialogue.wording import is_skipped
from prep_assistant.summary.card_parts import (
    TOP,
    DeclaredPart,
    DeclaredSection,
    Entry,
    Fact,
    OptionView,
    _clean,
    _labels_of,
    _question,
    _rating,
    _show,
    _texts,
)

#: The kinds whose answer is a choice the patient picked, not words they typed.
_CHOSEN_KINDS = frozenset({"single_choice", "multiple_choice"})


class DeclaredCard(msgspec.Struct):
    """What a flow's declared sections put on the card."""

    decision: str | None = None
    decision_label: str | None = None
    facts: list[Fact] = msgspec.field(default_factory=list)
    sections: list[DeclaredSection] = msgspec.field(default_factory=list)
    #: True when a section shows the patient's questions.
    asks_questions: bool = False


def build_declared(run: Any, declared: Iterable[Any], labels: Any) -> DeclaredCard:
    """The declared sections of ``run``'s flow, with the run's answers read."""
    reader = _Reader(run, labels)
    card = DeclaredCard()
    for spec in declared:
        heading = reader.text(spec.id, "heading", spec.heading)
        if spec.how == "decision":
            texts = [text for asked in reader.answers(spec.answers) for text in _texts(asked.value)]
            card.decision_label = card.decision_label or heading
            if texts and card.decision is None:
                card.decision = texts[0]
        elif spec.how == "fact":
            value = reader.fact(spec)
            if value:
                card.facts.append(Fact(heading, value))
        else:
            blocks = spec.parts if spec.how is None else (spec,)
            parts = tuple(reader.part(spec.id, block, own=block is spec) for block in blocks)
            card.asks_questions |= spec.how == "questions"
            card.sections.append(DeclaredSection(heading, parts, spec.column))
    return card


class _Reader:
    """Reads the answers a section names, in the order they were asked."""

    def __init__(self, run: Any, labels: Any) -> None:
        self.run = run
        self.labels = labels
        self.asked = [entry for entry in reading.answered(run) if not is_skipped(entry.value)]
        self.passed = list(reading.messages_passed(run))

    def text(self, section_id: str, field_name: str, source: str | None) -> str | None:
        if not source:
            return None
        context = dialogue_texts.card_context(self.run.flow.id, section_id, field_name)
        return _clean(self.run.translate(context, source))

    def answers(self, node_ids: Iterable[str]) -> list[Any]:
        wanted = set(node_ids)
        return [entry for entry in self.asked if entry.node.id in wanted]

    def words(self, asked: Any) -> list[str]:
        return _show(self.run, asked.node, asked.value)

    def item(self, asked: Any) -> str | None:
        if asked.item is None:
            return None
        return _clean(self.run.item_label(asked.loop_id, asked.item)) if asked.loop_id else _clean(asked.item)

    # -- the header ----------------------------------------------------------------

    def fact(self, spec: Any) -> str:
        typed: list[str] = []
        chosen: list[str] = []
        said: bool | None = None
        for asked in self.answers(spec.answers):
            if isinstance(asked.value, bool):
                said = asked.value
            elif asked.node.kind in _CHOSEN_KINDS:
                chosen += self.words(asked)
            else:
                typed += self.words(asked)
        value = "; ".join(typed or chosen)
        if said is not None:
            own = self.text(spec.id, "yes" if said else "no", spec.yes if said else spec.no)
            phrase = own or (self.labels.yes if said else self.labels.no)
            value = f"{value} ({phrase})" if value else phrase
        return value

    # -- the body ----------------------------------------------------------------------

    def part(self, section_id: str, block: Any, *, own: bool) -> DeclaredPart:
        """One block; ``own``: the section's own how (its texts have their own context)."""

        def text(field_name: str) -> str | None:
            return self.text(section_id, field_name if own else "parts", getattr(block, field_name))

        how = block.how
        heading = None if own else text("heading")
        if how == "list":
            return DeclaredPart(how, heading, tuple(self.listed(block.answers)))
        if how == "line":
            texts = [t for asked in self.answers(block.answers) for t in self.words(asked)]
            return DeclaredPart(how, heading, ("; ".join(texts),) if texts else ())
        if how == "entries":
            return DeclaredPart(how, heading, entries=tuple(self.entries(block.answers)))
        if how == "ranked":
            top, more = self.ranked(block.answers, questions=False)
            more_heading = text("more_heading") if top else (heading or text("more_heading"))
            return DeclaredPart(how, text("top_heading"), tuple(top), more_heading, tuple(more))
        if how == "questions":
            top, more = self.ranked(block.answers, questions=True)
            return DeclaredPart(how, heading, tuple(top), None, tuple(more))
        if how == "options_table":
            return DeclaredPart(how, heading, options=tuple(self.options(block)))
        if how == "next_steps":
            tips, to_arrange = self.next_steps(block.answers)
            return DeclaredPart(how, heading, tuple(tips), text("more_heading"), tuple(to_arrange))
        return DeclaredPart(how, heading)  # writing_space

    def listed(self, node_ids: list[str]) -> list[str]:
        texts: list[str] = []
        for asked in self.answers(node_ids):
            item = self.item(asked)
            words = self.words(asked)
            if item is None:
                texts += words
            elif words:
                texts.append(f"{item}: {'; '.join(words)}")
        return texts

    def entries(self, node_ids: list[str]) -> list[Entry]:
        found = []
        for asked in self.answers(node_ids):
            texts = self.words(asked)
            if texts:
                found.append(Entry(_question(self.run, asked.node, asked.loop), tuple(texts)))
        return found

    def ranked(self, node_ids: list[str], *, questions: bool) -> tuple[list[str], list[str]]:
        """The ranking's top (its ``keep``, or 3), then the rest in the patient's order."""
        top_pairs: list[tuple[Any, str]] = []
        pairs: list[tuple[Any, str]] = []
        keep = TOP
        for asked in self.answers(node_ids):
            values = asked.value if isinstance(asked.value, list) else [asked.value]
            found = [
                (v, label)
                for v in values
                if not is_skipped(v)
                for label in _labels_of(self.run, asked.node.id, [v])[:1]
            ]
            if asked.node.kind == "ranking":
                top_pairs += found
                keep = getattr(asked.node, "keep", None) or TOP
            else:
                pairs += found
        top = [label for _v, label in top_pairs[:keep]]
        ranked = {v for v, _l in top_pairs[:keep]}
        more: list[str] = []
        for v, label in pairs:
            if v not in ranked and label not in more and not (questions and label in top):
                more.append(label)
        more += [label for _v, label in top_pairs[keep:] if label not in more]
        return top, more

    def options(self, block: Any) -> list[OptionView]:
        sides = {node_id: side for side in ("pros", "cons", "touches") for node_id in getattr(block, side)}
        return self.options_of(set(block.answers), sides)

    def options_of(self, lists: set[str], roles: dict[str, str]) -> list[OptionView]:
        """One view per item of the ``lists`` answers, with the answers of the
        nodes in ``roles`` (node id -> "pros", "cons" or "touches") per item."""
        views: dict[str, OptionView] = {}

        def option(item: str, name: str) -> OptionView:
            if item not in views:
                views[item] = OptionView(name=name)
            return views[item]

        for asked in self.asked:
            node, value = asked.node, asked.value
            if node.id in lists:
                for item in value if isinstance(value, list) else [value]:
                    if not is_skipped(item):
                        for name in _labels_of(self.run, node.id, [item])[:1]:
                            option(str(item), name)
                continue
            role = roles.get(node.id)
            if role is None:
                continue
            item = asked.item
            view = option("", self.labels.option) if item is None else option(item, self.item(asked) or "")
            if node.kind == "ratings" and isinstance(value, dict) and role != "touches":
                weights = {_clean(k): w for k, w in ((k, _rating(v)) for k, v in value.items()) if w is not None}
                (view.pro_weights if role == "pros" else view.con_weights).update(weights)
            elif node.kind in ("rating", "ratings") and role != "touches":
                # One number: a weight for the whole side (a ratings answer saved
                # as one number comes from a session made before per-item weights).
                if role == "pros":
                    view.pros_weight = _rating(value)
                else:
                    view.cons_weight = _rating(value)
            else:
                {"pros": view.pros, "cons": view.cons, "touches": view.touches}[role].extend(self.words(asked))
        return list(views.values())

    def next_steps(self, node_ids: list[str]) -> tuple[list[str], list[str]]:
        wanted = set(node_ids)
        # Whether the flow has tip messages at all, passed or not: without
        # them, the "no" answers stand in their place.
        has_tips = any(getattr(reading.node(self.run, node_id), "kind", None) == "info" for node_id in wanted)
        tips: list[str] = []
        for passed in self.passed:
            if passed.node.id in wanted:
                tip = _clean(self.run.node_text(passed.node, "text", passed.loop) or "")
                if tip and tip not in tips:
                    tips.append(tip)
        said_no: list[str] = []
        to_arrange: list[str] = []
        for asked in self.answers(node_ids):
            if asked.node.kind == "yes_no":
                if asked.value is False:
                    said_no.append(_question(self.run, asked.node, asked.loop))
            else:
                to_arrange += self.words(asked)
        if not has_tips:
            tips += said_no
        return tips, to_arrange
