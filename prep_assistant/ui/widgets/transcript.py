"""The conversation so far: the assistant's messages and the patient's answers.

One widget draws every message itself, line by line (Textual's line API),
instead of one widget per message. A message widget cost a mount, a removal,
its styles and a place in every layout pass of the screen; with thirty of
them that was about half the CPU of an answer (issue 23). Messages are kept
as data; each is wrapped to lines once per width and drawn from those lines.

Only the latest ``WINDOW`` messages stay on screen; every earlier answer is
still in "My answers" (F2).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions

from prep_assistant.i18n import _
from prep_assistant.ui.common import literal

#: Who says a message -> its bubble's edge: the character and the side it is on. The
#: same look the bubbles had as widgets: ``border-left: outer`` is "▌", ``double`` "║".
_EDGES = {
    "assistant": ("\u258c", "left"),
    "provider": ("\u2551", "left"),
    "patient": ("\u2590", "right"),
}


class Message:
    """One message; ``position`` is its step's place on the path.

    A plain class, not a dataclass: a dataclass costs about half a millisecond
    to create at import, before the first question (issue 23).
    """

    __slots__ = ("text", "who", "position", "marks", "lines")

    def __init__(self, text: str, who: str, position: int, marks: set[str]) -> None:
        self.text = text
        self.who = who
        self.position = position
        #: "current" (the question now asked) and "skipped" (an answer left out).
        self.marks = marks
        #: Its lines by the width they were made for (made again when the colours change).
        self.lines: dict[int, list[Strip]] = {}

    @property
    def classes(self) -> set[str]:
        """The message's classes, as the bubble widgets had them."""
        return {"bubble", self.who, *self.marks}


class Transcript(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    Transcript {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    /* A bubble's margin and padding are read from these, as a widget's would be. */
    Transcript > .transcript--assistant { background: $primary 10%; margin: 1 6 0 0; padding: 0 1; }
    Transcript > .transcript--assistant-edge { color: $primary; }
    Transcript > .transcript--provider { background: $secondary 10%; margin: 1 6 0 0; padding: 0 1; }
    Transcript > .transcript--provider-edge { color: $secondary; }
    Transcript > .transcript--patient { background: $accent 10%; margin: 1 0 0 6; padding: 0 1; }
    Transcript > .transcript--patient-edge { color: $accent; }
    Transcript > .transcript--current { text-style: bold; }
    Transcript > .transcript--skipped { color: $text-muted; text-style: italic; }
    Transcript > .transcript--note { color: $text-muted; text-style: italic; }
    """

    COMPONENT_CLASSES = {
        "transcript--assistant", "transcript--assistant-edge",
        "transcript--provider", "transcript--provider-edge",
        "transcript--patient", "transcript--patient-edge",
        "transcript--current", "transcript--skipped", "transcript--note",
    }

    #: Messages kept on screen; older ones leave from the top.
    WINDOW = 30

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.messages: list[Message] = []
        #: "Earlier messages: ...", shown above the messages once some have left.
        self.note: str | None = None
        self._note_lines: dict[int, list[Strip]] = {}
        #: Every line, top to bottom, by width (empty: to be put together again).
        self._lines: dict[int, list[Strip]] = {}
        #: For every line of ``_lines``: the first line of its message in the text the mouse selects.
        self._bases: dict[int, list[int]] = {}
        #: Lines with their selection offsets moved to the whole text, by width and line (made when drawn).
        self._placed: dict[tuple[int, int], Strip] = {}

    # -- what the screen changes ------------------------------------------------------
    def add(self, text: str, *, who: str, position: int, extra: str = "") -> Message:
        for message in self.messages:
            if "current" in message.marks:
                message.marks.discard("current")
                message.lines.clear()
        message = Message(text, who, position, set(extra.split()))
        self.messages.append(message)
        self._trim()
        self._changed()
        # Anchored: stays at the newest message as it grows, until the patient scrolls up.
        self._anchor_released = False
        self.anchor()
        return message

    def _trim(self) -> None:
        excess = len(self.messages) - self.WINDOW
        if excess > 0:
            del self.messages[:excess]
            self._show_earlier_note()

    def _show_earlier_note(self) -> None:
        if self.note is None:
            self.note = _("Earlier messages: press F2 to see all your answers.")
            self._note_lines.clear()
            self._changed()

    def first_position(self) -> int | None:
        return self.messages[0].position if self.messages else None

    def truncate(self, position: int) -> None:
        """Remove the messages of steps from ``position`` on."""
        self.messages = [message for message in self.messages if message.position < position]
        self._changed()

    def clear(self) -> None:
        self.messages = []
        self.note = None
        self._changed()

    # -- what is drawn where (the tests read the screen through these) ---------------------
    def drawn_text(self, message: Message) -> str:
        """The words of ``message`` as its lines draw them, one space between lines."""
        lines = self._lines_of(message)
        edge = _EDGES[self._who(message)][0]
        rows = (line.text.strip().strip(edge).strip() for line in lines)
        return " ".join(row for row in rows if row)

    def region_of(self, message: Message) -> Region:
        """Where the bubble of ``message`` is on the screen now (it may be scrolled out of view)."""
        width = self._text_width()
        top = len(self._note_lines_at(width))
        for other in self.messages:
            if other is message:
                break
            top += len(self._message_lines_at(other, width))
        above = self.get_component_styles(f"transcript--{self._who(message)}").margin.top
        height = len(self._message_lines_at(message, width)) - above
        content = self.content_region
        return Region(content.x, content.y + top + above - round(self.scroll_offset.y), width, height)

    def _lines_of(self, message: Message) -> list[Strip]:
        return self._message_lines_at(message, self._text_width())

    def _message_lines_at(self, message: Message, width: int) -> list[Strip]:
        return _made_for(message.lines, width, lambda: self._message_strips(message, width))

    def _note_lines_at(self, width: int) -> list[Strip]:
        if not self.note:
            return []
        return _made_for(self._note_lines, width, lambda: self._note_strips(self.note or "", width))

    @staticmethod
    def _who(message: Message) -> str:
        return message.who if message.who in _EDGES else "assistant"

    # -- drawing ------------------------------------------------------------------------
    def _changed(self) -> None:
        self._lines.clear()
        self._bases.clear()
        self._placed.clear()
        self._update_virtual_size()
        self.refresh()

    def notify_style_update(self) -> None:
        # A theme or a class changed the colours: every line is drawn again.
        super().notify_style_update()
        for message in self.messages:
            message.lines.clear()
        self._note_lines.clear()
        self._lines.clear()
        self._bases.clear()
        self._placed.clear()
        self.refresh()

    def _on_resize(self, event) -> None:
        self._update_virtual_size()

    def _text_width(self) -> int:
        """The width the lines are made for, less the scroll bar only when it shows
        (the lines at the full width do not fit). Fewer cells never give fewer
        lines, so the choice cannot flip back and forth."""
        full = self.size.width  # inside the padding; the scroll bar comes off it
        if full <= 0:
            return 0
        viewport = self.size.height
        if len(self._lines_at(full)) > viewport:
            return max(1, full - self.styles.scrollbar_size_vertical)
        return full

    def _update_virtual_size(self) -> None:
        width = self._text_width()
        self.virtual_size = Size(width, len(self._lines_at(width)) if width else 0)

    def _lines_at(self, width: int) -> list[Strip]:
        """Every line, top to bottom, made for ``width``."""
        # At most two widths are kept: with and without the scroll bar.
        return _made_for(self._lines, width, lambda: [
            *self._note_lines_at(width),
            *(line for message in self.messages for line in self._message_lines_at(message, width)),
        ])

    def render_line(self, y: int) -> Strip:
        width = self._text_width()
        lines = self._lines_at(width)
        index = round(self.scroll_offset.y) + y
        if not 0 <= index < len(lines):
            return Strip.blank(width, self.rich_style)
        # A message's lines are made once, with selection offsets counted from its own first
        # line; where it stands in the whole text is added here, for the lines drawn only.
        key = (width, index)
        line = self._placed.get(key)
        if line is None:
            line = self._placed[key] = _moved_down(lines[index], self._bases_at(width)[index])
        selection = self.text_selection
        if selection is not None:
            # Drawn again at each mouse move, from the line as made: no message is wrapped again.
            line = _highlighted(line, selection, self.screen.get_component_rich_style("screen--selection"))
        return line

    # -- mouse selection (as Textual's Log does it: offsets in the lines, the text on request) ----
    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The words under the selection: the messages' own text, one line each (never the
        edges, padding or scroll bar: those carry no offset, so the mouse never selects them)."""
        return selection.extract("\n".join(self._selectable_text())), "\n"

    def _selectable_text(self) -> list[str]:
        """Every line of the note and the messages as the selection counts them."""
        texts = ([self.note] if self.note else []) + [message.text for message in self.messages]
        return [line for text in texts for line in _text_lines(text)]

    def _bases_at(self, width: int) -> list[int]:
        def make() -> list[int]:
            bases: list[int] = []
            base = 0
            if self.note:
                bases += [base] * len(self._note_lines_at(width))
                base += len(_text_lines(self.note))
            for message in self.messages:
                bases += [base] * len(self._message_lines_at(message, width))
                base += len(_text_lines(message.text))
            return bases
        return _made_for(self._bases, width, make)

    def _note_strips(self, text: str, width: int) -> list[Strip]:
        """The note about earlier messages: muted, one cell in from both sides, no bubble."""
        style = self.get_visual_style("transcript--note")
        return [self._padded(line, 1, 1) for line in self._wrapped(text, width - 2, style, "left")]

    def _message_strips(self, message: Message, width: int) -> list[Strip]:
        """The message in its bubble: coloured, with an edge on the speaker's side,
        and the margin and padding its component class gives it."""
        who = self._who(message)
        edge, edge_side = _EDGES[who]
        parts = [f"transcript--{who}"] + [f"transcript--{mark}" for mark in sorted(message.marks)
                                         if mark in ("current", "skipped")]
        style = self.get_visual_style(*parts)
        # As Textual draws a border: the bubble's background, the edge's colour, no text style.
        edge_style = Style(background=style.background,
                           foreground=self.get_visual_style(f"transcript--{who}-edge").foreground)
        box = self.get_component_styles(f"transcript--{who}")
        above, right, below, left = box.margin
        pad_above, pad_right, pad_below, pad_left = box.padding
        outside = self.rich_style
        inner = max(1, width - left - right - pad_left - pad_right - 1)
        body_width = inner + pad_left + pad_right + 1
        left = min(left, max(0, width - body_width))
        right = max(0, width - body_width - left)
        filler = Strip.blank(inner, style.rich_style)
        text = [filler] * pad_above + self._wrapped(message.text, inner, style, "right" if who == "patient" else "left")
        strips = [Strip.blank(width, outside)] * above
        for line in text + [filler] * pad_below:
            body = [Segment(" " * pad_left, style.rich_style), *line, Segment(" " * pad_right, style.rich_style)]
            edge_segment = Segment(edge, edge_style.rich_style)
            body = [edge_segment, *body] if edge_side == "left" else [*body, edge_segment]
            strips.append(self._padded(Strip(body, body_width), left, right).simplify())
        return strips + [Strip.blank(width, outside)] * below

    @staticmethod
    def _wrapped(text: str, width: int, style: Style, align: str) -> list[Strip]:
        """The text (never markup) wrapped to ``width``, each line filled out to it in ``style``."""
        options = RenderOptions(Style.parse, {"text_align": align})
        return [strip.extend_cell_length(width, style.rich_style)
                for strip in literal(text).render_strips(width, None, style, options)]

    def _padded(self, line: Strip, left: int, right: int) -> Strip:
        """``line`` with ``left`` and ``right`` cells of the transcript's own background beside it."""
        outside = self.rich_style
        return Strip([Segment(" " * left, outside), *line, Segment(" " * right, outside)],
                     line.cell_length + left + right)


def _text_lines(text: str) -> list[str]:
    """The lines of ``text`` as Textual counts them when it wraps (its selection offsets count in these)."""
    return [line.expand_tabs(8).plain for line in literal(text).split(allow_blank=True)]


def _offset_of(segment: Segment) -> tuple[int, int] | None:
    style = segment.style
    return None if style is None else style.meta.get("offset")


def _with_offset(style: RichStyle | None, x: int, y: int) -> RichStyle:
    return (style or RichStyle()) + RichStyle.from_meta({"offset": (x, y)})


def _moved_down(line: Strip, base: int) -> Strip:
    """``line`` with the selection offsets of its words ``base`` lines further down."""
    if not base:
        return line
    segments = []
    for segment in line:
        offset = _offset_of(segment)
        if offset is not None:
            segment = Segment(segment.text, _with_offset(segment.style, offset[0], offset[1] + base))
        segments.append(segment)
    return Strip(segments, line.cell_length)


def _highlighted(line: Strip, selection: Selection, selected: RichStyle) -> Strip:
    """``line`` with the selected part of its words in the selection's style."""
    segments: list[Segment] = []
    changed = False
    for segment in line:
        offset = _offset_of(segment)
        span = None if offset is None else selection.get_span(offset[1])
        if span is None:
            segments.append(segment)
            continue
        x, y = offset
        text, style = segment.text, segment.style
        start, end = span
        cut_from = max(0, start - x)
        cut_to = len(text) if end == -1 else min(len(text), end - x)
        if cut_from >= cut_to:
            segments.append(segment)
            continue
        changed = True
        if cut_from:
            segments.append(Segment(text[:cut_from], style))
        segments.append(Segment(text[cut_from:cut_to], _with_offset(style, x + cut_from, y) + selected))
        if cut_to < len(text):
            segments.append(Segment(text[cut_to:], _with_offset(style, x + cut_to, y)))
    return Strip(segments, line.cell_length) if changed else line


def _made_for(made: dict[int, list[Strip]], width: int, make) -> list[Strip]:
    """The lines made for ``width``, made now if they are not yet; only two widths are kept."""
    if width not in made:
        if len(made) > 1:
            made.clear()
        made[width] = make()
    return made[width]
