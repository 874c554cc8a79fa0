"""Small helpers shared by the screens and widgets.

Everything a person typed, and every dialogue text from a TOML file, is
shown through ``literal()``: a ``Content`` built from the string as it is, so
square brackets are never read as markup (``escape()`` is not enough in
Textual 8: ``"[/"`` crashes and ``"[@click=...]"`` becomes an action).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.content import Content

from prep_assistant.i18n import _
from prep_assistant.ui.textual_private import reword_bindings

if TYPE_CHECKING:  # pragma: no cover
    from textual.dom import DOMNode

#: Below this the layout does not fit; a message says so instead. Measured
#: in Chromium with a phone's screen under textual-serve: 390 x 844 CSS px
#: gives 41 x 40 at the default 16 px font (41 x 31 with the browser's bars),
#: 46 x 44 at ``?fontsize=14`` and 32 x 32 at ``?fontsize=20``; 360 x 640 at
#: 18 px gives 33 x 26; a phone held sideways (844 x 340) gives 90 x 16.
MIN_WIDTH = 32
MIN_HEIGHT = 16

#: Below this many columns the screens use their narrow layout: the class
#: ``NARROW`` on the screen (set by Textual's ``HORIZONTAL_BREAKPOINTS``).
#: At 80 columns and more the layout is the one of the snapshot tests.
NARROW_WIDTH = 80
NARROW = "-narrow"
WIDE = "-wide"

#: Below this many lines (a phone held sideways) the class ``SHORT``: less room around things.
SHORT_HEIGHT = 24
SHORT = "-short"
TALL = "-tall"


def literal(text: object) -> Content:
    """Text as it is: never markup, whatever brackets it holds."""
    return Content("" if text is None else str(text))


def retranslate_bindings(node: "DOMNode") -> None:
    """Show the node's key descriptions and tooltips in the current language.

    Bindings are declared with their English text (marked with ``N_`` for
    extraction); the translated copies replace them at mount time and after
    every language switch, so the key bar follows the language.
    """
    reword_bindings(node, translated_binding)


def translated_binding(binding: Binding) -> Binding:
    """A copy of a declared binding with its description and tooltip in the current language."""
    # Binding is a dataclass of Textual's: replace copies every field it has.
    return replace(
        binding,
        description=_(binding.description) if binding.description else "",
        tooltip=_(binding.tooltip) if binding.tooltip else "",
    )
