"""What ``import fhir-questionnaire`` reports: a catalogue of codes.

The same shape and format as ``check`` (``file:line:col CODE severity
message``, see ``dialogue/diagnostics.py``), with codes of their own (FH...)
so they never clash with the flow checker's. An error means nothing is
written; a warning names something that did not map and was left out or
changed, never silently.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from prep_assistant.safe_text import show_unsafe

Severity = Literal["error", "warning"]


class Code(msgspec.Struct, frozen=True):
    code: str
    severity: Severity
    title: str


_CODES = [
    Code("FH001", "error", "The file cannot be read"),
    Code("FH002", "error", "The file is not UTF-8 text"),
    Code("FH003", "error", "The file is not JSON"),
    Code("FH004", "error", "The JSON holds something refused (a duplicate key, a number out of range)"),
    Code("FH005", "error", "Nested too deeply"),
    Code("FH006", "error", "Not a FHIR resource"),
    Code("FH007", "error", "Not a Questionnaire"),
    Code("FH008", "error", "Not FHIR R4 (an R5 Questionnaire, say)"),
    Code("FH101", "error", "A linkId is missing or used twice"),
    Code("FH102", "warning", "A linkId or code was changed into an id"),
    Code("FH103", "warning", "An item type that maps only in part"),
    Code("FH104", "warning", "Something that does not map was left out"),
    Code("FH105", "error", "A question whose choices cannot be read"),
    Code("FH106", "warning", "Groups flattened"),
    Code("FH107", "error", "Nothing to import"),
    Code("FH201", "error", "An enableWhen that cannot be read"),
    Code("FH202", "error", "FHIRPath the importer does not understand"),
    Code("FH301", "error", "The flow made from it does not pass check"),
    Code("FH302", "error", "The flow cannot be written"),
]

CATALOGUE: dict[str, Code] = {c.code: c for c in _CODES}


class ImportDiagnostic(msgspec.Struct, frozen=True):
    file: str
    line: int
    column: int
    code: str
    message: str

    def __post_init__(self) -> None:
        CATALOGUE[self.code]  # an unknown code fails here, not in a report

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self) -> str:
        """``file:line:col CODE severity message``, control characters written out."""
        return show_unsafe(f"{self.file}:{self.line}:{self.column} {self.code} {self.severity} {self.message}")
