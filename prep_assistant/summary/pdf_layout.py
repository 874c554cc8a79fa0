"""The page machinery of the PDF card: styles, pieces of text, measuring and flowing.

A ``Piece`` is one thing to draw (a heading, a sub-heading, a line of text
with its marker, a weight, a gap). ``Layout`` measures pieces, flows them
down the page (breaking pages, keeping a heading with what follows it),
boxes them in a column, or sets two columns side by side when they fit; on
every page after the first it repeats the card's title and the running
heading with "(continued)". What goes on the card, and in which order, is
``render_pdf``'s business; which characters the fonts can show is
``pdf_glyphs``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from prep_assistant.summary.fonts import FontChoice
from prep_assistant.summary.model import MAX_WEIGHT
from prep_assistant.summary.pdf_glyphs import load_fonts
from prep_assistant.summary.sections import CardSections

INK = (17, 17, 17)
MUTED = (90, 90, 90)
ACCENT = (29, 78, 137)
RULE = (175, 175, 175)
PT = 0.3528  # mm per point


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
    text: str = ""  # for a weight: its words ("weighs 4 of 5")
    marker: str | None = None  # "•", "1.", "box"
    bold: bool = False
    size: float | None = None
    color: tuple[int, int, int] = INK
    indent: float = 0.0
    before: float = 0.0
    weight: int = 0


@lru_cache(maxsize=1)
def _pdf_class() -> type:
    # fpdf2 is imported when the first PDF is made, not with this module: it
    # is the card's heaviest import (0.27 to 0.59 s in five runs of
    # python -X importtime on the shared 2-core machine) and Markdown, HTML
    # and text never need it.
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


class Layout:
    """An A4 document for one card, with what it takes to lay out pieces."""

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
        self._measured: dict[tuple, int] = {}
        self.font_family, self.fit, self.rtl_unshaped = load_fonts(pdf, fonts, set(self._all_text()))
        pdf.draw_continuation = self._continuation
        self.section: str | None = None
        self.subsection: str | None = None
        self.table_header: Callable[[], None] | None = None

    # -- fonts ---------------------------------------------------------------------
    def _all_text(self) -> str:
        texts = [*self.sheet.texts(), *(str(v) for v in vars(self.labels).values())]
        return "".join(texts) + "•●○"

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
