"""Long dates ("22 november 2026") from a small table that Babel writes.

Why not ``babel.dates.format_date`` at run time: the first call loads the
whole CLDR locale (about 4 MB in memory, and noticeable time on an old
laptop), only to spell a month name. ``python -m prep_assistant.i18n.update``
asks Babel for each language's long date pattern and month names and writes
them to ``locales/<lang>/dates.json``; the app formats from that. Babel stays
the source of the data, and a test checks the result is Babel's, day by day.

A pattern with a field this module does not know, or a missing table, makes
``format_long`` return None: the caller then asks Babel itself.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

FILE_NAME = "dates.json"

#: A run of one pattern letter, a quoted literal, or other literal text.
_TOKENS = re.compile(r"([A-Za-z])\1*|'(?:[^']|'')*'|[^A-Za-z']+")


def table_path(locales: Path, lang: str) -> Path:
    return Path(locales) / lang / FILE_NAME


def build_table(lang: str) -> dict[str, Any]:
    """What Babel says for ``lang`` (used by the update tool only)."""
    from babel.dates import get_date_format, get_month_names

    months = get_month_names("wide", context="format", locale=lang)
    return {"long": get_date_format("long", locale=lang).pattern, "months": [months[m] for m in range(1, 13)]}


def render_table(table: dict[str, Any]) -> bytes:
    return (json.dumps(table, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@lru_cache(maxsize=8)
def _load(locales: str, lang: str) -> dict[str, Any] | None:
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*", lang):
        return None  # a language code, never a path
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
    for match in _TOKENS.finditer(table["long"]):
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
