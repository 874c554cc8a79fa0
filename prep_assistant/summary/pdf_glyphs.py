"""What the PDF card's font can show, and what happens to the rest.

The card is set in the font shipped with the package (``fonts.py``). ``Fit``
turns a text into what that font can show: a character it has no glyph for
is replaced (a symbol by its name, e.g. ``[dog face]``, else "?"), never
dropped silently and never an empty box; the card then says so
(``Fit.replaced``). Characters that carry no glyph of their own (joiners,
direction marks, variation selectors) are dropped. Control characters
become "?": they can never reach the PDF as anything but text.
"""

from __future__ import annotations

import unicodedata

import msgspec

#: Characters that carry no glyph of their own: dropped, not replaced.
_INVISIBLE = frozenset(
    [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFE0E, 0xFE0F, 0xFEFF, 0x00AD]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A))
    + list(range(0x1F3FB, 0x1F400))  # skin tones
    + list(range(0xE0020, 0xE0080))  # emoji tag characters
)


class Fit(msgspec.Struct):
    """What the font can show, and how to replace what it cannot."""

    coverage: frozenset[int]
    replaced: bool = False
    cache: dict[str, str] = msgspec.field(default_factory=dict)

    def __call__(self, text: str) -> str:
        done = self.cache.get(text)
        if done is not None:
            return done
        out: list[str] = []
        for char in text:
            cp = ord(char)
            if char == "\n":
                out.append(char)
            elif cp in _INVISIBLE:
                continue
            elif cp in self.coverage and unicodedata.category(char) != "Cc":
                out.append(char)
            else:
                self.replaced = True
                out.append(_replacement(char))
        result = "".join(out)
        self.cache[text] = result
        return result


def _replacement(char: str) -> str:
    """A character the font cannot show: its name for a symbol, else '?'."""
    if unicodedata.category(char) == "So":
        name = unicodedata.name(char, "")
        if name:
            return f"[{name.lower()}]"
    return "?"
