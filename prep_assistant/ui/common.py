"""Small helpers shared by the screens and widgets.

Everything a person typed, and every dialogue text from a TOML file, is
shown through ``plain()``: a ``Content`` built from the string as it is, so
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

#: Below this the layout does not fit; a message says so instead. A phone
#: in a workshop (textual-serve at its default 16 px font) gives 41 columns
#: on a 390 px wide screen and 38 on a 360 px one, and about 30 to 40 lines.
MIN_WIDTH = 36
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


def plain(text: object) -> Content:
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
    return replace(
        binding,
        description=_(binding.description) if binding.description else "",
        tooltip=_(binding.tooltip) if binding.tooltip else "",
    )
