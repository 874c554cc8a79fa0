"""The languages: which ones we ship, and how a language code is written.

Pure data and string handling: no state, no catalogs, nothing to import.
"""

from __future__ import annotations

import re

#: The languages shipped with complete catalogs: always offered, even when
#: their catalog cannot be read (then with a warning). Every other catalog
#: on disk is offered too (``loading.known_languages``): adding a language
#: needs no code edit (see the README, "Adding a language").
SUPPORTED_LANGUAGES: tuple[str, ...] = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
DOMAIN = "messages"

#: Where a text missing from a catalog is looked up next, before the source
#: text: a German screen with gaps shows English in them, never Dutch and
#: English mixed (see ``fallback_chain``).
FALLBACK_LANGUAGE = "en"

#: A language code as a catalog folder is named: ``de``, ``pt_BR``,
#: ``sr_Latn``, ``es_419``. Anything else is never a catalog (nor a path).
_LOCALE_NAME = re.compile(r"[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?")

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


def locale_name(value: str | None) -> str | None:
    """``pt-br.UTF-8`` -> ``pt_BR``, ``EN`` -> ``en``, ``sr-latn-rs`` ->
    ``sr_Latn_RS``: the spelling of a catalog folder; None when ``value``
    cannot be a language code (junk, a path, ``C``)."""
    if value is None:
        return None
    text = value.strip()
    for sep in (".", "@"):
        text = text.split(sep, 1)[0]
    parts = [p for p in text.replace("-", "_").split("_")]
    if not parts or not parts[0]:
        return None
    spelled = [parts[0].lower()]
    for part in parts[1:]:
        spelled.append(part.title() if len(part) == 4 else part.upper())
    name = "_".join(spelled)
    return name if is_locale_name(name) else None


def is_locale_name(name: str) -> bool:
    """Whether ``name`` is spelled as a catalog folder (``de``, ``pt_BR``)."""
    return _LOCALE_NAME.fullmatch(name) is not None


def base_language(name: str) -> str:
    """``pt_BR`` -> ``pt``; ``de`` -> ``de``."""
    return name.split("_", 1)[0]


def fallback_chain(lang: str) -> tuple[str, ...]:
    """Where a text is looked up, in order, before its source text.

    ``pt_BR`` -> pt_BR, pt, en; ``de`` -> de, en; ``nl_BE`` -> nl_BE, nl;
    ``en`` -> en; ``nl`` -> nl. The region's language first, then English
    (the interface's source language, complete by ``check``), so that a
    screen in a new language with gaps shows two languages, never three:
    Dutch (the conversation's source) would otherwise fill the gaps of the
    conversation and English those of the interface. Dutch and English need
    no fallback: the Dutch catalog is complete, and the sources of the
    interface are English.
    """
    chain = [lang]
    base = base_language(lang)
    if base != lang:
        chain.append(base)
    if base not in (FALLBACK_LANGUAGE, DEFAULT_LANGUAGE):
        chain.append(FALLBACK_LANGUAGE)
    return tuple(chain)


def printable(value: str, limit: int = 20) -> str:
    """``value`` safe to show in a message: no control characters, not too long."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in value)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def describe(exc: BaseException) -> str:
    """An exception as a short, printable reason."""
    text = str(exc) or type(exc).__name__
    return printable(text, 200)
