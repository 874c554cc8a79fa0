"""Handing the computer to a companion: their own view on the same options.

After OPDG for Two: the person who decides with the patient (a partner, a
child) gives their own pros, cons and weights per option, their leaning, and
what they think matters most to the patient. The patient hands over in the
same session, in the same window:

- ``hand_over(patient, show_answers=...)`` starts (or continues) the
  companion's run. The patient is asked first whether the companion may see
  their answers (``patient_answers``); by default the companion does not.
- The companion's run is the companion flow (``dialogues/voorbereiding_naaste.toml``),
  its option list filled in with the patient's, saved in the same session as
  a second set of answers (``respondent = "companion"``). The engine is the
  same; only where answers are saved differs.
- The session stays claimed by the patient's conversation, which stays open
  underneath: a second window still cannot open the session (one window per
  session), so a companion fills in on the same screen.
- ``hand_back()`` gives the patient's conversation back, where they were.

A companion who stops halfway keeps their answers; the card shows what there
is, and the next hand-over goes on where they stopped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from prep_assistant import i18n
from prep_assistant.conversation.companion_view import NAME_QUESTION, companion_flow
from prep_assistant.conversation.live import Conversation
from prep_assistant.conversation.opening import translator
from prep_assistant.conversation.read_model import AnsweredQuestion
from prep_assistant.dialogue import reading
from prep_assistant.dialogue.answers import AnswerError
from prep_assistant.dialogue.roles import role_of
from prep_assistant.dialogue.engine import Given, Run
from prep_assistant.errors import UserError
from prep_assistant.safe_text import clean
from prep_assistant.session.records import COMPANION
from prep_assistant.summary.companion import clean_name

if TYPE_CHECKING:  # pragma: no cover
    from prep_assistant.dialogue.flow import Flow
    from prep_assistant.session import SessionInfo, Store

#: The role of the answer that lists the options to weigh, in either flow.
OPTIONS_ROLE = "options"


class CompanionError(UserError):
    """A hand-over that cannot happen now; ``message`` says what to do."""


def _options_node(run: Run) -> str | None:
    for node in reading.nodes(run):
        if role_of(node) == OPTIONS_ROLE and node.kind == "text_list":
            return node.id
    return None


def _patient_options(patient: Conversation) -> list[str]:
    for asked in reading.answered(patient.run):
        if role_of(asked.node) == OPTIONS_ROLE and isinstance(asked.value, list):
            return [item for item in asked.value if isinstance(item, str) and item.strip()]
    return []


class CompanionConversation(Conversation):
    """The companion's run in the patient's session: answers saved as theirs."""

    def __init__(
        self,
        store: Store,
        session: SessionInfo,
        flow: Flow,
        *,
        patient: Conversation | None = None,
        shown: bool = False,
        seed: dict[str, Any] | None = None,
    ) -> None:
        #: The patient's conversation, open underneath (it holds the session's claim).
        self.patient = patient
        #: Did the patient choose to show their answers to the companion?
        self.shown = shown
        #: Answers the run starts with (the patient's options): saved with the first answer.
        self._seed: dict[str, Any] = dict(seed or {})
        super().__init__(store, session, flow)

    def _open_run(self) -> Run:
        assert self.session is not None
        saved = self.store.answers(self.session.id, respondent=COMPANION)
        self._seed = {key: value for key, value in self._seed.items() if key not in saved}
        return Run(self.flow, answers={**self._seed, **saved}, translate=translator(self.flow))

    # -- saving: the companion's own answers, nothing of the patient's ---------------
    def _store_answer(self, key: str, value: Any, *, progress: tuple[int, int] | None = None) -> None:
        assert self.session is not None
        for seeded in list(self._seed):
            if seeded != key and seeded in self.run.answers:
                self.store.save_answer(self.session.id, seeded, self.run.answers[seeded], respondent=COMPANION)
            del self._seed[seeded]
        # No progress: the session's progress is the patient's.
        self.store.save_answer(self.session.id, key, value, respondent=COMPANION)

    def _save_meta(self) -> None:
        """The session's decision, progress and state are the patient's: untouched."""

    def close(self) -> None:
        """Closing the companion's part closes the patient's too (it holds the claim)."""
        if self.patient is not None:
            self.patient.close()

    # -- the name: a clear message when it is empty ------------------------------------
    def answer(self, value: Any) -> Given:
        self._check_name(value)
        return super().answer(value)

    def answer_text(self, raw: str | list[str]) -> Given:
        self._check_name(raw)
        return super().answer_text(raw)

    def _check_name(self, value: Any) -> None:
        step = self.run.current
        if step is None or step.node_id != NAME_QUESTION:
            return
        if not isinstance(value, str) or not any(ch.isalnum() for ch in clean(value)):
            raise AnswerError(i18n._("Please type your name, so that the card can show whose view it is."))

    # -- reading it back ---------------------------------------------------------------
    @property
    def name(self) -> str:
        """The companion's name as it may be shown ("" until given)."""
        return clean_name(self.run.value_of(NAME_QUESTION))

    @property
    def title(self) -> str:
        name = self.name
        if not name:
            return super().title
        return i18n._("Now {name} is filling in").format(name=name)

    @property
    def wants_review(self) -> bool:
        return False

    @property
    def has_answers(self) -> bool:
        """The patient's answers count too: stopping in guest mode must ask first."""
        return super().has_answers or (self.patient is not None and self.patient.has_answers)

    def card_refusal(self) -> str | None:
        """Why the companion may not see the card now (it holds the patient's answers)."""
        if self.shown and self.patient is not None:
            return None
        return i18n._("The card shows both views side by side. It is shown when the computer is handed back.")

    def card(self):  # type: ignore[override]
        """The card shows both views: only when the patient chose to show theirs."""
        refusal = self.card_refusal()
        if refusal is not None or self.patient is None:
            raise CompanionError(refusal or "")
        return self.patient.card()

    def hand_back(self) -> Conversation:
        """The patient's conversation, where they left it."""
        assert self.patient is not None
        return self.patient


def can_hand_over(patient: Conversation) -> str | None:
    """Why the patient cannot hand over now (a message), or None when they can."""
    if isinstance(patient, CompanionConversation):
        return i18n._("The person who decides with you is filling in now.")
    if patient.kind != "preparation":
        return i18n._("A companion gives their view while you prepare the consultation.")
    if patient.session is None or not _patient_options(patient):
        return i18n._(
            "First write down the options you are weighing. "
            "Then the person who decides with you can give their own view on them."
        )
    return None


def hand_over(patient: Conversation, *, show_answers: bool) -> CompanionConversation:
    """Start (or go on with) the companion's view in the patient's session.

    Raises CompanionError when it cannot happen now (no options yet), and
    LibraryError when the companion flow cannot be read.
    """
    problem = can_hand_over(patient)
    if problem is not None:
        raise CompanionError(problem)
    assert patient.session is not None
    flow = companion_flow()
    seed: dict[str, Any] = {}
    probe = Run(flow, translate=translator(flow))
    options_node = _options_node(probe)
    if options_node is not None:
        seed[options_node] = _patient_options(patient)
    return CompanionConversation(patient.store, patient.session, flow, patient=patient, shown=show_answers, seed=seed)


def patient_answers(patient: Conversation) -> list[AnsweredQuestion]:
    """The patient's answers, to show the companion when the patient chooses to."""
    return patient.answered()


def companion_started(patient: Conversation) -> str:
    """The companion's name when they started before ("" when not)."""
    if patient.session is None:
        return ""
    answers = patient.store.answers(patient.session.id, respondent=COMPANION)
    return clean_name(answers.get(NAME_QUESTION))
