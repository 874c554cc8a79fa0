"""The card as one ordered list of sections, built once, drawn by every renderer.

``build_sections(card)`` decides what the card shows and in which order: the
header (title, the decision, the facts), the sections, and the footer lines.
A section is a heading over a body of a few generic kinds (``Items``,
``Ranked``, ``Entries``, ``OptionsTable``, ``Line``, ``Note``, ``Facts``,
``WritingSpace``). The renderers (Markdown, text, HTML, PDF) draw these kinds
and nothing else: none of them knows which section is which.

Adding a section to the card is adding a function to ``SECTIONS`` here, and
nothing else: it takes the ``Card`` and returns a ``Section`` (or None to
leave it out), e.g. ::

    def _who(card: Card) -> Section | None:
        return _section(_("Who thinks along"), Items(None, tuple(f.value for f in card.facts)))

A flow that declares its card (``[[card]]``) gets its own sections, in its
order, drawn with the same block kinds (``_declared``); ``SECTIONS`` is the
card of a flow that places answers with card tags.

Whether a part is shown is decided here too: a block with nothing in it is
left out, a section left with no block is left out, and where an empty part
must still say so, the builder puts one neutral line (``Note``) in its
place. The words come from ``card.labels``, resolved when the card was
built; a new phrase written with ``_()`` here is resolved when the card is
drawn, which every caller does right after building it.

Pure: no textual, no PDF library, no I/O.
"""

from __future__ import annotations

from typing import Callable, Iterator, Literal, Union

import msgspec

from prep_assistant.i18n import _
from prep_assistant.summary.card_parts import DeclaredPart, DeclaredSection, OptionView
from prep_assistant.summary.companion import Difference
from prep_assistant.summary.model import MAX_WEIGHT, Card, Entry, Fact, Labels

# -- the kinds of body a section can have ------------------------------------------


class Facts(msgspec.Struct, frozen=True):
    """Short labelled lines: "Appointment: 8 December 2026"."""

    facts: tuple[Fact, ...]


class Items(msgspec.Struct, frozen=True):
    """A plain list of texts, under a sub-heading of its own or none."""

    heading: str | None
    texts: tuple[str, ...]


class Ranked(msgspec.Struct, frozen=True):
    """A list with its most important part first, then the rest.

    The top part is numbered; with ``tick`` (questions to tick off during the
    consultation) both parts get tick boxes and the top part is bold instead.
    ``more_heading`` None: the rest needs no sub-heading of its own (the
    section's heading says what it is).
    """

    top_heading: str
    top: tuple[str, ...]
    more_heading: str | None
    more: tuple[str, ...]
    tick: bool = False


class Entries(msgspec.Struct, frozen=True):
    """Answers under what they answer: a question and what I wrote."""

    entries: tuple[Entry, ...]
    #: Each label run in before its text (one paragraph an entry): the pack's
    #: option descriptions, set in less room (the PDF draws it so).
    compact: bool = False


class OptionSide(msgspec.Struct, frozen=True):
    """Pros or cons of one option: each text with its own weight, and one overall."""

    heading: str
    items: tuple[tuple[str, int | None], ...]
    weight: int | None


class OptionRow(msgspec.Struct, frozen=True):
    """One option as the patient weighed it."""

    name: str
    sides: tuple[OptionSide, ...]
    touches: tuple[str, ...]
    #: Nothing was noted: drawn as one neutral line.
    empty: bool


class OptionsTable(msgspec.Struct, frozen=True):
    """The options side by side: pros, cons, their weights, what each touches."""

    rows: tuple[OptionRow, ...]
    #: Column titles of a table: the option, each side, what it touches.
    columns: tuple[str, ...]
    touches_heading: str
    nothing_noted: str
    weighs: str  # "weighs {n} of {max}"

    def weight(self, n: int) -> str:
        return self.weighs.format(n=n, max=MAX_WEIGHT)


class Line(msgspec.Struct, frozen=True):
    """One answer on its own line, e.g. the option I lean to now."""

    text: str
    #: False when the line stands in for an answer not given.
    answered: bool = True


class Note(msgspec.Struct, frozen=True):
    """One neutral line where a part is empty: "No questions written down."."""

    text: str


class WritingSpace(msgspec.Struct, frozen=True):
    """Ruled space to write in by hand during the consultation (paper only)."""


Block = Union[Facts, Items, Ranked, Entries, OptionsTable, Line, Note, WritingSpace]


class Section(msgspec.Struct, frozen=True):
    """A heading over a body of blocks, in reading order."""

    heading: str
    body: tuple[Block, ...]
    #: A short line under the heading that says what the section is.
    intro: str | None = None
    #: Where the page is wide enough, consecutive sections with a column stand
    #: side by side as one band: the "left" ones beside the "right" ones.
    column: Literal["left", "right"] | None = None


class Header(msgspec.Struct, frozen=True):
    """The top of the card: its title, the decision, the facts."""

    title: str
    decision_label: str
    #: The decision as answered (None: not filled in).
    decision: str | None
    #: What stands in the decision's place: the decision, or "Not filled in".
    decision_shown: str
    made_on: str
    facts: Facts


class Footer(msgspec.Struct, frozen=True):
    """The small print: about the card, then where its facts came from."""

    #: Made on, the credits of the 3 good questions, the privacy line.
    about: tuple[str, ...]
    #: The clinician's decision pack, the session id (when there are).
    details: tuple[str, ...]

    @property
    def lines(self) -> tuple[str, ...]:
        return self.about + self.details


class CardSections(msgspec.Struct, frozen=True):
    """The card as the renderers draw it."""

    language: str
    #: For what a renderer adds itself (page numbers, "(continued)", notes on fonts).
    labels: Labels
    header: Header
    sections: tuple[Section, ...]
    footer: Footer

    def texts(self) -> Iterator[str]:
        """Every text on the card (the PDF picks its fonts for these)."""
        yield from _strings((self.header, self.sections, self.footer))


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, msgspec.Struct):
        # The field names only: msgspec.structs.fields would also resolve
        # the annotations, which name types imported for type checking only.
        for name in value.__struct_fields__:
            yield from _strings(getattr(value, name))


# -- what shows ---------------------------------------------------------------------


def _has_content(block: Block) -> bool:
    if isinstance(block, Facts):
        return bool(block.facts)
    if isinstance(block, Items):
        return bool(block.texts)
    if isinstance(block, Ranked):
        return bool(block.top or block.more)
    if isinstance(block, Entries):
        return bool(block.entries)
    if isinstance(block, OptionsTable):
        return bool(block.rows)
    return True  # a line, a note, writing space: there to be seen


def _section(
    heading: str,
    *blocks: Block,
    intro: str | None = None,
    column: Literal["left", "right"] | None = None,
) -> Section | None:
    """The section with its empty blocks left out; None when none is left."""
    body = tuple(block for block in blocks if _has_content(block))
    if not body:
        return None
    return Section(heading, body, intro=intro, column=column)


# -- the sections, in reading order ---------------------------------------------------


def _matters(card: Card) -> Section | None:
    labels = card.labels
    ranked = bool(card.top_activities)
    return _section(
        labels.matters,
        Items(labels.goals, tuple(card.goals)),
        Ranked(
            top_heading=labels.top_activities,
            top=tuple(card.top_activities),
            more_heading=labels.other_activities if ranked else labels.activities,
            more=tuple(card.other_activities),
        ),
        Items(labels.worries, tuple(card.worries)),
        Items(labels.wishes, tuple(card.wishes)),
        column="left",
    )


def _questions(card: Card) -> Section | None:
    labels = card.labels
    if not card.asks_questions:
        return None
    return _section(labels.questions, _questions_block(labels, card.top_questions, card.other_questions), column="right")


def _questions_block(labels: Labels, top: list[str] | tuple[str, ...], more: list[str] | tuple[str, ...]) -> Block:
    """The questions to tick off, ranked first; one neutral line when there are none."""
    if not (top or more):
        return Note(labels.no_questions)
    return Ranked(
        top_heading=labels.top_questions,
        top=tuple(top),
        more_heading=labels.other_questions if top else None,
        more=tuple(more),
        tick=True,
    )


def _known(card: Card) -> Section | None:
    return _section(card.labels.known, Entries(tuple(card.known)), column="right")


def _options(card: Card) -> Section | None:
    return _section(card.labels.options, _options_table(card.labels, card.options))


def _options_table(labels: Labels, options: list[OptionView] | tuple[OptionView, ...]) -> OptionsTable:
    rows = tuple(
        OptionRow(
            name=option.name,
            sides=tuple(
                OptionSide(heading, tuple(items), weight) for heading, items, weight in option.sides(labels)
            ),
            touches=tuple(option.touches),
            empty=option.empty,
        )
        for option in options
    )
    return OptionsTable(
        rows=rows,
        columns=(labels.option, labels.pros, labels.cons, labels.touches),
        touches_heading=labels.touches,
        nothing_noted=labels.nothing_noted,
        weighs=labels.weighs,
    )


def _from_pack(card: Card) -> Section | None:
    """The care provider's own words, apart from the patient's, source and date at full size."""
    pack = card.pack
    if pack is None:
        return None
    labels = card.labels
    written = labels.from_pack_written.format(
        author=_sentence_body(pack.author), date=pack.date, source=_sentence_body(pack.source), id=pack.id
    )
    # The options' descriptions only: the introduction and the reason about
    # waiting were read in the conversation, and the card stays short.
    about = [Entry(name, (description,)) for name, description in pack.options if description]
    outdated = (Line(labels.from_pack_outdated.format(date=pack.review_passed)),) if pack.review_passed else ()
    return _section(labels.from_pack, Line(written, answered=False), *outdated, Entries(tuple(about), compact=True))


def _lean(card: Card) -> Section | None:
    # Only an answer the patient gave: a skipped leaning is left out, never
    # filled in with "not sure yet" on the patient's behalf.
    if not card.lean:
        return None
    return _section(card.labels.lean, Line(card.lean))


def _still_need(card: Card) -> Section | None:
    labels = card.labels
    if not card.still_need:
        return _section(labels.to_arrange, Items(None, tuple(card.to_arrange)))
    # The tips are written to the patient ("u"): their heading says so,
    # instead of putting them under a first-person heading.
    return _section(
        labels.tips,
        Items(None, tuple(card.still_need)),
        Items(labels.to_arrange, tuple(card.to_arrange)),
    )


def _outcome(card: Card) -> Section | None:
    return _section(card.labels.outcome, Entries(tuple(card.outcome)))


def _after(card: Card) -> Section | None:
    return _section(card.labels.after, Entries(tuple(card.after)))


def _before_after(card: Card) -> Section | None:
    """The part after the consultation beside its preparation: neutral, a change is to notice."""
    note = card.before_after
    if note is None:
        return None
    return _section(card.labels.before_after, Entries(note.entries), intro=card.labels.before_after_help)


def _notes(card: Card) -> Section | None:
    return _section(card.labels.notes, WritingSpace())


def _agreed(card: Card) -> Section | None:
    return _section(card.labels.agreed, WritingSpace())


def _earlier(card: Card) -> Section | None:
    labels = card.labels
    return _section(labels.earlier, Entries(tuple(card.earlier)), intro=labels.earlier_help)


# -- together: a companion's view beside the patient's (summary/companion.py) ---------


def _together(card: Card) -> Section | None:
    """Both views per option side by side, and where they differ: to talk about."""
    view = card.companion
    if view is None:
        return None
    name = view.name or _("your companion")

    def side(heading: str, option: OptionView | None) -> OptionSide:
        items: list[tuple[str, int | None]] = []
        if option is not None:
            items += [(_("Pro: {text}").format(text=t), option.pro_weights.get(t)) for t in option.pros]
            items += [(_("Con: {text}").format(text=t), option.con_weights.get(t)) for t in option.cons]
        return OptionSide(heading, tuple(items), None)

    rows = tuple(
        OptionRow(
            name=pair.name,
            sides=(side(_("You"), pair.patient), side(name, pair.companion)),
            touches=tuple(_difference_words(d, name) for d in pair.differences),
            empty=not any((pair.patient and not pair.patient.empty, pair.companion and not pair.companion.empty)),
        )
        for pair in view.options
    )
    labels = card.labels
    talk = _("To talk about")
    table = OptionsTable(
        rows=rows,
        columns=(labels.option, _("You"), name, talk),
        touches_heading=talk,
        nothing_noted=labels.nothing_noted,
        weighs=labels.weighs,
    )
    about = [Entry(_("{name} leans to").format(name=name), (view.lean,))] if view.lean else []
    if view.matters:
        about.append(Entry(_("What {name} thinks matters most to you").format(name=name), view.matters))
    halfway = () if view.finished else (Note(_("{name} has not finished filling in: this is what there is so far.").format(name=name)),)
    # Said once, neutrally: a difference is something to talk about, not a problem.
    differ = (Line(_("Here you see it differently: something to talk about.")),) if any(
        pair.differences for pair in view.options
    ) else ()
    return _section(
        _("Your view and {name}'s view").format(name=name),
        *halfway,
        *differ,
        table,
        Entries(tuple(about)),
        intro=_("{name} gave their own view on the same options.").format(name=name),
    )


def _difference_words(difference: Difference, name: str) -> str:
    weighs = MAX_WEIGHT
    if difference.kind == "value":
        template = _("Same pro, another weight: {text} (you {mine}, {name} {theirs} of {max})") if (
            difference.side == "pros"
        ) else _("Same con, another weight: {text} (you {mine}, {name} {theirs} of {max})")
        return template.format(
            text=difference.text, mine=difference.patient_weight, theirs=difference.companion_weight,
            name=name, max=weighs,
        )
    if difference.only == "patient":
        template = _("Only you name this pro: {text}") if difference.side == "pros" else _("Only you name this con: {text}")
    else:
        template = (
            _("Only {name} names this pro: {text}") if difference.side == "pros" else _("Only {name} names this con: {text}")
        )
    return template.format(text=difference.text, name=name)


#: The card's sections in reading order; each gives its section or None.
SECTIONS: tuple[Callable[[Card], Section | None], ...] = (
    _matters,
    _questions,
    _known,
    _from_pack,
    _options,
    _lean,
    _together,
    _still_need,
    _outcome,
    _after,
    _before_after,
    _notes,
    _agreed,
    _earlier,
)


# -- the sections a flow declares (``[[card]]``; see declared.py) -------------------------


def _declared(card: Card, declared: DeclaredSection) -> Section | None:
    """A declared section drawn with the same block kinds as the built-in ones."""
    labels = card.labels
    column = declared.column if declared.column in ("left", "right") else None
    heading = declared.heading
    blocks: list[Block] = []
    for part in declared.parts:
        if part.how == "next_steps":
            if not part.texts:
                # Nothing to advise: the section is only what is still to arrange.
                heading = part.more_heading or heading
                blocks.append(Items(None, part.more))
            else:
                blocks += [Items(None, part.texts), Items(part.more_heading, part.more)]
        elif (block := _declared_block(labels, part)) is not None:
            blocks.append(block)
    return _section(heading, *blocks, column=column)  # type: ignore[arg-type]


def _declared_block(labels: Labels, part: DeclaredPart) -> Block | None:
    how = part.how
    if how == "list":
        return Items(part.heading, part.texts)
    if how == "line":
        # Only an answer given: a skipped one leaves the line out, never filled in.
        return Line(part.texts[0]) if part.texts else None
    if how == "entries":
        return Entries(part.entries)
    if how == "ranked":
        return Ranked(top_heading=part.heading or "", top=part.texts, more_heading=part.more_heading, more=part.more)
    if how == "questions":
        return _questions_block(labels, part.texts, part.more)
    if how == "options_table":
        return _options_table(labels, part.options)
    return WritingSpace()


def _declared_in_order(card: Card) -> tuple[Section, ...]:
    """The declared sections in their order, with what the card adds placed
    where the card of tagged nodes has it (so a flow's declared copy of that
    card is the same card): the pack's words before the first table of
    options, a companion's view before the first section of next steps,
    before and after the consultation (an after part) before the first room
    to write; each at the end when the flow has no such section. Earlier
    answers come last."""
    extras = [
        (lambda parts: any(part.how == "options_table" for part in parts), _from_pack(card)),
        (lambda parts: any(part.how == "next_steps" for part in parts), _together(card)),
        (lambda parts: bool(parts) and all(part.how == "writing_space" for part in parts), _before_after(card)),
    ]
    made: list[Section] = []
    for declared in card.declared or ():
        for placed in [extra for extra in extras if extra[0](declared.parts)]:
            extras.remove(placed)
            made += [placed[1]] if placed[1] is not None else []
        section = _declared(card, declared)
        if section is not None:
            made.append(section)
    made += [section for _fits, section in extras if section is not None]
    return tuple(made) + tuple(section for section in (_earlier(card),) if section is not None)


# -- header and footer ------------------------------------------------------------------


def _header(card: Card) -> Header:
    labels = card.labels
    return Header(
        title=labels.title,
        decision_label=card.decision_label or labels.decision,
        decision=card.decision,
        decision_shown=card.decision or labels.not_filled_in,
        made_on=card.made_on,
        facts=Facts(tuple(card.facts)),
    )


def _sentence_body(text: str) -> str:
    return text.rstrip().rstrip(".?!")


def _footer(card: Card) -> Footer:
    labels = card.labels
    # The 3 goede vragen are credited only on a card that has the questions.
    credit = (labels.three_questions,) if card.asks_questions else ()
    about = (labels.made_on.format(date=card.made_on), *credit, labels.stayed_here)
    details: list[str] = []
    if card.pack is not None:
        # Only the pack's decision: its author, source and date are in its
        # own section at full size (``_from_pack``), and the card stays one page.
        # The field may end in its own full stop or question mark; the
        # sentence adds one, so trailing ones are dropped to avoid "?.".
        details.append(labels.pack.format(decision=_sentence_body(card.pack.decision)))
    if card.session_id:
        details.append(labels.session.format(id=card.session_id))
    return Footer(about=about, details=tuple(details))


def build_sections(card: Card) -> CardSections:
    """The card as header, ordered sections and footer, ready to draw."""
    if card.declared is not None:
        sections = _declared_in_order(card)
    else:
        sections = tuple(section for make in SECTIONS if (section := make(card)) is not None)
    return CardSections(
        language=card.language,
        labels=card.labels,
        header=_header(card),
        sections=sections,
        footer=_footer(card),
    )
