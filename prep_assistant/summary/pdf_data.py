"""The card's sections as plain data for the PDF template (``card.typ``).

The Typst template never sees a patient's text as markup: everything here
becomes one JSON document, passed to Typst as ``sys.inputs`` (``typst_pdf``) and read there
with ``json()``; the template places each text as a string, which Typst sets
as text and never parses. This module only turns block kinds into
dictionaries (and each text into what the font can show, ``Fit``); it does
not know which section is which.

The order of the page is decided here too, as it was by the old renderer:
sections with a column stand side by side as one band; sections that are
only writing space go last, above the small print.
"""

from __future__ import annotations

from typing import Any

import msgspec

from prep_assistant.summary.model import MAX_WEIGHT
from prep_assistant.summary.pdf_glyphs import Fit
from prep_assistant.summary.sections import (
    Block,
    CardSections,
    Entries,
    Facts,
    Items,
    Line,
    Note,
    OptionsTable,
    Ranked,
    Section,
    WritingSpace,
)


class Style(msgspec.Struct, frozen=True):
    """Sizes in points (``ruled_gap`` in mm); ``columns``: side by side and the options table."""

    body: float
    small: float
    heading: float
    decision: float
    kicker: float
    ruled_gap: float
    columns: bool


NORMAL = Style(body=9.5, small=7.5, heading=11.5, decision=20, kicker=8.5, ruled_gap=7.0, columns=True)
#: Large print: nothing under 16 pt (the README's promise), one column.
LARGE = Style(body=16, small=16, heading=20, decision=28, kicker=16, ruled_gap=11.0, columns=False)


class _Builder:
    def __init__(self, sheet: CardSections, fit: Fit) -> None:
        self.sheet = sheet
        self.fit = fit
        self.count = 0

    def texts(self, texts: tuple[str, ...]) -> list[str]:
        return [self.fit(t) for t in texts]

    def maybe(self, text: str | None) -> str | None:
        return None if text is None else self.fit(text)

    def block(self, block: Block) -> dict[str, Any]:
        fit = self.fit
        if isinstance(block, Facts):
            return {"kind": "facts", "facts": [[fit(f.label), fit(f.value)] for f in block.facts]}
        if isinstance(block, Items):
            return {"kind": "items", "heading": self.maybe(block.heading), "texts": self.texts(block.texts)}
        if isinstance(block, Ranked):
            return {
                "kind": "ranked",
                "top_heading": fit(block.top_heading),
                "top": self.texts(block.top),
                "more_heading": self.maybe(block.more_heading),
                "more": self.texts(block.more),
                "tick": block.tick,
            }
        if isinstance(block, Entries):
            return {
                "kind": "entries",
                "entries": [{"label": fit(e.label), "texts": self.texts(tuple(e.texts))} for e in block.entries],
                "compact": block.compact,
            }
        if isinstance(block, OptionsTable):
            return self.options(block)
        if isinstance(block, Line):
            return {"kind": "line", "text": fit(block.text), "answered": block.answered}
        if isinstance(block, Note):
            return {"kind": "note", "text": fit(block.text)}
        if isinstance(block, WritingSpace):
            return {"kind": "writing"}
        raise TypeError(f"no PDF for {type(block).__name__}")

    def weight(self, table: OptionsTable, n: int | None) -> dict[str, Any] | None:
        return None if n is None else {"n": n, "max": MAX_WEIGHT, "words": self.fit(table.weight(n))}

    def options(self, table: OptionsTable) -> dict[str, Any]:
        rows = []
        for row in table.rows:
            sides = [
                {
                    "heading": self.fit(side.heading),
                    "weight": self.weight(table, side.weight),
                    "items": [{"text": self.fit(text), "weight": self.weight(table, own)} for text, own in side.items],
                }
                for side in row.sides
            ]
            rows.append({
                "name": self.fit(row.name),
                "empty": row.empty,
                "sides": sides,
                "touches": self.texts(row.touches),
            })
        return {
            "kind": "options",
            "columns": self.texts(table.columns),
            "touches_heading": self.fit(table.touches_heading),
            "nothing_noted": self.fit(table.nothing_noted),
            "rows": rows,
        }

    def section(self, section: Section) -> dict[str, Any]:
        self.count += 1
        return {
            "id": self.count,  # pairs a section's start with its end (a heading "(continued)")
            "heading": self.fit(section.heading),
            "intro": self.maybe(section.intro),
            "blocks": [self.block(b) for b in section.body],
        }

    def parts(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(what flows down the page in order, the writing space for the end)."""
        parts: list[dict[str, Any]] = []
        writing: list[dict[str, Any]] = []
        band: dict[str, list[dict[str, Any]]] | None = None
        for section in self.sheet.sections:
            if section.column is not None:
                if band is None:
                    band = {"left": [], "right": []}
                    parts.append({"band": band})
                band[section.column].append(self.section(section))
                continue
            band = None
            if all(isinstance(block, WritingSpace) for block in section.body):
                writing.append(self.section(section))
            else:
                parts.append({"section": self.section(section)})
        return parts, writing


def typst_language(language: str) -> str:
    """``nl_NL``, ``en-GB`` -> ``nl``, ``en``: Typst takes a two or three letter code."""
    code = language.replace("-", "_").split("_")[0].lower()
    return code if code.isascii() and code.isalpha() and 2 <= len(code) <= 3 else "nl"


def card_data(sheet: CardSections, style: Style, fit: Fit, *, replaced_note: str | None) -> dict[str, Any]:
    """The card as one JSON-ready dictionary for ``card.typ``.

    ``replaced_note`` is the line that says some characters were replaced;
    it is added to the small print only when ``fit`` replaced any.
    """
    builder = _Builder(sheet, fit)
    header = sheet.header
    parts, writing = builder.parts()
    running = header.title
    if header.decision:
        short = " ".join(header.decision.split())
        running = f"{header.title} \u2013 {short[:90]}{'…' if len(short) > 90 else ''}"
    data: dict[str, Any] = {
        "lang": typst_language(sheet.language),
        "style": msgspec.structs.asdict(style),
        "header": {
            "title": fit(header.title),
            "made_on": fit(header.made_on),
            "decision_label": fit(header.decision_label),
            "decision": fit(header.decision_shown),
            "facts": builder.block(header.facts)["facts"],
            "running": fit(running),
        },
        "parts": parts,
        "writing": writing,
    }
    # The words the template adds itself; Typst fills in {heading}, {page} and {pages}.
    data["words"] = {
        "continued": fit(sheet.labels.continued),
        "page": fit(sheet.labels.page),
    }
    about = fit(" ".join(sheet.footer.about))
    details = [fit(line) for line in sheet.footer.details]
    # Last, when every text has been fitted: did any lose a character?
    if fit.replaced and replaced_note:
        details.append(fit(replaced_note))
    data["footer"] = [p for p in (about, " ".join(details)) if p]
    return data


