"""What Babel's locale data (CLDR) says: language names and numbers.

Babel and its locale data cost tens of milliseconds and megabytes to load, so
they are imported only when a name or a large number is asked for; the app's
start-up shows neither.
"""

from __future__ import annotations

from prep_assistant.i18n import state


def language_name(code: str, in_language: str | None = None) -> str:
    """The name of a language in a language (``en`` in nl: ``Engels``)."""
    try:
        # Babel's locale data: about 10 ms to import (-X importtime) and more to
        # load, not needed at start-up.
        from babel import Locale

        return Locale.parse(code).get_display_name(in_language or state.current_language()) or code
    except Exception:  # unknown code, missing locale data: show the code
        return code


def format_number(value: float, lang: str | None = None) -> str:
    """``1.200`` (nl) / ``1,200`` (en)."""
    if type(value) is int and -1000 < value < 1000:
        # No grouping below a thousand: the digits as they are, without
        # loading Babel's locale data (megabytes) to count "3 items".
        return str(value)
    lang = lang or state.current_language()
    try:
        # babel.numbers: about 10 ms to import (-X importtime), plus the locale data.
        from babel.numbers import format_decimal

        return format_decimal(value, locale=lang)
    except Exception:
        return str(value)
