"""The card as an A4 PDF: tagged (PDF/UA-1) and archivable (PDF/A-2a), set by Typst.

What the card shows, and in which order, is decided by the section builder
(``sections.py``); ``pdf_data`` turns the sections into one JSON document and
``card.typ`` (a Typst template beside this module) draws each kind of block.
Typst is a compiled typesetter with a Python binding (``typst`` on PyPI):
a card takes a few hundredths of a second, hyphenates Dutch and English,
shapes Arabic and Hebrew, repeats a table's header on a new page and writes
the structure tree a screen reader needs.

A patient's text never becomes markup: it reaches Typst as data
(``sys.inputs``) and is placed as a string. The font is the one shipped with
the package (``fonts.py``); system fonts are ignored, so every computer makes
the same card. A character the font lacks is replaced and the card says so.

``typst_pdf`` calls Typst: every PDF is made to PDF/UA-1 and PDF/A-2a at
once (measured, the two standards together cost nothing noticeable).
"""

from __future__ import annotations

from prep_assistant.summary.fonts import coverage
from prep_assistant.summary.model import Card
from prep_assistant.summary.pdf_data import LARGE, NORMAL, card_data
from prep_assistant.summary.pdf_glyphs import Fit
from prep_assistant.summary.sections import CardSections, build_sections
from prep_assistant.summary.typst_pdf import PdfError, compile_pdf

__all__ = ["PdfError", "render_pdf", "render_sections_pdf"]


def render_sections_pdf(sheet: CardSections, *, large_print: bool = False) -> bytes:
    """The sections as PDF bytes (A4)."""
    fit = Fit(coverage())
    data = card_data(sheet, LARGE if large_print else NORMAL, fit, replaced_note=sheet.labels.glyphs_replaced)
    return compile_pdf("card.typ", data)


def render_pdf(card: Card, *, large_print: bool = False) -> bytes:
    """The card as PDF bytes (A4)."""
    return render_sections_pdf(build_sections(card), large_print=large_print)
