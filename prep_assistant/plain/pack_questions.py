"""Making or changing a decision pack line by line, for ``pack new`` and ``pack edit``.

The clinician answers one question a line, in the manner of plain mode: a
blank line keeps what is shown (or ends a list), end of input stops without
writing. The answers become a ``PackFile``; the command writes it. No TOML
is typed by hand, so none can be typed wrong.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from prep_assistant import safe_text
from prep_assistant.dialogue import schema
from prep_assistant.dialogue.pack_writer import make_id
from prep_assistant.errors import UserError
from prep_assistant.i18n import _


class Stopped(UserError):
    """The input ended before the pack was complete: nothing is written."""


class PackQuestions:
    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin = stdin
        self.stdout = stdout

    # -- input and output ---------------------------------------------------------------
    def say(self, text: str = "") -> None:
        for line in safe_text.clean(text).split("\n"):
            self.stdout.write(line.rstrip() + "\n")
        self.stdout.flush()

    def read(self) -> str:
        line = self.stdin.readline()
        if not line:
            raise Stopped(_("The input ended before the pack was complete. Nothing was written."))
        return line.rstrip("\r\n").strip()

    def text(self, question: str, current: str | None = None, *, required: bool = False) -> str | None:
        while True:
            self.say(question)
            if current:
                self.say(_("Now: {value}. Press Enter to keep it, or type '-' to remove it.").format(value=current))
            answer = self.read()
            if answer == "-" and not required:
                return None
            if answer:
                return answer
            if current or not required:
                return current or None
            self.say(_("This one is needed. Please type an answer."))

    def items(self, question: str, current: list[str]) -> list[str]:
        self.say(question)
        if current:
            self.say(_("Now:"))
            for item in current:
                self.say("- " + item)
            self.say(_("Press Enter to keep these, or type new ones, one a line; a blank line ends the list."))
        else:
            self.say(_("One a line; a blank line ends the list."))
        typed: list[str] = []
        while len(typed) < 30:
            line = self.read()
            if not line:
                break
            typed.append(line)
        return typed or list(current)

    def date(self, question: str, current: dt.date | None) -> dt.date | None:
        while True:
            answer = self.text(question + " " + _("(as YYYY-MM-DD)"), current.isoformat() if current else None)
            if answer is None:
                return None
            try:
                return dt.date.fromisoformat(answer)
            except ValueError:
                self.say(_("That is not a date. Please type it as YYYY-MM-DD, for example 2027-01-31."))
                current = None

    def yes_no(self, question: str, current: bool | None) -> bool:
        yes, no = _("yes"), _("no")
        while True:
            shown = {True: yes, False: no}.get(current) if current is not None else None
            answer = self.text(f"{question} ({yes}/{no})", shown)
            if answer is not None and answer.casefold() in (yes, "y", "j", "ja", "yes"):
                return True
            if answer is not None and answer.casefold() in (no, "n", "nee", "no"):
                return False
            self.say(_("Please type yes or no."))

    # -- the pack ---------------------------------------------------------------------------
    def ask(self, pack_id: str, start: schema.PackFile | None = None) -> dict[str, Any]:
        """The answers as the data of a pack file (validated by the caller)."""
        info = start.pack if start else None
        self.say(_("Answer one question a line. Write for patients: short sentences, everyday words."))
        self.say("")
        data: dict[str, Any] = {"id": info.id if info else pack_id}
        data["decision"] = self.text(_("What is the decision, in the patient's words?"), info and info.decision, required=True)
        data["description"] = self.text(_("An introduction: what is the decision about? (a few short sentences)"), info and info.description)
        data["author"] = self.text(_("Who wrote this pack? (name)"), info and info.author, required=True)
        data["author_role"] = self.text(_("What is the author's role? (for example: family doctor)"), info and info.author_role)
        data["source"] = self.text(_("Where do the facts come from? (the source, for example a guideline)"), info and info.source, required=True)
        data["date"] = self.date(_("On what date was the information written or checked?"), info.date if info else dt.date.today())
        data["review_date"] = self.date(_("When must the information be checked again?"), info.review_date if info else None)
        data["funding"] = self.text(_("Who paid for this pack, and does the author have any interest in one of the options?"), info and info.funding)
        data["flow"] = (info.flow if info else None) or "voorbereiding"
        data["wait_is_option"] = self.yes_no(_("Is waiting (doing nothing for now) a sensible option?"), info.wait_is_option if info else None)
        data["wait_reason"] = self.text(_("Why is waiting a sensible option or not? (optional)"), info and info.wait_reason)
        # With waiting as an option, one option of the pack's own makes a choice.
        minimum = 1 if data["wait_is_option"] else 2
        data["options"] = self.options(list(start.options) if start else [], minimum)
        return {"format": schema.FORMAT_VERSION, "pack": {k: v for k, v in data.items() if k != "options" and v is not None}, "options": data["options"]}

    def options(self, existing: list[schema.PackOption], minimum: int) -> list[dict[str, Any]]:
        options: list[dict[str, Any]] = []
        taken: set[str] = set()
        for option in existing:
            self.say("")
            name = self.text(_("Option: name (type '-' to remove this option)"), option.name)
            if name is None:
                continue
            options.append(self.option_details(name, option, taken))
        while True:
            self.say("")
            name = self.text(_("The name of a new option (a blank line: no more options)"))
            if name is None:
                if len(options) >= minimum:
                    return options
                self.say(_("A choice needs at least two options. Please add one more."))
                continue
            options.append(self.option_details(name, None, taken))

    def option_details(self, name: str, option: schema.PackOption | None, taken: set[str]) -> dict[str, Any]:
        ident = option.id if option else make_id(name, taken, fallback="option")
        taken.add(ident)
        description = self.text(_("Describe '{name}' in plain, neutral words.").format(name=name), option.description if option else None, required=True)
        pros = self.items(_("The pros of '{name}'").format(name=name), list(option.pros) if option else [])
        cons = self.items(_("The cons of '{name}'").format(name=name), list(option.cons) if option else [])
        return {"id": ident, "name": name, "description": description, "pros": pros, "cons": cons}
