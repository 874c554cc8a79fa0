"""The gesprekskaart: the card a patient brings to the consultation.

``build_card(run)`` turns a session's answers into a ``Card``; the renderers
make Markdown, HTML, plain text (for reading aloud) and PDF of it;
``save_card`` and ``print_card`` write or print it::

    from prep_assistant.summary import build_card, render_html, save_card
    card = conversation.card()
    path = save_card(card, "pdf")            # gesprekskaart-2026-11-22.pdf

Never imports textual. fpdf2 is imported only inside the PDF renderer, when
a PDF is made.
"""

from __future__ import annotations

from prep_assistant.summary.model import Card, OptionView, build_card
from prep_assistant.summary.output import (
    FORMATS,
    CardError,
    default_filename,
    print_card,
    save_card,
)
from prep_assistant.summary.render_html import render_html
from prep_assistant.summary.render_markdown import render_markdown
from prep_assistant.summary.render_pdf import render_pdf
from prep_assistant.summary.render_text import render_text

__all__ = [
    "FORMATS",
    "Card",
    "CardError",
    "OptionView",
    "build_card",
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
    """The card in ``fmt`` (md, html, text, pdf) as bytes (text as UTF-8)."""
    from prep_assistant.summary.output import render_bytes

    return render_bytes(card, fmt, large_print=large_print)
