"""The sentences of the page around the app (loading, ended, room full).

The page is shown before the app has started, so it speaks the language the
volunteer chose for the workshop; inside the app each participant can switch.
"""

from __future__ import annotations

from prep_assistant.i18n import _

#: Smallest and largest ``?fontsize=`` a page accepts (pixels).
FONT_SIZES = range(8, 41)
DEFAULT_FONT_SIZE = 16


def page_texts() -> dict[str, str]:
    return {
        "title": _("Preparing for my conversation"),
        "loading": _("One moment, please. Your own conversation is starting."),
        "guest": _("Nothing you type is kept on this computer. If you reload this page, you start a new, empty conversation."),
        "closed": _("This conversation has ended."),
        "closed_hint": _("Your answers were not kept. You can start a new, empty conversation."),
        "start_again": _("Start a new conversation"),
        "full": _("All places in this workshop are taken right now."),
        "full_hint": _("Please wait a few minutes, or ask the workshop leader for help."),
        "try_again": _("Try again"),
    }


def font_size(value: str | None) -> int:
    """The ``?fontsize=`` of the address, kept within sensible bounds."""
    try:
        size = int(value or DEFAULT_FONT_SIZE)
    except ValueError:
        return DEFAULT_FONT_SIZE
    return min(max(size, FONT_SIZES.start), FONT_SIZES.stop - 1)
