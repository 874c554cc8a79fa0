"""Diagnostics: what ``check`` reports, with a catalogue of codes.

Every problem has a stable code, a severity and a one-line fix, in the manner
of Yarn Spinner's diagnostics. Codes never change meaning; new problems get
new codes. The README's table is generated from ``CATALOGUE``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import msgspec

from prep_assistant.guarded_read import safe_resolve
from prep_assistant.safe_text import show_unsafe

Severity = Literal["error", "warning"]


class Code(msgspec.Struct, frozen=True):
    code: str
    severity: Severity
    title: str
    fix: str


_CODES = [
    # Reading the file
    Code("PA001", "error", "The file cannot be read", "Check that the path exists and is a file."),
    Code("PA002", "error", "The file is not UTF-8 text", "Save the file as UTF-8 text."),
    Code("PA003", "error", "The file is too large", "Split it: a flow or pack is at most 2 MB."),
    Code("PA004", "error", "TOML syntax error", "Fix the line shown; quotes and brackets must be closed."),
    Code("PA005", "error", "The file is empty", "Add a [flow] or a [pack] table."),
    Code("PA006", "error", "Not a flow or a pack", "A flow has a [flow] table, a pack a [pack] table."),
    Code("PA007", "error", "Nested too deeply", "Use flat lists of nodes; no array or table needs more than a few levels."),
    Code("PA008", "warning", "Control characters or bidi overrides in a text",
         "Remove them (escape sequences, \\u001b, \\u202e ...); the app removes them before showing the text."),
    Code("PA009", "warning", "A file in the folder was skipped", "Give flows and packs as regular .toml files (not pipes, devices or link loops)."),
    # Shape of the data
    Code("PA101", "error", "Unknown key", "Remove the key or correct its spelling."),
    Code("PA102", "error", "Missing key", "Add the key; it is required here."),
    Code("PA103", "error", "Wrong value", "Give a value of the type shown."),
    Code("PA104", "error", "Unknown node kind", "Use one of the node kinds listed in the hint."),
    Code("PA105", "error", "Duplicate id", "Give every node (or choice, step, option) its own id."),
    # References and paths
    Code("PA201", "error", "Reference to an unknown node", "Point to an existing node id, or 'end'."),
    Code("PA202", "warning", "Unreachable node", "Point a 'next' to it, or remove it."),
    Code("PA203", "error", "A loop with no way out", "Give one node in the loop a 'next' that leaves it."),
    Code("PA204", "warning", "A node may have nowhere to go", "End its 'next' rules with one that has no 'when'."),
    Code("PA205", "error", "for_each over something that is not a list", "Point 'over' to a text_list, multiple_choice or ranking node."),
    Code("PA206", "error", "Loop body problem", "A body node belongs to one for_each, has no 'next', and is not a for_each itself."),
    Code("PA207", "error", "Unknown step", "Use a step id declared under [[steps]]."),
    Code("PA208", "error", "A choice question without items", "Give it 'choices' (a single choice at least two) or 'items_from'."),
    Code("PA209", "error", "A repeat_while problem",
         "Name a yes_no question placed right after the repeated question, outside any for_each, without a 'when'."),
    # Conditions and placeholders
    Code("PA301", "error", "Condition syntax error", "Fix the condition at the column shown."),
    Code("PA302", "error", "Unknown name in a condition", "Use the id of a node that has an answer, or a for_each name."),
    Code("PA303", "error", "Unknown function or wrong number of arguments",
         "Use answered(x), count(x, ...), count_true(x, ...), selected(x, 'id') or has_pack()."),
    Code("PA304", "error", "Unknown placeholder", "Use {id} of a node with an answer, or the for_each name; write {{ for a brace."),
    Code("PA305", "warning", "Condition names a later answer", "A condition can only use answers given before it."),
    Code("PA306", "error", "A comparison that does not fit the answer's type",
         "Compare a yes_no with true or false, a rating with a number, a list with 'in' or selected()."),
    Code("PA307", "error", "Not a choice id (perhaps a label)", "Compare with the choice's id, not its label; the hint names it."),
    Code("PA308", "warning", "A branch that can never run", "Fix the condition that can never hold, or remove the node or rule."),
    # Packs
    Code("PA401", "warning", "The pack does not say whether waiting is an option", "Add wait_is_option = true or false to [pack]."),
    Code("PA402", "warning", "Options are described with unequal detail", "Describe every option at about the same length, with pros and cons for each."),
    Code("PA403", "warning", "Waiting is ruled out without a reason", "Add wait_reason to [pack]."),
    # Packs: decision-aid quality (IPDAS items a pack can meet; see pack_quality.py)
    Code("PA404", "error", "Fewer than two options", "Give at least two options, or set wait_is_option = true so waiting is the second."),
    Code("PA405", "warning", "An option has no pros or no cons", "Give every option at least one pro and one con."),
    Code("PA406", "warning", "The pack has no review date", "Add review_date = YYYY-MM-DD to [pack]: when the information must be checked again."),
    Code("PA407", "warning", "The review date has passed", "Check the information against the source again, then set a new review_date and date."),
    Code("PA408", "warning", "The author's role is missing", "Add author_role to [pack], e.g. \"huisarts\" or \"orthopedisch chirurg\"."),
    Code("PA409", "warning", "No statement on funding and conflicts of interest", "Add funding to [pack]: who paid for the pack, and any conflict of interest (or that there is none)."),
    Code("PA410", "warning", "A sentence is too long for B1", "Split it into sentences of at most 20 words (15 is the aim)."),
    Code("PA411", "warning", "A very long word", "Use an everyday word of at most 20 letters, or explain the term in a short sentence."),
    Code("PA412", "warning", "The pack's flow is unknown", "Set flow to the id of a shipped flow, or check the pack together with its flow file."),
    Code("PA413", "warning", "The dates do not fit", "The date is not in the future, and the review date comes after it."),
    # Examples
    Code("PA501", "error", "An example transcript does not replay", "Correct its answers or its expected path."),
    Code("PA502", "warning", "The examples were not replayed", "Fix the errors reported; the next check replays the examples."),
    # Translations
    Code("PA601", "warning", "Missing translation", "Translate the entry in the language's .po file."),
    Code("PA602", "error", "A translation changes a {placeholder}", "Use exactly the placeholders of the source text."),
    Code("PA603", "warning", "Fuzzy translation", "Review the entry and remove the fuzzy flag."),
    Code("PA604", "warning", "The catalog is out of date", "Run the update command in the README."),
    Code("PA605", "error", "A catalog cannot be read", "Fix or restore the .po file."),
    # Compiled copies of the shipped flows
    Code("PA701", "warning", "The compiled copy of a shipped flow is out of date",
         "Run python -m prep_assistant.dialogue.compiled (until then the app validates the flow at start-up)."),
    # The card's declared sections
    Code("PA801", "error", "A card section names an unknown node", "Use the id of a node in this flow (see the hint)."),
    Code("PA802", "error", "A card section shows no answers", "List the node ids whose answers it shows under 'answers'."),
    Code("PA803", "error", "The how does not fit the answer", "Use a how that fits the node's kind, or another node (see the hint)."),
    Code("PA804", "error", "A card section needs a how or parts", "Give the section either 'how' and 'answers', or [[card.parts]]; not both."),
    Code("PA805", "warning", "Card tags are not used", "Remove 'card' from the nodes: a flow with [[card]] sections places answers by those."),
    Code("PA806", "error", "A role that does not fit its node", "Each role fits some kinds of question (the README's table of roles): move the role to such a node, or remove it."),
    Code("PA807", "error", "A role given to two nodes", "The program reads one decision, one list of options and one leaning: keep the role on one node."),
    # Workshop statements (counted for a facilitator; see web/tally.py)
    Code("PA901", "error", "A statement must be a single choice",
         "Give the node kind = \"single_choice\" and fixed choices (for example eens ... oneens), or remove statement = true."),
    Code("PA902", "error", "A statement inside a for_each",
         "Move the statement out of the for_each body: a statement is asked once, so its answers can be counted."),
    Code("PA903", "warning", "Statements with different choices",
         "Give all statements of a flow the same scale, so a facilitator can compare them."),
]

CATALOGUE: dict[str, Code] = {c.code: c for c in _CODES}


class Diagnostic(msgspec.Struct, frozen=True):
    file: str
    line: int
    column: int
    code: str
    message: str
    hint: str | None = None

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self) -> str:
        """``file:line:col CODE severity message (hint)``, control characters written out."""
        text = f"{self.file}:{self.line}:{self.column} {self.code} {self.severity} {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return show_unsafe(text)

    def as_dict(self) -> dict[str, object]:
        data = {
            key: show_unsafe(value) if isinstance(value, str) else value
            for key, value in msgspec.structs.asdict(self).items()
        }
        data["severity"] = self.severity
        data["fix"] = CATALOGUE[self.code].fix
        return data


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file, d.line, d.column, d.code)


def display_path(path: Path) -> str:
    """A file as a diagnostic names it: relative to the working directory when
    inside it, shorter to read.

    A file name is text from outside too: control characters in it are
    written out, so a terminal shows them instead of obeying them."""
    try:
        shown = str(safe_resolve(path).relative_to(safe_resolve(Path.cwd())))
    except (ValueError, OSError):
        shown = str(path)
    return show_unsafe(shown)
