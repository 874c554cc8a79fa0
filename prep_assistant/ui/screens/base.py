"""What every screen of the app shares.

- Its keys in the current language: bindings are declared in English
  (marked with ``N_``) and translated when the screen is mounted and after
  every language switch (``retranslate``), so the key bar follows.
- The too-small notice instead of a broken layout: checked whenever the
  screen comes to the front; the app checks the front screen on a resize.
- The header above and the key bar below the screen's own body (modal
  dialogs have neither).

Each screen keeps its stylesheet beside its module (``CSS_PATH``).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import ModalScreen, Screen, ScreenResultType
from textual.widgets import Header

from prep_assistant.ui.common import MIN_HEIGHT, MIN_WIDTH, retranslate_bindings
from prep_assistant.ui.widgets.key_bar import KeyBar
from prep_assistant.ui.widgets.too_small import TooSmallNotice


def fit_to_size(screen: Screen, size: Any) -> None:
    """Show the too-small notice on ``screen`` instead of its layout, or hide it.

    Works on any screen (the command palette too), so the app can call it
    for whatever is in front when the terminal is resized.
    """
    width, height = size
    small = width < MIN_WIDTH or height < MIN_HEIGHT
    screen.set_class(small, "-too-small")
    notices = screen.query_children(TooSmallNotice)
    if small:
        if notices:
            notices.first().show_size(width, height)
        else:
            notice = TooSmallNotice()
            screen.mount(notice)
            notice.show_size(width, height)


class BaseScreen(Screen[ScreenResultType]):
    """A full screen with a header, its body, and the key bar."""

    #: The header on top and the key bar at the bottom.
    SHOW_BARS = True

    def compose(self) -> ComposeResult:
        if self.SHOW_BARS:
            yield Header(show_clock=False, icon="")
        yield from self.compose_body()
        if self.SHOW_BARS:
            yield KeyBar()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets, between the header and the key bar."""
        yield from ()

    def on_mount(self) -> None:
        # Textual calls this after the subclass's own on_mount.
        self.retranslate_keys()

    def on_screen_resume(self) -> None:
        self.check_size()

    def check_size(self, size: Any = None) -> None:
        fit_to_size(self, size or self.app.size)

    def retranslate(self) -> None:
        """After a language switch: the keys, then the screen's own texts."""
        self.retranslate_keys()
        self.retranslate_texts()

    def retranslate_keys(self) -> None:
        retranslate_bindings(self)
        for bar in self.query(KeyBar):
            bar.refresh_keys()

    def retranslate_texts(self) -> None:
        """The screen's own texts in the current language (nothing by default)."""

    def status_line(self) -> str:
        """The header's second line: the app's status (guest mode), if the app has one."""
        status = getattr(self.app, "status_line", None)
        return status() if status is not None else ""


class BaseModalScreen(ModalScreen[ScreenResultType], BaseScreen[ScreenResultType]):
    """A dialog over the screen below: no header and no key bar of its own.

    ``ModalScreen`` comes first so that its stylesheet (the dimmed screen
    below) is inherited: Textual follows the first base class for CSS.
    """

    SHOW_BARS = False
