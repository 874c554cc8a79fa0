"""The application layer: one home for the conversation.

Front ends (the Textual app, plain mode, the commands) use this package and
never the engine's run or the store's answers directly:

- ``opening``: read a saved session back (one translation rule, the pack
  found again), and choose between continuing and starting new;
- ``live``: the live ``Conversation`` (answer, back, go to, language);
- ``read_model``: the conversation read back (answered questions in words,
  the transcript, the stages);
- ``lookback``: a preparation looked at again after the consultation;
- ``before_after``: the part after the consultation beside its preparation;
- ``saved_card``: a saved session opened to make its card.

Answers read as ``prep_assistant.dialogue.wording`` says, everywhere.
"""

from __future__ import annotations

from prep_assistant.conversation.live import Conversation
from prep_assistant.conversation.lookback import LookBack, check_in_lines, lookback_lines
from prep_assistant.conversation.opening import (
    SessionWords,
    StartChoice,
    check_in_words,
    choose_start,
    describe_session,
    dismiss_check_in,
)
from prep_assistant.conversation.read_model import (
    AnsweredQuestion,
    HelperPrompts,
    Stages,
    TranscriptLine,
    for_helper,
    pack_note,
)
from prep_assistant.dialogue.answers import AnswerError
from prep_assistant.dialogue.engine import Given, Turn

__all__ = [
    "AnswerError",
    "AnsweredQuestion",
    "Conversation",
    "Given",
    "HelperPrompts",
    "LookBack",
    "Stages",
    "SessionWords",
    "StartChoice",
    "TranscriptLine",
    "Turn",
    "check_in_lines",
    "check_in_words",
    "choose_start",
    "describe_session",
    "for_helper",
    "dismiss_check_in",
    "lookback_lines",
    "pack_note",
]
