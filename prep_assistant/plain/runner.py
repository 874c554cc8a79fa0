"""Plain mode: the conversation as a stream of lines.

For screen readers, braille displays and pipes: every message and question
is printed as plain lines, choices numbered from 1, and one answer is one
typed line. No colours, cursor moves, redraws or box-drawing characters, and
every line makes sense read aloud on its own.

Words that work at any question: "terug"/"back" goes to the previous
question, "stop" leaves (everything is already saved). When the input ends
(a pipe runs dry, or Ctrl+D), the answers given so far are saved and the
program exits with 0.
"""

from __future__ import annotations

import sys
from typing import Any, Callable, TextIO

from prep_assistant import i18n, safe_text
from prep_assistant.conversation import AnswerError, Conversation, Turn, choose_start, lookback_lines, pack_note
from prep_assistant.dialogue.answers import parse_numbers
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.library import LibraryError
from prep_assistant.session import SessionInUse, Store, StoreError

_ = i18n._

BACK_WORDS = {"terug", "back", "vorige"}
STOP_WORDS = {"stop", "stoppen", "quit", "exit"}


#: What a character that is not UTF-8 becomes (errors="replace").
_UNREADABLE = "\ufffd"

#: Exit code when the session is open in another window and nothing was done.
REFUSED = 1


class _EndOfInput(Exception):
    """The input ran out: save and leave quietly."""


class _Back(Exception):
    pass


class _Stop(Exception):
    pass


class PlainRunner:
    def __init__(
        self,
        store: Store,
        *,
        flow: Flow | None = None,
        pack_path: str | None = None,
        session_id: str | None = None,
        new: bool = False,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
    ) -> None:
        self.store = store
        self.flow = flow
        self.pack_path = pack_path
        self.session_id = session_id
        self.new = new
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.conversation: Conversation | None = None
        self._last_step_index: int | None = None
        self._told_unreadable = False
        # Input that is not UTF-8 is read with replacement characters (and
        # the patient is told) instead of ending the program.
        reconfigure = getattr(self.stdin, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass

    # -- input and output ------------------------------------------------------
    def say(self, text: str = "") -> None:
        # Every line passes the one cleaning rule: flow and pack texts and
        # answers (perhaps from an imported file) never reach the terminal
        # with escape sequences, control characters or bidi overrides.
        for line in safe_text.clean(text).split("\n"):
            self.stdout.write(line.rstrip() + "\n")
        self.stdout.flush()

    def read(self) -> str:
        try:
            line = self.stdin.readline()
        except UnicodeDecodeError:  # a stream that could not be reconfigured
            line = _UNREADABLE + "\n"
        if not line:
            raise _EndOfInput
        text = line.rstrip("\r\n")
        if _UNREADABLE in text and not self._told_unreadable:
            self._told_unreadable = True
            self.say(
                _("Some characters could not be read (the input is not UTF-8 text). "
                  "They are replaced by {mark}.").format(mark=_UNREADABLE)
            )
        word = text.strip().casefold()
        if word in STOP_WORDS:
            raise _Stop
        if word in BACK_WORDS:
            raise _Back
        return text

    # -- the run -------------------------------------------------------------------
    def run(self) -> int:
        if self.store.is_guest:
            self.say(_("Guest mode: nothing is saved on this computer. When you stop, your answers are gone."))
        try:
            self.conversation = self.open()
        except _EndOfInput:
            return 0
        except _Stop:
            self.say(_("Goodbye."))
            return 0
        except (StoreError, LibraryError) as error:
            self.say(getattr(error, "message", str(error)))
            return 1
        if self.conversation is None:
            return REFUSED  # the session is open elsewhere: nothing was done here
        self.say(_("Type back to go to the previous question, or stop to stop."))
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
        return _("You stopped. Your answers are saved. Next time you can continue where you left off.")

    def open(self) -> Conversation | None:
        try:
            kind = self.flow.kind if self.flow else "preparation"
            choice = choose_start(self.store, kind, session_id=self.session_id, new=self.new)
            if choice.action == "open" and choice.session_id:
                return Conversation.resume(self.store, choice.session_id)
            if choice.action == "ask" and choice.latest is not None and self.ask_continue(choice.latest):
                return Conversation.resume(self.store, choice.latest.id)
            return Conversation.start(self.store, flow=self.flow, pack_path=self.pack_path)
        except SessionInUse as error:
            self.say(str(error))
            self.say(_("You can start a new session with: prep-assistant --plain --new"))
            return None

    def ask_continue(self, latest: Any) -> bool:
        done, total = latest.progress
        when = i18n.format_date(latest.updated_at.astimezone().date())
        about = latest.decision or _("no decision written down yet")
        self.say(_("You started earlier, on {date}. It is about: {decision}.").format(date=when, decision=about))
        self.say(i18n.nformat("You answered {n} question so far.", "You answered {n} questions so far.", done))
        self.say(_("Do you want to continue where you left off?"))
        self.say("1. " + _("Yes, continue"))
        self.say("2. " + _("No, start again from the beginning"))
        while True:
            answer = self.read().strip().casefold()
            if answer in ("1", "ja", "j", "yes", "y", _("yes").casefold()):
                return True
            if answer in ("2", "nee", "n", "no", _("no").casefold()):
                return False
            self.say(_("Please type 1 to continue or 2 to start again."))

    def converse(self) -> None:
        conversation = self.conversation
        assert conversation is not None
        while True:
            step = conversation.current
            if step is None:
                return
            self.announce_stage()
            if step.is_info:
                self.say(step.text)
                self.say("")
                try:
                    conversation.answer(True)
                except StoreError as error:
                    self.say(error.message)
                    self.say(_("Press Enter to try again."))
                    self.read()
                continue
            try:
                self.ask(step)
            except _Back:
                self.go_back()

    def go_back(self) -> None:
        conversation = self.conversation
        assert conversation is not None
        if not conversation.back_to_question():
            self.say(_("This is the first question."))
        else:
            self.say(_("Back to the previous question."))
        self.say("")

    def announce_stage(self) -> None:
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
        self.say("")

    # -- one question ----------------------------------------------------------------
    def ask(self, step: Turn) -> None:
        asker: Callable[[Turn], Any] = {
            "text_list": self.ask_list,
            "multiple_choice": self.ask_multiple,
            "ratings": self.ask_ratings,
        }.get(step.kind, self.ask_line)
        # The care provider's words once, before the question (not again on a retry).
        note = pack_note(step.from_pack)
        if note:
            self.say(note)
            self.say("")
        while True:
            self.say(step.text)
            if step.help:
                self.say(_("Explanation: {help}").format(help=step.help))
            try:
                asker(step)
            except AnswerError as error:
                self.say(error.message)
                self.say(_("Please try again."))
                self.say("")
                continue
            except StoreError as error:
                # The conversation stayed at this question: nothing is filed wrongly.
                self.say(error.message)
                self.say(_("Your answer was not saved. You are still at the same question."))
                self.say("")
                continue
            self.say("")
            return

    def instructions(self, step: Turn) -> list[str]:
        q = step.question
        lines: list[str] = []
        if step.kind in ("single_choice", "ranking"):
            for number, option in enumerate(q.options, 1):
                lines.append(f"{number}. {option.label}")
        if step.kind == "single_choice":
            lines.append(_("Type the number of your answer."))
        elif step.kind == "ranking":
            if q.keep and q.keep < len(q.options):
                lines.append(_("Type the numbers of the {n} most important, the most important first. For example: 2 1 3").format(n=q.keep))
            else:
                lines.append(_("Type the numbers in order, the most important first. For example: 2 1 3"))
        elif step.kind == "yes_no":
            lines.append("1. " + _("yes"))
            lines.append("2. " + _("no"))
            lines.append(_("Type 1 for yes or 2 for no."))
        elif step.kind == "rating":
            low = step.low_label or _("not at all")
            high = step.high_label or _("very much")
            lines.append(_("Type a number from 0 to 5. 0 means: {low}. 5 means: {high}.").format(low=low, high=high))
        elif step.kind == "date":
            lines.append(_("Type a date as day-month-year, for example 24-12-2026."))
        elif step.kind == "text" and step.hint:
            lines.append(step.hint)
        if step.answered and step.value is not None:
            shown = self.conversation.words(step.node_id, step.value)
            lines.append(_("Your earlier answer: {answer}. Press Enter to keep it.").format(answer=shown))
        elif step.value and step.kind == "text":
            lines.append(_("Suggested: {answer}. Press Enter to keep it.").format(answer=step.value))
        elif not q.required:
            lines.append(_("Press Enter to skip this question."))
        return lines

    def ask_line(self, step: Turn) -> None:
        for line in self.instructions(step):
            self.say(line)
        raw = self.read()
        conversation = self.conversation
        assert conversation is not None
        if not raw.strip() and step.value is not None and (step.answered or step.kind == "text"):
            conversation.answer(step.value)
            return
        given = conversation.answer_text(raw)
        if given.value is None:
            self.say(_("Skipped."))

    def ask_list(self, step: Turn) -> None:
        items: list[str] = list(step.value or [])
        suggestions = [s for s in step.suggestions]
        if items:
            self.say(_("On the list now:"))
            for number, item in enumerate(items, 1):
                self.say(f"{number}. {item}")
            self.say(_("To remove an item, type a minus sign and its number, for example -1."))
        if suggestions:
            self.say(_("Suggestions you can add:"))
            for number, suggestion in enumerate(suggestions, 1):
                self.say(f"+{number}. {suggestion}")
            self.say(_("To add a suggestion, type a plus sign and its number, for example +1."))
        self.say(_("Type one item per line. An empty line ends the list."))
        while True:
            raw = self.read()
            text = raw.strip()
            if not text:
                break
            if text[0] in "+-" and text[1:].strip().isdigit():
                number = int(text[1:])
                source = suggestions if text[0] == "+" else items
                if not 1 <= number <= len(source):
                    self.say(_("There is no number {n}.").format(n=number))
                    continue
                if text[0] == "+":
                    picked = suggestions[number - 1]
                    if picked not in items:
                        items.append(picked)
                    self.say(_("Added: {item}").format(item=picked))
                else:
                    self.say(_("Removed: {item}").format(item=items.pop(number - 1)))
                continue
            items.append(raw)
        conversation = self.conversation
        assert conversation is not None
        given = conversation.answer_text(items)
        if not given.value:
            self.say(_("Skipped."))
        else:
            self.say(i18n.nformat("Your list has {n} item.", "Your list has {n} items.", len(given.value)))

    def ask_multiple(self, step: Turn) -> None:
        q = step.question
        for number, option in enumerate(q.options, 1):
            self.say(f"{number}. {option.label}")
        self.say(_("Type the numbers of all that apply, for example: 1 3"))
        earlier = list(step.value or []) if step.answered else []
        if earlier:
            shown = self.conversation.words(step.node_id, earlier)
            self.say(_("Your earlier answer: {answer}. Press Enter to keep it.").format(answer=shown))
        elif not q.required:
            self.say(_("Press Enter to skip this question."))
        raw = self.read()
        conversation = self.conversation
        assert conversation is not None
        if not raw.strip() and earlier:
            conversation.answer(earlier)
            return
        chosen = [q.options[p].value for p in parse_numbers(raw, len(q.options))] if raw.strip() else []
        if q.allow_other:
            self.say(_("Do you want to add something of your own? Type one per line. An empty line ends the list."))
            while True:
                extra = self.read().strip()
                if not extra:
                    break
                chosen.append(extra)
        given = conversation.answer(chosen)
        if not given.value:
            self.say(_("Skipped."))

    def ask_ratings(self, step: Turn) -> None:
        """One line per item: a screen reader hears each item with its question."""
        q = step.question
        low = step.low_label or _("not important")
        high = step.high_label or _("very important")
        self.say(_("Type a number from 0 to 5 for each. 0 means: {low}. 5 means: {high}.").format(low=low, high=high))
        earlier = dict(step.value or {}) if step.answered else {}
        if earlier:
            self.say(_("Press Enter to keep your earlier number."))
        elif not q.required:
            self.say(_("Press Enter to skip an item."))
        weights: dict[str, int] = {}
        total = len(q.options)
        for number, option in enumerate(q.options, 1):
            while True:
                line = _("{n} of {total}: {item}").format(n=number, total=total, item=option.label)
                if option.value in earlier:
                    line += " " + _("(now {weight})").format(weight=earlier[option.value])
                self.say(line)
                raw = self.read().strip()
                if not raw:
                    if option.value in earlier:
                        weights[option.value] = earlier[option.value]
                    break
                if raw.isdigit() and 0 <= int(raw) <= 5:
                    weights[option.value] = int(raw)
                    break
                self.say(_("Please type a number from 0 to 5."))
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
            self.offer_card()
        except (_EndOfInput, _Stop, _Back):
            pass
        self.say(_("Goodbye. Good luck with the conversation."))

    def show_review(self) -> None:
        conversation = self.conversation
        assert conversation is not None
        look_back = conversation.look_back()
        if look_back is None:
            self.say(_("There is no earlier preparation saved on this computer."))
            return
        for line in lookback_lines(look_back):
            self.say(line.strip())
        self.say("")

    def offer_card(self) -> None:
        self.say(_("Do you want your conversation card?"))
        choices = [
            ("text", _("Read it here, as text")),
            ("pdf", _("Save it as a PDF file, to print")),
            ("html", _("Save it as a web page (HTML)")),
            ("md", _("Save it as a Markdown file")),
            (None, _("No, thank you")),
        ]
        for number, (_fmt, label) in enumerate(choices, 1):
            self.say(f"{number}. {label}")
        self.say(_("Type the number of your answer."))
        self.say(_("An empty line means: no, thank you."))
        while True:
            raw = self.read().strip()
            if not raw:
                return
            if raw.isdigit() and 1 <= int(raw) <= len(choices):
                fmt = choices[int(raw) - 1][0]
                break
            self.say(_("Please type a number from 1 to {n}.").format(n=len(choices)))
        if fmt is None:
            return
        from prep_assistant import summary

        card = self.conversation.card()
        if fmt == "text":
            self.say(summary.render_text(card))
            return
        try:
            path = summary.save_card(card, fmt)
        except OSError as error:
            self.say(_("The card could not be saved: {reason}").format(reason=error.strerror or error))
            return
        self.say(_("Your card is saved as {path}").format(path=path))
