"""The active language and the look-ups: ``_``, ``ngettext``, ``pgettext``,
``npgettext``, ``nformat`` for interface strings, ``dialogue_text`` for the
texts of flows and packs.

One gettext domain, ``messages``, holds two kinds of text:

- interface strings, written in English in the Python code and marked with
  ``_()``, ``ngettext()``, ``pgettext()`` or ``nformat()``;
- dialogue texts, written inline (in Dutch) in the TOML flows and packs and
  looked up with ``dialogue_text(context, source)``, msgctxt
  ``flow.node.field``.

The interface reads the language at display time (``_()`` and friends use
the current language), so ``set_language()`` followed by a re-render switches
the whole app, conversation included, without losing an answer.

Nothing here raises because a catalog is missing or broken, or because a
translation changed a ``{placeholder}``: the app falls back to Dutch (or to
the source text) and records a warning, which the app shows once
(``translation_warnings()``).
"""

from __future__ import annotations

from pathlib import Path

from prep_assistant.i18n import loading, state
from prep_assistant.i18n.languages import DEFAULT_LANGUAGE, N_, describe, fallback_chain, printable
from prep_assistant.i18n.locale_data import format_number, language_name
from prep_assistant.i18n.negotiation import negotiate_language
from prep_assistant.i18n.placeholders import placeholders, plural_placeholders_ok
from prep_assistant.i18n.state import current_language

_lookups: dict[tuple[str, str | None, str, str | None, int], str] = {}

#: Look-ups remembered at most: every text of the app several times over.
_LOOKUP_LIMIT = 50_000


# -- the current language and where catalogs live --------------------------


def set_language(lang: str) -> str:
    """Make ``lang`` the process-wide language; returns the language in use.

    An unknown code, or a language whose catalog cannot be read, gives Dutch
    (with a warning in ``translation_warnings()``).
    """
    code, warning = negotiate_language(lang, {})
    if warning:
        state.warn(warning)
    if code != DEFAULT_LANGUAGE:
        loading.get_translations(code)  # records a warning if it cannot be read
        if loading.failed(code):
            code = DEFAULT_LANGUAGE
    state.activate(code)
    return code


def set_locales_dir(path: Path | str | None) -> None:
    """Read catalogs from ``path`` (None: the shipped ones). Clears caches."""
    with state.lock:
        state.point_at(path)
        loading.forget()
        _lookups.clear()


def reset() -> None:
    """Back to the start-up state: Dutch, shipped catalogs, no warnings."""
    set_locales_dir(None)
    with state.lock:
        state.activate(DEFAULT_LANGUAGE)
        state.clear_translation_warnings()


# -- looking texts up ------------------------------------------------------


def _lookup(kind: str, context: str | None, message: str, plural: str | None, n: int) -> str:
    lang = current_language()
    # n only matters through the plural form; caching per n is still small
    # (n is a count of answers or questions).
    key = (lang + kind, context, message, plural, n)
    cached = _lookups.get(key)
    if cached is not None:
        return cached
    translations = loading.get_translations(lang)
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
        state.warn(f"Translation look-up failed for {message!r}: {describe(exc)}")
        result, ok = (message if plural is None or n == 1 else plural), True
        source = result
    if not ok:
        state.warn(_placeholder_warning(lang, context or message))
        result = source
    if len(_lookups) < _LOOKUP_LIMIT:
        _lookups[key] = result
    return result


def _placeholder_warning(lang: str, what: str) -> str:
    return loading.translate_in(
        lang,
        N_(
            "The translation into {language} of '{entry}' changes its "
            "placeholders; the original text is shown instead."
        ),
    ).format(language=language_name(lang, lang), entry=printable(what, 60))


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
        state.warn(f"Cannot fill in {text!r}: {describe(exc)}")
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
        result = loading.get_translations(lang).pgettext(context, source)
    except Exception as exc:
        state.warn(f"Translation look-up failed for {context}: {describe(exc)}")
        result = source
    if result != source and placeholders(result) != placeholders(source):
        state.warn(_placeholder_warning(lang, context))
        result = _next_in_chain(lang, context, source)
    if len(_lookups) < _LOOKUP_LIMIT:
        _lookups[key] = result
    return result


def _next_in_chain(lang: str, context: str, source: str) -> str:
    """The text from the next language of the chain (a broken German
    translation shows the English one, not the Dutch source), else the source."""
    for fallback in fallback_chain(lang)[1:]:
        if not loading.has_catalog(fallback):
            continue
        try:
            result = loading.get_translations(fallback).pgettext(context, source)
        except Exception:
            continue
        if result != source and placeholders(result) == placeholders(source):
            return result
    return source
