"""The engine: a pure state machine that walks a flow with a patient's answers.

State is two things: the answers (address -> value) and the path, the list of
steps the answers lead through, ending at the first unanswered one (the
frontier). The path is extended incrementally, so answering the next question
costs the same at question 500 as at question 10; changing an earlier answer
re-walks the path from that point, so the flow follows the new answer.

Addresses (see ``flow.py``) name where each answer is kept.

Only the application layer (``prep_assistant.conversation``) drives a run:
it asks for ``current``, hands answers back and saves what ``Run.answer``
returns. The front ends never import this module.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Callable, Iterator

import msgspec

from prep_assistant.dialogue.collector import collector_paused
from prep_assistant.dialogue import answers as answer_types
from prep_assistant.dialogue import conditions
from prep_assistant.dialogue import texts
from prep_assistant.dialogue.flow import PLACEHOLDER, Flow, address, placeholder_call, split_address
from prep_assistant.dialogue.names import END, sources_of
from prep_assistant.dialogue.wording import words_of

if TYPE_CHECKING:  # pragma: no cover  (pydantic stays unloaded while the app runs)
    from prep_assistant.dialogue import schema

Translate = Callable[[str, str], str]
"""(msgctxt, source text) -> text in the patient's language."""

#: The stored value of an info node the patient has read.
SEEN = True


def _identity(_context: str, source: str) -> str:
    return source


# -- a run through the flow ----------------------------------------------------------


class Loop(msgspec.Struct, frozen=True):
    """Where the walk is inside a for_each: which item, which body node."""

    loop_id: str
    items: tuple[str, ...]
    item_index: int
    body_index: int

    @property
    def item(self) -> str:
        return self.items[self.item_index]


class PathEntry(msgspec.Struct, frozen=True):
    """One place on the path: a node, and the for_each round it is in, or
    the round of a repeated question (``repeat_while``)."""

    node_id: str
    loop: Loop | None = None
    round: int = 1

    @property
    def item(self) -> str | None:
        return self.loop.item if self.loop else None

    @property
    def key(self) -> str:
        return address(self.node_id, self.item, self.round)


class PackWords(msgspec.Struct, frozen=True):
    """Words from the clinician's decision pack that come with a turn.

    Front ends show them before the question, marked as the care provider's
    (author and date), never mixed with the flow's own words. Which turn
    carries which words follows the flow's pack hooks, so a flow author
    places them without a new key: the pack's introduction (and its source,
    and whether its review date has passed) with the question prefilled
    from ``pack.decision``; the reason about waiting with the list prefilled
    from ``pack.options``; an option's description with the question that
    offers that option's pros (``pack_suggestions = "pros"``).
    """

    author: str
    date: dt.date
    texts: tuple[str, ...]
    source: str | None = None
    #: The pack's review date, only when it has passed (the patient is told).
    review_passed: dt.date | None = None


class Turn(msgspec.Struct):
    """One turn of the conversation: the question (or message) shown now,
    resolved and translated. (A ``schema.Step`` is a stage of the flow.)"""

    key: str
    node: Any
    kind: str
    text: str
    help: str | None
    hint: str | None
    question: answer_types.Question
    #: The answer given before (when going back) or a prefilled default.
    value: Any
    #: True when ``value`` is an earlier answer, False when it is a default.
    answered: bool
    item: str | None
    item_label: str | None
    step_id: str | None
    position: int
    low_label: str | None = None
    high_label: str | None = None
    suggestions: list[str] = msgspec.field(default_factory=list)
    #: The care provider's words shown with this turn (see ``PackWords``).
    from_pack: PackWords | None = None
    #: The flow's prompt for a helper at this node (shown in helper mode only).
    helper: str | None = None

    @property
    def node_id(self) -> str:
        return self.node.id

    @property
    def is_info(self) -> bool:
        return self.kind == "info"


class _Undo(msgspec.Struct, frozen=True):
    """What ``undo_last_answer`` needs to put the run back as it was."""

    key: str
    had_answer: bool
    old_value: Any
    index: int
    cursor: int
    finished: bool
    #: The path after ``index`` before the answer re-walked it (None: not re-walked).
    old_tail: list[PathEntry] | None


class Given(msgspec.Struct, frozen=True):
    """An answer accepted by the engine: what to store, and where."""

    key: str
    value: Any


class Run:
    """A patient's way through a flow. Pure: no I/O, no clock but ``today``."""

    def __init__(
        self,
        flow: Flow,
        *,
        answers: dict[str, Any] | None = None,
        pack: schema.PackFile | None = None,
        translate: Translate | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.flow = flow
        self.pack = pack
        self.translate: Translate = translate or _identity
        self.today = today
        self.answers: dict[str, Any] = dict(answers or {})
        self.path: list[PathEntry] = []
        self._on_path: dict[str, int] = {}
        #: Questions (not messages) on the path, kept up to date by ``_push``
        #: and ``_truncate`` so that ``progress`` need not walk the path.
        self._questions_on_path = 0
        self.finished = False
        self._loop_context: Loop | None = None
        self.cursor = 0
        self._undo: _Undo | None = None
        self._restart()
        self.resume()

    # -- walking -----------------------------------------------------------
    def _restart(self) -> None:
        self._truncate(0)
        self.finished = False
        # Replaying a long path makes objects by the hundred thousand and frees
        # none; each of Python's full collections meanwhile walks every object of
        # the flow and the path again, so a resume of 100,000 answers spent half its
        # time in the garbage collector and grew faster than the path (issue 23).
        # The walk makes no reference cycles, so there is nothing to collect
        # until it ends; collection goes on as before after it.
        with collector_paused():
            first = self._settle(self.flow.start, None)
            self._extend_from(first)

    def _extend_from(self, entry: PathEntry | None) -> None:
        """Append entries while they are answered; stop at the frontier."""
        while entry is not None:
            key = entry.key  # made once: a resume walks every answer's address
            if key in self._on_path:
                break  # a cycle; check reports it, the walk refuses it
            self._push(entry, key)
            if key not in self.answers:
                return
            entry = self._after(entry)
        self.finished = True

    # The path changes only through these two, which keep its indexes.
    def _push(self, entry: PathEntry, key: str | None = None) -> None:
        self._on_path[key or entry.key] = len(self.path)
        self.path.append(entry)
        if entry.node_id not in self.flow.info_ids:
            self._questions_on_path += 1

    def _truncate(self, length: int) -> None:
        """Drop the path after its first ``length`` entries."""
        info_ids = self.flow.info_ids
        for dropped in self.path[length:]:
            self._on_path.pop(dropped.key, None)
            if dropped.node_id not in info_ids:
                self._questions_on_path -= 1
        del self.path[length:]

    def _after(self, entry: PathEntry) -> PathEntry | None:
        loop = entry.loop
        if loop is not None:
            return self._next_in_loop(loop)
        node_id = entry.node_id
        more = self.flow.more_after.get(node_id)
        if more is not None:
            # A repeated question: its "is there more?" in the same round,
            # unless this was the last round allowed.
            if entry.round >= self.flow.max_rounds(node_id):
                return self._follow_next(more, None)
            return PathEntry(more, None, entry.round)
        repeated = self.flow.repeats.get(node_id)
        if (
            repeated is not None
            and self.answers.get(entry.key) is True
            and entry.round < self.flow.max_rounds(repeated)
        ):
            return PathEntry(repeated, None, entry.round + 1)
        return self._follow_next(node_id, None)

    def _follow_next(self, node_id: str, loop: Loop | None) -> PathEntry | None:
        target = self._target(node_id, loop)
        if target is None or target == END:
            return None
        return self._settle(target, None)

    def _target(self, node_id: str, loop: Loop | None) -> str | None:
        fixed = self.flow.walk_facts[node_id][2]
        if fixed is not None:
            return fixed
        for condition, to in self.flow.rules[node_id]:
            if condition is None or self._holds(condition, loop):
                return to
        return None

    def _next_in_loop(self, loop: Loop) -> PathEntry | None:
        body = self.flow.nodes[loop.loop_id].body
        item_index, body_index = loop.item_index, loop.body_index + 1
        while True:
            if body_index >= len(body):
                item_index, body_index = item_index + 1, 0
            if item_index >= len(loop.items):
                return self._follow_next(loop.loop_id, None)
            here = Loop(loop.loop_id, loop.items, item_index, body_index)
            node_id = body[body_index]
            condition = self.flow.when.get(node_id)
            if condition is None or self._holds(condition, here):
                return PathEntry(node_id, here)
            body_index += 1

    def _settle(self, node_id: str, loop: Loop | None) -> PathEntry | None:
        """The first node from ``node_id`` on that is shown to the patient."""
        for _ in range(len(self.flow.nodes) + 1):
            facts = self.flow.walk_facts.get(node_id)
            if facts is None:
                return None
            kind, condition, _fixed = facts
            if condition is not None and not self._holds(condition, loop):
                # A repeated question skipped: its "is there more?" too.
                target = self._target(self.flow.more_after.get(node_id, node_id), loop)
            elif kind == "for_each":
                node = self.flow.nodes[node_id]
                items = self._list_value(node.over)
                if items:
                    start = Loop(node.id, tuple(items), 0, -1)
                    return self._next_in_loop(start)
                target = self._target(node_id, loop)
            else:
                return PathEntry(node_id, loop)
            if target is None or target == END:
                return None
            node_id = target
        return None  # skipped nodes that lead round in a circle

    def _list_value(self, name: str, loop: Loop | None = None) -> list[str]:
        value = self._value(name, loop)
        if not isinstance(value, list):
            return []
        seen: list[str] = []
        for item in value:
            if isinstance(item, str) and item not in seen:
                seen.append(item)
        return seen

    # -- conditions ----------------------------------------------------------
    def _holds(self, condition: conditions.Expr, loop: Loop | None) -> bool:
        return conditions.evaluate(condition, _Env(self, loop))

    def _value(self, name: str, loop: Loop | None) -> Any:
        if loop is not None:
            loop_node = self.flow.nodes[loop.loop_id]
            if name == loop_node.as_:
                return loop.item
            if self.flow.loop_of.get(name) == loop.loop_id:
                return self._answer_on_path(address(name, loop.item))
        if name in self.flow.more_after:
            return self._all_rounds(name)
        if name in self.flow.repeats:
            return self._last_round(name)
        return self._answer_on_path(name)

    def _rounds(self, name: str) -> Iterator[Any]:
        """The answers of a repeated question or its yes/no, round by round."""
        for round_ in range(1, self.flow.max_rounds(self.flow.repeats.get(name, name)) + 1):
            key = address(name, None, round_)
            if key not in self._on_path:
                return
            yield self.answers.get(key)

    def _all_rounds(self, name: str) -> list[str] | None:
        """A repeated question's answers together: one list (None: none given)."""
        together: list[str] = []
        for value in self._rounds(name):
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and item and item not in together:
                    together.append(item)
        return together or None

    def _last_round(self, name: str) -> Any:
        """The "is there more?" of the latest round on the path."""
        last = None
        for value in self._rounds(name):
            last = value
        return last

    def item_value(self, name: str, item: str) -> Any:
        """The answer of the for_each question ``name`` in the round of ``item``."""
        return self._answer_on_path(address(name, item))

    def every_item(self, name: str) -> list[Any]:
        """The answers of the for_each question ``name``, round by round
        (unanswered left out); a list answer's items joined into one list,
        so ``'rust' in voordelen[*]`` asks whether any round gave "rust"."""
        loop_id = self.flow.loop_of.get(name)
        if loop_id is None:
            return []
        found: list[Any] = []
        for item in self._list_value(self.flow.nodes[loop_id].over):
            value = self._answer_on_path(address(name, item))
            if isinstance(value, list):
                found.extend(value)
            elif value is not None:
                found.append(value)
        return found

    def _answer_on_path(self, key: str) -> Any:
        # Answers off the path (an abandoned branch) do not count.
        if key not in self._on_path:
            return None
        return self.answers.get(key)

    # -- what front ends use ----------------------------------------------------
    @property
    def current(self) -> Turn | None:
        """The step at the cursor; None when the flow is finished there."""
        if not self.path or self.cursor >= len(self.path):
            return None
        return self._step(self.path[self.cursor], self.cursor)

    @property
    def at_frontier(self) -> bool:
        return self.cursor >= len(self.path) - 1

    @property
    def done(self) -> bool:
        """The whole flow is answered and the cursor is past its end."""
        return self.finished and self.cursor >= len(self.path)

    def answer(self, value: Any) -> Given:
        """Give a structured answer to the current step."""
        step = self._require_step()
        normalized = answer_types.normalize(step.question, value, today=self.today)
        return self._record(step, normalized)

    def answer_text(self, raw: str | list[str]) -> Given:
        """Give typed input (plain mode): parsed, then checked."""
        step = self._require_step()
        if step.is_info:
            return self._record(step, SEEN)
        normalized = answer_types.parse(step.question, raw, today=self.today)
        return self._record(step, normalized)

    def _require_step(self) -> Turn:
        step = self.current
        if step is None:
            raise answer_types.AnswerError("The conversation is finished.")
        return step

    def _record(self, step: Turn, value: Any) -> Given:
        if step.is_info:
            value = SEEN
        key = step.key
        changed = key not in self.answers or self.answers[key] != value
        index = self.cursor
        rewalk = changed or index == len(self.path) - 1
        self._undo = _Undo(
            key, key in self.answers, self.answers.get(key), index, self.cursor, self.finished,
            list(self.path[index + 1 :]) if rewalk else None,
        )
        self.answers[key] = value
        if rewalk:
            self._truncate(index + 1)
            self.finished = False
            self._extend_from(self._after(self.path[index]))
        self.cursor = index + 1
        return Given(key, value)

    def undo_last_answer(self) -> None:
        """Take back the answer just given (its save failed): the run is as before.

        Costs as much as the part of the path the answer re-walked, so the
        last answer of a long conversation is undone as quickly as the first.
        """
        undo, self._undo = self._undo, None
        if undo is None:
            return
        if undo.had_answer:
            self.answers[undo.key] = undo.old_value
        else:
            self.answers.pop(undo.key, None)
        if undo.old_tail is not None:
            self._truncate(undo.index + 1)
            for entry in undo.old_tail:
                self._push(entry)
            self.finished = undo.finished
        self.cursor = undo.cursor

    def back(self) -> bool:
        """Go to the previous step; False at the first one."""
        if self.cursor <= 0:
            return False
        self.cursor -= 1
        return True

    def go_to(self, key: str) -> bool:
        """Go to an earlier step on the path to look at or change it."""
        index = self._on_path.get(key)
        if index is None:
            return False
        self.cursor = index
        return True

    def resume(self) -> None:
        """Jump to the first unanswered step (or past the end)."""
        if self.finished:
            self.cursor = len(self.path)
        else:
            self.cursor = max(len(self.path) - 1, 0)

    # -- reading out -------------------------------------------------------------
    def answered_steps(self) -> Iterator[tuple[PathEntry, Any]]:
        """The answers on the path, in the order they were asked (info left out)."""
        for entry in self.path:
            if entry.key in self.answers and entry.node_id not in self.flow.info_ids:
                yield entry, self.answers[entry.key]

    def value_of(self, key: str) -> Any:
        """The answer at ``key`` if it is on the current path, else None."""
        return self._answer_on_path(key)

    def answer_named(self, name: str) -> Any:
        """An answer as a condition after its question sees it (every round of
        a repeated question together); None when not on the path."""
        return self._value(name, None)

    def items_of(self, name: str) -> list[str]:
        """The items of a list answer, as a for_each goes over them."""
        return self._list_value(name)

    def orphans(self) -> dict[str, Any]:
        """Answers to questions the flow no longer has (the file changed)."""
        return {
            key: value
            for key, value in self.answers.items()
            if split_address(key)[0] not in self.flow.nodes
        }

    def progress(self) -> tuple[int, int]:
        """(answered, estimated total): the total is a guess, branches vary.

        Constant time, as it is asked after every answer: every entry on the
        path but the frontier is answered (``_extend_from`` stops at the first
        unanswered one), so the answered questions are the questions on the
        path, less the frontier when it waits for its answer.
        """
        done = self._questions_on_path
        if self.path:
            last = self.path[-1]
            if last.key not in self.answers and last.node_id not in self.flow.info_ids:
                done -= 1
        if self.finished:
            return done, done
        remaining = 0
        if self.path:
            top = self.flow.loop_of.get(last.node_id, last.node_id)
            index = self.flow.position.get(top)
            if index is not None:
                remaining = self.flow.questions_from[index]
        return done, done + max(remaining, 1)

    def step_index(self) -> int:
        """Index of the current stage in ``flow.steps``, for the progress bar."""
        entry = self.path[min(self.cursor, len(self.path) - 1)] if self.path else None
        if entry is None:
            return 0
        if self.done:
            return len(self.flow.steps) - 1
        step_id = self.flow.step_of.get(entry.node_id)
        for index, step in enumerate(self.flow.steps):
            if step.id == step_id:
                return index
        return 0

    # -- texts -----------------------------------------------------------------
    def node_text(self, node: Any, field_name: str, loop: Loop | None = None) -> str | None:
        source = getattr(node, field_name, None)
        if not source:
            return None
        context = texts.node_context(self.flow.id, node.id, field_name)
        return self.render(self.translate(context, source), loop)

    def render(self, text: str, loop: Loop | None = None) -> str:
        """Fill in ``{placeholders}`` with answers as the patient sees them."""

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name is None:
                return match.group()[0]
            if loop is not None and name == self.flow.nodes[loop.loop_id].as_:
                return self.item_label(loop.loop_id, loop.item)
            call = placeholder_call(name)
            if call is not None:
                return str(conditions.value_of(call, _Env(self, loop)))
            node = self.flow.nodes.get(name)
            if node is None:
                return match.group()
            value = self._value(name, loop)
            if value is None:
                return "\u2026"
            return self.display(name, value)

        return PLACEHOLDER.sub(fill, text)

    def choice_label(self, node: Any, value: str) -> str:
        choice = self.flow.choice(node, value)
        if choice is not None:
            return self.translate(texts.choice_context(self.flow.id, node.id, choice.id), choice.label)
        return value

    def item_label(self, loop_id: str, item: str) -> str:
        loop = self.flow.nodes[loop_id]
        return self._label_in(loop.over, item)

    def _label_in(self, node_id: str, value: str) -> str:
        node = self.flow.nodes.get(node_id)
        if node is None:
            return value
        if node.kind in ("ranking", "multiple_choice", "single_choice") and getattr(node, "items_from", None):
            if self.flow.choice(node, value) is not None:
                return self.choice_label(node, value)
            for source in sources_of(node):
                if value in (self._value(source, None) or ()):
                    return self._label_in(source, value)
            return value
        return self.choice_label(node, value)

    def label_of(self, node_id: str, value: str) -> str:
        """The label the patient saw for ``value`` of ``node_id`` (wording uses it)."""
        return self._label_in(node_id, value)

    def display(self, node_id: str, value: Any) -> str:
        """An answer as words on one line ("" when skipped): see ``wording``."""
        return words_of(self, node_id, value).text()

    def options_for(self, node: Any, loop: Loop | None = None) -> list[answer_types.Option]:
        """Choices written in the flow, then the items of earlier list answers."""
        options = [
            answer_types.Option(c.id, self.choice_label(node, c.id)) for c in getattr(node, "choices", ())
        ]
        seen = {o.value for o in options}
        for source in sources_of(node):
            for value in self._list_value(source, loop):
                if value not in seen:
                    seen.add(value)
                    options.append(answer_types.Option(value, self._label_in(source, value)))
        return options

    def _step(self, entry: PathEntry, position: int) -> Turn:
        node = self.flow.nodes[entry.node_id]
        loop = entry.loop
        question = answer_types.Question(
            kind=node.kind,
            required=getattr(node, "required", False),
            options=tuple(self.options_for(node, loop)),
            allow_other=getattr(node, "allow_other", False),
            min_selected=getattr(node, "min_selected", 0),
            max_selected=getattr(node, "max_selected", None),
            keep=getattr(node, "keep", None),
            multiline=getattr(node, "multiline", False),
            max_length=getattr(node, "max_length", 20_000),
            max_items=getattr(node, "max_items", 30),
            not_before_today=getattr(node, "not_before_today", False),
        )
        answered = entry.key in self.answers
        # A later round of a repeated question starts empty: its prefill
        # (the pack's options, "wait") is in the first round already.
        default = self._default(node) if entry.round == 1 else None
        value = self.answers.get(entry.key) if answered else default
        suggestions = [
            self.translate(texts.node_context(self.flow.id, node.id, "suggestions"), s)
            for s in getattr(node, "suggestions", ())
        ]
        suggestions.extend(self._pack_suggestions(node, loop))
        return Turn(
            key=entry.key,
            node=node,
            kind=node.kind,
            text=self.node_text(node, "text", loop) or "",
            help=self.node_text(node, "help", loop),
            hint=self.node_text(node, "hint", loop),
            question=question,
            value=value,
            answered=answered,
            item=entry.item,
            item_label=self.item_label(loop.loop_id, loop.item) if loop else None,
            step_id=self.flow.step_of.get(node.id),
            position=position,
            low_label=self.node_text(node, "low_label", loop),
            high_label=self.node_text(node, "high_label", loop),
            suggestions=suggestions,
            from_pack=self.pack_words(node, loop),
            helper=self.node_text(node, "helper", loop),
        )

    def _pack_option(self, item: str) -> Any | None:
        """The pack's option a for_each round is about (by its name, either language)."""
        if self.pack is None:
            return None
        pid = self.pack.pack.id
        for option in self.pack.options:
            names = {option.name, self.translate(texts.pack_context(pid, option.id, "name"), option.name)}
            if item in names:
                return option
        return None

    def _pack_suggestions(self, node: Any, loop: Loop | None) -> list[str]:
        """The clinician's pros or cons of the option this round is about."""
        field_name = getattr(node, "pack_suggestions", None)
        if field_name is None or loop is None or self.pack is None:
            return []
        option = self._pack_option(loop.item)
        if option is None:
            return []
        context = texts.pack_context(self.pack.pack.id, option.id, field_name)
        return [self.translate(context, item) for item in getattr(option, field_name)]

    def pack_words(self, node: Any, loop: Loop | None = None) -> PackWords | None:
        """The pack's own words for this turn, if it carries any (see ``PackWords``)."""
        if self.pack is None:
            return None
        info = self.pack.pack

        def own(text: str, *context: str) -> str:
            return self.translate(texts.pack_context(info.id, *context), text)

        author = self._pack_author()
        prefill = getattr(node, "prefill", None)
        if prefill == "pack.decision":
            shown = (own(info.description, "description"),) if info.description else ()
            return PackWords(author, info.date, shown, source=info.source, review_passed=self._review_passed())
        if prefill == "pack.options" and info.wait_reason:
            return PackWords(author, info.date, (own(info.wait_reason, "wait_reason"),))
        if getattr(node, "pack_suggestions", None) == "pros" and loop is not None:
            option = self._pack_option(loop.item)
            if option is not None:
                return PackWords(author, info.date, (own(option.description, option.id, "description"),))
        return None

    def pack_overview(self, item: str | None = None) -> PackWords | None:
        """All of the pack's own words a patient may look up at any question
        (F1 help, ``?`` in plain mode): the introduction, why waiting is or is
        not sensible, and with an option's questions (``item``) that option's
        description, with the source, date and a passed review date."""
        if self.pack is None:
            return None
        info = self.pack.pack

        def own(text: str, *context: str) -> str:
            return self.translate(texts.pack_context(info.id, *context), text)

        shown: list[str] = []
        if info.description:
            shown.append(own(info.description, "description"))
        if info.wait_reason:
            shown.append(own(info.wait_reason, "wait_reason"))
        option = self._pack_option(item) if item else None
        if option is not None:
            name = own(option.name, option.id, "name")
            shown.append(f"{name}: {own(option.description, option.id, 'description')}")
        return PackWords(self._pack_author(), info.date, tuple(shown), source=info.source,
                         review_passed=self._review_passed())

    def _pack_author(self) -> str:
        """Who wrote the pack, with their role (translated), as the patient reads it."""
        assert self.pack is not None
        info = self.pack.pack
        if not info.author_role:
            return info.author
        return info.author + ", " + self.translate(texts.pack_context(info.id, "author_role"), info.author_role)

    def _review_passed(self) -> dt.date | None:
        """The pack's review date when it has passed (the patient is told), else None."""
        assert self.pack is not None
        review = self.pack.pack.review_date
        return review if review and review < (self.today or dt.date.today()) else None

    def _default(self, node: Any) -> Any:
        prefill = getattr(node, "prefill", None)
        if prefill == "pack.decision" and self.pack is not None:
            info = self.pack.pack
            return self.translate(texts.pack_context(info.id, "decision"), info.decision)
        if node.kind == "text_list" and (prefill == "pack.options" or node.wait_item):
            items: list[str] = []
            if prefill == "pack.options" and self.pack is not None:
                pid = self.pack.pack.id
                items = [
                    self.translate(texts.pack_context(pid, o.id, "name"), o.name)
                    for o in self.pack.options
                ]
            wait_allowed = self.pack is None or self.pack.pack.wait_is_option is not False
            if node.wait_item and wait_allowed:
                items.append(
                    self.translate(texts.node_context(self.flow.id, node.id, "wait_item"), node.wait_item)
                )
            return items
        days = getattr(node, "suggest_days", None)
        if node.kind == "date" and days:
            return ((self.today or dt.date.today()) + dt.timedelta(days=days)).isoformat()
        return None


class _Env:
    """The view of a run that conditions evaluate against."""

    __slots__ = ("run", "loop")

    def __init__(self, run: Run, loop: Loop | None) -> None:
        self.run = run
        self.loop = loop

    def value(self, name: str) -> Any:
        return self.run._value(name, self.loop)

    def has_pack(self) -> bool:
        return self.run.pack is not None

    def item_value(self, name: str, item: str) -> Any:
        return self.run.item_value(name, item)

    def every_item(self, name: str) -> list[Any]:
        return self.run.every_item(name)


def replay(
    flow: Flow,
    given: dict[str, Any],
    *,
    pack: schema.PackFile | None = None,
    today: dt.date | None = None,
    limit: int = 10_000,
) -> list[str]:
    """Walk a flow answering from ``given``; return the node ids asked.

    Used by example transcripts: a key missing from ``given`` is a skipped
    question. Raises AnswerError when an answer does not fit its question.
    """
    run = Run(flow, pack=pack, today=today or dt.date(2000, 1, 1))
    asked: list[str] = []
    for _ in range(limit):
        step = run.current
        if step is None:
            break
        asked.append(step.node_id)
        if step.is_info:
            run.answer(SEEN)
        elif step.key in given:
            value = given[step.key]
            if step.kind == "date" and isinstance(value, dt.date):
                value = value.isoformat()
            try:
                run.answer(value)
            except answer_types.AnswerError as error:
                raise answer_types.AnswerError(f"{step.key}: {error.message}") from None
        elif step.question.required:
            raise answer_types.AnswerError(f"{step.key}: required, but the example gives no answer")
        else:
            run.answer(None)
    return asked

