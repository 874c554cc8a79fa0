"""The conversation read back: what the front ends show of answers given.

The app's transcript, "my answers" (F2), the command palette and plain mode
all read the conversation through these functions, never through the
engine's path, cursor or nodes. Every answer reads as ``wording`` says.
"""

from __future__ import annotations

from typing import Any

import msgspec

from prep_assistant import i18n
from prep_assistant.dialogue import reading
from prep_assistant.dialogue.engine import PackWords, Run, Turn
from prep_assistant.dialogue.flow import round_of
from prep_assistant.dialogue.texts import flow_context, step_context, step_helper_context
from prep_assistant.dialogue.wording import Words, skipped_words, words_of


class AnsweredQuestion(msgspec.Struct, frozen=True):
    """One answered question, in the order it was asked."""

    key: str
    question: str
    #: The answer on one line ("(skipped)" when skipped).
    words: str
    skipped: bool


class TranscriptLine(msgspec.Struct, frozen=True):
    """One bubble of the conversation as it went so far."""

    position: int
    #: "assistant" (a question or message), "patient" (an answer), or
    #: "provider" (words from the care provider's decision pack).
    who: str
    text: str
    skipped: bool = False


class Stages(msgspec.Struct, frozen=True):
    """The flow's stages for a progress bar: titles, and where the patient is."""

    titles: tuple[str, ...]
    current: int


def answered_questions(run: Run) -> list[AnsweredQuestion]:
    """Every answer on the path (messages left out), as the patient reads it."""
    out: list[AnsweredQuestion] = []
    for asked in reading.answered(run):
        words = words_of(run, asked.node_id, asked.value)
        question = with_round(reading.question_text(run, asked), asked.key)
        out.append(AnsweredQuestion(asked.key, question, words.shown(), words.skipped))
    return out


def with_round(question: str, key: str) -> str:
    """A later round of a repeated question (``repeat_while``) marked with its
    number: otherwise the list shows the same question twice, with nothing to
    tell the rounds apart. A for_each round is told by its item already."""
    number = round_of(key)
    if number <= 1:
        return question
    return i18n._("{question} (round {number})").format(question=question, number=number)


def answer_bubble(run: Run, node_id: str, value: Any) -> tuple[str, bool]:
    """An answer as the patient's bubble: (text, skipped). Lists one item a line."""
    words = words_of(run, node_id, value)
    if words.skipped:
        return skipped_words(), True
    if words.is_list:
        node = reading.node(run, node_id)
        numbered = node is not None and node.kind == "ranking"
        return "\n".join(_bullet(n, part, numbered) for n, part in enumerate(words.parts, 1)), False
    return words.text(), False


def transcript(run: Run, start: int = 0) -> list[TranscriptLine]:
    """The bubbles before the current turn, from path position ``start`` on."""
    lines: list[TranscriptLine] = []
    for asked in reading.turns(run, start):
        note = pack_note(run.pack_words(asked.node, asked.loop))
        if note:
            lines.append(TranscriptLine(asked.position, "provider", note))
        text = run.node_text(asked.node, "text", asked.loop) or ""
        lines.append(TranscriptLine(asked.position, "assistant", text))
        if asked.kind != "info":
            answer, skipped = answer_bubble(run, asked.node_id, asked.value)
            lines.append(TranscriptLine(asked.position, "patient", answer, skipped))
    return lines


def pack_note(words: PackWords | None) -> str | None:
    """The care provider's words for a turn, headed by whose they are.

    Shown before the question (app and plain mode alike), so the patient
    can tell the pack's words from the assistant's. None: nothing to show.
    """
    if words is None:
        return None
    date = i18n.format_date(words.date)
    lines = [i18n._("From your care provider's decision pack ({author}, {date}):").format(author=words.author, date=date)]
    lines.extend(words.texts)
    if words.source:
        lines.append(i18n._("Source: {source}").format(source=words.source))
    if words.review_passed is not None:
        lines.append(
            i18n._(
                "Your care provider planned to check this information again by {date}. "
                "That date has passed, so some of it may be out of date. "
                "Ask your care provider about it."
            ).format(date=i18n.format_date(words.review_passed))
        )
    return "\n".join(lines)


def pack_help(run: Run) -> str | None:
    """The pack's words for help at the current turn (F1, ``?``), headed by whose they are.

    The introduction, why waiting is or is not sensible, the source and
    date, and on an option's questions that option's description. None
    without a pack.
    """
    turn = run.current
    return pack_note(run.pack_overview(turn.item if turn is not None else None))


def position_of(run: Run) -> int:
    """Where the patient is on the path (the current turn's position)."""
    return reading.current_position(run)


def stages(run: Run) -> Stages:
    flow = run.flow
    titles = tuple(
        i18n.dialogue_text(step_context(flow.id, s.id), s.title, flow.language) for s in flow.steps
    )
    return Stages(titles, run.step_index())


class HelperPrompts(msgspec.Struct, frozen=True):
    """What the flow says to a helper sitting with the patient, at one turn.

    Shown in helper mode only, always marked as for the helper. The app
    shows ``shown`` in a box of its own; plain mode says the stage's prompt
    once, when the stage begins, and the turn's own before its question.
    """

    #: The prompt of the stage this turn belongs to (None: it has none).
    stage: str | None
    #: The prompt of this question or message itself (None: it has none).
    turn: str | None

    @property
    def shown(self) -> str | None:
        """The one prompt for this moment: the turn's own, else its stage's."""
        return self.turn or self.stage

    @staticmethod
    def mark(prompt: str) -> str:
        """``prompt`` marked as the helper's: "For the helper: ..." (see ``for_helper``)."""
        return for_helper(prompt)


def for_helper(prompt: str) -> str:
    """A prompt marked as the helper's, in both front ends: "For the helper: ..."."""
    return i18n._("For the helper: {prompt}").format(prompt=prompt)


def helper_prompts(run: Run, turn: Turn) -> HelperPrompts:
    flow = run.flow
    stage = None
    for step in flow.steps:
        # getattr: a compiled copy written before stages had prompts lacks the field.
        prompt = getattr(step, "helper", None)
        if step.id == turn.step_id and prompt:
            stage = i18n.dialogue_text(step_helper_context(flow.id, step.id), prompt, flow.language)
    return HelperPrompts(stage, turn.helper)


def title(run: Run) -> str:
    flow = run.flow
    return i18n.dialogue_text(flow_context(flow.id, "title"), flow.model.flow.title, flow.language)


def words(run: Run, node_id: str, value: Any) -> Words:
    return words_of(run, node_id, value)


def _bullet(number: int, text: str, numbered: bool) -> str:
    return (f"{number}. " if numbered else "\u2022 ") + text
