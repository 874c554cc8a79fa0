"""The gesprekskaart's answers as data: built from a run, laid out by ``sections``.

``build_card(run)`` reads the answers on the run's path. A flow that
declares its card (``[[card]]`` sections) gets those sections, read by
``declared.py`` (the shipped flows do); otherwise the answers are sorted by
the ``card`` tag of their question (see ``CardSection`` in the dialogue
schema: the short form an author's own flow may use). What an answer IS,
for the rest of the program, is its role (``dialogue/roles.py``), not its tag. Nothing is invented:
a question that was skipped leaves its place empty, and the section builder
(``sections.py``) leaves an empty part out or shows one neutral line.

Every text on the card is resolved here, in the current language: headings
through ``_()``, questions and choice labels through the run's translation.
The sections and the renderers only arrange what the card holds, so a card
renders the same whatever the language is at render time.

Pure: no textual, no PDF library, no I/O.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import msgspec

from prep_assistant import i18n
from prep_assistant.dialogue import texts as dialogue_texts
from prep_assistant.dialogue import reading
from prep_assistant.dialogue.flow import split_address
from prep_assistant.dialogue.wording import is_skipped as _is_empty, words_of
from prep_assistant.summary.card_parts import (  # noqa: F401 (MAX_WEIGHT: part of this module's API)
    MAX_WEIGHT,
    TOP,
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
from prep_assistant.summary.declared import build_declared
from prep_assistant.summary.helped_by import helped_by

if TYPE_CHECKING:  # pragma: no cover  (companion.py builds on this module)
    from prep_assistant.summary.companion import CompanionView

_ = i18n._


class PackNote(msgspec.Struct, frozen=True):
    """The clinician's decision pack the session used, for the small print."""

    decision: str
    author: str
    source: str
    date: str
    #: The pack's own words, shown in a section of their own (not small print).
    id: str = ""
    #: (option name as on the card, its description), in the pack's order.
    options: tuple[tuple[str, str], ...] = ()
    #: The review date, only when it has passed.
    review_passed: str | None = None


class BeforeAfterNote(msgspec.Struct, frozen=True):
    """The part after the consultation beside its preparation (built by the application layer)."""

    #: The preparation's decision, for the card's header.
    decision: str | None
    #: The day of the preparation, in words.
    prepared_on: str | None
    #: Linked to a preparation that is no longer on this computer.
    missing: bool
    #: The comparison: what it is, and its answers.
    entries: tuple[Entry, ...] = ()


class Labels(msgspec.Struct, frozen=True):
    """Every heading and fixed phrase of the card, in the card's language."""

    title: str
    decision: str
    not_filled_in: str
    matters: str
    goals: str
    top_activities: str
    other_activities: str
    activities: str
    worries: str
    wishes: str
    known: str
    questions: str
    top_questions: str
    other_questions: str
    no_questions: str
    options: str
    option: str
    pros: str
    cons: str
    touches: str
    nothing_noted: str
    weighs: str  # "weighs {n} of 5"
    lean: str
    tips: str
    to_arrange: str
    outcome: str
    after: str
    notes: str
    agreed: str
    earlier: str
    earlier_help: str
    pack: str  # "Decision pack: {decision}." (its author, source and date: from_pack_written)
    continued: str  # "{heading} (continued)"
    made_on: str  # "Made on {date} with prep-assistant."
    three_questions: str
    stayed_here: str
    session: str  # "Session {id}"
    font_fallback: str
    glyphs_replaced: str
    rtl_unshaped: str
    page: str  # "Page {page} of {pages}"
    yes: str
    no: str
    from_pack: str = ""  # "From your care provider's decision pack"
    from_pack_written: str = ""  # "Written by {author} on {date}. Source: {source}. Pack: {id}."
    from_pack_outdated: str = ""  # "... planned to check this again by {date} ..."
    before_after: str = ""
    before_after_help: str = ""
    prepared_on: str = ""


def card_labels() -> Labels:
    """The labels in the current language."""
    return Labels(
        title=_("My conversation card"),
        decision=_("The decision"),
        not_filled_in=_("Not filled in"),
        matters=_("What matters to me"),
        goals=_("My goals for my health"),
        top_activities=_("Most important in my daily life"),
        other_activities=_("Also important"),
        activities=_("Important in my daily life"),
        worries=_("My worries"),
        wishes=_("My wishes"),
        known=_("What I already know"),
        questions=_("My questions"),
        top_questions=_("Most important questions"),
        other_questions=_("More questions"),
        no_questions=_("No questions written down."),
        options=_("The options side by side"),
        option=_("Option"),
        pros=_("Pros for me"),
        cons=_("Cons for me"),
        # The ticked items are the patient's important activities that this
        # option changes (for better or worse): the heading must not read as a benefit.
        touches=_("What it changes in what matters to me"),
        nothing_noted=_("Nothing noted"),
        weighs=_("weighs {n} of {max}"),
        lean=_("The option I lean to now"),
        # The tips are written to the patient ("u"): not a first-person heading.
        tips=_("Tips for you"),
        to_arrange=_("Still to arrange"),
        outcome=_("What was decided"),
        after=_("After the conversation"),
        notes=_("Notes during the conversation"),
        agreed=_("What we agreed"),
        earlier=_("Earlier answers"),
        earlier_help=_("These questions are no longer asked. The answers are kept."),
        pack=_("Decision pack: {decision}."),
        continued=_("{heading} (continued)"),
        made_on=_("Made on {date} with prep-assistant."),
        three_questions=_(
            "The 3 goede vragen (3 good questions) are a campaign of "
            "Patiëntenfederatie Nederland and Federatie Medisch Specialisten."
        ),
        stayed_here=_("The answers stayed on this computer; nothing was sent."),
        session=_("Session {id}"),
        font_fallback=_(
            "No font for every letter was found on this computer, so some letters "
            "are shown simplified. The HTML version of this card shows them all."
        ),
        glyphs_replaced=_(
            "Some characters cannot be shown in this PDF and were replaced. "
            "The HTML version of this card shows them all."
        ),
        rtl_unshaped=_(
            "Right-to-left text may look wrong in this PDF. "
            "The HTML version of this card shows it correctly."
        ),
        page=_("Page {page} of {pages}"),
        yes=_("yes"),
        no=_("no"),
        from_pack=_("From your care provider's decision pack"),
        from_pack_written=_("Written by {author} on {date}. Source: {source}. Pack: {id}."),
        from_pack_outdated=_(
            "Your care provider planned to check this information again by {date}. "
            "That date has passed, so some of it may be out of date. "
            "Ask your care provider about it."
        ),
        before_after=_("Before and after the consultation"),
        before_after_help=_("A change is something to notice, not a problem."),
        prepared_on=_("My preparation"),
    )


class Card(msgspec.Struct):
    """Everything on the gesprekskaart, in reading order."""

    labels: Labels
    language: str
    decision: str | None = None
    facts: list[Fact] = msgspec.field(default_factory=list)
    goals: list[str] = msgspec.field(default_factory=list)
    top_activities: list[str] = msgspec.field(default_factory=list)
    other_activities: list[str] = msgspec.field(default_factory=list)
    worries: list[str] = msgspec.field(default_factory=list)
    wishes: list[str] = msgspec.field(default_factory=list)
    known: list[Entry] = msgspec.field(default_factory=list)
    top_questions: list[str] = msgspec.field(default_factory=list)
    other_questions: list[str] = msgspec.field(default_factory=list)
    options: list[OptionView] = msgspec.field(default_factory=list)
    #: True when the flow asks for a leaning.
    asks_lean: bool = False
    lean: str | None = None
    still_need: list[str] = msgspec.field(default_factory=list)
    to_arrange: list[str] = msgspec.field(default_factory=list)
    outcome: list[Entry] = msgspec.field(default_factory=list)
    after: list[Entry] = msgspec.field(default_factory=list)
    earlier: list[Entry] = msgspec.field(default_factory=list)
    #: The label over the decision at the top (None: the card's own, "The decision").
    decision_label: str | None = None
    #: The flow's declared sections (None: the nodes' card tags place the answers).
    declared: tuple[DeclaredSection, ...] | None = None
    #: True when the card has a part for the patient's questions (and so the
    #: 3 goede vragen credit).
    asks_questions: bool = True
    #: The part after the consultation: its preparation and the comparison.
    before_after: BeforeAfterNote | None = None
    pack: PackNote | None = None
    made_on: str = ""
    made_on_iso: str = ""
    session_id: str | None = None
    #: The companion's own view beside the patient's (``summary.companion``),
    #: set by the conversation layer when a companion filled in.
    companion: "CompanionView | None" = None

    # -- short answers about what the card holds -------------------------------
    @property
    def has_matters(self) -> bool:
        return bool(
            self.goals or self.top_activities or self.other_activities or self.worries or self.wishes
        )

    @property
    def questions(self) -> list[str]:
        return self.top_questions + self.other_questions

    def all_patient_texts(self) -> list[str]:
        """Every text that came from an answer (for tests and checks)."""
        texts: list[str] = []
        if self.decision:
            texts.append(self.decision)
        texts += [f.value for f in self.facts]
        texts += self.goals + self.top_activities + self.other_activities + self.worries + self.wishes
        compared = list(self.before_after.entries) if self.before_after else []
        for entry in self.known + self.outcome + self.after + self.earlier + compared:
            texts += list(entry.texts)
        texts += self.top_questions + self.other_questions
        for option in self.options:
            texts += [option.name, *option.pros, *option.cons, *option.touches]
        if self.lean:
            texts.append(self.lean)
        texts += self.to_arrange
        for section in self.declared or ():
            for part in section.parts:
                texts += [*part.texts, *part.more]
                for entry in part.entries:
                    texts += list(entry.texts)
                for option in part.options:
                    texts += [option.name, *option.pros, *option.cons, *option.touches]
        return texts


# -- building a card from a run ------------------------------------------------


def _orphan_value(key: str, value: Any) -> list[str]:
    """An answer to a question the flow no longer has: wording without labels."""
    return list(words_of(None, key, value).parts)


def build_card(
    run: Any, *, session: Any = None, made_on: dt.date | None = None, before_after: BeforeAfterNote | None = None
) -> Card:
    """The card of ``run`` (an engine ``Run``) in the current language.

    ``session`` (a ``SessionInfo``) adds its id to the small print and gives
    the decision when no answer does; ``made_on`` defaults to today.
    ``before_after``: the part after the consultation beside its preparation
    (its decision and day, and the comparison).
    """
    labels = card_labels()
    made = made_on or dt.date.today()
    card = Card(
        labels=labels,
        language=i18n.current_language(),
        made_on=i18n.format_date(made, i18n.current_language()),
        made_on_iso=made.isoformat(),
        session_id=getattr(session, "id", None),
    )
    appointment: list[str] = []
    decide_by: list[str] = []
    stage: list[str] = []
    companions: list[str] = []  # names, as typed
    companion_kinds: list[str] = []  # "my partner", "no one": when no name is given
    comes: bool | None = None
    role: list[str] = []
    information: list[str] = []
    activities: list[tuple[Any, str]] = []  # (stored value, label)
    top_activities: list[tuple[Any, str]] = []
    questions: list[tuple[Any, str]] = []
    top_questions: list[tuple[Any, str]] = []
    top_keep: dict[str, int] = {}
    options: dict[str, OptionView] = {}
    readiness_no: list[str] = []

    def option(item: str, name: str) -> OptionView:
        view = options.get(item)
        if view is None:
            view = options[item] = OptionView(name=name)
        return view

    declared = reading.card_sections(run)
    if declared:
        _fill_declared(card, run, declared, labels, session, before_after)
        return card

    all_nodes = reading.nodes(run)
    card.asks_questions = any(getattr(n, "card", None) in ("questions", "top_questions") for n in all_nodes)
    card.asks_lean = any(getattr(n, "card", None) == "lean" for n in all_nodes)
    has_tips = any(n.kind == "info" and getattr(n, "card", None) == "next_steps" for n in all_nodes)

    for entry in reading.answered(run):
        node, value = entry.node, entry.value
        tag = getattr(node, "card", None)
        if tag is None or _is_empty(value):
            continue
        loop = entry.loop
        if tag == "decision":
            texts = _texts(value)
            if texts and card.decision is None:
                card.decision = texts[0]
        elif tag == "appointment":
            appointment += _show(run, node, value, labels)
        elif tag == "decision_date":
            decide_by += _show(run, node, value, labels)
        elif tag == "stage":
            stage += _show(run, node, value, labels)
        elif tag in ("companions", "companion_comes"):
            if isinstance(value, bool):
                comes = value
            elif node.kind in ("single_choice", "multiple_choice"):
                companion_kinds += _show(run, node, value, labels)
            else:
                companions += _show(run, node, value, labels)
        elif tag == "role":
            role += _show(run, node, value, labels)
        elif tag == "information":
            information += _show(run, node, value, labels)
        elif tag == "goals":
            card.goals += _show(run, node, value, labels)
        elif tag == "worries":
            card.worries += _show(run, node, value, labels)
        elif tag == "wishes":
            card.wishes += _show(run, node, value, labels)
        elif tag in ("activities", "top_activities", "questions", "top_questions"):
            values = value if isinstance(value, list) else [value]
            pairs = [
                (v, label)
                for v in values
                if not _is_empty(v)
                for label in _labels_of(run, node.id, [v])[:1]
            ]
            target = {
                "activities": activities,
                "top_activities": top_activities,
                "questions": questions,
                "top_questions": top_questions,
            }[tag]
            target += pairs
            if tag.startswith("top_"):
                top_keep[tag] = getattr(node, "keep", None) or TOP
        elif tag == "known":
            texts = _show(run, node, value, labels)
            if texts:
                card.known.append(Entry(_question(run, node, loop), tuple(texts)))
        elif tag == "options":
            items = [v for v in (value if isinstance(value, list) else [value]) if not _is_empty(v)]
            for item in items:
                for name in _labels_of(run, node.id, [item])[:1]:
                    option(str(item), name)
        elif tag in ("pros", "cons", "touches"):
            item = entry.item
            if item is None:
                # Outside a for_each: about no option in particular.
                view = option("", labels.option)
            else:
                loop_id = entry.loop_id or ""
                view = option(item, _clean(run.item_label(loop_id, item)) if loop_id else _clean(item))
            if node.kind == "ratings" and isinstance(value, dict) and tag in ("pros", "cons"):
                weights = {
                    _clean(k): w for k, w in ((k, _rating(v)) for k, v in value.items()) if w is not None
                }
                (view.pro_weights if tag == "pros" else view.con_weights).update(weights)
            elif node.kind in ("rating", "ratings"):
                # A ratings answer saved as one number comes from a session made
                # when the flow still asked one weight per list: keep showing it.
                weight = _rating(value)
                if tag == "pros":
                    view.pros_weight = weight
                elif tag == "cons":
                    view.cons_weight = weight
                else:
                    view.touches += _show(run, node, value, labels)
            else:
                texts = _show(run, node, value, labels)
                {"pros": view.pros, "cons": view.cons, "touches": view.touches}[tag].extend(texts)
        elif tag == "lean":
            texts = _show(run, node, value, labels)
            if texts and card.lean is None:
                card.lean = "\n".join(texts)
        elif tag == "readiness":
            if value is False:
                readiness_no.append(_question(run, node, loop))
        elif tag == "next_steps":
            card.to_arrange += _show(run, node, value, labels)
        elif tag == "outcome":
            texts = _show(run, node, value, labels)
            if texts:
                card.outcome.append(Entry(_question(run, node, loop), tuple(texts)))
        elif tag == "after":
            texts = _show(run, node, value, labels)
            if texts:
                card.after.append(Entry(_question(run, node, loop), tuple(texts)))

    # The readiness check's tips: the flow shows a tip (an info node tagged
    # next_steps) for each "no"; the card lists the tips the path went through.
    for passed in reading.messages_passed(run):
        if getattr(passed.node, "card", None) == "next_steps":
            tip = _clean(run.node_text(passed.node, "text", passed.loop) or "")
            if tip and tip not in card.still_need:
                card.still_need.append(tip)
    if not has_tips:
        card.still_need += readiness_no

    # Rankings first, then the rest of the list in the patient's own order.
    keep = top_keep.get("top_activities", TOP)
    card.top_activities = [label for _v, label in top_activities[:keep]]
    ranked = {v for v, _l in top_activities[:keep]}
    card.other_activities = [label for v, label in activities if v not in ranked]
    card.other_activities += [label for _v, label in top_activities[keep:] if label not in card.other_activities]
    keep = top_keep.get("top_questions", TOP)
    card.top_questions = [label for _v, label in top_questions[:keep]]
    ranked = {v for v, _l in top_questions[:keep]}
    card.other_questions = []
    for v, label in questions:
        if v not in ranked and label not in card.other_questions and label not in card.top_questions:
            card.other_questions.append(label)
    card.other_questions += [label for _v, label in top_questions[keep:] if label not in card.other_questions]

    card.options = list(options.values())

    _with_preparation(card, before_after)
    _decision_from_elsewhere(card, run, session)

    def fact(label: str, values: list[str]) -> None:
        if values:
            card.facts.append(Fact(label, "; ".join(values)))

    fact(_("Appointment"), appointment)
    fact(_("Decide by"), decide_by)
    who = "; ".join(companions or companion_kinds)
    if comes is not None:
        coming = _("comes along to the conversation") if comes else _("does not come along to the conversation")
        who = f"{who} ({coming})" if who else coming
    fact(_("Who thinks along"), [who] if who else [])
    fact(_("How far I am"), stage)
    fact(_("How I want to decide"), role)
    fact(_("Information I want"), information)
    _finish(card, run, session)
    return card


def _fill_declared(
    card: Card, run: Any, declared: list[Any], labels: Labels, session: Any, before_after: BeforeAfterNote | None
) -> None:
    """The card of a flow that declares its sections (see ``declared.py``)."""
    found = build_declared(run, declared, labels)
    card.decision = found.decision
    card.decision_label = found.decision_label
    card.facts = found.facts
    card.declared = tuple(found.sections)
    card.asks_questions = found.asks_questions
    _with_preparation(card, before_after)
    _decision_from_elsewhere(card, run, session)
    _finish(card, run, session)


def _with_preparation(card: Card, before_after: BeforeAfterNote | None) -> None:
    """The part after the consultation: its preparation's decision and day, and the comparison."""
    card.before_after = before_after
    if before_after is None:
        return
    if card.decision is None and before_after.decision:
        card.decision = _clean(before_after.decision)
    if before_after.prepared_on:
        card.facts.insert(0, Fact(card.labels.prepared_on, before_after.prepared_on))


def _decision_from_elsewhere(card: Card, run: Any, session: Any) -> None:
    """No answer gave the decision: the pack's, else the session's."""
    if card.decision is None:
        if run.pack is not None:
            info = run.pack.pack
            card.decision = _clean(run.translate(dialogue_texts.pack_context(info.id, "decision"), info.decision))
        elif getattr(session, "decision", None):
            card.decision = _clean(session.decision)


def _finish(card: Card, run: Any, session: Any) -> None:
    """What every card has: earlier answers, the pack, who helped."""
    for key, value in sorted(run.orphans().items()):
        texts = _orphan_value(key, value)
        if texts:
            node_id, item = split_address(key)
            label = f"{node_id} ({item})" if item else node_id
            card.earlier.append(Entry(label.replace("_", " "), tuple(texts)))

    pack = run.pack
    if pack is not None:
        card.pack = _pack_note(run, pack)
    helped = helped_by(session)  # helper mode: who sat with the patient
    if helped is not None:
        card.facts.append(Fact(*helped))


def _pack_note(run: Any, pack: Any) -> PackNote:
    """The pack as the card shows it: its own words translated, every text cleaned."""
    info = pack.pack
    language = i18n.current_language()

    def own(text: str | None, *context: str) -> str | None:
        return _clean(run.translate(dialogue_texts.pack_context(info.id, *context), text)) if text else None

    author = info.author
    if info.author_role:
        author += ", " + (own(info.author_role, "author_role") or "")
    today = run.today or dt.date.today()
    passed = info.review_date if info.review_date and info.review_date < today else None
    return PackNote(
        decision=_clean(info.decision),
        author=_clean(author),
        source=_clean(info.source),
        date=i18n.format_date(info.date, language),
        id=_clean(info.id),
        options=tuple(
            (own(o.name, o.id, "name") or "", own(o.description, o.id, "description") or "") for o in pack.options
        ),
        review_passed=i18n.format_date(passed, language) if passed else None,
    )

