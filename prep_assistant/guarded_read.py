"""The one way the app reads a file it did not write itself.

Every file given to prep-assistant (a flow, a pack, an export to import,
the preferences, a compiled copy) is hostile until proven otherwise. This
module is the proof:

- only a regular file is read: the file is opened with ``O_NONBLOCK`` (so a
  FIFO with no writer cannot make ``open`` hang) and ``fstat`` on the open
  descriptor must say "regular file" before one byte is read; a FIFO, a
  device (``/dev/zero`` reports size 0), a socket or a folder is refused;
- the read is bounded by counting the bytes actually read, never by
  trusting ``st_size``;
- a symlink loop is an ``ELOOP`` error like any other, never a RuntimeError
  from ``Path.resolve``;
- nesting depth (JSON and TOML brackets) is measured by a small scanner
  *before* a recursive parser sees the text, and once more, without
  recursion, on the parsed data (TOML dotted keys nest without brackets);
- JSON is parsed strictly: duplicate keys, NaN/Infinity and integers longer
  than any we write are refused, with the line and column.

No textual, no pydantic: every layer may use it.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path
from typing import Any, Iterator, Literal

from prep_assistant.errors import UserError

#: Deeper than any flow, pack, export or preferences file we write (they
#: reach 5 or 6), far shallower than Python's recursion limit.
MAX_DEPTH = 48

#: Integers in our files are versions, counts and weights: 18 digits is
#: already more than a 64-bit integer holds.
MAX_INT_DIGITS = 18

_CHUNK = 64 * 1024

Problem = Literal["missing", "folder", "special", "too_large", "loop", "denied", "unreadable"]


class UnreadableFile(UserError, OSError):
    """A file that is not read: ``problem`` says why in one word, ``message`` in a sentence."""

    def __init__(self, path: Path | str, problem: Problem, message: str, size: int | None = None) -> None:
        UserError.__init__(self, message)
        self.path = Path(path)
        self.problem = problem
        #: The size the file says it has, when that alone was too large.
        self.size = size


class TooDeep(UserError, ValueError):
    """Brackets nested deeper than ``MAX_DEPTH``; ``line`` and ``column`` say where."""

    def __init__(self, line: int, column: int, limit: int) -> None:
        super().__init__(f"nested more than {limit} levels deep (line {line}, column {column})")
        self.line = line
        self.column = column
        self.limit = limit


class BadJson(UserError, ValueError):
    """JSON that is refused: not JSON, a duplicate key, a number out of range."""

    def __init__(self, reason: str, line: int = 1, column: int = 1, *, syntax: bool = False) -> None:
        super().__init__(f"{reason} (line {line}, column {column})")
        self.reason = reason
        self.line = line
        self.column = column
        #: Not JSON at all (as opposed to JSON with a refused key or number).
        self.syntax = syntax


# -- reading bytes -------------------------------------------------------------


def read_bytes(path: Path | str, *, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises ``UnreadableFile`` for anything else: missing, a folder, a FIFO or
    device, a symlink loop, no permission, or more than ``limit`` bytes.
    """
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    try:
        try:
            status = os.fstat(fd)
        except OSError as exc:
            raise _unreadable(path, exc) from None
        mode = status.st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFile(path, "folder", "this is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise UnreadableFile(path, "special", f"this is not a regular file ({_kind_of(mode)}), so it is not read")
        if status.st_size > limit:
            # Too large by its own account: refused without reading. A size
            # that is too small is never trusted: the read below counts.
            raise UnreadableFile(path, "too_large", f"the file is larger than {_size(limit)}", status.st_size)
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            except OSError as exc:
                raise _unreadable(path, exc) from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UnreadableFile(path, "too_large", f"the file is larger than {_size(limit)}")
        return b"".join(chunks)
    finally:
        os.close(fd)


def is_regular_file(path: Path | str) -> bool:
    """Whether ``path`` is (a symlink to) a regular file; never raises."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def safe_resolve(path: Path | str) -> Path:
    """``Path.resolve`` that never raises: a loop or a missing part gives the absolute path."""
    path = Path(path)
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return Path(os.path.abspath(path))


def _unreadable(path: Path, exc: OSError) -> UnreadableFile:
    if exc.errno == errno.ENOENT:
        return UnreadableFile(path, "missing", "the file does not exist")
    if exc.errno == errno.ELOOP:
        return UnreadableFile(path, "loop", "the path is a loop of symbolic links")
    if exc.errno == errno.EISDIR:
        return UnreadableFile(path, "folder", "this is a folder, not a file")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return UnreadableFile(path, "denied", "you may not read this file")
    return UnreadableFile(path, "unreadable", f"the file cannot be read: {exc.strerror or exc}")


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit // (1024 * 1024)} MB"
    return f"{limit // 1024} kB"


# -- nesting depth -------------------------------------------------------------


def json_brackets(text: str) -> Iterator[tuple[int, int, int, int]]:
    """Each JSON bracket outside strings: (index, depth after it, line, column).

    One scanner for every question about JSON nesting asked before parsing
    (too deep? cut off?), so strings and escapes are skipped the same way.
    A final item with index -1 tells whether the text ends inside a string
    (depth 1) or not (depth 0).
    """
    depth = 0
    line, line_start = 1, 0
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            elif char == "\n":
                line, line_start = line + 1, index + 1
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            yield index, depth, line, index - line_start + 1
        elif char in "]}":
            depth -= 1
            yield index, depth, line, index - line_start + 1
        elif char == "\n":
            line, line_start = line + 1, index + 1
    yield -1, int(in_string), line, 0


def check_json_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise ``TooDeep`` where JSON brackets nest deeper than ``limit``."""
    for index, depth, line, column in json_brackets(text):
        if index >= 0 and depth > limit:
            raise TooDeep(line, column, limit)


def check_toml_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise ``TooDeep`` where TOML arrays or inline tables nest deeper than ``limit``.

    Strings (basic, literal, multi-line) and comments are skipped, so a
    bracket inside them does not count. Dotted keys nest without brackets:
    ``data_depth`` catches those after parsing.
    """
    depth = 0
    line, line_start = 1, 0
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == "\n":
            line, line_start = line + 1, index + 1
        elif char == "#":
            end = text.find("\n", index)
            index = length if end < 0 else end
            continue
        elif char in "\"'":
            triple = text.startswith(char * 3, index)
            quote = char * 3 if triple else char
            index += len(quote)
            while index < length:
                if char == '"' and text[index] == "\\":
                    index += 2
                    continue
                if text.startswith(quote, index):
                    index += len(quote)
                    # A multi-line string may end in up to two more quotes.
                    while triple and index < length and text[index] == char:
                        index += 1
                    break
                if text[index] == "\n":
                    if not triple:
                        break
                    line, line_start = line + 1, index + 1
                index += 1
            continue
        elif char in "[{":
            depth += 1
            if depth > limit:
                raise TooDeep(line, index - line_start + 1, limit)
        elif char in "]}":
            depth = max(0, depth - 1)
        index += 1


def data_depth(data: Any) -> int:
    """How deep lists and dicts nest in parsed data, counted without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH * 4:
            return depth  # deep enough to refuse; no need to walk further
        stack.extend((child, depth) for child in children)
    return deepest


# -- strict JSON -----------------------------------------------------------------


def loads_json(text: str, *, limit: int = MAX_DEPTH) -> Any:
    """Parse JSON strictly; ``TooDeep`` or ``BadJson`` (with line and column) when refused."""
    check_json_depth(text, limit)
    try:
        return json.loads(
            text,
            object_pairs_hook=_refuse_duplicate_keys,
            parse_int=_bounded_int,
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as exc:
        raise BadJson(exc.msg, exc.lineno, exc.colno, syntax=True) from None
    except _Refused as exc:
        line, column = _position_of(text, exc.token)
        raise BadJson(exc.reason, line, column) from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise BadJson("nested too deeply") from None


class _Refused(ValueError):
    def __init__(self, reason: str, token: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.token = token


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"the key {key!r} appears twice in one object", json.dumps(key))
        result[key] = value
    return result


def _bounded_int(token: str) -> int:
    if len(token.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"a number with {len(token.lstrip('-'))} digits is out of range", token)
    return int(token)


def _refuse_constant(token: str) -> Any:
    raise _Refused(f"{token} is not a number this file may hold", token)


def _position_of(text: str, token: str) -> tuple[int, int]:
    index = text.find(token)
    if index < 0:
        return 1, 1
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1
