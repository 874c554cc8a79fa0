"""Plain mode: the conversation as a stream of lines.

For screen readers, braille displays and pipes: every message and question
is printed as plain lines, choices numbered from 1, and one answer is one
typed line. No colours, cursor moves, redraws or box-drawing characters, and
every line makes sense read aloud on its own.

Listening takes time, so nothing is said twice without a reason:

- each instruction ("Type the number of your answer.", "Press Enter to skip
  this question.") is said the first time it applies, not at every question;
  a question's explanation is said once, not again for every option;
- the question is the last line before the answer is read, so a screen
  reader's "read the last line" gives the question;
- ``?``, ``help`` or ``uitleg`` says the instructions of this question again;
- a wrong answer says "I did not understand that: ..." and what is allowed,
  then the question: not the whole block again.

Words that work at any question: "terug"/"back" goes to the previous
question, "stop" leaves (everything is already saved), "samen"/"together"
hands the computer to the person who decides with the patient (and back:
``conversation/companion.py``). When the input ends
(a pipe runs dry, or Ctrl+D), the answers given so far are saved and the
program exits with 0.
"""

from __future__ import annotations

import sys
from typing import Any, Callable, TextIO

from prep_assistant import i18n, safe_text, summary
from prep_assistant.conversation import (
    AnswerError,
    Conversation,
    StartChoice,
    Turn,
    check_in_lines,
    check_in_words,
    choose_start,
    describe_session,
    dismiss_check_in,
    for_helper,
    pack_note,
)
from prep_assistant.conversation.companion import can_hand_over, companion_started, hand_over, patient_answers
from prep_assistant.dialogue.answers import parse_numbers
from prep_assistant.errors import UserError
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.library import LibraryError, find_flow
from prep_assistant.dialogue.roles import role_of
from prep_assistant.plain.lines import UNREADABLE, LineReader
from prep_assistant.session import SessionInfo, SessionInUse, Store, StoreError

_ = i18n._

BACK_WORDS = {"terug", "back", "vorige"}
STOP_WORDS = {"stop", "stoppen", "quit", "exit"}
HELP_WORDS = {"?", "help", "uitleg", "hulp"}
TOGETHER_WORDS = {"samen", "together"}
YES_WORDS = {"1", "ja", "j", "yes", "y"}
NO_WORDS = {"2", "nee", "n", "no"}

#: The flow offered after a finished preparation: what was decided.
AFTER_FLOW = "na_het_gesprek"

#: Exit code when the session is open in another window and nothing was done.
REFUSED = 1


def _is_number(text: str) -> bool:
    """Digits 0-9 only: "²" or "٣" are digits to str.isdigit but not to int()."""
    return text.isascii() and text.isdigit()


class _EndOfInput(Exception):
    """The input ran out: save and leave quietly."""


class _Back(Exception):
    pass


class _Stop(Exception):
    pass


class _Together(Exception):
    """At a question: "together" was typed (hand over to the companion, or back)."""


class _HandBack(Exception):
    """The companion hands the computer back before the end of their part."""


class _Handled(Exception):
    """The start offer did all there was to do (the card was read): leave with 0."""


class PlainRunner:
    def __init__(
        self,
        store: Store,
        *,
        flow: Flow | None = None,
        pack_path: str | None = None,
        session_id: str | None = None,
        new: bool = False,
        helper_role: str | None = None,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
    ) -> None:
        self.store = store
        #: Helper mode (``--helper``): None without; "" when no role was given.
        self.helper_role = helper_role
        self.flow = flow
        self.pack_path = pack_path
        self.session_id = session_id
        self.new = new
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.conversation: Conversation | None = None
        self._last_step_index: int | None = None
        self._told_unreadable = False
        #: Instructions already said: each is said once (``?`` says it again).
        self._said: set[str] = set()
        #: Questions (node ids) whose explanation was said.
        self._explained: set[str] = set()
        #: The next question is asked again after "back" at the first one: its line only.
        self._again = False
        #: True while a flow's question is asked: only there "together" hands over.
        self._at_question = False
        # Input that is not UTF-8 is read with replacement characters (and
        # the patient is told) instead of ending the program.
        reconfigure = getattr(self.stdin, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass
        self.lines = LineReader(self.stdin, self.stdout)

    # -- input and output ------------------------------------------------------
    def say(self, text: str = "") -> None:
        # Every line passes the one cleaning rule: flow and pack texts and
        # answers (perhaps from an imported file) never reach the terminal
        # with escape sequences, control characters or bidi overrides.
        for line in safe_text.clean(text).split("\n"):
            self.stdout.write(line.rstrip() + "\n")
        self.stdout.flush()

    def say_once(self, text: str) -> None:
        """An instruction: said the first time only."""
        if text not in self._said:
            self._said.add(text)
            self.say(text)

    def read(self, on_help: Callable[[], None] | None = None) -> str:
        """One typed line; "stop" and "back" act at once, "?" calls ``on_help``."""
        while True:
            text = self.lines.read()
            if text is None:
                raise _EndOfInput
            if UNREADABLE in text and not self._told_unreadable:
                self._told_unreadable = True
                self.say(
                    _("Some characters could not be read (the input is not UTF-8 text). "
                      "They are replaced by {mark}.").format(mark=UNREADABLE)
                )
            word = text.strip().casefold()
            if word in STOP_WORDS:
                raise _Stop
            if word in BACK_WORDS:
                raise _Back
            if word in TOGETHER_WORDS and self._at_question:
                raise _Together
            if word in HELP_WORDS and on_help is not None:
                on_help()
                continue
            return text

    def read_at_start(self) -> str:
        """A line at the start offers: "back" has nowhere to go there."""
        while True:
            try:
                return self.read()
            except _Back:
                self.say(_("There is nothing earlier: this is the first question."))

    def ask_yes_no(self, question: str) -> bool:
        """A short yes/no question of our own (not one of the flow's)."""
        self.say(question)
        while True:
            answer = self.read().strip().casefold()
            if answer in YES_WORDS or answer == _("yes").casefold():
                return True
            if answer in NO_WORDS or answer == _("no").casefold():
                return False
            self.say(_("I did not understand that: please type yes or no."))

    # -- the run -------------------------------------------------------------------
    def run(self) -> int:
        if self.store.is_guest:
            self.say(_("Guest mode: nothing is saved on this computer. When you stop, your answers are gone."))
        try:
            self.conversation = self.open()
        except (_EndOfInput, _Handled):
            return 0
        except _Stop:
            self.say(_("Goodbye."))
            return 0
        except (StoreError, LibraryError) as error:
            self.say(getattr(error, "message", str(error)))
            return 1
        if self.conversation is None:
            return REFUSED  # the session is open elsewhere: nothing was done here
        self.say(_("Type back to go to the previous question, or stop to stop. Type ? to hear the instructions again."))
        if not self.store.is_guest:
            self.say(_("Every answer is saved as soon as you give it."))
        self.say("")
        try:
            for notice in self.conversation.notices:
                self.say(notice)
            self.converse()
        except _EndOfInput:
            self.say("")
            self.say(self._saved_message())
            return 0
        except _Stop:
            self.say(self._saved_message())
            return 0
        finally:
            self.conversation.close()
        self.finish()
        return 0

    def _saved_message(self) -> str:
        if self.store.is_guest:
            return _("You stopped. In guest mode nothing was saved.")
        conversation = self.conversation
        if conversation is not None and conversation.session is None:
            # Nothing was answered, so there is nothing to continue next time.
            return _("You stopped. You did not answer a question yet, so nothing was saved.")
        return _("You stopped. Your answers are saved. Next time you can continue where you left off.")

    def open(self, *, check_in: bool = True) -> Conversation | None:
        try:
            kind = self.flow.kind if self.flow else "preparation"
            choice = choose_start(self.store, kind, session_id=self.session_id, new=self.new, check_in=check_in)
            if choice.action == "check_in" and choice.latest is not None:
                self.offer_check_in(choice.latest)
                return self.open(check_in=False)
            if choice.action == "open" and choice.session_id:
                return Conversation.resume(self.store, choice.session_id, helper_role=self.helper_role)
            if choice.action == "ask" and choice.latest is not None and self.ask_continue(choice.latest):
                return Conversation.resume(self.store, choice.latest.id, helper_role=self.helper_role)
            if choice.action == "finished" and choice.latest is not None:
                return self.offer_finished(choice.latest)
            if choice.action == "ask":
                # Not the unfinished one: a new session (an after part: which preparation?).
                choice = choose_start(self.store, kind, new=True)
            return self.start_new(choice)
        except SessionInUse as error:
            self.say(str(error))
            self.say(_("You can start a new session with: prep-assistant --plain --new"))
            return None

    def read_number(self, count: int, read: Callable[[], str], *, empty_allowed: bool = False) -> int | None:
        """The index of a numbered line the patient typed (1 to ``count``), asked
        again until it is one; None for an empty line when that is allowed."""
        while True:
            raw = read().strip()
            if not raw and empty_allowed:
                return None
            if _is_number(raw) and 1 <= int(raw) <= count:
                return int(raw) - 1
            self.say(_("I did not understand that: please type a number from 1 to {n}.").format(n=count))

    def start_new(self, choice: StartChoice) -> Conversation:
        """A new session; a new after part belongs to the preparation chosen (or the only one)."""
        prepared_in = choice.prepared_in
        if choice.action == "choose_preparation" and choice.preparations:
            prepared_in = self.choose_preparation(list(choice.preparations)).id
        return Conversation.start(
            self.store, flow=self.flow, pack_path=self.pack_path, helper_role=self.helper_role, prepared_in=prepared_in
        )

    def choose_preparation(self, preparations: list[SessionInfo]) -> SessionInfo:
        """Which preparation the part after the consultation belongs to (Enter: the most recent)."""
        self.say(_("You have more than one preparation. Which one was this consultation about?"))
        for number, info in enumerate(preparations, 1):
            words = describe_session(info)
            self.say(f"{number}. {words.row} {words.row_detail}")
        self.say(_("Type the number of your answer. An empty line means: the most recent one (1)."))
        picked = self.read_number(len(preparations), self.read_at_start, empty_allowed=True)
        return preparations[picked if picked is not None else 0]

    def offer_check_in(self, after: SessionInfo) -> None:
        """The day to look at the decision again has come: look now, later, or not again."""
        self.say(check_in_words(after))
        choices = [
            ("look", _("Yes, look at my decision now")),
            ("later", _("Not now, ask me again next time")),
            ("dismiss", _("No, do not ask me again")),
        ]
        for number, (_what, label) in enumerate(choices, 1):
            self.say(f"{number}. {label}")
        self.say(_("Do you want to look at your decision again?"))
        what = choices[self.read_number(len(choices), self.read_at_start)][0]
        if what == "later":
            self.say(_("Fine. You will be asked again next time."))
            self.say("")
            return
        if what == "look":
            self.say("")
            for line in check_in_lines(self.store, after):
                self.say(line)
            self.say("")
        dismiss_check_in(self.store, after.id)
        if what == "dismiss":
            self.say(_("Fine. You will not be asked again."))
            self.say("")

    def ask_continue(self, latest: SessionInfo) -> bool:
        words = describe_session(latest)
        self.say(f"{words.started} {words.about}")
        self.say(words.answered)
        self.say("1. " + _("Yes, continue"))
        self.say("2. " + _("No, start again from the beginning"))
        self.say(_("Do you want to continue where you left off?"))
        while True:
            answer = self.read_at_start().strip().casefold()
            if answer in YES_WORDS or answer == _("yes").casefold():
                return True
            if answer in NO_WORDS or answer == _("no").casefold():
                return False
            self.say(_("I did not understand that: please type 1 to continue or 2 to start again."))

    def offer_finished(self, latest: SessionInfo) -> Conversation | None:
        """The most recent preparation is finished: its card, the part after, or a new one."""
        words = describe_session(latest)
        self.say(f"{words.finished} {words.about}")
        choices = [
            ("card", _("See my conversation card")),
            ("after", _("After the consultation: write down what was decided")),
            ("new", _("Start a new preparation")),
        ]
        for number, (_what, label) in enumerate(choices, 1):
            self.say(f"{number}. {label}")
        self.say(_("What do you want to do?"))
        what = choices[self.read_number(len(choices), self.read_at_start)][0]
        if what == "card":
            earlier = Conversation.resume(self.store, latest.id)
            try:
                self.offer_card(earlier)
            finally:
                earlier.close()
            self.say(_("Goodbye. Good luck with the conversation."))
            raise _Handled
        if what == "after":
            self.flow = find_flow(AFTER_FLOW)
            return self.open(check_in=False)
        return Conversation.start(
            self.store, flow=self.flow, pack_path=self.pack_path, helper_role=self.helper_role
        )

    def converse(self) -> None:
        conversation = self.conversation
        assert conversation is not None
        while True:
            step = conversation.current
            if step is None:
                return
            self.announce_stage(step)
            if step.is_info:
                self.say_helper_prompt(step)
                self.say(step.text)
                self.say("")
                try:
                    conversation.answer(True)
                except StoreError as error:
                    self.say(error.message)
                    self.say(_("Press Enter to try again."))
                    self.read()
                continue
            self._at_question = True
            try:
                self.ask(step)
            except _Back:
                self.go_back()
            except _Together:
                self._at_question = False
                self.together()
            finally:
                self._at_question = False
            if role_of(step.node) == "options" and conversation.kind == "preparation":
                self.say_once(_("Does someone decide with you? Type together at any question to hand "
                                "them the computer: they give their own view on the same options."))

    # -- filling in together (conversation/companion.py) ---------------------------------
    def together(self) -> None:
        """The patient hands over to their companion; the companion hands back."""
        patient = self.conversation
        assert patient is not None
        if patient.kind == "companion":
            raise _HandBack
        problem = can_hand_over(patient)
        if problem is not None:
            self.say(problem)
            self.say("")
            return
        self.say(_("The person who decides with you can now give their own view on the same options."))
        earlier = companion_started(patient)
        if earlier:
            self.say(_("{name} started before: they go on where they stopped.").format(name=earlier))
        show = self.ask_yes_no(_("Do you want to show them your answers first? You choose.") + " "
                               + _("Type yes or no."))
        try:
            companion = hand_over(patient, show_answers=show)
        except (UserError, LibraryError) as error:
            self.say(error.message)
            return
        self.say("")
        if show:
            self.say(_("These are the answers of the person you decide with:"))
            for answered in patient_answers(patient):
                self.say(f"{answered.question} {answered.words}")
            self.say("")
        self.say(_("Hand over the computer now. Type together to hand it back at any question."))
        self.say("")
        self.conversation = companion
        self._last_step_index = None
        try:
            self.converse()
        except _HandBack:
            pass
        finally:
            self.conversation = patient
            self._last_step_index = None
        self.say("")
        self.say(_("Welcome back. Your card now shows both views side by side."))
        self.say("")

    def go_back(self) -> None:
        conversation = self.conversation
        assert conversation is not None
        if not any(line.who == "patient" for line in conversation.transcript()):
            # Only messages lie behind: going there would replay the welcome.
            self.say(_("There is nothing earlier: this is the first question."))
            self._again = True
            return
        conversation.back_to_question()
        self.say(_("Back to the previous question."))
        self.say("")

    def announce_stage(self, step: Turn | None = None) -> None:
        conversation = self.conversation
        assert conversation is not None
        stages = conversation.stages()
        if not stages.titles:
            return
        index = stages.current
        if index == self._last_step_index:
            return
        self._last_step_index = index
        title = stages.titles[index]
        self.say(_("Part {n} of {total}: {title}").format(n=index + 1, total=len(stages.titles), title=title))
        # Helper mode: the stage's prompt once, as the stage begins.
        prompts = conversation.helper_prompts(step) if step is not None else None
        if prompts is not None and prompts.stage:
            self.say(for_helper(prompts.stage))
        self.say("")

    def say_helper_prompt(self, step: Turn) -> None:
        """Helper mode: this turn's own prompt, on a line of its own before it."""
        conversation = self.conversation
        assert conversation is not None
        prompts = conversation.helper_prompts(step)
        if prompts is not None and prompts.turn:
            self.say(for_helper(prompts.turn))

    # -- one question ----------------------------------------------------------------
    def ask(self, step: Turn) -> None:
        asker: Callable[[Turn], Any] = {
            "text_list": self.ask_list,
            "multiple_choice": self.ask_multiple,
            "ratings": self.ask_ratings,
        }.get(step.kind, self.ask_line)
        again, self._again = self._again, False
        # The care provider's words once, before the question (not again on a retry).
        note = pack_note(step.from_pack) if not again else None
        if note:
            self.say(note)
            self.say("")
        while True:
            self.present(step, again=again)
            try:
                asker(step)
            except AnswerError as error:
                self.say_not_understood(error.message, step)
                again = True
                continue
            except StoreError as error:
                # The conversation stayed at this question: nothing is filed wrongly.
                self.say(error.message)
                self.say(_("Your answer was not saved. You are still at the same question."))
                again = True
                continue
            self.say("")
            return

    def present(self, step: Turn, *, again: bool = False) -> None:
        """What comes before the answer: choices, new instructions, then the question last."""
        if not again:
            self.say_helper_prompt(step)
            for line in self.choices(step):
                self.say(line)
            for line in self.instructions(step):
                self.say_once(line)
            if step.help and step.node_id not in self._explained:
                self.say(_("Explanation: {help}").format(help=step.help))
            for line in self.state(step):
                self.say(line)
            self._explained.add(step.node_id)
        self.say(step.text)

    def say_help(self, step: Turn) -> None:
        """``?``: every instruction of this question again, the pack's words (if any), then the question."""
        self.say(_("Type back to go to the previous question, or stop to stop."))
        self.say_helper_prompt(step)
        for line in self.choices(step) + self.instructions(step):
            self.say(line)
        if step.help:
            self.say(_("Explanation: {help}").format(help=step.help))
        if step.kind == "text" and step.hint and step.node_id in self._explained:
            self.say(step.hint)
        pack_help = self.conversation.pack_help() if self.conversation is not None else None
        if pack_help:
            self.say(pack_help)
        for line in self.state(step):
            self.say(line)
        self.say(step.text)

    def say_not_understood(self, problem: str, step: Turn) -> None:
        """An error sounds like one, says what is allowed, and asks again (the question only)."""
        self.say(_("I did not understand that: {problem}").format(problem=problem))
        allowed = self.allowed(step)
        if allowed and allowed != problem:
            self.say(allowed)
        self.say(_("Please try again."))

    def choices(self, step: Turn) -> list[str]:
        """The numbered answers of a choice (yes/no's two are an instruction)."""
        if step.kind in ("single_choice", "ranking", "multiple_choice"):
            return [f"{number}. {option.label}" for number, option in enumerate(step.question.options, 1)]
        return []

    def allowed(self, step: Turn) -> str | None:
        """What a valid answer looks like, in one line."""
        q = step.question
        if step.kind == "single_choice":
            return _("Type the number of your answer.")
        if step.kind == "ranking":
            if q.keep and q.keep < len(q.options):
                return _("Type the numbers of the {n} most important, the most important first. For example: 2 1 3").format(n=q.keep)
            return _("Type the numbers in order, the most important first. For example: 2 1 3")
        if step.kind == "multiple_choice":
            return _("Type the numbers of all that apply, for example: 1, 3 and 5")
        if step.kind == "yes_no":
            return _("Type 1 for yes or 2 for no.")
        if step.kind == "rating":
            low = step.low_label or _("not at all")
            high = step.high_label or _("very much")
            return _("Type a number from 0 to 5. 0 means: {low}. 5 means: {high}.").format(low=low, high=high)
        if step.kind == "ratings":
            low = step.low_label or _("not important")
            high = step.high_label or _("very important")
            return _("Type a number from 0 to 5 for each. 0 means: {low}. 5 means: {high}.").format(low=low, high=high)
        if step.kind == "date":
            return _("Type a date as day-month-year, for example 24-12-2026.")
        if step.kind == "text_list":
            return _("Type one item per line. An empty line ends the list.")
        return None

    def instructions(self, step: Turn) -> list[str]:
        """How to answer this kind of question: said once each (``?`` repeats them)."""
        lines: list[str] = []
        if step.kind == "yes_no":
            lines += ["1. " + _("yes"), "2. " + _("no")]
        allowed = self.allowed(step)
        if allowed:
            lines.append(allowed)
        if step.kind == "text_list":
            if step.value:
                lines.append(_("To remove an item, type a minus sign and its number, for example -1."))
            if step.suggestions:
                lines.append(_("To add a suggestion, type a plus sign and its number, for example +1."))
        has_earlier = step.answered and step.value not in (None, [], {})
        if not step.question.required and not has_earlier:
            if step.kind == "ratings":
                lines.append(_("Press Enter to skip an item."))
            elif step.kind != "text_list":  # a list's own line says how to end it
                lines.append(_("Press Enter to skip this question."))
        return lines

    def state(self, step: Turn) -> list[str]:
        """What stands now: an earlier answer, a suggestion, the list so far."""
        lines: list[str] = []
        if step.kind == "text" and step.hint and step.node_id not in self._explained:
            # An example, like an explanation, is said once per question (not per option).
            lines.append(step.hint)
        if step.kind == "text_list":
            items = list(step.value or [])
            if items:
                lines.append(_("On the list now:"))
                lines += [f"{number}. {item}" for number, item in enumerate(items, 1)]
            if step.suggestions:
                lines.append(_("Suggestions you can add:"))
                lines += [f"+{number}. {s}" for number, s in enumerate(step.suggestions, 1)]
            return lines
        if step.kind == "ratings":
            if step.answered and step.value:
                lines.append(_("Press Enter to keep your earlier number."))
            return lines
        if step.answered and step.value is not None and step.value != []:
            shown = self.conversation.words(step.node_id, step.value)
            lines.append(_("Your earlier answer: {answer}. Press Enter to keep it.").format(answer=shown))
        elif step.value and step.kind == "text":
            lines.append(_("Suggested: {answer}. Press Enter to keep it.").format(answer=step.value))
        elif step.value and step.kind == "date":
            shown = self.conversation.words(step.node_id, step.value)
            lines.append(_("Suggested: {answer}. Press Enter to keep it.").format(answer=shown))
        return lines

    def ask_line(self, step: Turn) -> None:
        raw = self.read(lambda: self.say_help(step))
        conversation = self.conversation
        assert conversation is not None
        if not raw.strip() and step.value is not None and (step.answered or step.kind in ("text", "date")):
            conversation.answer(step.value)
            return
        given = conversation.answer_text(raw)
        if given.value is None:
            self.say(_("Skipped."))

    def ask_list(self, step: Turn) -> None:
        items: list[str] = list(step.value or [])
        suggestions = list(step.suggestions)
        while True:
            raw = self.read(lambda: self.say_help(step))
            text = raw.strip()
            if not text:
                break
            if text[0] in "+-" and _is_number(text[1:].strip()):
                number = int(text[1:])
                source = suggestions if text[0] == "+" else items
                if not 1 <= number <= len(source):
                    self.say(_("I did not understand that: there is no number {n}.").format(n=number))
                    continue
                if text[0] == "+":
                    self._add(items, suggestions[number - 1])
                else:
                    self.say(_("Removed: {item}").format(item=items.pop(number - 1)))
                continue
            if _is_number(text):
                self._add_number(items, suggestions, raw)
                continue
            self._add(items, raw)
        conversation = self.conversation
        assert conversation is not None
        given = conversation.answer_text(items)
        if not given.value:
            self.say(_("Skipped."))
        else:
            self.say(i18n.nformat("Your list has {n} item.", "Your list has {n} items.", len(given.value)))

    def _add(self, items: list[str], item: str) -> None:
        if item in items:
            self.say(_("Already on the list: {item}").format(item=item.strip()))
            return
        items.append(item)
        self.say(_("Added: {item}").format(item=item.strip()))

    def _add_number(self, items: list[str], suggestions: list[str], typed: str) -> None:
        """A bare number in a list is most likely a slip: ask before adding it."""
        number = int(typed.strip())
        if 1 <= number <= len(suggestions):
            picked = suggestions[number - 1]
            question = _('Do you mean suggestion {n}, "{suggestion}"? Type yes to add it, or no to add "{typed}" as you typed it.')
            if self.ask_yes_no(question.format(n=number, suggestion=picked, typed=typed.strip())):
                self._add(items, picked)
                return
        elif not self.ask_yes_no(_('Do you want to add "{typed}" to the list? Type yes or no.').format(typed=typed.strip())):
            self.say(_("Not added. Type the next item, or an empty line to end the list."))
            return
        self._add(items, typed)

    def ask_multiple(self, step: Turn) -> None:
        q = step.question
        earlier = list(step.value or []) if step.answered else []
        raw = self.read(lambda: self.say_help(step))
        conversation = self.conversation
        assert conversation is not None
        if not raw.strip() and earlier:
            conversation.answer(earlier)
            return
        chosen = [q.options[p].value for p in parse_numbers(raw, len(q.options))] if raw.strip() else []
        if q.allow_other:
            self.say_once(_("Type one item per line. An empty line ends the list."))
            self.say(_("Do you want to add something of your own?"))
            while True:
                extra = self.read(lambda: self.say(_("Type one item per line. An empty line ends the list."))).strip()
                if not extra:
                    break
                if extra not in chosen:
                    chosen.append(extra)
                self.say(_("Added: {item}").format(item=extra))
        given = conversation.answer(chosen)
        if not given.value:
            self.say(_("Skipped."))

    def ask_ratings(self, step: Turn) -> None:
        """One line per item: a screen reader hears each item with its question."""
        q = step.question
        earlier = dict(step.value or {}) if step.answered else {}
        weights: dict[str, int] = {}
        total = len(q.options)
        for number, option in enumerate(q.options, 1):
            line = _("{n} of {total}: {item}").format(n=number, total=total, item=option.label)
            if option.value in earlier:
                line += " " + _("(now {weight})").format(weight=earlier[option.value])
            self.say(line)
            while True:
                raw = self.read(lambda: (self.say_help(step), self.say(line))).strip()
                if not raw:
                    if option.value in earlier:
                        weights[option.value] = earlier[option.value]
                    break
                if _is_number(raw) and 0 <= int(raw) <= 5:
                    weights[option.value] = int(raw)
                    break
                self.say(_("I did not understand that: please type a number from 0 to 5."))
                self.say(line)
        conversation = self.conversation
        assert conversation is not None
        given = conversation.answer(weights)
        if not given.value:
            self.say(_("Skipped."))

    # -- the end ---------------------------------------------------------------------
    def finish(self) -> None:
        conversation = self.conversation
        assert conversation is not None
        if conversation.kind != "preparation":
            if conversation.wants_review:
                self.show_review()
            self.say(_("Thank you. This part is finished."))
            return
        self.say(_("Your preparation is finished."))
        try:
            self.offer_card(conversation)
        except (_EndOfInput, _Stop, _Back):
            pass
        self.say(_("Goodbye. Good luck with the conversation."))

    def show_review(self) -> None:
        """The linked preparation looked back on, then before and after side by side."""
        conversation = self.conversation
        assert conversation is not None
        for line in conversation.review_lines():
            self.say(line)
        self.say("")

    def offer_card(self, conversation: Conversation) -> None:
        choices = [
            ("text", _("Read it here, as text")),
            ("pdf", _("Save it as a PDF file, to print")),
            ("html", _("Save it as a web page (HTML)")),
            ("md", _("Save it as a Markdown file")),
            (None, _("No, thank you")),
        ]
        for number, (_fmt, label) in enumerate(choices, 1):
            self.say(f"{number}. {label}")
        self.say_once(_("Type the number of your answer."))
        self.say(_("An empty line means: no, thank you."))
        self.say(_("Do you want your conversation card?"))
        picked = self.read_number(len(choices), self.read, empty_allowed=True)
        if picked is None:
            return
        fmt = choices[picked][0]
        if fmt is None:
            return
        card = conversation.card()
        if fmt == "text":
            self.say(summary.render_text(card))
            return
        try:
            path = summary.save_card(card, fmt)
        except OSError as error:
            self.say(_("The card could not be saved: {reason}").format(reason=error.strerror or error))
            return
        self.say(_("Your card is saved as {path}").format(path=path))
