"""Where each value of a JSON text starts, so diagnostics can point at it.

``json.loads`` forgets positions; this scanner walks the same (already
parsed, so valid and depth-checked) text once, without recursion, and maps
every value's path (keys and list indexes) to its line and column.
"""

from __future__ import annotations

import json

Path = tuple[object, ...]


class Locations:
    def __init__(self, text: str) -> None:
        self._where: dict[Path, tuple[int, int]] = _scan(text)

    def find(self, path: Path) -> tuple[int, int]:
        """Line and column of ``path``, or of the nearest enclosing value."""
        while path:
            found = self._where.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return self._where.get((), (1, 1))


def _scan(text: str) -> dict[Path, tuple[int, int]]:
    where: dict[Path, tuple[int, int]] = {}
    # Each frame: [is_object, key or index, expecting a key]
    stack: list[list] = []
    line, line_start = 1, 0
    index, length = 0, len(text)

    def path() -> Path:
        return tuple(frame[1] for frame in stack)

    def value_starts() -> None:
        if stack and not stack[-1][0] and stack[-1][1] == -1:
            stack[-1][1] = 0
        where.setdefault(path(), (line, index - line_start + 1))

    while index < length:
        char = text[index]
        if char == "\n":
            line, line_start = line + 1, index + 1
            index += 1
        elif char in " \t\r:":
            index += 1
        elif char == ",":
            if stack and stack[-1][0]:
                stack[-1][2] = True
            elif stack:
                stack[-1][1] += 1
            index += 1
        elif char in "{[":
            value_starts()
            stack.append([char == "{", None if char == "{" else -1, char == "{"])
            index += 1
        elif char in "}]":
            stack.pop()
            index += 1
        elif char == '"':
            end = index + 1
            while end < length and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            if stack and stack[-1][0] and stack[-1][2]:
                stack[-1][1] = _key(text[index : end + 1])
                stack[-1][2] = False
            else:
                value_starts()
            index = end + 1
        else:
            value_starts()
            while index < length and text[index] not in ",}] \t\r\n":
                index += 1
    return where


def _key(quoted: str) -> str:
    return json.loads(quoted)
