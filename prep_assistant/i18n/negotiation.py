"""Choosing the language: what the patient asked for, else the system's.

With nothing requested, the system locale decides (LANGUAGE, then the first
set of LC_ALL, LC_MESSAGES, LANG); a system language we do not have is no
error and gives Dutch silently. A requested language we do not have gives
Dutch with a warning, written in Dutch.

The languages we have are the shipped ones and every catalog on disk
(``loading.known_languages``). A code with a region (``pt_BR``, ``pt-br``)
takes that region's catalog when there is one, else its language's
(``pt``); a code without one takes its language's, else the first region of
it on disk (``pt`` -> ``pt_BR``).
"""

from __future__ import annotations

import os
from typing import Mapping

from prep_assistant.i18n.languages import (
    DEFAULT_LANGUAGE,
    N_,
    base_language,
    language_code,
    locale_name,
    printable,
)
from prep_assistant.i18n.loading import known_languages, translate_in

#: Environment variables that name the user's locale, POSIX order. LANGUAGE
#: (a GNU priority list such as ``en:nl``) is read first, as gettext does,
#: unless the locale is C/POSIX.
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def match_language(value: str | None, known: tuple[str, ...]) -> str | None:
    """The language of ``known`` that ``value`` asks for, or None."""
    name = locale_name(value)
    if name is None:
        return None
    if name in known:
        return name
    base = base_language(name)
    if base in known:
        return base
    return next((code for code in known if base_language(code) == base), None)


def _from_environment(environ: Mapping[str, str], known: tuple[str, ...]) -> str | None:
    locale_value = next(
        (environ[name] for name in _LOCALE_VARIABLES if environ.get(name)), ""
    )
    candidates: list[str] = []
    if language_code(locale_value) not in ("c", "posix"):
        candidates.extend(environ.get("LANGUAGE", "").split(":"))
    candidates.append(locale_value)
    for candidate in candidates:
        code = match_language(candidate, known)
        if code is not None:
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
    known = known_languages()
    if requested is not None:
        code = match_language(requested, known)
        if code is not None:
            return code, None
        warning = translate_in(
            DEFAULT_LANGUAGE,
            N_(
                "The language '{code}' is not available; continuing in Dutch. "
                "Available languages: {available}."
            ),
        ).format(code=printable(requested), available=", ".join(known))
        return DEFAULT_LANGUAGE, warning
    return _from_environment(environ, known) or DEFAULT_LANGUAGE, None
