"""The form in which a clinician makes or changes a decision pack (``pack new``, ``pack edit``).

One labelled field for each item of the pack, and a block for each option
(name, description, pros, cons) that can be removed; "Add an option" adds
one. Save reads the fields, asks the one pack writer (``pack_writer``) for
the file's text and what ``check`` says about it, and shows that in plain
words before anything is written: with an error nothing is written; with
only warnings, a second Save writes the pack as it is. The screen writes
through the ``save`` it is given, so a problem (no permission) is said here.

Every text is shown as it is (``literal`` in labels; inputs and text areas
never read markup): a pack's texts come from outside.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Static, TextArea

from prep_assistant import safe_text
from prep_assistant.dialogue import schema
from prep_assistant.dialogue.diagnostics import Diagnostic
from prep_assistant.dialogue.pack_writer import make_id, pack_from_answers, prepared
from prep_assistant.errors import UserError
from prep_assistant.i18n import N_, _
from prep_assistant.ui.common import literal
from prep_assistant.ui.screens.base import BaseScreen
from prep_assistant.ui.widgets.calm_button import calm_button

#: The pack's own fields: (key, label, kind, required). Labels as ``pack new --plain`` asks them.
PACK_FIELDS = (
    ("decision", N_("What is the decision, in the patient's words?"), "line", True),
    ("description", N_("An introduction: what is the decision about? (a few short sentences)"), "text", False),
    ("author", N_("Who wrote this pack? (name)"), "line", True),
    ("author_role", N_("What is the author's role? (for example: family doctor)"), "line", False),
    ("source", N_("Where do the facts come from? (the source, for example a guideline)"), "line", True),
    ("date", N_("On what date was the information written or checked?"), "date", True),
    ("review_date", N_("When must the information be checked again?"), "date", False),
    ("funding", N_("Who paid for this pack, and does the author have any interest in one of the options?"), "line", False),
    ("wait_is_option", N_("Waiting (doing nothing for now) is a sensible option"), "check", False),
    ("wait_reason", N_("Why is waiting a sensible option or not? (optional)"), "line", False),
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class OptionFields(Vertical):
    """One option of the pack: name, description, pros and cons, and a button to remove it."""

    def __init__(self, number: int, option: schema.PackOption | None = None) -> None:
        super().__init__(classes="pack-option")
        self.option = option
        self.number = number

    def compose(self) -> ComposeResult:
        option = self.option
        yield Static(literal(_("Option {number}").format(number=self.number)), classes="pack-option-heading")
        yield Static(literal(_("Name")), classes="pack-label")
        yield Input(option.name if option else "", classes="option-name")
        yield Static(literal(_("Describe it in plain, neutral words.")), classes="pack-label")
        yield TextArea(option.description if option else "", classes="option-description", soft_wrap=True)
        yield Static(literal(_("Pros (one a line)")), classes="pack-label")
        yield TextArea("\n".join(option.pros) if option else "", classes="option-pros", soft_wrap=True)
        yield Static(literal(_("Cons (one a line)")), classes="pack-label")
        yield TextArea("\n".join(option.cons) if option else "", classes="option-cons", soft_wrap=True)
        yield calm_button(literal(_("Remove this option")), classes="remove-option", compact=True)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.query_one(".option-name", Input).value.strip(),
            "description": self.query_one(".option-description", TextArea).text.strip(),
            "pros": _lines(self.query_one(".option-pros", TextArea).text),
            "cons": _lines(self.query_one(".option-cons", TextArea).text),
        }


class PackFormScreen(BaseScreen[bool]):
    CSS_PATH = "pack_form.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="pack.save", tooltip=N_("Check the pack and write it")),
        Binding("escape", "cancel", N_("Cancel"), id="pack.cancel", tooltip=N_("Stop without writing")),
    ]

    def __init__(
        self,
        target: Path,
        pack_id: str,
        start: schema.PackFile | None,
        original: str | None,
        save: Callable[[str], None],
    ) -> None:
        super().__init__()
        self.target = target
        self.pack_id = pack_id
        self.start = start
        self.original = original
        self.save = save
        #: The text whose warnings were shown: a second Save writes it as it is.
        self.warned_text: str | None = None
        self.option_count = 0

    # -- layout -------------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        info = self.start.pack if self.start else None
        with VerticalScroll(id="pack-form"):
            # A file name is text from outside: no escape sequence reaches the terminal.
            shown_file = safe_text.clean(str(self.target))
            yield Static(literal(_("Decision pack: {file}").format(file=shown_file)), id="pack-heading")
            yield Static(literal(_("Write for patients: short sentences, everyday words.")), classes="pack-hint")
            for key, label, kind, required in PACK_FIELDS:
                value = getattr(info, key) if info else None
                shown = _(label) + (" *" if required else "")
                if kind == "check":
                    yield Checkbox(literal(shown), bool(value), id=f"pack-{key}")
                    continue
                yield Static(literal(shown), classes="pack-label")
                if kind == "text":
                    yield TextArea(value or "", id=f"pack-{key}", soft_wrap=True)
                elif kind == "date":
                    if key == "date" and value is None:
                        value = dt.date.today()
                    yield Input(value.isoformat() if value else "", id=f"pack-{key}", placeholder=_("YYYY-MM-DD"))
                else:
                    yield Input(value or "", id=f"pack-{key}")
            yield Static(literal(_("The options")), classes="pack-section")
            with Vertical(id="pack-options"):
                for option in self.start.options if self.start else [None, None]:
                    self.option_count += 1
                    yield OptionFields(self.option_count, option)
            yield calm_button(literal(_("Add an option")), id="add-option", compact=True)
            with Horizontal(id="pack-buttons"):
                yield calm_button(literal(_("Save")), id="save", variant="primary", compact=True)
                yield calm_button(literal(_("Cancel")), id="cancel", compact=True)
        # Below the form, always in sight: what is wrong, or what check remarks.
        with VerticalScroll(id="pack-message-box"):
            yield Static(literal(""), id="pack-message")

    def on_mount(self) -> None:
        self.title = _("Decision pack")
        self.query_one("#pack-message-box").display = False
        self.query_one("#pack-decision", Input).focus()

    # -- actions ---------------------------------------------------------------------------------
    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()
        elif event.button.id == "add-option":
            self.option_count += 1
            block = OptionFields(self.option_count)
            await self.query_one("#pack-options").mount(block)
            block.query_one(".option-name").focus()
        elif event.button.has_class("remove-option"):
            for block in event.button.ancestors:
                if isinstance(block, OptionFields):
                    block.remove()
                    break

    def action_cancel(self) -> None:
        self.app.exit(False)

    def action_save(self) -> None:
        problems, data = self.answers()
        if problems:
            self.say(_("The pack was not written. Please put this right:"), problems)
            return
        try:
            text, diagnostics = prepared(pack_from_answers(data), self.target, self.original)
        except UserError as error:
            self.say(_("The pack was not written. Please put this right:"), [error.message])
            return
        errors = [d for d in diagnostics if d.is_error]
        if errors:
            self.say(_("The pack was not written. The check finds these problems:"), [_plain(d) for d in errors])
            return
        if diagnostics and text != self.warned_text:
            self.warned_text = text
            self.say(
                _("The check has these remarks. Press Save again to write the pack as it is, or change it first."),
                [_plain(d) for d in diagnostics],
            )
            return
        try:
            self.save(text)
        except (OSError, UserError) as error:
            reason = getattr(error, "message", None) or getattr(error, "strerror", None) or str(error)
            self.say(_("The pack could not be written: {reason}").format(reason=reason), [])
            return
        self.app.exit(True)

    # -- reading the fields ----------------------------------------------------------------------
    def answers(self) -> tuple[list[str], dict[str, Any]]:
        """The problems a field shows by itself (empty, not a date), and the pack's data."""
        problems: list[str] = []
        info: dict[str, Any] = {"id": self.start.pack.id if self.start else self.pack_id}
        for key, label, kind, required in PACK_FIELDS:
            widget = self.query_one(f"#pack-{key}")
            if kind == "check":
                info[key] = widget.value
                continue
            raw = (widget.text if isinstance(widget, TextArea) else widget.value).strip()
            if not raw:
                if required:
                    problems.append(_("Please fill in: {question}").format(question=_(label)))
                continue
            if kind == "date":
                try:
                    info[key] = dt.date.fromisoformat(raw)
                except ValueError:
                    problems.append(_("{question}: '{value}' is not a date. Please type it as YYYY-MM-DD, "
                                      "for example 2027-01-31.").format(question=_(label), value=raw))
                continue
            info[key] = raw
        info["flow"] = (self.start.pack.flow if self.start else None) or "voorbereiding"
        options = self.options(problems)
        minimum = 1 if info["wait_is_option"] else 2
        if len(options) < minimum:
            problems.append(_("A choice needs at least two options. Please add one more."))
        return problems, {"format": schema.FORMAT_VERSION, "pack": info, "options": options}

    def options(self, problems: list[str]) -> list[dict[str, Any]]:
        options: list[dict[str, Any]] = []
        taken: set[str] = set()
        blocks = list(self.query(OptionFields))
        for block in blocks:
            if block.option:
                taken.add(block.option.id)
        for block in blocks:
            number = block.number
            values = block.values()
            if not any(values.values()):
                continue  # an empty block is no option
            if not values["name"]:
                problems.append(_("Option {number}: please give it a name.").format(number=number))
            if not values["description"]:
                problems.append(_("Option {number}: please describe it.").format(number=number))
            ident = block.option.id if block.option else make_id(values["name"], taken, fallback="option")
            taken.add(ident)
            options.append({"id": ident, **values})
        return options

    def say(self, heading: str, lines: list[str]) -> None:
        note = self.query_one("#pack-message", Static)
        note.update(literal("\n".join([heading, *("- " + line for line in lines)])))
        box = self.query_one("#pack-message-box", VerticalScroll)
        box.display = True
        box.scroll_home(animate=False)


def _plain(diagnostic: Diagnostic) -> str:
    """A check remark in words: the message and its fix, without the file position."""
    text = diagnostic.message
    if diagnostic.hint:
        text += f" ({diagnostic.hint})"
    return f"{text} [{diagnostic.code}]"
