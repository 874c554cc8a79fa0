"""The card as an A4 PDF, made with fpdf2 (imported only when a PDF is made).

What the card shows, and in which order, is decided by the section builder
(``sections.py``); this renderer draws each kind of block. The header has
the decision in large type with the facts under it. Sections with a column
stand side by side as a band (what matters to me beside my questions and
what I already know); an options table gets one row per option; a section
of one line gets a small heading; writing space (notes, what we agreed)
goes last and fills the rest of the page; the small print sits at the foot.

A typical session fits one page. A longer one flows on: every text wraps,
nothing is cut, and a section that continues on a new page has its heading
repeated with "(continued)". Side-by-side parts fall back to one column
when they do not fit; an option too long for a table row is laid out as a
block of its own. ``large_print`` uses 16 pt body text in one column.

This module draws the card's header, sections and small print;
``pdf_layout`` has the page machinery (measuring, flowing, columns,
continuation pages) and ``pdf_glyphs`` what the fonts can show. Text a font
cannot show is replaced (and the card says so), never dropped silently, and
never a crash. Right-to-left text is shaped when uharfbuzz is installed;
without it the card says that the HTML version shows that text correctly.
"""

from __future__ import annotations

from prep_assistant.summary.fonts import FontChoice, system_fonts
from prep_assistant.summary.model import Card
from prep_assistant.summary.pdf_layout import ACCENT, INK, LARGE, MUTED, NORMAL, RULE, Layout, Piece
from prep_assistant.summary.sections import (
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


class _Renderer(Layout):
    """The card drawn on the page: header, sections in order, writing space, small print."""

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
