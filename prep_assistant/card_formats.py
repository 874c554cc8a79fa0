"""The formats a card can be made in, declared once.

One row per format: its name (``--format NAME``), the label a patient sees
on a save button, the file extension, the MIME type (for a download in the
browser) and the renderer. The command line, the card screen and
``summary.output`` (``render_bytes``, ``default_filename``, ``save_card``)
all read this table; adding a format is adding a row here and its renderer.

This module sits outside the ``summary`` package on purpose: the command
line builds its ``--format`` choices from this table when it starts, and
importing anything under ``summary`` runs the package face, which loads the
card model and all four renderers. For the same reason the renderers are
named, not imported: ``summary.output`` imports one when a card is made.
Pure data: imports nothing of ours but the no-op ``N_``.
"""

from __future__ import annotations

import msgspec

from prep_assistant.i18n import N_


class CardFormat(msgspec.Struct, frozen=True):
    """One way to make the card."""

    #: On the command line (``--format pdf``) and in the code.
    name: str
    #: What a save button says; marked with ``N_``, translate it with ``_()`` where it is shown.
    label: str
    #: The file name's extension, without the dot.
    extension: str
    mime_type: str
    #: ``"module:function"``; the function takes the card and returns str or bytes.
    renderer: str
    #: The renderer takes ``large_print=`` (the others have one size).
    large_print: bool = False
    #: The renderer returns bytes; the others return text, written as UTF-8.
    binary: bool = False


CARD_FORMATS: tuple[CardFormat, ...] = (
    CardFormat(
        "pdf", N_("Save as PDF"), "pdf", "application/pdf",
        "prep_assistant.summary.render_pdf:render_pdf", large_print=True, binary=True,
    ),
    CardFormat(
        "html", N_("Save as web page"), "html", "text/html",
        "prep_assistant.summary.render_html:render_html", large_print=True,
    ),
    CardFormat(
        "md", N_("Save as Markdown"), "md", "text/markdown",
        "prep_assistant.summary.render_markdown:render_markdown",
    ),
    CardFormat(
        "text", N_("Save as text"), "txt", "text/plain",
        "prep_assistant.summary.render_text:render_text",
    ),
)

#: The names, in the table's order (the command line's ``--format`` choices).
FORMAT_NAMES: tuple[str, ...] = tuple(f.name for f in CARD_FORMATS)

_BY_NAME = {f.name: f for f in CARD_FORMATS}


def card_format(name: str) -> CardFormat | None:
    """The format called ``name``, or None when there is none."""
    return _BY_NAME.get(name)
