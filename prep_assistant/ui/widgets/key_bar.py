"""The keys of this screen, in one calm line at the bottom.

Textual's Footer rebuilds itself on every focus change (each answer moves
the focus), which made every answer cost several times more than it needs.
This bar shows the screen's and the app's own keys, which do not change as
the focus moves, and is rebuilt only when the language changes. Keys that
belong to one kind of answer are explained next to that answer and in help.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

from prep_assistant.i18n import _


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    """

    def on_mount(self) -> None:
        self.refresh_keys()

    def refresh_keys(self) -> None:
        self.refresh()

    def render(self) -> Content:
        parts: list[Content] = []
        seen: set[str] = set()
        active = self.screen.active_bindings.values()
        for node in (self.screen, self.app):
            # Only the screen's and the app's own keys: not those of the focused widget.
            for binding in (entry.binding for entry in active if entry.node is node):
                if not binding.show or not binding.description or binding.action in seen:
                    continue
                seen.add(binding.action)
                key = binding.key_display or self.app.get_key_display(binding)
                parts.append(Content.assemble((f" {key} ", "bold reverse"), " ", binding.description))
        palette = self.app.get_key_display(Binding("ctrl+p", "command_palette"))
        parts.append(Content.assemble((f" {palette} ", "bold reverse"), " ", _("Commands")))
        return Content("   ").join(parts)
