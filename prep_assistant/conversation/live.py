"""A patient's live conversation: the engine's run, saved as it goes.

The Textual app and plain mode both talk to a ``Conversation``: it asks the
engine for the current turn, hands answers to it, and saves every accepted
answer in the store at once (one transaction each). It also reads the
conversation back for them (``read_model``): neither front end holds flow
logic, walks the engine's path or touches the store for answers. No textual
import here.

A new conversation is not a session yet: the store gets one at the first
answer to a question (a skipped one counts), never earlier. Opening the app
and reading the welcome, then stopping, leaves nothing behind that would
later be offered to continue, give an empty card or hide the look-back.
Messages read before that first answer are saved with it.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from prep_assistant import i18n
from prep_assistant.conversation import before_after, lookback, read_model, statements
from prep_assistant.conversation.opening import default_preparation, is_shipped, open_saved, translator
from prep_assistant.dialogue import reading, roles
from prep_assistant.dialogue.engine import Given, Run, Turn
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.library import LibraryError, find_flow, load_pack_file, pack_fits_flow
from prep_assistant.session import SessionInfo, Store
from prep_assistant.session.helper_role import stored_role

if TYPE_CHECKING:  # pragma: no cover
    from prep_assistant.dialogue import schema
    from prep_assistant.summary.model import Card

log = logging.getLogger(__name__)


class _NewSession(msgspec.Struct):
    """What a new conversation's session is made with, at its first answer."""

    flow_id: str
    flow_version: int
    flow_kind: str
    language: str
    pack_id: str | None
    pack_path: str | None
    decision: str | None
    helper_role: str | None = None
    #: An after part: the preparation it belongs to.
    prepared_in: str | None = None


class Conversation:
    """One patient's conversation: the run of a flow, saved as it goes.

    A plain class, not a record: it opens a run of the flow from what it is
    given and holds it; two conversations are the same only when they are one.
    """

    def __init__(
        self,
        store: Store,
        session: SessionInfo | None,
        flow: Flow,
        pack: schema.PackFile | None = None,
        notices: list[str] | None = None,
        *,
        helper_role: str | None = None,
        new_session: _NewSession | None = None,
    ) -> None:
        self.store = store
        #: None until the first answer is saved (a new conversation: see ``start``).
        self.session = session
        self.flow = flow
        self.pack = pack
        #: Things the patient should hear once (a pack that is gone, a changed flow).
        self.notices: list[str] = notices if notices is not None else []
        #: Helper mode: who sits with the patient now ("" when the role was not
        #: given); None without one. Kept with the session, shown on the card.
        self.helper_role = helper_role
        #: Where the patient was before going back to an earlier answer (``go_to``):
        #: the position and the path's keys up to there; see ``_return_after_change``.
        self._came_from: tuple[int, list[str]] | None = None
        #: Set while a new conversation has no session yet.
        self._new = new_session
        #: Messages read (by address) that are not saved yet: saved with the first answer.
        self._unsaved: list[str] = []
        self.run = self._open_run()

    def __repr__(self) -> str:
        session = self.session.id if self.session is not None else None
        return f"{type(self).__name__}(session={session!r}, flow={self.flow.id!r})"

    def _open_run(self) -> Run:
        run = Run(
            self.flow,
            answers=self.store.answers(self.session.id) if self.session is not None else {},
            pack=self.pack,
            translate=translator(self.flow),
        )
        if run.orphans():
            self.notices.append(
                i18n._(
                    "The questions have changed since you started. "
                    "Your earlier answers are kept and shown on your card."
                )
            )
        return run

    # -- opening ---------------------------------------------------------------
    @classmethod
    def start(
        cls,
        store: Store,
        *,
        flow: Flow | None = None,
        pack_path: str | Path | None = None,
        language: str | None = None,
        helper_role: str | None = None,
        prepared_in: str | None = None,
    ) -> "Conversation":
        """A new conversation of ``flow`` (default: the preparation).

        Its session is made (and claimed) at the first answer: until then
        nothing is written, and ``session`` is None. ``helper_role``: helper
        mode ("" for a helper whose role was not given; a front end checks
        what a person typed with ``helper_role.checked_role`` first). An
        after part belongs to the preparation ``prepared_in`` (default: the
        most recent one), and takes its decision.
        """
        helper_role = stored_role(helper_role)
        flow = flow or find_flow()
        if flow.kind == "companion":
            # Its answers belong in a patient's session (conversation/companion.py).
            raise LibraryError(
                i18n._("This part is for the person who decides with the patient. It starts from the "
                       "patient's own session: press F7 there, or type together in plain mode.")
            )
        pack = load_pack_file(pack_path) if pack_path else None
        if pack is not None:
            pack_fits_flow(pack, flow)
        decision = pack.pack.decision if pack else None
        if flow.kind == "after":
            preparation = store.get(prepared_in) if prepared_in else default_preparation(store)
            prepared_in = preparation.id if preparation is not None else None
            decision = decision or (preparation.decision if preparation is not None else None)
        new = _NewSession(
            flow_id=flow.id if flow.source_path is None or is_shipped(flow) else flow.source_path,
            flow_version=flow.version,
            flow_kind=flow.kind,
            language=language or i18n.current_language(),
            pack_id=pack.pack.id if pack else None,
            pack_path=str(Path(pack_path).resolve()) if pack_path else None,
            decision=decision,
            helper_role=helper_role,
            prepared_in=prepared_in,
        )
        return cls(store, None, flow, pack, helper_role=helper_role, new_session=new)

    @classmethod
    def resume(cls, store: Store, session_id: str, *, helper_role: str | None = None) -> "Conversation":
        """Open a saved session to go on with it; its flow and pack are found again.

        With ``helper_role`` (helper mode) the session records that a helper
        sits with the patient now (a role given before stays when this one is
        ""); without it, the prompts stay hidden and a role saved earlier
        stays on the card.
        """
        helper_role = stored_role(helper_role)
        info = store.get(session_id)
        store.claim(info.id)
        try:
            opened = open_saved(store, info)
        except BaseException:
            store.release(info.id)
            raise
        notices: list[str] = []
        if opened.pack_missing:
            notices.append(
                i18n._("The decision pack of this session cannot be found. You can go on without it.")
            )
        gone = before_after.missing_notice(store, info)
        if gone:
            notices.append(gone)
        conversation = cls(store, info, opened.flow, opened.pack, notices, helper_role=helper_role)
        if opened.flow.version != info.flow_version:
            store.update_meta(info.id, flow_version=opened.flow.version)
        # A named helper is recorded; "--helper" alone never wipes a name given before.
        if helper_role is not None and helper_role != info.helper_role and (helper_role or info.helper_role is None):
            conversation.session = store.update_meta(info.id, helper_role=helper_role)
        return conversation

    def close(self) -> None:
        if self.session is not None:
            self.store.release(self.session.id)

    # -- the conversation ---------------------------------------------------------
    @property
    def current(self) -> Turn | None:
        return self.run.current

    @property
    def done(self) -> bool:
        return self.run.done

    def answer(self, value: Any) -> Given:
        """Check and save a structured answer; AnswerError if it does not fit.

        StoreError if it cannot be saved: the conversation then stays at the
        same question, so the same answer can be given again.
        """
        message = self._at_message()
        return self._saved(self.run.answer(value), message)

    def answer_text(self, raw: str | list[str]) -> Given:
        """Check and save typed input (plain mode); errors as ``answer``."""
        message = self._at_message()
        return self._saved(self.run.answer_text(raw), message)

    def _at_message(self) -> bool:
        step = self.run.current
        return step is not None and step.is_info

    def _saved(self, given: Given, message: bool) -> Given:
        if self.session is None and message:
            # Reading a message is no reason to make a session: it is saved
            # with the first answer, if one comes.
            if given.key not in self._unsaved:
                self._unsaved.append(given.key)
            return given
        progress = self.run.progress()
        created = self.session is None
        try:
            if created:
                self._create_session()
            assert self.session is not None
            while self._unsaved:
                key = self._unsaved[0]
                if key in self.run.answers:
                    self._store_answer(key, self.run.answers[key])
                self._unsaved.pop(0)
            self._store_answer(given.key, given.value, progress=progress)
        except BaseException:
            # Never let the engine run ahead of what is saved: an answer kept
            # only in memory would later be filed under the next question.
            self.run.undo_last_answer()
            raise
        if given.key in self._check_in_keys:
            self._save_check_in(given.value)
        if given.key in self._decision_keys or self.run.done:
            self._save_meta()
        self._tell_statement(given)
        self._return_after_change()
        return given

    def _tell_statement(self, given: Given) -> None:
        """A workshop statement's choice id (never anything typed) for its listeners."""
        if self.flow.is_statement(given.key):
            # Only one of the node's own choice ids leaves the process, so a
            # typed text can never reach the facilitator, whatever the flow says.
            fixed = {choice.id for choice in getattr(self.flow.nodes[given.key], "choices", None) or ()}
            choice = given.value if given.value in fixed else None
            statements.tell(statements.StatementAnswer(given.key, choice))

    def _store_answer(self, key: str, value: Any, *, progress: tuple[int, int] | None = None) -> None:
        """One answer into the store, as the patient's (a companion's run saves its own)."""
        assert self.session is not None
        self.store.save_answer(self.session.id, key, value, progress=progress)

    def back(self) -> bool:
        return self.run.back()

    def back_to_question(self) -> bool:
        """Go back to the previous question, passing over messages on the way.

        Both front ends mean this by "back"; False at the first step.
        """
        moved = False
        while self.run.back():
            moved = True
            step = self.run.current
            if step is not None and not step.is_info:
                break
        return moved

    def go_to(self, key: str) -> bool:
        """Go back to an earlier answer to look at or change it.

        The furthest place the patient had reached is remembered: once the
        answer is given again, they return there unless the change altered
        the way there (``_return_after_change``).
        """
        here = self.position
        if not self.run.go_to(key):
            return False
        if self.position < here and (self._came_from is None or here > self._came_from[0]):
            self._came_from = (here, self._path_keys(here))
        return True

    def _path_keys(self, position: int) -> list[str]:
        """The keys of the turns up to and including ``position``."""
        return [asked.key for asked in reading.turns(self.run, 0, position + 1)]

    def _return_after_change(self) -> None:
        """After an answer: back to where the patient was, if the way there is unchanged.

        Re-confirming every later question after changing one answer costs
        time and trust; a change that alters the path (another branch, other
        options) goes on from the changed answer instead, as the flow says.
        """
        came_from = self._came_from
        if came_from is None:
            return
        position, keys = came_from
        if self.position >= position:
            self._came_from = None
            return
        self._came_from = None
        if self._path_keys(position) != keys:
            return  # the change altered the way there: go on from the changed answer
        if position < len(keys):
            self.run.go_to(keys[position])
        elif self.run.finished:
            self.run.resume()  # they had reached the end

    def skip_ahead(self) -> None:
        self._came_from = None
        self.run.resume()

    def set_language(self, language: str) -> str:
        chosen = i18n.set_language(language)
        if self.session is not None:
            self.store.update_meta(self.session.id, language=chosen)
        elif self._new is not None:
            self._new.language = chosen
        return chosen

    @cached_property
    def _decision_keys(self) -> frozenset[str]:
        # Asked after every answer, and the flow never changes under a
        # conversation: read all its nodes once, not once per answer.
        return frozenset(n.id for n in roles.with_role(reading.nodes(self.run), "decision"))

    @cached_property
    def _check_in_keys(self) -> frozenset[str]:
        """The date questions that set the day to look at the decision again."""
        return frozenset(
            n.id for n in reading.nodes(self.run) if n.kind == "date" and getattr(n, "offer", None) == "check_in"
        )

    def _save_check_in(self, value: Any) -> None:
        assert self.session is not None
        try:
            day = dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        self.session = self.store.update_meta(self.session.id, check_in_on=day)

    def _create_session(self) -> None:
        """The session, made and claimed at the first answer (see ``start``)."""
        new = self._new
        assert new is not None
        info = self.store.create_session(
            flow_id=new.flow_id,
            flow_version=new.flow_version,
            flow_kind=new.flow_kind,  # type: ignore[arg-type]
            language=new.language,
            pack_id=new.pack_id,
            pack_path=new.pack_path,
            decision=new.decision,
            helper_role=new.helper_role,
            prepared_in=new.prepared_in,
        )
        self.store.claim(info.id)
        self.session = info
        self._new = None

    def _save_meta(self) -> None:
        if self.session is None:
            return
        decision = None
        for key in self._decision_keys:
            value = self.run.value_of(key)
            if isinstance(value, str) and value:
                decision = value
        if decision is None and self.pack is not None:
            decision = self.pack.pack.decision
        if decision is None and self.kind == "after":
            decision = self.session.decision  # the preparation's, taken at the start
        self.session = self.store.update_meta(
            self.session.id,
            decision=decision,
            progress=self.run.progress(),
            finished=self.run.done,
        )

    @property
    def wants_review(self) -> bool:
        """A yes to a question that offers to look back at the preparation."""
        return any(
            asked.value is True and getattr(asked.node, "offer", None) == "review"
            for asked in reading.answered(self.run)
        )

    def today(self) -> dt.date:
        return dt.date.today()

    # -- reading the conversation back (see read_model) ---------------------------
    @property
    def kind(self) -> str:
        """The flow's kind: "preparation", "after", ..."""
        return self.flow.kind

    @property
    def title(self) -> str:
        return read_model.title(self.run)

    @property
    def position(self) -> int:
        """The current turn's place in the conversation (0 = the first)."""
        return read_model.position_of(self.run)

    @property
    def has_answers(self) -> bool:
        return any(True for _ in self.run.answered_steps())

    def stages(self) -> read_model.Stages:
        return read_model.stages(self.run)

    def answered(self) -> list[read_model.AnsweredQuestion]:
        return read_model.answered_questions(self.run)

    def transcript(self, start: int = 0) -> list[read_model.TranscriptLine]:
        return read_model.transcript(self.run, start)

    def pack_note(self, turn: Turn) -> str | None:
        """The care provider's words that come with ``turn``, headed by whose they are."""
        return read_model.pack_note(turn.from_pack)

    @property
    def helper_mode(self) -> bool:
        """A helper sits with the patient: the flow's prompts for them are shown."""
        return self.helper_role is not None

    def helper_prompts(self, turn: Turn) -> read_model.HelperPrompts | None:
        """The flow's prompts for the helper at ``turn``; None outside helper mode."""
        if not self.helper_mode:
            return None
        return read_model.helper_prompts(self.run, turn)

    def pack_help(self) -> str | None:
        """The pack's words to look up at the current question (help), headed by whose they are."""
        return read_model.pack_help(self.run)

    def answer_bubble(self, node_id: str, value: Any) -> tuple[str, bool]:
        return read_model.answer_bubble(self.run, node_id, value)

    def words(self, node_id: str, value: Any) -> str:
        """An answer to ``node_id`` on one line, as wording says ("" if skipped)."""
        return read_model.words(self.run, node_id, value).text()

    def card(self) -> "Card":
        """The conversation card as it stands now (an after part's with its preparation)."""
        # The card model loads on first use: the app starts without it.
        from prep_assistant.conversation.saved_card import card_of

        return card_of(self.store, self.run, self.session, prepared_in=self.prepared_in)

    @property
    def prepared_in(self) -> str | None:
        """An after part: the id of the preparation it belongs to."""
        if self.session is not None:
            return self.session.prepared_in
        return self._new.prepared_in if self._new is not None else None

    def look_back(self) -> lookback.LookBack | None:
        """The linked preparation to look back on, or None (no link, or it is gone)."""
        earlier, _missing = before_after.linked_preparation(self.store, self.prepared_in)
        return lookback.build_lookback(self.store, earlier) if earlier is not None else None

    def review_lines(self) -> list[str]:
        """What the look-back screen and plain mode show: the preparation, then before and after."""
        return lookback.review_lines(self.store, self.prepared_in, self.run)
