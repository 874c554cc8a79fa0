"""The clinician's companion to a decision pack: one page to hand over with it.

It says how the patient uses the pack, how long that takes, and how to use
the patient's card in the consultation; then what is in this pack. Neutral
words of our own, and no medical facts: the only facts are the pack's own
(its decision, option names, author, dates, source, funding), each cleaned
and bounded so that a pack with hostile or very long texts still makes one
readable page.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from prep_assistant import i18n
from prep_assistant.dialogue.answers import clean_text
from prep_assistant.summary.fonts import coverage
from prep_assistant.summary.pdf_data import typst_language
from prep_assistant.summary.pdf_glyphs import Fit
from prep_assistant.summary.typst_pdf import compile_pdf

#: A pack text longer than this is cut on the sheet (the pack itself keeps it).
MAX_SHOWN = 300


class SheetLine(msgspec.Struct, frozen=True):
    kind: Literal["title", "heading", "text", "item"]
    text: str


def _shown(text: str) -> str:
    text = clean_text(str(text), multiline=False)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "\u2026"


def sheet_lines(pack) -> list[SheetLine]:
    """The sheet's content in the current language, in reading order."""
    _ = i18n._
    info = pack.pack
    lines = [
        SheetLine("title", _("Decision pack: {decision}").format(decision=_shown(info.decision))),
        SheetLine("text", _("For the care provider who hands out this pack.")),
        SheetLine("heading", _("What the patient does with it")),
        SheetLine("text", _(
            "The patient prepares the consultation with prep-assistant, a program on their own computer. "
            "The pack puts the decision and the options in it, with your descriptions, pros and cons. "
            "The patient adds what matters to them, their questions, and their own pros and cons."
        )),
        SheetLine("heading", _("How the patient opens the pack")),
        SheetLine("text", _(
            "Give the pack file by e-mail or on a USB stick. The patient starts the program with: "
            "prep-assistant --pack FILE. The answers stay on the patient's computer; nothing is sent."
        )),
        SheetLine("heading", _("How long it takes")),
        SheetLine("text", _(
            "The patient answers short questions, one at a time. "
            "They can stop at any moment and go on later, so they can spread it over a few days."
        )),
        SheetLine("heading", _("Using the patient's card in the consultation")),
        SheetLine("item", _("Start from the patient's three most important questions.")),
        SheetLine("item", _("Ask about what matters most to them in daily life; it is on the card.")),
        SheetLine("item", _("Look at the pros and cons they wrote for each option, and how much each weighs for them.")),
        SheetLine("item", _("The card shows your pack's words apart from the patient's own words.")),
        SheetLine("item", _("If the card says they are not ready to decide, talk about what they still need.")),
        SheetLine("heading", _("In this pack")),
    ]
    for option in pack.options:
        lines.append(SheetLine("item", _shown(option.name)))
    author = _shown(info.author) + (", " + _shown(info.author_role) if info.author_role else "")
    facts = [
        (_("Written by"), author),
        (_("Date of the information"), i18n.format_date(info.date)),
        (_("Check again by"), i18n.format_date(info.review_date) if info.review_date else _("not given")),
        (_("Source"), _shown(info.source)),
        (_("Funding and interests"), _shown(info.funding) if info.funding else _("not given")),
        (_("Pack id"), _shown(info.id)),
    ]
    lines.extend(SheetLine("text", f"{label}: {value}") for label, value in facts)
    lines.append(SheetLine("text", _(
        "This sheet gives no medical advice. The facts in the pack come from the source named above."
    )))
    return lines


def render_sheet_pdf(pack) -> bytes:
    """The sheet as PDF bytes (A4), tagged like the card (``pack_sheet.typ``)."""
    lines = sheet_lines(pack)
    fit = Fit(coverage())
    title = next(line.text for line in lines if line.kind == "title")
    # Runs of lines of one kind: a list's items stay one list.
    groups: list[dict[str, object]] = []
    for line in lines:
        if line.kind == "title":
            continue
        kind = {"item": "items", "heading": "heading"}.get(line.kind, "text")
        if groups and groups[-1]["kind"] == kind and kind != "heading":
            groups[-1]["texts"].append(fit(line.text))  # type: ignore[union-attr]
        else:
            groups.append({"kind": kind, "texts": [fit(line.text)]})
    data = {"title": fit(title), "lang": typst_language(i18n.current_language()), "groups": groups}
    return compile_pdf("pack_sheet.typ", data)
