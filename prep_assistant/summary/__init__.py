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

The four renderers load when they are first named (``summary.render_html``,
or through ``CARD_FORMATS``, which names them as data): whoever imports the
card model (the command line, the app) loads only the renderer it uses.
``summary --format md`` spent a tenth of its time importing the PDF, HTML
and text renderers it never called (``python -X importtime``).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from prep_assistant.card_formats import CARD_FORMATS, CardFormat, card_format
from prep_assistant.summary.model import Card, OptionView, build_card
from prep_assistant.summary.output import (
    CardError,
    default_filename,
    print_card,
    render_bytes,
    save_card,
)
from prep_assistant.summary.sections import CardSections, build_sections

if TYPE_CHECKING:  # pragma: no cover  (for readers and type checkers; see __getattr__)
    from prep_assistant.summary.render_html import render_html
    from prep_assistant.summary.render_markdown import render_markdown
    from prep_assistant.summary.render_pdf import render_pdf
    from prep_assistant.summary.render_text import render_text

#: Renderer name -> its module, loaded on first use (PEP 562).
_RENDERERS = {
    "render_html": "prep_assistant.summary.render_html",
    "render_markdown": "prep_assistant.summary.render_markdown",
    "render_pdf": "prep_assistant.summary.render_pdf",
    "render_text": "prep_assistant.summary.render_text",
}

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


def __getattr__(name: str) -> Any:
    module = _RENDERERS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    importlib.import_module(module)  # _Face below puts the function in place
    return globals()[name]


class _Face(types.ModuleType):
    """This package, where ``render_html`` and the others stay the functions.

    Importing a submodule sets it as an attribute of its package, and each
    renderer's module has its function's name: once ``output`` has imported
    one by name, ``summary.render_text`` would be the module, not the
    function. (Eager imports hid that by binding the function afterwards.)
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _RENDERERS and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Face
