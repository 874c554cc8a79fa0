"""Source locations for the keys of a TOML file.

tomllib gives values, not where they stand. Diagnostics must point authors at
a line and column, so this module scans the text once and maps each key path
(``("nodes", 3, "next")``) to the line and column of the key. It follows
``[table]`` and ``[[array]]`` headers and ``key = value`` lines, skips over
strings (multi-line ones too) and records, inside inline tables and arrays
written over several lines, the keys of each element.

It never decides whether the file is valid: tomllib does that. For a path it
has not seen it answers with the nearest enclosing one it has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Path = tuple[object, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


@dataclass
class Locations:
    """Key path -> (line, column), both counted from 1."""

    spots: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def find(self, path: Path) -> tuple[int, int]:
        """The location of ``path``, or of its nearest known ancestor."""
        path = tuple(path)
        while path:
            spot = self.spots.get(path)
            if spot is not None:
                return spot
            path = path[:-1]
        return (1, 1)


def scan(text: str) -> Locations:
    return _Scanner(text).run()


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.spots: dict[Path, tuple[int, int]] = {}
        self.array_counts: dict[Path, int] = {}

    # -- low level -------------------------------------------------------
    def col(self) -> int:
        return self.pos - self.line_start + 1

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def advance(self, n: int = 1) -> None:
        for _ in range(n):
            if self.pos >= len(self.text):
                return
            if self.text[self.pos] == "\n":
                self.line += 1
                self.line_start = self.pos + 1
            self.pos += 1

    def skip_space(self, newlines: bool) -> None:
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch in " \t\r" or (newlines and ch == "\n"):
                self.advance()
            elif ch == "#":
                while self.pos < len(self.text) and self.text[self.pos] != "\n":
                    self.advance()
            else:
                return

    def skip_line(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] != "\n":
            if self.text[self.pos] in "\"'":
                self.read_string()
            else:
                self.advance()
        self.advance()

    def read_string(self) -> str:
        quote = self.peek()
        if self.peek(3) == quote * 3:
            self.advance(3)
            start = self.pos
            while self.pos < len(self.text) and self.peek(3) != quote * 3:
                if quote == '"' and self.peek() == "\\":
                    self.advance()
                self.advance()
            value = self.text[start : self.pos]
            self.advance(3)
            while self.peek() == quote:  # up to two quotes may close the string
                self.advance()
            return value
        self.advance()
        start = self.pos
        while self.pos < len(self.text) and self.peek() not in (quote, "\n"):
            if quote == '"' and self.peek() == "\\":
                self.advance()
            self.advance()
        value = self.text[start : self.pos]
        self.advance()
        return value

    def read_key(self) -> list[str] | None:
        """A dotted key; None if there is none here."""
        parts: list[str] = []
        while True:
            self.skip_space(newlines=False)
            ch = self.peek()
            if ch in ("\"", "'"):
                parts.append(self.read_string())
            else:
                match = _BARE_KEY.match(self.text, self.pos)
                if not match:
                    return parts or None
                parts.append(match.group())
                self.advance(len(match.group()))
            self.skip_space(newlines=False)
            if self.peek() != ".":
                return parts
            self.advance()

    # -- structure -------------------------------------------------------
    def run(self) -> Locations:
        table: Path = ()
        while True:
            self.skip_space(newlines=True)
            if self.pos >= len(self.text):
                break
            spot = (self.line, self.col())
            if self.peek(2) == "[[":
                self.advance(2)
                key = tuple(self.read_key() or ())
                index = self.array_counts.get(key, 0)
                self.array_counts[key] = index + 1
                table = key + (index,)
                self.spots.setdefault(key, spot)
                self.spots[table] = spot
                self.skip_line()
            elif self.peek() == "[":
                self.advance()
                table = tuple(self.read_key() or ())
                self.spots.setdefault(table, spot)
                self.skip_line()
            else:
                key = self.read_key()
                if key is None:
                    self.skip_line()
                    continue
                path = table + tuple(key)
                self.spots.setdefault(path, spot)
                self.skip_space(newlines=False)
                if self.peek() == "=":
                    self.advance()
                    self.skip_space(newlines=False)
                    self.read_value(path)
                self.skip_line_rest()
        return Locations(self.spots)

    def skip_line_rest(self) -> None:
        self.skip_space(newlines=False)
        if self.peek() == "\n":
            self.advance()
        elif self.pos < len(self.text):
            self.skip_line()

    def read_value(self, path: Path) -> None:
        ch = self.peek()
        if ch in ("\"", "'"):
            self.read_string()
        elif ch == "[":
            self.read_array(path)
        elif ch == "{":
            self.read_inline_table(path)
        else:
            while self.pos < len(self.text) and self.peek() not in ",]}\n#":
                self.advance()

    def read_array(self, path: Path) -> None:
        self.advance()  # [
        index = 0
        while self.pos < len(self.text):
            self.skip_space(newlines=True)
            if self.peek() == "]":
                self.advance()
                return
            if self.peek() == ",":
                self.advance()
                index += 1
                continue
            self.spots.setdefault(path + (index,), (self.line, self.col()))
            before = self.pos
            self.read_value(path + (index,))
            if self.pos == before:  # not TOML; let tomllib say so
                self.advance()

    def read_inline_table(self, path: Path) -> None:
        self.advance()  # {
        while self.pos < len(self.text):
            self.skip_space(newlines=True)
            if self.peek() == "}":
                self.advance()
                return
            if self.peek() == ",":
                self.advance()
                continue
            spot = (self.line, self.col())
            key = self.read_key()
            if key is None:
                self.advance()
                continue
            self.spots.setdefault(path + tuple(key), spot)
            self.skip_space(newlines=False)
            if self.peek() == "=":
                self.advance()
                self.skip_space(newlines=False)
                self.read_value(path + tuple(key))
