"""The one rule for text from outside the process on its way to a screen or file.

Flows, packs, imported sessions, stored answers and file names may carry
characters that a terminal obeys instead of showing: escape sequences (a new
window title, the clipboard written through OSC 52, a cleared screen), other
C0 and C1 control characters, and bidi overrides that reorder the text
around them (our own words included). The rule:

- whole escape sequences (CSI, OSC, DCS and the like, in their 7-bit and
  8-bit forms) are removed, then every remaining C0 control except newline
  and tab, DEL, every C1 control, and the bidi embeddings, overrides and
  isolates (U+202A-U+202E, U+2066-U+2069) are removed;
- a letter carries at most ``MAX_MARKS`` combining marks: more is a
  "combining storm" that costs a renderer time for every mark times every
  other mark, and no script needs it.

``clean`` applies the rule; ``has_unsafe`` says whether it would change
anything (``check`` reports such texts); ``show_unsafe`` makes the characters
visible instead, for a file name a person must still recognise.

No imports beyond the standard library: every layer may use it.
"""

from __future__ import annotations

import re
import unicodedata

#: Combining marks kept on one base character. Vietnamese stacks two,
#: Hebrew with cantillation and Indic scripts three or four.
MAX_MARKS = 8

_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clearing
    r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, ...: title, clipboard
    r"|\x1b[ -/]*[0-~]?"  # any other escape
)
_UNSAFE_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_ANYWHERE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Any run of MAX_MARKS + 1 or more characters that may be combining marks;
# the exact check (category Mn/Me/Mc) runs only on such runs.
_MARK_RUN = re.compile(r"[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f"
                       r"\u0670\u06d6-\u06ed\u0900-\u0dff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
                       r"\ufe20-\ufe2f\U0001d165-\U0001d1ad]{%d,}" % (MAX_MARKS + 1))


def clean(text: str) -> str:
    """``text`` with escape sequences, control characters and bidi overrides removed,
    and combining marks capped; newlines and tabs stay."""
    if _UNSAFE_ANYWHERE.search(text) is not None:
        text = _ESCAPE_SEQUENCE.sub("", text)
        text = _UNSAFE_CHARACTER.sub("", text)
    if _MARK_RUN.search(text) is not None:
        text = _MARK_RUN.sub(_cap_marks, text)
    return text


def has_unsafe(text: str) -> bool:
    """Whether ``clean`` would remove a control character or bidi override."""
    return _UNSAFE_ANYWHERE.search(text) is not None


def show_unsafe(text: str) -> str:
    """``text`` with each unsafe character written out (``\\x1b``, ``\\u202e``) instead of removed."""
    if not has_unsafe(text):
        return text
    return _UNSAFE_CHARACTER.sub(_written_out, text)


def _written_out(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _cap_marks(match: re.Match[str]) -> str:
    kept: list[str] = []
    marks = 0
    for char in match.group():
        if unicodedata.category(char) in ("Mn", "Me"):
            marks += 1
            if marks > MAX_MARKS:
                continue
        else:
            marks = 0
        kept.append(char)
    return "".join(kept)
