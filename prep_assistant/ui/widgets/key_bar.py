"""The keys of this screen, in one calm line at the bottom, each one clickable.

Textual's Footer rebuilds itself on every focus change (each answer moves
the focus), which made every answer cost several times more than it needs.
This bar shows the screen's and the app's own keys, which do not change as
the focus moves, and is rebuilt only when the language changes. Keys that
belong to one kind of answer are explained next to that answer and in help.

Every entry is also a button for a mouse or a finger (a phone in a
workshop has no F1): a click runs the binding's action in the binding's own
namespace (the screen's or the app's), exactly as its key would. The bar is
one widget that never takes the focus, so the keyboard works as before; it
is drawn as text with a click action on each entry rather than as a row of
widgets because in the narrow layout (a phone) the entries wrap onto more
lines, and Textual lays widgets out in rows and columns only, never wrapping.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.style import Style
from textual.widget import Widget

from prep_assistant.i18n import _
from prep_assistant.ui.common import NARROW_WIDTH

#: Between two entries (in the wide layout narrower, down to one space, if
#: that keeps every key on the line: Dutch words are longer).
GAP = "   "


class KeyEntry(NamedTuple):
    """One entry of the bar: the key as shown, its words, and what a click runs."""

    key: str
    description: str
    #: A full action string with its namespace, e.g. ``screen.back`` or ``app.quit``.
    action: str

    def content(self) -> Content:
        shown = Content.assemble((f" {self.key} ", "bold reverse"), " ", self.description)
        return shown.stylize(Style.from_meta({"@click": self.action}))


def qualified_action(action: str, namespace: str) -> str:
    """``action`` with ``namespace`` in front, unless it names its own."""
    name = action.split("(", 1)[0]
    return action if "." in name else f"{namespace}.{action}"


def pack_lines(entries: list[Content], width: int) -> list[list[Content]]:
    """The entries in order, as many to a line as fit in ``width`` (at least one a line)."""
    lines: list[list[Content]] = []
    used = 0
    for entry in entries:
        if lines and used + len(GAP) + entry.cell_length <= width:
            lines[-1].append(entry)
            used += len(GAP) + entry.cell_length
        else:
            lines.append([entry])
            used = entry.cell_length
    return lines


def wide_lines(entries: list[Content], width: int) -> tuple[list[list[Content]], str]:
    """The wide layout: one line, with the widest gap (``GAP`` down to one
    space) that fits it in ``width``; if none does, the entries wrap as in
    the narrow layout rather than being cut off."""
    used = sum(entry.cell_length for entry in entries)
    for size in range(len(GAP), 0, -1):
        if used + size * max(len(entries) - 1, 0) <= width:
            return [entries], " " * size
    return pack_lines(entries, width), GAP


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        background: $panel;
        color: $text;
        padding: 0 1;
        pointer: pointer;
        link-style: none;
        link-color: $text;
        link-background: transparent;
        link-style-hover: bold;
        link-background-hover: $accent;
        link-color-hover: $text;
    }
    """

    def on_mount(self) -> None:
        self.refresh_keys()

    def refresh_keys(self) -> None:
        # The words may be longer in another language: the bar may need another line.
        self.refresh(layout=True)

    def entries(self) -> list[KeyEntry]:
        """The screen's and the app's own shown keys, then the command palette."""
        found: list[KeyEntry] = []
        seen: set[str] = set()
        active = self.screen.active_bindings.values()
        for node, namespace in ((self.screen, "screen"), (self.app, "app")):
            # Only the screen's and the app's own keys: not those of the focused widget.
            for binding in (entry.binding for entry in active if entry.node is node):
                if not binding.show or not binding.description or binding.action in seen:
                    continue
                seen.add(binding.action)
                key = binding.key_display or self.app.get_key_display(binding)
                found.append(KeyEntry(key, binding.description, qualified_action(binding.action, namespace)))
        if self.app.ENABLE_COMMAND_PALETTE:  # not in the pack form (ui/pack_form.py)
            palette = self.app.get_key_display(Binding("ctrl+p", "command_palette"))
            found.append(KeyEntry(palette, _("Commands"), "app.command_palette"))
        return found

    def layout(self, screen_width: int, width: int) -> tuple[list[list[Content]], str]:
        """The entries in lines, and the gap between two entries on a line."""
        entries = [entry.content() for entry in self.entries()]
        if screen_width >= NARROW_WIDTH:
            return wide_lines(entries, width)
        return pack_lines(entries, width), GAP

    def lines(self, screen_width: int, width: int) -> list[list[Content]]:
        return self.layout(screen_width, width)[0]

    # The screen's width decides, as it does for the screen's NARROW class; the
    # class itself is set after the first layout of a new screen, too late here.
    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(self.screen.size.width, width))

    def render(self) -> Content:
        lines, gap = self.layout(self.screen.size.width, self.size.width)
        return Content("\n").join(Content(gap).join(line) for line in lines)
