"""The one base class of every error a person may see.

A ``UserError`` carries a ``message`` written for the person in front of the
screen (a patient, a volunteer, an author): what went wrong and what to do.
Front ends catch ``UserError`` once and show ``.message``; anything else is a
bug and may show a traceback in tests only.

No imports: every layer may use this module.
"""

from __future__ import annotations


class UserError(Exception):
    """An error whose ``message`` is meant to be shown as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
