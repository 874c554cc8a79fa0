"""Reading the catalogs: the translations of a language, cached, never raising.

The compiled catalogs (``locales/<lang>/LC_MESSAGES/messages.mo``) are shipped
next to their ``.po`` files: reading a ``.mo`` takes about 2 ms, parsing the
``.po`` with Babel about 70 ms (import included), too much for start-up. A
``.po`` is read only when it has no usable ``.mo`` (a translator's working
copy).

A text missing from a catalog is looked up along the language's fallback
chain (``languages.fallback_chain``: pt_BR, pt, en), then it is the source
text. A missing or unreadable catalog never raises: another language falls
back to the Dutch catalog, Dutch falls back to the source texts, and a
warning is recorded (``state.translation_warnings()``).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from prep_assistant.i18n import state
from prep_assistant.i18n.languages import (
    DEFAULT_LANGUAGE,
    DOMAIN,
    SUPPORTED_LANGUAGES,
    N_,
    describe,
    fallback_chain,
    is_locale_name,
    printable,
)
from prep_assistant.i18n.locale_data import language_name
from prep_assistant.i18n.placeholders import placeholders

if TYPE_CHECKING:  # pragma: no cover
    import gettext

_translations: dict[tuple[str, str], "gettext.NullTranslations"] = {}
_failed: set[tuple[str, str]] = set()


def forget() -> None:
    """Drop every catalog read so far (the catalogs moved)."""
    with state.lock:
        _translations.clear()
        _failed.clear()


def failed(lang: str) -> bool:
    """Whether the catalog of ``lang`` in the current locales dir could not be read."""
    return (lang, str(state.locales_dir())) in _failed


def has_catalog(lang: str, locales_dir: Path | str | None = None) -> bool:
    """Whether ``lang`` has a catalog on disk (a ``.po`` or a ``.mo``)."""
    root = Path(locales_dir) if locales_dir is not None else state.locales_dir()
    return is_locale_name(lang) and _has_catalog(root, lang)


def _has_catalog(root: Path, lang: str) -> bool:
    folder = root / lang / "LC_MESSAGES"
    return (folder / f"{DOMAIN}.po").is_file() or (folder / f"{DOMAIN}.mo").is_file()


def available_languages(locales_dir: Path | str | None = None) -> tuple[str, ...]:
    """Languages with a catalog on disk (shipped or being translated).

    Only folders spelled as a language code (``de``, ``pt_BR``) count.
    """
    root = Path(locales_dir) if locales_dir is not None else state.locales_dir()
    try:
        found = sorted(
            p.name for p in root.iterdir() if is_locale_name(p.name) and _has_catalog(root, p.name)
        )
    except OSError:
        return ()
    return tuple(found)


def known_languages(locales_dir: Path | str | None = None) -> tuple[str, ...]:
    """Every language the app offers: the shipped ones (Dutch first, then
    English), then every other catalog on disk, in alphabetical order.

    A catalog dropped into ``locales/<lang>/LC_MESSAGES/`` is offered by
    ``--lang``, the command palette and F6 without a code edit.
    """
    on_disk = available_languages(locales_dir)
    return tuple(SUPPORTED_LANGUAGES) + tuple(c for c in on_disk if c not in SUPPORTED_LANGUAGES)


def _load(lang: str, root: Path) -> "gettext.NullTranslations":
    """The catalog of ``lang`` from ``root``; raises on any problem."""
    # gettext costs about 1 ms to import (-X importtime): paid at the first
    # look-up, not by every import of i18n.
    import gettext

    if not lang or any(sep in lang for sep in ("/", "\\", "..")):
        raise FileNotFoundError(f"no catalog for {printable(lang)!r}")
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
        # catalogs imports Babel's catalog tools (about 45 ms, -X importtime):
        # only a translator's working copy needs them.
        from prep_assistant.i18n.catalogs import compile_po_bytes

        try:
            return gettext.GNUTranslations(io.BytesIO(compile_po_bytes(po.read_bytes())))
        except Exception as exc:
            raise ValueError(f"{po.name}: {describe(exc)}") from exc
    if problem is not None:
        raise ValueError(f"{mo.name}: {describe(problem)}") from problem
    raise FileNotFoundError(f"no {DOMAIN}.mo or {DOMAIN}.po in {folder}")


def get_translations(lang: str | None = None, locales_dir: Path | str | None = None):
    """The translations of ``lang`` (a ``gettext.NullTranslations``), cached.

    A text missing from it is looked up in the next language of
    ``fallback_chain(lang)`` that has a catalog on disk, then it is the
    source text. A missing or unreadable catalog never raises: another
    language falls back to the Dutch catalog, Dutch falls back to the source
    texts, and a warning is recorded.
    """
    lang = lang or state.current_language()
    root = Path(locales_dir) if locales_dir is not None else state.locales_dir()
    key = (lang, str(root))
    cached = _translations.get(key)
    if cached is not None:
        return cached
    with state.lock:
        cached = _translations.get(key)
        if cached is not None:
            return cached
        try:
            translations = _load(lang, root)
            _chain_fallback(translations, lang, root)
        except Exception as exc:  # missing, garbage, truncated: never crash
            _failed.add(key)
            if lang != DEFAULT_LANGUAGE:
                translations = get_translations(DEFAULT_LANGUAGE, root)
                state.warn(
                    translate_in(
                        DEFAULT_LANGUAGE,
                        N_(
                            "The translation into {language} cannot be read "
                            "({error}); continuing in Dutch."
                        ),
                    ).format(
                        language=language_name(lang, DEFAULT_LANGUAGE),
                        error=describe(exc),
                    )
                )
            else:
                # gettext: see _load (this branch runs when _load failed early).
                import gettext

                translations = gettext.NullTranslations()
                state.warn(
                    "The Dutch catalog cannot be read ({error}); interface texts "
                    "are shown in English.".format(error=describe(exc))
                )
        _translations[key] = translations
        return translations


def _chain_fallback(translations: "gettext.NullTranslations", lang: str, root: Path) -> None:
    """Let ``translations`` (read just now, never shared) ask the next
    language of the chain for what it lacks. That language's own
    translations carry the rest of the chain. A language of the chain without
    a catalog on disk is passed over silently (``pt`` for ``pt_BR``)."""
    for fallback in fallback_chain(lang)[1:]:
        if _has_catalog(root, fallback):
            translations.add_fallback(get_translations(fallback, root))
            return


def translate_in(lang: str, message: str) -> str:
    """``message`` in ``lang``, for the few texts made before a language is set.

    The source text when the catalog cannot be read or its translation
    changes the placeholders.
    """
    try:
        if failed(lang):
            return message
        translation = get_translations(lang).gettext(message)
    except Exception:
        return message
    if translation != message and placeholders(translation) != placeholders(message):
        return message
    return translation
