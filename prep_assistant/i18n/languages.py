"""The languages: which ones we ship, and how a language code is written.

Pure data and string handling: no state, no catalogs, nothing to import.
"""

from __future__ import annotations

#: The languages shipped with complete catalogs. A language is added here
#: only once its catalog is complete (see the README, "Adding a language").
SUPPORTED_LANGUAGES: tuple[str, ...] = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
DOMAIN = "messages"

#: Where interface strings come from: the Python code is written in English.
CODE_LANGUAGE = "en"


def N_(message: str) -> str:
    """Mark a string for extraction; translate it later with ``_()``.

    Defined here, below everything, so that any module of i18n can mark texts.
    """
    return message


def language_code(value: str | None) -> str | None:
    """``en_GB.UTF-8``, ``EN``, ``nl-BE`` -> ``en``/``nl``; junk -> the junk."""
    if value is None:
        return None
    text = value.strip()
    for sep in (".", "@"):
        text = text.split(sep, 1)[0]
    text = text.replace("-", "_").split("_", 1)[0].lower()
    return text


def printable(value: str, limit: int = 20) -> str:
    """``value`` safe to show in a message: no control characters, not too long."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in value)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def describe(exc: BaseException) -> str:
    """An exception as a short, printable reason."""
    text = str(exc) or type(exc).__name__
    return printable(text, 200)
