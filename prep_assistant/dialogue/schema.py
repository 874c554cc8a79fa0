"""The file format of flows and decision packs, as pydantic models.

These models are the one source of truth: the loader validates with them,
``prep-assistant check`` reports their errors, ``prep-assistant schema``
prints their JSON Schema, and the README's format section describes them.

A flow file holds one ``[flow]`` table, optional ``[[steps]]`` (the stages the
patient sees), a flat list of ``[[nodes]]`` that refer to each other by id,
and optional ``[[examples]]`` (transcripts the tests replay).

A pack file holds one ``[pack]`` table and its ``[[options]]``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

# Defined in names.py so the running app can use them without pydantic.
from prep_assistant.dialogue.names import END, FORMAT_VERSION, TRANSLATABLE_NODE_FIELDS, sources_of  # noqa: F401
from prep_assistant.dialogue.roles import ROLES

#: Ids are written by authors and never change: they key stored answers,
#: translations (msgctxt ``flow.node.field``) and conditions.
ID_PATTERN = r"^[a-z][a-z0-9_]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]

#: Where a node's answer goes on the gesprekskaart (the summary card).
CardSection = Literal[
    "decision",
    "appointment",
    "decision_date",
    "stage",
    "goals",
    "activities",
    "top_activities",
    "worries",
    "wishes",
    "companions",
    "companion_comes",
    "role",
    "information",
    "known",
    "questions",
    "top_questions",
    "options",
    "pros",
    "cons",
    "touches",
    "lean",
    "readiness",
    "next_steps",
    "outcome",
    "after",
]


#: What an answer is, for the program (see ``roles.py`` and the README's table).
Role = Literal[ROLES]  # type: ignore[valid-type]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: A helper's prompt is a short reminder, not a text to read out.
MAX_HELPER_LENGTH = 400


class Step(_Strict):
    """A stage of the conversation, shown as the progress bar."""

    id: Id
    title: str = Field(min_length=1, description="Short name of the stage.")
    helper: str | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_HELPER_LENGTH,
        description="For a helper sitting with the patient (helper mode only): what this "
        "part is for, what to ask, how to check understanding. Never steer the choice.",
    )


class Choice(_Strict):
    id: Id
    label: str = Field(min_length=1)


class Rule(_Strict):
    """One branch of ``next``: go ``to`` a node when the condition holds."""

    when: str | None = Field(
        default=None, description="Condition; a rule without one always matches."
    )
    to: str = Field(min_length=1, description="Node id, or 'end'.")


Next = Union[str, list[Rule]]


class _NodeBase(_Strict):
    id: Id
    text: str = Field(
        min_length=1,
        description="What the assistant says or asks. {name} inserts an answer.",
    )
    help: str | None = Field(default=None, description="Extra explanation, on request.")
    helper: str | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_HELPER_LENGTH,
        description="For a helper sitting with the patient (helper mode only), at this "
        "node: what to ask, how to check understanding. Never steer the choice.",
    )
    step: str | None = Field(default=None, description="Id of the step this node belongs to.")
    when: str | None = Field(
        default=None, description="Show this node only when the condition holds."
    )
    next: Next | None = Field(
        default=None,
        description="Node id, 'end', or a list of {when, to} rules. "
        "Missing: the next node in the file.",
    )
    note: str | None = Field(
        default=None, description="A note for translators; never shown to the patient."
    )
    card: CardSection | None = Field(
        default=None,
        description="Where the answer appears on the gesprekskaart, for a flow "
        "that declares no [[card]] sections (they replace these places).",
    )
    role: Role | None = Field(
        default=None,
        description="What the answer is, for the program (not where it shows): "
        "the decision, the options a companion weighs, the leaning, a readiness check, ...",
    )
    statement: bool = Field(
        default=False,
        description="A workshop statement: a single_choice whose answers a "
        "facilitator sees counted (never who answered what).",
    )


class _QuestionBase(_NodeBase):
    required: bool = Field(
        default=False, description="If false, the patient may skip the question."
    )


class InfoNode(_NodeBase):
    """A message with no answer."""

    kind: Literal["info"]


class _RepeatMixin(BaseModel):
    """Ask again and add to the same list, while a yes/no says "yes"."""

    repeat_while: str | None = Field(
        default=None,
        description="Id of the yes_no question right after this one ('Is there more?'). "
        "On yes, this question is asked again and its answer added to the same list; "
        "on no (or skipped) the flow goes on after the yes_no.",
    )
    max_rounds: int = Field(
        default=10, ge=2, le=50, description="With repeat_while: ask at most this many times."
    )


class TextNode(_RepeatMixin, _QuestionBase):
    kind: Literal["text"]
    multiline: bool = False
    hint: str | None = Field(default=None, description="Example shown in an empty field.")
    max_length: int = Field(default=20_000, ge=1, le=100_000)
    prefill: Literal["pack.decision"] | None = Field(
        default=None, description="Fill in the decision from a clinician's pack."
    )


class TextListNode(_RepeatMixin, _QuestionBase):
    kind: Literal["text_list"]
    hint: str | None = None
    suggestions: list[str] = Field(
        default_factory=list, description="Items the patient may add with one choice."
    )
    max_items: int = Field(default=30, ge=1, le=200)
    prefill: Literal["pack.options"] | None = Field(
        default=None, description="Start the list with the options of a clinician's pack."
    )
    pack_suggestions: Literal["pros", "cons"] | None = Field(
        default=None,
        description="Inside a for_each over the options: offer the pack's pros or "
        "cons of this round's option as suggestions.",
    )
    wait_item: str | None = Field(
        default=None,
        description="The 'wait / do nothing' option, added to the list unless "
        "a pack says waiting is not a sensible option.",
    )


class _FromListsMixin(BaseModel):
    @property
    def sources(self) -> list[str]:
        return sources_of(self)


class SingleChoiceNode(_FromListsMixin, _QuestionBase):
    kind: Literal["single_choice"]
    choices: list[Choice] = Field(
        default_factory=list,
        description="At least two, unless items_from offers the items of an earlier list.",
    )
    items_from: str | list[str] | None = Field(
        default=None,
        description="Offer the items of this list answer (or of several) as the choices.",
    )


class MultipleChoiceNode(_FromListsMixin, _QuestionBase):
    kind: Literal["multiple_choice"]
    choices: list[Choice] = Field(default_factory=list)
    items_from: str | list[str] | None = Field(
        default=None,
        description="Offer the items of this list answer (or of several) as choices.",
    )
    allow_other: bool = Field(default=False, description="The patient may add their own.")
    min_selected: int = Field(default=0, ge=0)
    max_selected: int | None = Field(default=None, ge=1)


class RankingNode(_FromListsMixin, _QuestionBase):
    kind: Literal["ranking"]
    choices: list[Choice] = Field(default_factory=list)
    items_from: str | list[str] | None = Field(
        default=None,
        description="Rank the items of this list answer, or of several together.",
    )
    keep: int | None = Field(
        default=None, ge=1, description="Rank only the top N (e.g. 3)."
    )


class RatingNode(_QuestionBase):
    kind: Literal["rating"]
    low_label: str | None = Field(default=None, description="What 0 means.")
    high_label: str | None = Field(default=None, description="What 5 means.")


class RatingsNode(_FromListsMixin, _QuestionBase):
    """A weight from 0 to 5 for each item of an earlier list answer."""

    kind: Literal["ratings"]
    items_from: str | list[str] = Field(
        description="The list answer whose items are weighed (inside a for_each: this item's)."
    )
    low_label: str | None = Field(default=None, description="What 0 means.")
    high_label: str | None = Field(default=None, description="What 5 means.")


class YesNoNode(_QuestionBase):
    kind: Literal["yes_no"]
    offer: Literal["review"] | None = Field(
        default=None,
        description="On 'yes', the app shows the earlier preparation and how the answers changed.",
    )


class DateNode(_QuestionBase):
    kind: Literal["date"]
    not_before_today: bool = Field(
        default=False, description="Refuse dates in the past (an appointment)."
    )
    suggest_days: int | None = Field(
        default=None,
        ge=1,
        le=366,
        description="Suggest the day this many days after today; the patient may change or skip it.",
    )
    offer: Literal["check_in"] | None = Field(
        default=None,
        description="The app offers to look at the decision again when this day has come.",
    )


class ForEachNode(_Strict):
    """Run ``body`` once for each item of a list answer."""

    kind: Literal["for_each"]
    id: Id
    over: str = Field(description="Id of a list answer (text_list, multiple_choice, ranking).")
    as_: Id = Field(alias="as", description="Name of the current item, e.g. {optie}.")
    body: list[str] = Field(min_length=1, description="Node ids asked for each item, in order.")
    step: str | None = None
    when: str | None = None
    next: Next | None = None
    note: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Node = Annotated[
    Union[
        InfoNode,
        TextNode,
        TextListNode,
        SingleChoiceNode,
        MultipleChoiceNode,
        RankingNode,
        RatingNode,
        RatingsNode,
        YesNoNode,
        DateNode,
        ForEachNode,
    ],
    Field(discriminator="kind"),
]

NODE_KINDS: tuple[str, ...] = (
    "info",
    "text",
    "text_list",
    "single_choice",
    "multiple_choice",
    "ranking",
    "rating",
    "ratings",
    "yes_no",
    "date",
    "for_each",
)

#: Kinds whose answer is a list, so ``for_each`` and ``items_from`` may use them.
LIST_KINDS = frozenset({"text_list", "multiple_choice", "ranking"})


class Example(_Strict):
    """A transcript: these answers in, this path out. The tests replay it."""

    name: str = Field(min_length=1)
    pack: str | None = Field(
        default=None, description="Pack file, relative to the flow file."
    )
    answers: dict[str, Any] = Field(
        default_factory=dict,
        description="Answer per node id; inside a for_each: 'node[item]'.",
    )
    path: list[str] = Field(description="The node ids asked, in order.")


#: How a declared card section shows its answers (the README's "The card"
#: explains each). ``decision`` and ``fact`` fill the card's header.
CardHow = Literal[
    "decision",
    "fact",
    "list",
    "line",
    "entries",
    "ranked",
    "questions",
    "options_table",
    "next_steps",
    "writing_space",
]

#: The hows a part of a section may have (the ones with a sub-heading of
#: their own); the others are whole sections.
CARD_PART_HOWS = ("list", "ranked")


class CardPart(_Strict):
    """One block of a card section: which answers it shows, and how."""

    how: CardHow = Field(description="How the answers show; see the README's card section.")
    heading: str | None = Field(default=None, description="A sub-heading over this part.")
    answers: list[str] = Field(
        default_factory=list,
        description="Node ids whose answers show here, also nodes inside a for_each (one line per item).",
    )
    top_heading: str | None = Field(
        default=None, description="ranked: the heading over the ranked part."
    )
    more_heading: str | None = Field(
        default=None,
        description="ranked: the heading over the rest when something is ranked; "
        "next_steps: the heading over what the patient still arranges.",
    )
    pros: list[str] = Field(default_factory=list, description="options_table: the nodes that give pros.")
    cons: list[str] = Field(default_factory=list, description="options_table: the nodes that give cons.")
    touches: list[str] = Field(
        default_factory=list, description="options_table: the nodes that say what an option changes."
    )
    yes: str | None = Field(default=None, description="fact: the words for a yes answer.")
    no: str | None = Field(default=None, description="fact: the words for a no answer.")


class CardSectionSpec(CardPart):
    """A section of the card as the flow declares it: a heading and its answers."""

    id: Id
    heading: str = Field(min_length=1, description="The section's heading (the label of a fact).")
    how: CardHow | None = Field(default=None, description="How the answers show; or give parts.")
    column: Literal["left", "right"] | None = Field(
        default=None, description="On a wide page, a left section stands beside the right one after it."
    )
    parts: list[CardPart] = Field(
        default_factory=list, description="Several blocks under one heading, each with its own how."
    )


class FlowInfo(_Strict):
    id: Id
    title: str = Field(min_length=1)
    description: str | None = None
    version: int = Field(default=1, ge=1)
    language: str = Field(default="nl", description="Language of the inline texts.")
    start: str | None = Field(default=None, description="First node; default the first in the file.")
    kind: Literal["preparation", "after", "companion"] = Field(
        default="preparation",
        description=(
            "'preparation' before the consultation, 'after' for a later visit, "
            "'companion' for the person who decides with the patient (started from the patient's session)."
        ),
    )


class FlowFile(_Strict):
    format: int = Field(default=FORMAT_VERSION, ge=1, le=FORMAT_VERSION)
    flow: FlowInfo
    steps: list[Step] = Field(default_factory=list)
    nodes: list[Node] = Field(min_length=1)
    examples: list[Example] = Field(default_factory=list)
    card: list[CardSectionSpec] = Field(
        default_factory=list,
        description="The card's sections in order. Without them, the nodes' card tags place the answers.",
    )


class PackOption(_Strict):
    id: Id
    name: str = Field(min_length=1)
    description: str = Field(min_length=1, description="Plain, neutral description.")
    pros: list[str] = Field(default_factory=list, description="As the clinician states them.")
    cons: list[str] = Field(default_factory=list)


class PackInfo(_Strict):
    id: Id
    decision: str = Field(min_length=1, description="The decision, in the patient's words.")
    description: str | None = Field(
        default=None,
        description="The introduction: what the decision is about, in plain words. "
        "The patient reads it with the decision, marked as the care provider's.",
    )
    author: str = Field(min_length=1, description="Who wrote this pack (name, role).")
    author_role: str | None = Field(
        default=None, description="The author's role, e.g. 'orthopedisch chirurg' or 'huisarts'."
    )
    source: str = Field(min_length=1, description="Where the facts come from.")
    date: dt.date = Field(description="When the pack was written or checked.")
    review_date: dt.date | None = Field(
        default=None,
        description="When the information must be checked again; after it the "
        "patient is told it may be out of date.",
    )
    funding: str | None = Field(
        default=None,
        description="Who paid for this pack, and any conflict of interest of its "
        "authors (or that there is none).",
    )
    flow: str | None = Field(default=None, description="Id of the flow this pack is for.")
    wait_is_option: bool | None = Field(
        default=None,
        description="Whether waiting / doing nothing for now is a sensible option.",
    )
    wait_reason: str | None = Field(
        default=None,
        description="Why waiting is (or is not) a sensible option; shown to the "
        "patient with the list of options.",
    )

    @field_validator("date", "review_date", mode="before")
    @classmethod
    def _date_from_string(cls, value: Any) -> Any:
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
        return value


class PackFile(_Strict):
    format: int = Field(default=FORMAT_VERSION, ge=1, le=FORMAT_VERSION)
    pack: PackInfo
    options: list[PackOption] = Field(min_length=1)


#: The translatable text fields, per model. The Babel extractor, the engine's
#: translation look-up and the missing-translation check all read this one map.
