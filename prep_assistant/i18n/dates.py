"""Dates and moments for people: ``format_date`` and ``format_datetime``.

Long dates ("22 november 2026") come from a small table that Babel writes.

Why not ``babel.dates.format_date`` at run time: the first call loads the
whole CLDR locale (about 4 MB in memory, and noticeable time on an old
laptop), only to spell a month name. ``python -m prep_assistant.translations.update``
asks Babel for each language's long date pattern and month names and writes
them to ``locales/<lang>/dates.json``; the app formats from that. Babel stays
the source of the data, and a test checks the result is Babel's, day by day.

A pattern with a field this module does not know, or a missing table, makes
``format_long`` return None: ``format_date`` then asks Babel itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prep_assistant.i18n import state
from prep_assistant.i18n.languages import describe

if TYPE_CHECKING:  # pragma: no cover
    import datetime as dt

FILE_NAME = "dates.json"

#: A run of one pattern letter, a quoted literal, or other literal text.
#: Kept as text: ``re`` compiles it at the first date (and caches it), so that
#: importing i18n does not pay for it (about 0.3 ms, -X importtime).
_TOKENS = r"([A-Za-z])\1*|'(?:[^']|'')*'|[^A-Za-z']+"


def table_path(locales: Path, lang: str) -> Path:
    return Path(locales) / lang / FILE_NAME


def build_table(lang: str) -> dict[str, Any]:
    """What Babel says for ``lang`` (used by the update tool only)."""
    # Babel's date data: about 20 ms and megabytes; the update tool only.
    from babel.dates import get_date_format, get_month_names

    months = get_month_names("wide", context="format", locale=lang)
    return {"long": get_date_format("long", locale=lang).pattern, "months": [months[m] for m in range(1, 13)]}


def render_table(table: dict[str, Any]) -> bytes:
    # json: about 1.5 ms to import (-X importtime); the update tool only.
    import json

    return (json.dumps(table, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@lru_cache(maxsize=8)
def _load(locales: str, lang: str) -> dict[str, Any] | None:
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*", lang):
        return None  # a language code, never a path
    # json: about 1.5 ms to import (-X importtime), paid at the first date
    # rather than by every import of i18n (the app has it by then anyway).
    import json

    try:
        table = json.loads(table_path(Path(locales), lang).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(table, dict) or not isinstance(table.get("long"), str):
        return None
    months = table.get("months")
    if not isinstance(months, list) or len(months) != 12 or not all(isinstance(m, str) for m in months):
        return None
    return table


def _field(token: str, value: dt.date, months: list[str]) -> str | None:
    if token == "d":
        return str(value.day)
    if token == "dd":
        return f"{value.day:02d}"
    if token == "MMMM":
        return months[value.month - 1]
    if token == "y":
        return str(value.year)
    if token == "yyyy":
        return f"{value.year:04d}"
    return None


def format_long(value: dt.date, lang: str, locales: Path) -> str | None:
    table = _load(str(locales), lang)
    if table is None:
        return None
    parts: list[str] = []
    for match in re.finditer(_TOKENS, table["long"]):
        token = match.group(0)
        if token.startswith("'"):
            parts.append(token[1:-1].replace("''", "'") if token != "''" else "'")
        elif token[0].isalpha():
            text = _field(token, value, table["months"])
            if text is None:
                return None  # a field we do not know: Babel does it
            parts.append(text)
        else:
            parts.append(token)
    return "".join(parts)


# -- for people ----------------------------------------------------------------


def format_date(value: "dt.date", lang: str | None = None, format: str = "long") -> str:
    """``22 november 2026`` (nl) / ``November 22, 2026`` (en).

    ``format`` is a Babel/CLDR name (short, medium, long, full) or pattern.
    """
    lang = lang or state.current_language()
    if format == "long":
        text = format_long(value, lang, state.locales_dir())
        if text is not None:
            return text
    try:
        # Babel's date data: about 20 ms and megabytes; long dates avoid it.
        from babel.dates import format_date as babel_format_date

        return babel_format_date(value, format=format, locale=lang)
    except Exception as exc:
        state.warn(f"Cannot format a date in {lang!r}: {describe(exc)}")
        return value.isoformat()


def format_datetime(
    value: "dt.datetime", lang: str | None = None, format: str = "long"
) -> str:
    """A moment for people: the date in ``format``, the time in hours and
    minutes, joined as the locale does (``22 november 2026, 14:05``).

    Other formats than short/medium/long/full are passed to Babel as a pattern.
    """
    lang = lang or state.current_language()
    try:
        # Babel's date data: about 20 ms and megabytes, not needed at start-up.
        from babel.dates import format_date as babel_format_date
        from babel.dates import format_datetime as babel_format_datetime
        from babel.dates import format_time, get_datetime_format

        if format not in ("short", "medium", "long", "full"):
            return babel_format_datetime(value, format=format, locale=lang)
        date_text = babel_format_date(value.date(), format=format, locale=lang)
        time_text = format_time(value, format="short", locale=lang)
        pattern = str(get_datetime_format(format, locale=lang))
        pattern = pattern.replace("''", "\0").replace("'", "").replace("\0", "'")
        return pattern.replace("{1}", date_text).replace("{0}", time_text)
    except Exception as exc:
        state.warn(f"Cannot format a date in {lang!r}: {describe(exc)}")
        return value.isoformat(sep=" ", timespec="minutes")
