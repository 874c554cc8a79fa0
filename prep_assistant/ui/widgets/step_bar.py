"""The stages of the conversation with the current one marked."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from prep_assistant.i18n import _


class StepBar(Widget):
    DEFAULT_CSS = """
    StepBar {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.titles: list[str] = []
        self.index = 0

    def show(self, titles: list[str], index: int) -> None:
        self.titles = titles
        self.index = index
        self.refresh()

    def render(self) -> Content:
        if not self.titles:
            return Content("")
        index = min(self.index, len(self.titles) - 1)
        width = self.size.width - 2
        # Wide: every stage by name. Narrow: dots, and the current stage by name.
        parts = [Content(title) for title in self.titles]
        separator = Content(" \u203a ")
        full_len = sum(len(t) for t in self.titles) + len(separator) * (len(self.titles) - 1)
        if full_len <= width:
            pieces: list[Content] = []
            for number, part in enumerate(parts):
                if number == index:
                    part = part.stylize("bold reverse")
                elif number < index:
                    part = part.stylize("not dim")
                pieces.append(part)
            return separator.join(pieces)
        dots = " ".join("\u25cf" if n < index else ("\u25c9" if n == index else "\u25cb") for n in range(len(parts)))
        label = _("Part {n} of {total}: {title}").format(n=index + 1, total=len(parts), title=self.titles[index])
        if len(dots) + 2 + len(label) <= width:
            return Content.assemble(Content(dots + "  "), Content(label).stylize("bold"))
        # Narrower still (a phone): the words only, cut short at the end if need be.
        return Content(label).stylize("bold").truncate(max(width, 0), ellipsis=True)
