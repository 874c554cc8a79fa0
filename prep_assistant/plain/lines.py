"""Reading one typed line in plain mode, with line editing at a terminal.

At a terminal, ``input()`` with Python's readline module (where this Python
has it) gives screen-reader and braille users what any shell gives them: the
arrow keys move in the line, Backspace edits it, Up brings back an earlier
line. Without it the terminal echoes arrow keys as ``^[[D``. From a pipe or a
file, lines are read as they come: nothing is echoed and no escape sequence
can reach the output.
"""

from __future__ import annotations

import sys
from typing import TextIO

try:
    # Importing readline is what gives input() its line editing and history.
    import readline  # noqa: F401
except ImportError:  # pragma: no cover - Windows, or a Python built without it
    readline = None  # type: ignore[assignment]

#: What a character that is not UTF-8 becomes (errors="replace").
UNREADABLE = "\ufffd"


class LineReader:
    """One line at a time from ``stdin``; None when the input has ended."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin = stdin
        self.stdout = stdout

    @property
    def edits_lines(self) -> bool:
        """input() is used: the process's own terminal, both ways."""
        return self.stdin is sys.stdin and self.stdout is sys.stdout and _is_terminal(self.stdin)

    def read(self) -> str | None:
        if self.edits_lines:
            try:
                return input()
            except EOFError:
                return None
            except UnicodeDecodeError:
                return UNREADABLE
        try:
            line = self.stdin.readline()
        except UnicodeDecodeError:  # a stream that could not be reconfigured
            line = UNREADABLE + "\n"
        if not line:
            return None
        return line.rstrip("\r\n")


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):  # closed, or not a real file
        return False
