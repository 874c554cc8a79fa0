"""What can go wrong with stored sessions, in words a patient can act on."""

from __future__ import annotations

from prep_assistant.errors import UserError
from prep_assistant.i18n import _

__all__ = ["SessionInUse", "StoreError", "UnknownSession", "_"]


class StoreError(UserError):
    """The store cannot do what was asked; ``message`` says why and what to do.

    The message is meant to be shown as it is: no traceback, no SQL.
    """


class SessionInUse(StoreError):
    """Another prep-assistant (window, terminal) has this session open."""

    def __init__(self, message: str, session_id: str) -> None:
        super().__init__(message)
        self.session_id = session_id


class UnknownSession(StoreError):
    """No session has this id."""

    def __init__(self, message: str, session_id: str) -> None:
        super().__init__(message)
        self.session_id = session_id
