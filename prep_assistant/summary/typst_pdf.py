"""Making a PDF with Typst: a template beside this module, data as JSON.

The one place that calls Typst, for the card (``card.typ``) and the
clinician's pack sheet (``pack_sheet.typ``). The data goes in as one JSON
string (``sys.inputs.data``) and the template places each text as a string:
a text from outside the process never becomes Typst markup or code. Only the
font shipped with the package is used (system fonts are ignored, so every
computer makes the same PDF), and every PDF is made to PDF/UA-1 (tagged, for
screen readers) and PDF/A-2a (for archives) at once: measured, the two cost
nothing noticeable (benchmarks/bench_card.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typst

from prep_assistant.summary.fonts import FONT_DIR

TEMPLATES = Path(__file__).resolve().parent
#: The standards every PDF is made to: accessible and archivable.
STANDARDS = ["ua-1", "a-2a"]


class PdfError(RuntimeError):
    """Typst could not make the PDF (a fault of ours, never of the data's text)."""


def compile_pdf(template: str, data: dict[str, Any]) -> bytes:
    """The template ``template`` (a file name beside this module) set with ``data``."""
    path = TEMPLATES / template
    try:
        made = typst.compile(
            path.read_bytes(),
            root=str(TEMPLATES),
            font_paths=[str(FONT_DIR)],
            ignore_system_fonts=True,
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
            pdf_standards=STANDARDS,
            format="pdf",
        )
    except typst.TypstError as exc:
        raise PdfError(f"Typst: {exc.message}") from None
    if not isinstance(made, bytes):  # one document makes one PDF
        raise PdfError("Typst gave no PDF")
    return made
