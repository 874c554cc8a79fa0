"""What the PDF card's fonts can show, and what happens to the rest.

``load_fonts`` adds the card's font to the document: the first family found
on this computer (see ``fonts.py``) that loads, with the other families as
fallbacks for characters it lacks; without any, the PDF core font Helvetica.
Right-to-left and other scripts that need shaping are shaped when uharfbuzz
is installed. ``Fit`` turns a text into what the chosen fonts can show: a
character none of them has is replaced (a symbol by its name, else "?"),
never dropped silently and never a crash; with the core font, letters are
simplified to their plain Latin look-alike. The card says when either
happened (``Fit.replaced``, ``Fit.simplified``).

Nothing here imports fpdf: it works on the document it is given.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from prep_assistant.summary.fonts import FontChoice

#: Characters that carry no glyph of their own: dropped, not replaced.
_INVISIBLE = frozenset(
    [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFE0E, 0xFE0F, 0xFEFF, 0x00AD]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A))
    + list(range(0x1F3FB, 0x1F400))  # skin tones
    + list(range(0xE0020, 0xE0080))  # emoji tag characters
)

#: Letters that do not decompose but have a plain Latin look-alike.
_LATIN = {
    "ł": "l", "Ł": "L", "ı": "i", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H",
    "ŀ": "l", "Ŀ": "L", "ŉ": "'n", "ſ": "s", "ə": "e", "Ə": "E",
    "\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2043": "-",
}


def _needs_shaping(char: str) -> bool:
    cp = ord(char)
    return (
        0x0590 <= cp <= 0x08FF  # Hebrew, Arabic, Syriac, Thaana, NKo, ...
        or 0xFB1D <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
        or 0x0900 <= cp <= 0x0DFF  # Indic scripts
        or 0x0E00 <= cp <= 0x0EFF  # Thai, Lao
    )


@dataclass
class Fit:
    """What the chosen font can show, and how to replace what it cannot."""

    coverage: set[int] | None  # None: the core font (windows-1252)
    replaced: bool = False
    simplified: bool = False
    cache: dict[str, str] = field(default_factory=dict)

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
            elif self.coverage is None:
                out.append(self._core(char))
            elif cp in self.coverage:
                out.append(char)
            else:
                self.replaced = True
                out.append(_replacement(char))
        result = "".join(out)
        self.cache[text] = result
        return result

    def _core(self, char: str) -> str:
        try:
            char.encode("cp1252")
            return char
        except UnicodeEncodeError:
            pass
        self.simplified = True
        plain = _LATIN.get(char)
        if plain is None:
            decomposed = unicodedata.normalize("NFKD", char)
            plain = "".join(c for c in decomposed if not unicodedata.combining(c))
        try:
            plain.encode("cp1252")
        except UnicodeEncodeError:
            return _replacement(char)
        return plain or "?"


def _replacement(char: str) -> str:
    """A character the font cannot show: its name for a symbol, else '?'."""
    if unicodedata.category(char) == "So":
        name = unicodedata.name(char, "")
        if name:
            return f"[{name.lower()}]"
    return "?"


def load_fonts(pdf: Any, fonts: tuple[FontChoice, ...], chars: set[str]) -> tuple[str, Fit, bool]:
    """Add the card's font to ``pdf``: the first family that loads, with the
    others as fallbacks for the characters in ``chars`` it lacks, or else the
    core font.

    Returns (font family, what it can show, True when text that needs
    shaping stays unshaped because uharfbuzz is not installed).
    """
    log = logging.getLogger("fpdf")
    rtl_unshaped = False
    for choice in fonts:
        try:
            pdf.add_font("card", "", str(choice.regular))
            pdf.add_font("card", "B", str(choice.bold))
        except Exception:  # an unreadable font file: try the next family
            pdf.fonts.pop("card", None)
            pdf.fonts.pop("cardB", None)
            continue
        coverage = set(pdf.fonts["card"].cmap)
        missing = {c for c in chars if ord(c) not in coverage and ord(c) not in _INVISIBLE and c != "\n"}
        fallbacks: list[str] = []
        if missing:
            for index, other in enumerate(f for f in fonts if f is not choice):
                name = f"fallback{index}"
                try:
                    pdf.add_font(name, "", str(other.regular))
                except Exception:
                    continue
                cmap = set(pdf.fonts[name].cmap)
                if any(ord(c) in cmap for c in missing):
                    fallbacks.append(name)
                    coverage |= cmap
            if fallbacks:
                pdf.set_fallback_fonts(fallbacks, exact_match=False)
        if any(_needs_shaping(c) for c in chars):
            try:
                pdf.set_text_shaping(True)
            except Exception:  # uharfbuzz is not installed
                rtl_unshaped = True
        log.setLevel(max(log.level, logging.ERROR))  # missing-glyph chatter
        return "card", Fit(coverage), rtl_unshaped
    if hasattr(type(pdf), "core_fonts_encoding") or hasattr(pdf, "core_fonts_encoding"):
        pdf.core_fonts_encoding = "windows-1252"
    else:  # fpdf2 before 2.4
        pdf.set_doc_option("core_fonts_encoding", "windows-1252")
    fit = Fit(None)
    fit.simplified = True  # say so on the card: this is the fallback
    return "helvetica", fit, rtl_unshaped
