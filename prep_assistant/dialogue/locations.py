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

import bisect
import re

import msgspec

Path = tuple[object, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class Locations(msgspec.Struct):
    """Key path -> (line, column), both counted from 1."""

    spots: dict[Path, tuple[int, int]] = msgspec.field(default_factory=dict)

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


_SPACE = re.compile(r"[ \t\r]*")
_SPACE_NL = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_SPACE_COMMENT = re.compile(r"(?:[ \t\r]+|#[^\n]*)*")
_STRINGS = {
    '"""': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""(?:""|")?', re.S),
    "'''": re.compile(r"'''(?:[^']|'(?!''))*'''(?:''|')?", re.S),
    '"': re.compile(r'"(?:[^"\\\n]|\\.)*"?'),
    "'": re.compile(r"'[^'\n]*'?"),
}
_LINE_REST = re.compile(r"[^\n\"']*")
_BARE_VALUE = re.compile(r"[^,\]}\n#]*")


class _Scanner:
    """Walks the text by regular expressions; positions become line:col only
    when a key is recorded (a character-by-character walk was too slow for
    a 1,000-node flow)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.spots: dict[Path, tuple[int, int]] = {}
        self.array_counts: dict[Path, int] = {}

    # -- low level -------------------------------------------------------
    def spot(self) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, self.pos)
        return line, self.pos - self.line_starts[line - 1] + 1

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def advance(self, n: int = 1) -> None:
        self.pos = min(self.pos + n, len(self.text))

    def skip_space(self, newlines: bool) -> None:
        pattern = _SPACE_NL if newlines else _SPACE_COMMENT
        self.pos = pattern.match(self.text, self.pos).end()

    def skip_line(self) -> None:
        while self.pos < len(self.text):
            self.pos = _LINE_REST.match(self.text, self.pos).end()
            if self.pos >= len(self.text):
                return
            if self.text[self.pos] == "\n":
                self.pos += 1
                return
            self.read_string()

    def read_string(self) -> str:
        quote = self.peek()
        triple = self.peek(3)
        pattern = _STRINGS[triple] if triple in _STRINGS else _STRINGS[quote]
        match = pattern.match(self.text, self.pos)
        if match is None:  # an unclosed triple string: tomllib reports it
            self.pos = len(self.text)
            return ""
        self.pos = match.end()
        width = 3 if triple in _STRINGS else 1
        return match.group()[width:-width] if len(match.group()) >= 2 * width else ""

    def read_key(self) -> list[str] | None:
        """A dotted key; None if there is none here."""
        parts: list[str] = []
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()
            ch = self.peek()
            if ch in ("\"", "'"):
                parts.append(self.read_string())
            else:
                match = _BARE_KEY.match(self.text, self.pos)
                if not match:
                    return parts or None
                parts.append(match.group())
                self.pos = match.end()
            self.pos = _SPACE.match(self.text, self.pos).end()
            if self.peek() != ".":
                return parts
            self.pos += 1

    # -- structure -------------------------------------------------------
    def run(self) -> Locations:
        table: Path = ()
        while True:
            self.skip_space(newlines=True)
            if self.pos >= len(self.text):
                break
            spot = self.spot()
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
            self.pos = _BARE_VALUE.match(self.text, self.pos).end()

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
            self.spots.setdefault(path + (index,), self.spot())
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
            spot = self.spot()
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
