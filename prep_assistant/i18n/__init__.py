"""Languages: negotiation, the translations, dates and plurals.

One gettext domain, ``messages``, holds two kinds of text:

- interface strings, written in English in the Python code and marked with
  ``_()``, ``ngettext()``, ``pgettext()`` or ``nformat()``;
- dialogue texts, written inline (in Dutch) in the TOML flows and packs and
  looked up with ``dialogue_text(context, source)``, msgctxt
  ``flow.node.field``.

The compiled catalogs (``locales/<lang>/LC_MESSAGES/messages.mo``) are shipped
next to their ``.po`` files: reading a ``.mo`` takes about 2 ms, parsing the
``.po`` with Babel about 70 ms (import included), too much for start-up.
``python -m prep_assistant.i18n.update`` keeps them in step.

Nothing here raises because a catalog is missing or broken, or because a
translation changed a ``{placeholder}``: the app falls back to Dutch (or to
the source text) and records a warning, which the app shows once
(``translation_warnings()``).

The interface reads the language at display time (``_()`` and friends use
the current language), so ``set_language()`` followed by a re-render switches
the whole app, conversation included, without losing an answer.

This module must stay light and must never import textual: Babel's date
formatting and the catalog tools are imported inside the functions that
need them.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from prep_assistant.i18n.placeholders import placeholders, plural_placeholders_ok

if TYPE_CHECKING:  # pragma: no cover
    import datetime as dt
    import gettext

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "SUPPORTED_LANGUAGES",
    "N_",
    "_",
    "available_languages",
    "check_catalogs",
    "clear_translation_warnings",
    "current_language",
    "dialogue_text",
    "format_date",
    "format_datetime",
    "format_number",
    "get_translations",
    "language_name",
    "negotiate_language",
    "nformat",
    "ngettext",
    "npgettext",
    "pgettext",
    "reset",
    "set_language",
    "set_locales_dir",
    "translation_warnings",
]

#: The languages shipped with complete catalogs. A language is added here
#: only once its catalog is complete (see the README, "Adding a language").
SUPPORTED_LANGUAGES: tuple[str, ...] = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
DOMAIN = "messages"

#: Where interface strings come from: the Python code is written in English.
CODE_LANGUAGE = "en"

#: Environment variables that name the user's locale, POSIX order. LANGUAGE
#: (a GNU priority list such as ``en:nl``) is read first, as gettext does,
#: unless the locale is C/POSIX.
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_lock = threading.RLock()
_state: dict[str, Any] = {
    "language": DEFAULT_LANGUAGE,
    "locales_dir": None,  # None: prep_assistant.paths.locales_dir()
}
_translations: dict[tuple[str, str], "gettext.NullTranslations"] = {}
_failed: set[tuple[str, str]] = set()
_lookups: dict[tuple[str, str | None, str, str | None, int], str] = {}
_warnings: list[str] = []


def N_(message: str) -> str:
    """Mark a string for extraction; translate it later with ``_()``."""
    return message


# -- languages -------------------------------------------------------------


def _code(value: str | None) -> str | None:
    """``en_GB.UTF-8``, ``EN``, ``nl-BE`` -> ``en``/``nl``; junk -> the junk."""
    if value is None:
        return None
    text = value.strip()
    for sep in (".", "@"):
        text = text.split(sep, 1)[0]
    text = text.replace("-", "_").split("_", 1)[0].lower()
    return text


def _printable(value: str, limit: int = 20) -> str:
    clean = "".join(ch if ch.isprintable() else "?" for ch in value)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _from_environment(environ: Mapping[str, str]) -> str | None:
    locale_value = next(
        (environ[name] for name in _LOCALE_VARIABLES if environ.get(name)), ""
    )
    candidates: list[str] = []
    if _code(locale_value) not in ("c", "posix"):
        candidates.extend(environ.get("LANGUAGE", "").split(":"))
    candidates.append(locale_value)
    for candidate in candidates:
        code = _code(candidate)
        if code in SUPPORTED_LANGUAGES:
            return code
    return None


def negotiate_language(
    requested: str | None, environ: Mapping[str, str] = os.environ
) -> tuple[str, str | None]:
    """The language to use, and a warning to show if ``requested`` is unknown.

    ``requested`` is what the patient asked for (``--lang``); it may be a
    full locale (``en_GB.UTF-8``, ``nl-BE``) in any case. With nothing
    requested, the system locale decides (LANGUAGE, then the first set of
    LC_ALL, LC_MESSAGES, LANG); a system language we do not have is no error
    and gives Dutch silently.
    """
    if requested is not None:
        code = _code(requested)
        if code in SUPPORTED_LANGUAGES:
            return code, None
        warning = _translate_in(
            DEFAULT_LANGUAGE,
            N_(
                "The language '{code}' is not available; continuing in Dutch. "
                "Available languages: {available}."
            ),
        ).format(code=_printable(requested), available=", ".join(SUPPORTED_LANGUAGES))
        return DEFAULT_LANGUAGE, warning
    return _from_environment(environ) or DEFAULT_LANGUAGE, None


def language_name(code: str, in_language: str | None = None) -> str:
    """The name of a language in a language (``en`` in nl: ``Engels``)."""
    try:
        from babel import Locale

        return Locale.parse(code).get_display_name(in_language or current_language()) or code
    except Exception:  # unknown code, missing locale data: show the code
        return code


def available_languages(locales_dir: Path | str | None = None) -> tuple[str, ...]:
    """Languages with a catalog on disk (shipped or being translated)."""
    root = Path(locales_dir) if locales_dir is not None else _locales_dir()
    try:
        found = sorted(
            p.name
            for p in root.iterdir()
            if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()
            or (p / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
        )
    except OSError:
        return ()
    return tuple(found)


# -- the current language and where catalogs live --------------------------


def set_language(lang: str) -> str:
    """Make ``lang`` the process-wide language; returns the language in use.

    An unknown code, or a language whose catalog cannot be read, gives Dutch
    (with a warning in ``translation_warnings()``).
    """
    code, warning = negotiate_language(lang, {})
    if warning:
        _warn(warning)
    if code != DEFAULT_LANGUAGE:
        get_translations(code)  # records a warning if it cannot be read
        if (code, str(_locales_dir())) in _failed:
            code = DEFAULT_LANGUAGE
    with _lock:
        _state["language"] = code
    return code


def current_language() -> str:
    return _state["language"]


def set_locales_dir(path: Path | str | None) -> None:
    """Read catalogs from ``path`` (None: the shipped ones). Clears caches."""
    with _lock:
        _state["locales_dir"] = Path(path) if path is not None else None
        _translations.clear()
        _failed.clear()
        _lookups.clear()


def reset() -> None:
    """Back to the start-up state: Dutch, shipped catalogs, no warnings."""
    set_locales_dir(None)
    with _lock:
        _state["language"] = DEFAULT_LANGUAGE
        _warnings.clear()


def _locales_dir() -> Path:
    configured = _state["locales_dir"]
    if configured is not None:
        return configured
    from prep_assistant.paths import locales_dir

    return locales_dir()


# -- warnings --------------------------------------------------------------


def _warn(message: str) -> None:
    import logging

    logging.getLogger(__name__).warning("%s", message)
    with _lock:
        if message not in _warnings:
            _warnings.append(message)


def translation_warnings() -> list[str]:
    """Warnings about languages and catalogs since start-up (or the last clear)."""
    with _lock:
        return list(_warnings)


def clear_translation_warnings() -> None:
    with _lock:
        _warnings.clear()


# -- loading catalogs ------------------------------------------------------


def _load(lang: str, root: Path) -> "gettext.NullTranslations":
    """The catalog of ``lang`` from ``root``; raises on any problem."""
    import gettext

    if not lang or any(sep in lang for sep in ("/", "\\", "..")):
        raise FileNotFoundError(f"no catalog for {_printable(lang)!r}")
    folder = root / lang / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    po = folder / f"{DOMAIN}.po"
    problem: Exception | None = None
    if mo.is_file():
        try:
            with mo.open("rb") as fh:
                return gettext.GNUTranslations(fh)
        except Exception as exc:  # a damaged .mo: the .po may still be fine
            problem = exc
    if po.is_file():
        # A translator's working copy without a compiled catalog (or with a
        # damaged one): slower, but it shows their work.
        import io

        from prep_assistant.i18n.catalogs import compile_po_bytes

        try:
            return gettext.GNUTranslations(io.BytesIO(compile_po_bytes(po.read_bytes())))
        except Exception as exc:
            raise ValueError(f"{po.name}: {_describe(exc)}") from exc
    if problem is not None:
        raise ValueError(f"{mo.name}: {_describe(problem)}") from problem
    raise FileNotFoundError(f"no {DOMAIN}.mo or {DOMAIN}.po in {folder}")


def get_translations(lang: str | None = None, locales_dir: Path | str | None = None):
    """The translations of ``lang`` (a ``gettext.NullTranslations``), cached.

    A missing or unreadable catalog never raises: another language falls back
    to the Dutch catalog, Dutch falls back to the source texts, and a warning
    is recorded.
    """
    lang = lang or current_language()
    root = Path(locales_dir) if locales_dir is not None else _locales_dir()
    key = (lang, str(root))
    cached = _translations.get(key)
    if cached is not None:
        return cached
    with _lock:
        cached = _translations.get(key)
        if cached is not None:
            return cached
        try:
            translations = _load(lang, root)
        except Exception as exc:  # missing, garbage, truncated: never crash
            _failed.add(key)
            if lang != DEFAULT_LANGUAGE:
                translations = get_translations(DEFAULT_LANGUAGE, root)
                _warn(
                    _translate_in(
                        DEFAULT_LANGUAGE,
                        N_(
                            "The translation into {language} cannot be read "
                            "({error}); continuing in Dutch."
                        ),
                    ).format(
                        language=language_name(lang, DEFAULT_LANGUAGE),
                        error=_describe(exc),
                    )
                )
            else:
                import gettext

                translations = gettext.NullTranslations()
                _warn(
                    "The Dutch catalog cannot be read ({error}); interface texts "
                    "are shown in English.".format(error=_describe(exc))
                )
        _translations[key] = translations
        return translations


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return _printable(text, 200)


def _translate_in(lang: str, message: str) -> str:
    """``message`` in ``lang``, for the few texts made before a language is set."""
    try:
        key = (lang, str(_locales_dir()))
        if key in _failed:
            return message
        return _checked(get_translations(lang).gettext(message), message)
    except Exception:
        return message


# -- looking texts up ------------------------------------------------------


def _checked(translation: str, source: str) -> str:
    """The translation, unless it changed the placeholders (then the source)."""
    if translation is source or translation == source:
        return translation
    if placeholders(translation) != placeholders(source):
        return source
    return translation


def _lookup(kind: str, context: str | None, message: str, plural: str | None, n: int) -> str:
    lang = current_language()
    # n only matters through the plural form; caching per n is still small
    # (n is a count of answers or questions).
    key = (lang + kind, context, message, plural, n)
    cached = _lookups.get(key)
    if cached is not None:
        return cached
    translations = get_translations(lang)
    try:
        if plural is None:
            result = (
                translations.pgettext(context, message)
                if context is not None
                else translations.gettext(message)
            )
            source = message
            ok = result == source or placeholders(result) == placeholders(source)
        else:
            result = (
                translations.npgettext(context, message, plural, n)
                if context is not None
                else translations.ngettext(message, plural, n)
            )
            source = message if n == 1 else plural
            ok = result in (message, plural) or plural_placeholders_ok(
                (message, plural), (result,)
            )
    except Exception as exc:  # a broken plural expression, a bad catalog
        _warn(f"Translation look-up failed for {message!r}: {_describe(exc)}")
        result, ok = (message if plural is None or n == 1 else plural), True
        source = result
    if not ok:
        _warn(_placeholder_warning(lang, context or message))
        result = source
    if len(_lookups) < 50_000:
        _lookups[key] = result
    return result


def _placeholder_warning(lang: str, what: str) -> str:
    return _translate_in(
        lang,
        N_(
            "The translation into {language} of '{entry}' changes its "
            "placeholders; the original text is shown instead."
        ),
    ).format(language=language_name(lang, lang), entry=_printable(what, 60))


def _(message: str) -> str:
    """An interface string (written in English) in the current language."""
    return _lookup("g", None, message, None, 1)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of an interface string for ``n`` in the current language."""
    return _lookup("n", None, singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _lookup("p", context, message, None, 1)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _lookup("np", context, singular, plural, n)


def nformat(singular: str, plural: str, n: int, **values: object) -> str:
    """``ngettext`` and ``str.format`` in one, with ``{n}`` as a local number.

    ``nformat("{n} question", "{n} questions", 1200)`` -> ``1.200 vragen``.
    """
    text = ngettext(singular, plural, n)
    try:
        return text.format(n=format_number(n), **values)
    except (KeyError, IndexError, ValueError) as exc:
        _warn(f"Cannot fill in {text!r}: {_describe(exc)}")
        return text


def dialogue_text(context: str, source: str, source_language: str = DEFAULT_LANGUAGE) -> str:
    """A dialogue text (``flow.node.field``) in the current language.

    The source text is returned when the current language is the source's,
    when there is no translation, and when the translation's placeholders
    differ from the source's (with a warning): a catalog can never make the
    conversation crash.
    """
    lang = current_language()
    if lang == source_language:
        return source
    key = (lang + "d", context, source, None, 1)
    cached = _lookups.get(key)
    if cached is not None:
        return cached
    try:
        result = get_translations(lang).pgettext(context, source)
    except Exception as exc:
        _warn(f"Translation look-up failed for {context}: {_describe(exc)}")
        result = source
    if result != source and placeholders(result) != placeholders(source):
        _warn(_placeholder_warning(lang, context))
        result = source
    if len(_lookups) < 50_000:
        _lookups[key] = result
    return result


# -- dates and numbers -----------------------------------------------------


def format_date(value: "dt.date", lang: str | None = None, format: str = "long") -> str:
    """``22 november 2026`` (nl) / ``November 22, 2026`` (en).

    ``format`` is a Babel/CLDR name (short, medium, long, full) or pattern.
    """
    lang = lang or current_language()
    if format == "long":
        from prep_assistant.i18n.dates import format_long

        text = format_long(value, lang, _locales_dir())
        if text is not None:
            return text
    try:
        from babel.dates import format_date as babel_format_date

        return babel_format_date(value, format=format, locale=lang)
    except Exception as exc:
        _warn(f"Cannot format a date in {lang!r}: {_describe(exc)}")
        return value.isoformat()


def format_datetime(
    value: "dt.datetime", lang: str | None = None, format: str = "long"
) -> str:
    """A moment for people: the date in ``format``, the time in hours and
    minutes, joined as the locale does (``22 november 2026, 14:05``).

    Other formats than short/medium/long/full are passed to Babel as a pattern.
    """
    lang = lang or current_language()
    try:
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
        _warn(f"Cannot format a date in {lang!r}: {_describe(exc)}")
        return value.isoformat(sep=" ", timespec="minutes")


def format_number(value: float, lang: str | None = None) -> str:
    """``1.200`` (nl) / ``1,200`` (en)."""
    if type(value) is int and -1000 < value < 1000:
        # No grouping below a thousand: the digits as they are, without
        # loading Babel's locale data (megabytes) to count "3 items".
        return str(value)
    lang = lang or current_language()
    try:
        from babel.numbers import format_decimal

        return format_decimal(value, locale=lang)
    except Exception:
        return str(value)


# -- the checks, imported only when asked for -------------------------------


def __getattr__(name: str) -> Any:
    if name in ("check_catalogs", "check_shipped_catalogs"):
        from prep_assistant.i18n import check

        return getattr(check, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
