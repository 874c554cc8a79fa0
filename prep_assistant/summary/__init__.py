"""The gesprekskaart: the card a patient brings to the consultation.

``build_card(run)`` turns a session's answers into a ``Card``;
``build_sections(card)`` lays it out as one ordered list of sections, which
the renderers draw as Markdown, HTML, plain text (for reading aloud) and PDF;
``save_card`` and ``print_card`` write or print it, in a format of the one
table ``CARD_FORMATS`` (``prep_assistant.card_formats``)::

    from prep_assistant.summary import build_card, render_html, save_card
    card = conversation.card()
    path = save_card(card, "pdf")            # gesprekskaart-2026-11-22.pdf

Never imports textual. The PDF renderer sets the card with Typst (``typst``,
a few milliseconds to import), from a template beside it (``card.typ``).
"""

from __future__ import annotations

from prep_assistant.card_formats import CARD_FORMATS, CardFormat, card_format
from prep_assistant.summary.model import Card, OptionView, build_card
from prep_assistant.summary.output import (
    CardError,
    default_filename,
    print_card,
    render_bytes,
    save_card,
)
from prep_assistant.summary.render_html import render_html
from prep_assistant.summary.render_markdown import render_markdown
from prep_assistant.summary.render_pdf import render_pdf
from prep_assistant.summary.render_text import render_text
from prep_assistant.summary.sections import CardSections, build_sections

__all__ = [
    "CARD_FORMATS",
    "Card",
    "CardError",
    "CardFormat",
    "CardSections",
    "OptionView",
    "build_card",
    "build_sections",
    "card_format",
    "default_filename",
    "print_card",
    "render",
    "render_html",
    "render_markdown",
    "render_pdf",
    "render_text",
    "save_card",
]


def render(card: Card, fmt: str, *, large_print: bool = False) -> bytes:
    """The card in ``fmt`` (a name in ``CARD_FORMATS``) as bytes (text as UTF-8)."""
    return render_bytes(card, fmt, large_print=large_print)
