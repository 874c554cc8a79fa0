"""The card as an A4 PDF, made with fpdf2 (imported here, only when used).

Layout, top to bottom: the decision in large type with the facts under it;
what matters to me beside my questions (and what I already know); the
options side by side in a table, one row per option; the option I lean to;
what I still need; ruled space for notes and for what we agreed, filling
the rest of the page; the small print at the foot.

A typical session fits one page. A longer one flows on: every text wraps,
nothing is cut, and a section that continues on a new page has its heading
repeated with "(continued)". Side-by-side parts fall back to one column
when they do not fit; an option too long for a table row is laid out as a
block of its own. ``large_print`` uses 16 pt body text in one column.

Fonts: see ``fonts.py``. Text a font cannot show is replaced (and the card
says so), never dropped silently, and never a crash. Right-to-left text is
shaped when uharfbuzz is installed; without it the card says that the HTML
version shows that text correctly.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from prep_assistant.summary.fonts import FontChoice, system_fonts
from prep_assistant.summary.model import MAX_WEIGHT, Card
from prep_assistant.summary.sections import (
    CardSections,
    Entries,
    Facts,
    Items,
    Line,
    Note,
    OptionRow,
    OptionsTable,
    Ranked,
    Section,
    WritingSpace,
    build_sections,
)

INK = (17, 17, 17)
MUTED = (90, 90, 90)
ACCENT = (29, 78, 137)
RULE = (175, 175, 175)
PT = 0.3528  # mm per point

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
class Style:
    body: float
    small: float
    heading: float
    decision: float
    kicker: float
    leading: float  # line height / font size
    columns: bool  # side-by-side parts and the options table
    ruled_gap: float  # mm between ruled lines for notes


NORMAL = Style(body=9.5, small=7, heading=11.5, decision=20, kicker=8.5, leading=1.28, columns=True, ruled_gap=7.0)
LARGE = Style(body=16, small=12, heading=19, decision=28, kicker=13, leading=1.3, columns=False, ruled_gap=11)


@dataclass
class Piece:
    """One thing to draw: a run of text (with a marker), a gap, a weight."""

    kind: str  # "heading", "sub", "text", "weight", "gap", "label"
    text: str = ""
    marker: str | None = None  # "•", "1.", "box"
    bold: bool = False
    size: float | None = None
    color: tuple[int, int, int] = INK
    indent: float = 0.0
    before: float = 0.0
    weight: int = 0


@dataclass
class _Fit:
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


@lru_cache(maxsize=1)
def _pdf_class() -> type:
    # fpdf2 is imported when the first PDF is made, not with this module: it
    # is the card's heaviest import (about 0.1 to 0.35 s measured with
    # python -X importtime) and Markdown, HTML and text never need it.
    from fpdf import FPDF

    class CardPDF(FPDF):
        """FPDF with a header that repeats the running section's heading."""

        card_title = ""
        continued = "{heading}"
        section: str | None = None
        subsection: str | None = None
        on_new_page: Callable[[], None] | None = None
        draw_continuation: Callable[[], None] | None = None

        def header(self) -> None:  # called by add_page, also on page breaks
            if self.page_no() > 1 and self.draw_continuation is not None:
                self.draw_continuation()

        def footer(self) -> None:
            return None

    return CardPDF


class _Renderer:
    def __init__(self, sheet: CardSections, style: Style, fonts: tuple[FontChoice, ...]) -> None:
        self.sheet = sheet
        self.labels = sheet.labels
        self.s = style
        pdf = _pdf_class()(orientation="P", unit="mm", format="A4")
        self.pdf = pdf
        pdf.set_margins(13, 12, 13)
        self.bottom = 14.0
        pdf.set_auto_page_break(True, margin=self.bottom)
        pdf.set_title(sheet.header.title)
        pdf.set_creator("prep-assistant")
        pdf.set_lang(sheet.language)
        pdf.c_margin = 0
        self.rtl_unshaped = False
        self._measured: dict[tuple, int] = {}
        self.font_family, self.fit = self._fonts(fonts)
        pdf.draw_continuation = self._continuation
        self.section: str | None = None
        self.subsection: str | None = None
        self.table_header: Callable[[], None] | None = None

    # -- fonts ---------------------------------------------------------------------
    def _all_text(self) -> str:
        texts = [*self.sheet.texts(), *(str(v) for v in vars(self.labels).values())]
        return "".join(texts) + "•●○"

    def _fonts(self, fonts: tuple[FontChoice, ...]) -> tuple[str, _Fit]:
        pdf = self.pdf
        log = logging.getLogger("fpdf")
        chars = set(self._all_text())
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
                    self.rtl_unshaped = True
            log.setLevel(max(log.level, logging.ERROR))  # missing-glyph chatter
            return "card", _Fit(coverage)
        if hasattr(type(pdf), "core_fonts_encoding") or hasattr(pdf, "core_fonts_encoding"):
            pdf.core_fonts_encoding = "windows-1252"
        else:  # fpdf2 before 2.4
            pdf.set_doc_option("core_fonts_encoding", "windows-1252")
        fit = _Fit(None)
        fit.simplified = True  # say so on the card: this is the fallback
        return "helvetica", fit

    # -- primitives ----------------------------------------------------------------
    def lh(self, size: float | None = None) -> float:
        return (size or self.s.body) * PT * self.s.leading

    def font(self, size: float | None = None, bold: bool = False, color=INK) -> None:
        self.pdf.set_font(self.font_family, "B" if bold else "", size or self.s.body)
        self.pdf.set_text_color(*color)

    def marker_width(self, piece: Piece) -> float:
        if piece.marker is None:
            return 0.0
        size = piece.size or self.s.body
        if piece.marker == "box":
            return size * PT * 1.25
        return size * PT * (0.9 if piece.marker == "•" else 1.6)

    def _piece_font(self, piece: Piece) -> None:
        if piece.kind == "heading":
            self.font(self.s.heading, True, ACCENT)
        elif piece.kind in ("sub", "label"):
            self.font(piece.size or self.s.body, True, piece.color)
        else:
            self.font(piece.size, piece.bold, piece.color)

    def _piece_size(self, piece: Piece) -> float:
        if piece.kind == "heading":
            return self.s.heading
        return piece.size or self.s.body

    def text_lines(self, piece: Piece, width: float) -> int:
        text_w = width - piece.indent - self.marker_width(piece)
        bold = piece.bold or piece.kind in ("heading", "sub", "label")
        key = (piece.text, bold, self._piece_size(piece), round(text_w, 3))
        known = self._measured.get(key)
        if known is not None:
            return known
        self._piece_font(piece)
        lines = self.pdf.multi_cell(
            text_w, self.lh(self._piece_size(piece)), self.fit(piece.text), align="L",
            dry_run=True, output="LINES",
        )
        self._measured[key] = max(1, len(lines))
        return self._measured[key]

    def height(self, piece: Piece, width: float) -> float:
        if piece.kind == "gap":
            return piece.before
        if piece.kind == "weight":
            return piece.before + self.lh(self.s.small) + 0.4
        size = self._piece_size(piece)
        extra = 1.2 if piece.kind == "heading" else 0.0
        return piece.before + self.text_lines(piece, width) * self.lh(size) + extra

    def heights(self, pieces: list[Piece], width: float) -> float:
        return sum(self.height(p, width) for p in pieces)

    def draw(self, piece: Piece, x: float, width: float, *, flowing: bool) -> None:
        pdf = self.pdf
        if piece.kind == "gap":
            if flowing:
                self._space(piece.before)
            else:
                pdf.set_y(pdf.get_y() + piece.before)
            return
        if flowing:
            if piece.kind == "heading":
                self.section = piece.text
                self.subsection = None
                self.table_header = None
                # Keep a heading with the first lines under it.
                if pdf.get_y() + piece.before + self.lh(self.s.heading) + 3 * self.lh() > pdf.page_break_trigger:
                    self.section = None
                    pdf.add_page()
                    self.section = piece.text
                    piece = Piece(**{**vars(piece), "before": 0.0})
            elif pdf.get_y() + piece.before + self.lh(self._piece_size(piece)) > pdf.page_break_trigger:
                pdf.add_page()
                piece = Piece(**{**vars(piece), "before": 0.0})
        if piece.before:
            pdf.set_y(pdf.get_y() + piece.before)
        if piece.kind == "weight":
            self._weight(x + piece.indent, pdf.get_y(), piece.weight, piece.text)
            pdf.set_y(pdf.get_y() + self.lh(self.s.small) + 0.4)
            return
        size = self._piece_size(piece)
        lh = self.lh(size)
        y = pdf.get_y()
        marker_w = self.marker_width(piece)
        self._piece_font(piece)
        if piece.marker == "box":
            side = size * PT * 0.85
            pdf.set_draw_color(*INK)
            pdf.set_line_width(0.35)
            pdf.rect(x + piece.indent, y + (lh - side) / 2, side, side)
        elif piece.marker:
            pdf.set_xy(x + piece.indent, y)
            pdf.cell(marker_w, lh, self.fit(piece.marker))
        pdf.set_xy(x + piece.indent + marker_w, y)
        pdf.multi_cell(
            width - piece.indent - marker_w, lh, self.fit(piece.text), align="L",
            new_x="LEFT", new_y="NEXT",
        )
        if piece.kind == "heading":
            pdf.set_draw_color(*ACCENT)
            pdf.set_line_width(0.4)
            pdf.line(x, pdf.get_y() + 0.3, x + width, pdf.get_y() + 0.3)
            pdf.set_y(pdf.get_y() + 1.2)
        pdf.set_x(x)

    def _space(self, mm: float) -> None:
        pdf = self.pdf
        if pdf.get_y() + mm > pdf.page_break_trigger:
            pdf.add_page()
        else:
            pdf.set_y(pdf.get_y() + mm)

    def _weight(self, x: float, y: float, weight: int, words: str) -> None:
        pdf = self.pdf
        lh = self.lh(self.s.small)
        d = self.s.small * PT * 0.8
        pdf.set_draw_color(*ACCENT)
        pdf.set_fill_color(*ACCENT)
        pdf.set_line_width(0.25)
        for i in range(MAX_WEIGHT):
            pdf.ellipse(x + i * (d + 0.7), y + (lh - d) / 2, d, d, style="DF" if i < weight else "D")
        self.font(self.s.small, False, MUTED)
        pdf.set_xy(x + MAX_WEIGHT * (d + 0.7) + 1, y)
        pdf.cell(0, lh, self.fit(words))

    def flow(self, pieces: list[Piece]) -> None:
        x = self.pdf.l_margin
        for piece in pieces:
            self.draw(piece, x, self.pdf.epw, flowing=True)

    def boxed(self, pieces: list[Piece], x: float, y: float, width: float) -> float:
        """Draw without page breaks (the caller measured); return the end y."""
        pdf = self.pdf
        pdf.set_y(y)
        for piece in pieces:
            pdf.set_x(x)
            self.draw(piece, x, width, flowing=False)
        return pdf.get_y()

    def side_by_side(self, left: list[Piece], right: list[Piece], gap: float = 7.0) -> None:
        """Two columns if both fit on this page (or a fresh one), else in turn."""
        pdf = self.pdf
        if not left or not right or not self.s.columns:
            self.flow(left + right)
            return
        width = (pdf.epw - gap) / 2
        need = max(self.heights(left, width), self.heights(right, width))
        room = pdf.page_break_trigger - pdf.get_y()
        full = pdf.page_break_trigger - pdf.t_margin - 12
        if need > full:
            self.flow(left + right)
            return
        if need > room:
            self.section = None
            pdf.add_page()
        top = pdf.get_y()
        end_left = self.boxed(left, pdf.l_margin, top, width)
        end_right = self.boxed(right, pdf.l_margin + width + gap, top, width)
        self.section = None
        pdf.set_xy(pdf.l_margin, max(end_left, end_right))

    # -- continuation pages -----------------------------------------------------
    def _continuation(self) -> None:
        pdf = self.pdf
        self.font(self.s.kicker, False, MUTED)
        pdf.set_xy(pdf.l_margin, pdf.t_margin)
        header = self.sheet.header
        title = header.title
        if header.decision:
            short = " ".join(header.decision.split())
            title = f"{title} \u2013 {short[:90]}{'…' if len(short) > 90 else ''}"
        pdf.multi_cell(pdf.epw, self.lh(self.s.kicker), self.fit(title), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(pdf.get_y() + 2)
        if self.section:
            heading = Piece("heading", self.labels.continued.format(heading=self.section))
            self.draw(heading, pdf.l_margin, pdf.epw, flowing=False)
        if self.subsection:
            sub = Piece("sub", self.labels.continued.format(heading=self.subsection))
            self.draw(sub, pdf.l_margin, pdf.epw, flowing=False)
        if self.table_header is not None:
            self.table_header()

    # -- the header -------------------------------------------------------------------
    def top(self) -> None:
        pdf = self.pdf
        header = self.sheet.header
        pdf.add_page()
        self.font(self.s.kicker, True, ACCENT)
        pdf.cell(pdf.epw / 2, self.lh(self.s.kicker), self.fit(header.title.upper()))
        self.font(self.s.kicker, False, MUTED)
        pdf.cell(pdf.epw / 2, self.lh(self.s.kicker), self.fit(header.made_on), align="R",
                 new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(pdf.get_y() + 1.5)
        self.font(self.s.small, True, MUTED)
        pdf.cell(0, self.lh(self.s.small), self.fit(header.decision_label), new_x="LMARGIN", new_y="NEXT")
        self.font(self.s.decision, True, INK)
        self.section = header.decision_label
        pdf.multi_cell(pdf.epw, self.lh(self.s.decision) * 0.95, self.fit(header.decision_shown),
                       align="L", new_x="LMARGIN", new_y="NEXT")
        self.section = None
        pdf.set_y(pdf.get_y() + 1.5)
        self.facts(header.facts)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.3)
        pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.l_margin + pdf.epw, pdf.get_y() + 1)
        pdf.set_y(pdf.get_y() + 2)

    def facts(self, block: Facts) -> None:
        """Facts: "Label: value", two to a row."""
        pdf = self.pdf
        facts = block.facts
        if not facts:
            return
        columns = 2 if self.s.columns else 1
        gap = 7.0
        width = (pdf.epw - gap * (columns - 1)) / columns
        for start in range(0, len(facts), columns):
            y = pdf.get_y()
            heights = [self._fact_height(f.label, f.value, width) for f in facts[start : start + columns]]
            if y + max(heights) > pdf.page_break_trigger:
                pdf.add_page()
                y = pdf.get_y()
            for index, fact in enumerate(facts[start : start + columns]):
                self._fact(fact.label, fact.value, pdf.l_margin + index * (width + gap), y, width)
            pdf.set_xy(pdf.l_margin, y + max(heights) + 0.5)

    def _fact_height(self, label: str, value: str, width: float) -> float:
        self.font(None, True)
        lines = self.pdf.multi_cell(width, self.lh(), self.fit(f"{label}: {value}"), dry_run=True, output="LINES")
        return max(1, len(lines)) * self.lh()

    def _fact(self, label: str, value: str, x: float, y: float, width: float) -> None:
        """Label in bold, then the value, wrapping inside the column."""
        pdf = self.pdf
        left, right = pdf.l_margin, pdf.r_margin
        pdf.set_left_margin(x)
        pdf.set_right_margin(pdf.w - x - width)
        try:
            pdf.set_xy(x, y)
            self.font(None, True, MUTED)
            pdf.write(self.lh(), self.fit(f"{label}: "))
            self.font(None, False, INK)
            pdf.write(self.lh(), self.fit(value))
        finally:
            pdf.set_left_margin(left)
            pdf.set_right_margin(right)

    # -- blocks as pieces ---------------------------------------------------------------
    def items(self, texts: tuple[str, ...], *, numbered: bool = False, box: bool = False, bold: bool = False,
              indent: float = 0.0) -> list[Piece]:
        pieces = []
        for index, text in enumerate(texts, start=1):
            marker = "box" if box else (f"{index}." if numbered else "•")
            pieces.append(Piece("text", text, marker=marker, bold=bold, indent=indent, before=0.5 if box else 0.2))
        return pieces

    def weighted_items(self, table: OptionsTable, items: tuple[tuple[str, int | None], ...],
                       indent: float = 0.0) -> list[Piece]:
        pieces = []
        for text, own in items:
            pieces.extend(self.items((text,), indent=indent))
            if own is not None:
                pieces.append(Piece("weight", table.weight(own), weight=own,
                                    indent=indent + self.marker_width(pieces[-1])))
        return pieces

    def sub(self, text: str, before: float = 1.6) -> Piece:
        return Piece("sub", text, before=before, color=INK)

    def intro(self, section: Section) -> list[Piece]:
        """The line under a section's heading that says what it is, in small print."""
        return [Piece("text", section.intro, size=self.s.small, color=MUTED)] if section.intro else []

    def section_pieces(self, section: Section, before: float) -> list[Piece]:
        """A section as pieces to flow down the page or to stand in a column.

        A section in a column (beside another) sits tighter: its first
        sub-heading hugs the heading and entries stand closer together.
        """
        compact = section.column is not None
        pieces = [Piece("heading", section.heading, before=before), *self.intro(section)]

        def sub_before() -> float:
            return 0.4 if compact and len(pieces) == 1 else 1.6

        def group(heading: str | None, texts: tuple[str, ...], **marks: bool) -> None:
            if texts:
                if heading is not None:
                    pieces.append(self.sub(heading, sub_before()))
                pieces.extend(self.items(texts, **marks))

        for block in section.body:
            if isinstance(block, Items):
                group(block.heading, block.texts)
            elif isinstance(block, Ranked) and not block.tick:
                group(block.top_heading, block.top, numbered=True)
                group(block.more_heading, block.more)
            elif isinstance(block, Ranked):
                # Tick boxes: the top part in bold says by itself that it comes first.
                pieces.extend(self.items(block.top, box=True, bold=True))
                group(block.more_heading, block.more, box=True)
            elif isinstance(block, Entries):
                for entry in block.entries:
                    space = (0.4 if len(pieces) == 1 else 1.2) if compact else 1.0
                    pieces.append(Piece("sub", entry.label, size=self.s.small, color=MUTED, before=space))
                    pieces.extend(Piece("text", text) for text in entry.texts)
            elif isinstance(block, Note):
                pieces.append(Piece("text", block.text, color=MUTED))
            elif isinstance(block, Line):
                pieces.append(Piece("text", block.text, bold=block.answered, size=self.s.body * 1.1))
            elif isinstance(block, Facts):
                pieces.extend(Piece("text", f"{fact.label}: {fact.value}") for fact in block.facts)
            elif isinstance(block, OptionsTable):
                for row in block.rows:
                    pieces.extend(self.option_block_pieces(block, row))
            elif not isinstance(block, WritingSpace):  # writing space: drawn at the end
                raise TypeError(f"no PDF for {type(block).__name__}")
        return pieces

    # -- the options table ----------------------------------------------------------------
    def option_cells(self, table: OptionsTable, row: OptionRow) -> list[list[Piece]]:
        cells: list[list[Piece]] = [[Piece("text", row.name, bold=True)]]
        for side in row.sides:
            cell: list[Piece] = []
            if side.weight is not None:
                cell.append(Piece("weight", table.weight(side.weight), weight=side.weight))
            cell.extend(self.weighted_items(table, side.items))
            cells.append(cell)
        cells.append(self.items(row.touches))
        if row.empty:
            cells[1] = [Piece("text", table.nothing_noted, color=MUTED)]
        return cells

    def options(self, section: Section, table: OptionsTable, before: float) -> None:
        pdf = self.pdf
        heading_text = section.heading
        heading = Piece("heading", heading_text, before=before)
        intro = self.intro(section)
        widths = [36.0, 50.0, 50.0]
        widths.append(pdf.epw - sum(widths))
        gap = 2.5
        titles = table.columns

        def header_row() -> None:
            y = pdf.get_y()
            x = pdf.l_margin
            ends = []
            for title, width in zip(titles, widths):
                self.font(self.s.small, True, MUTED)
                pdf.set_xy(x, y)
                pdf.multi_cell(width - gap, self.lh(self.s.small), self.fit(title), align="L", new_x="LEFT", new_y="NEXT")
                ends.append(pdf.get_y())
                x += width
            pdf.set_y(max(ends) + 0.5)

        if not self.s.columns:
            self.flow([heading, *intro])
            for row in table.rows:
                self.option_block(table, row)
            return
        # Heading, column titles and the first row stay together.
        first = self.option_cells(table, table.rows[0])
        first_h = max(self.heights(cell, w - gap) for cell, w in zip(first, widths))
        head_h = self.heights([heading, *intro], pdf.epw) + 2 * self.lh(self.s.small) + 2
        if pdf.get_y() + head_h + min(first_h, 25) > pdf.page_break_trigger:
            self.section = None
            pdf.add_page()
            heading = Piece("heading", heading_text)
        self.flow([heading, *intro])
        header_row()
        self.table_header = header_row
        full = pdf.page_break_trigger - pdf.t_margin - 30
        for row in table.rows:
            cells = self.option_cells(table, row)
            row_h = max(self.heights(cell, w - gap) for cell, w in zip(cells, widths)) + 1.6
            if row_h > full:
                self.table_header = None
                self.option_block(table, row)
                self.table_header = header_row
                continue
            if pdf.get_y() + row_h > pdf.page_break_trigger:
                pdf.add_page()
            top = pdf.get_y()
            pdf.set_draw_color(*RULE)
            pdf.set_line_width(0.25)
            pdf.line(pdf.l_margin, top, pdf.l_margin + pdf.epw, top)
            x = pdf.l_margin
            ends = []
            for cell, width in zip(cells, widths):
                ends.append(self.boxed(cell, x, top + 1.0, width - gap))
                x += width
            pdf.set_xy(pdf.l_margin, max(ends) + 0.6)
        self.table_header = None

    def option_block_pieces(self, table: OptionsTable, row: OptionRow) -> list[Piece]:
        """An option in one column: for large print, or a row too long for a table."""
        pieces = [Piece("sub", row.name, size=self.s.body * 1.08, before=2.5, color=ACCENT)]
        if row.empty:
            pieces.append(Piece("text", table.nothing_noted, color=MUTED, indent=4))
        for side in row.sides:
            if not side.items and side.weight is None:
                continue
            pieces.append(Piece("sub", side.heading, before=1.0, indent=4))
            if side.weight is not None:
                pieces.append(Piece("weight", table.weight(side.weight), weight=side.weight, indent=4))
            pieces.extend(self.weighted_items(table, side.items, indent=4))
        if row.touches:
            pieces.append(Piece("sub", table.touches_heading, before=1.0, indent=4))
            pieces.extend(self.items(row.touches, indent=4))
        return pieces

    def option_block(self, table: OptionsTable, row: OptionRow) -> None:
        pieces = self.option_block_pieces(table, row)
        self.draw(pieces[0], self.pdf.l_margin, self.pdf.epw, flowing=True)
        self.subsection = row.name
        for piece in pieces[1:]:
            self.draw(piece, self.pdf.l_margin, self.pdf.epw, flowing=True)
        self.subsection = None

    # -- the sections, in order -------------------------------------------------------------
    def one_line(self, section: Section, line: Line) -> None:
        """A section of one line: a small heading over it, no rule."""
        self.flow([
            Piece("sub", section.heading, before=2.5, color=ACCENT),
            *self.intro(section),
            Piece("text", line.text, bold=line.answered, size=self.s.body * 1.1),
        ])

    def band(self, sections: list[Section]) -> None:
        """Sections with a column: the left ones beside the right ones, if they fit.

        The first section of each column starts at the top of the band.
        """
        columns: dict[str, list[Piece]] = {"left": [], "right": []}
        for section in sections:
            pieces = columns[section.column or "left"]
            pieces += self.section_pieces(section, 4.0 if pieces else 0.0)
        self.side_by_side(columns["left"], columns["right"])

    def sections(self) -> list[Section]:
        """Draw the sections in order; return those that are space to write in.

        That space goes at the end, where it can fill what is left of the page.
        """
        writing: list[Section] = []
        band: list[Section] = []
        first = True
        for section in (*self.sheet.sections, None):
            if section is not None and section.column is not None:
                band.append(section)
                continue
            if band:
                self.band(band)
                band, first = [], False
            if section is None:
                break
            body = section.body
            before = 0.0 if first else 4.0
            if all(isinstance(block, WritingSpace) for block in body):
                writing.append(section)
                continue
            first = False
            if len(body) == 1 and isinstance(body[0], Line):
                self.one_line(section, body[0])
            elif len(body) == 1 and isinstance(body[0], OptionsTable):
                self.options(section, body[0], before)
            else:
                self.flow(self.section_pieces(section, before))
        return writing

    def small_print(self) -> tuple[str, str]:
        """The footer as two paragraphs: about the card, then the pack, the session, the fonts."""
        labels = self.labels
        details = list(self.sheet.footer.details)
        if self.fit.coverage is None:
            details.append(labels.font_fallback)
        elif self.fit.replaced:
            details.append(labels.glyphs_replaced)
        if self.rtl_unshaped:
            details.append(labels.rtl_unshaped)
        return " ".join(self.sheet.footer.about), " ".join(details)

    def writing_space_and_footer(self, writing: list[Section]) -> None:
        """Ruled space to write in, then the small print.

        The ruled lines fill what is left of the page (at least three each);
        in normal print the parts stand side by side.
        """
        pdf = self.pdf
        self.section = None
        self.subsection = None
        footer_pieces = [
            Piece("text", p, size=self.s.small, color=MUTED, before=0.6) for p in self.small_print() if p
        ]
        footer_h = self.heights(footer_pieces, pdf.epw) + 3
        if writing:
            self.ruled(writing, footer_h)
        # The small print sits at the foot of the last page.
        pdf.set_y(max(pdf.get_y() + 2, pdf.page_break_trigger - footer_h + 1))
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
        pdf.set_y(pdf.get_y() + 1)
        auto = pdf.auto_page_break
        pdf.set_auto_page_break(False)
        for piece in footer_pieces:
            self.draw(piece, pdf.l_margin, pdf.epw, flowing=False)
        pdf.set_auto_page_break(auto, margin=self.bottom)

    def ruled(self, writing: list[Section], footer_h: float) -> None:
        """Each section of writing space: its heading over ruled lines."""
        pdf = self.pdf
        gap = self.s.ruled_gap
        side = self.s.columns
        count = len(writing)
        column_gap = 7.0
        width = (pdf.epw - column_gap * (count - 1)) / count if side else pdf.epw
        intro_h = max(self.heights(self.intro(section), width) for section in writing)
        head_h = self.lh(self.s.heading) + 4.5 + intro_h
        parts = 1 if side else count
        least = 2 if side else 3
        min_h = parts * (head_h + least * gap)
        if pdf.get_y() + min_h + footer_h > pdf.page_break_trigger:
            pdf.add_page()
        room = pdf.page_break_trigger - footer_h - pdf.get_y() - 2
        lines = max(least, min(int((room / parts - head_h) // gap), 12))
        top = pdf.get_y()
        ends = []
        for index, section in enumerate(writing):
            x = pdf.l_margin + (index * (width + column_gap) if side else 0)
            if side:
                pdf.set_y(top)
            for piece in [Piece("heading", section.heading, before=3.0), *self.intro(section)]:
                self.draw(piece, x, width, flowing=False)
            pdf.set_draw_color(*RULE)
            pdf.set_line_width(0.25)
            for _ in range(lines):
                y = pdf.get_y() + gap
                pdf.line(x, y, x + width, y)
                pdf.set_y(y)
            ends.append(pdf.get_y())
        pdf.set_y(max(ends))

    def page_numbers(self) -> None:
        pdf = self.pdf
        pages = pdf.pages_count
        if pages < 2:
            return
        pdf.set_auto_page_break(False)
        last = pdf.page
        for number in range(1, pages + 1):
            pdf.page = number
            # fpdf skips a font it thinks is set; on an earlier page it is not.
            self.font(self.s.small + 0.5, False, MUTED)
            self.font(self.s.small, False, MUTED)
            pdf.set_xy(pdf.l_margin, pdf.h - self.bottom + 4)
            text = self.labels.page.format(page=number, pages=pages)
            pdf.cell(pdf.epw, self.lh(self.s.small), self.fit(text), align="R")
        pdf.page = last

    def render(self) -> bytes:
        self.top()
        writing = self.sections()
        self.writing_space_and_footer(writing)
        self.page_numbers()
        return bytes(self.pdf.output())


def render_pdf(card: Card, *, large_print: bool = False, fonts: tuple[FontChoice, ...] | None = None) -> bytes:
    """The card as PDF bytes (A4). ``fonts`` overrides the fonts found."""
    style = LARGE if large_print else NORMAL
    renderer = _Renderer(build_sections(card), style, system_fonts() if fonts is None else tuple(fonts))
    return renderer.render()


def font_in_use(fonts: tuple[FontChoice, ...] | None = None) -> str:
    """The font family the PDF uses on this computer, in words."""
    found = system_fonts() if fonts is None else fonts
    if found:
        return f"{found[0].family} ({found[0].regular})"
    return "Helvetica (PDF core font; no Unicode font found)"
