"""The font the PDF card is set in: DejaVu Sans, shipped inside the package.

Every computer makes the same card: the PDF never looks for fonts on the
system (DejaVu Sans covers Latin, Greek, Cyrillic, Arabic, Hebrew and many
symbols; its licence, a permissive one, is ``font_files/LICENSE-DejaVu.txt``).

``coverage()`` is the set of code points the font has a glyph for, read from
the font's own character map (cmap formats 4 and 12), so the card can
replace what the font lacks (most emoji) and say so, instead of showing an
empty box. Reading the table takes about a millisecond; no font library needed.
"""

from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "font_files"
FAMILY = "DejaVu Sans"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"


class FontFileError(ValueError):
    """The font file is not a TrueType font we can read."""


def _cmap_subtables(data: bytes) -> list[int]:
    """Offsets of the cmap subtables that map Unicode, best first."""
    if len(data) < 12:
        raise FontFileError("too short for a font")
    (tables,) = struct.unpack_from(">H", data, 4)
    for index in range(tables):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if tag == b"cmap":
            break
    else:
        raise FontFileError("no character map")
    _version, count = struct.unpack_from(">HH", data, offset)
    found: list[tuple[int, int]] = []
    for index in range(count):
        platform, encoding, sub = struct.unpack_from(">HHI", data, offset + 4 + 8 * index)
        if (platform, encoding) in ((3, 10), (0, 4), (0, 6)):
            found.append((0, offset + sub))  # the full Unicode range: best
        elif (platform, encoding) in ((3, 1), (0, 3), (0, 1), (0, 0)):
            found.append((1, offset + sub))
    return [start for _rank, start in sorted(found)]


def _format_4(data: bytes, start: int) -> set[int]:
    (segments2,) = struct.unpack_from(">H", data, start + 6)
    n = segments2 // 2
    ends = struct.unpack_from(f">{n}H", data, start + 14)
    starts = struct.unpack_from(f">{n}H", data, start + 16 + segments2)
    deltas = struct.unpack_from(f">{n}h", data, start + 16 + 2 * segments2)
    range_at = start + 16 + 3 * segments2
    range_offsets = struct.unpack_from(f">{n}H", data, range_at)
    points: set[int] = set()
    for i in range(n):
        for cp in range(starts[i], ends[i] + 1):
            if cp == 0xFFFF:
                continue
            if range_offsets[i] == 0:
                glyph = (cp + deltas[i]) & 0xFFFF
            else:
                at = range_at + 2 * i + range_offsets[i] + 2 * (cp - starts[i])
                (glyph,) = struct.unpack_from(">H", data, at)
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                points.add(cp)
    return points


def _format_12(data: bytes, start: int) -> set[int]:
    (groups,) = struct.unpack_from(">I", data, start + 12)
    points: set[int] = set()
    for i in range(groups):
        first, last, _glyph = struct.unpack_from(">III", data, start + 16 + 12 * i)
        points.update(range(first, last + 1))
    return points


def read_coverage(path: Path) -> frozenset[int]:
    """The code points ``path`` (a TrueType font) has glyphs for."""
    data = path.read_bytes()
    try:
        for start in _cmap_subtables(data):
            (kind,) = struct.unpack_from(">H", data, start)
            if kind == 12:
                return frozenset(_format_12(data, start))
            if kind == 4:
                return frozenset(_format_4(data, start))
    except struct.error as exc:
        raise FontFileError(f"damaged character map: {exc}") from None
    raise FontFileError("no Unicode character map")


@lru_cache(maxsize=1)
def coverage() -> frozenset[int]:
    """What the card's font can show: code points both faces have."""
    return read_coverage(REGULAR) & read_coverage(BOLD)

