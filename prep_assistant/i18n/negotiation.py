"""Choosing the language: what the patient asked for, else the system's.

With nothing requested, the system locale decides (LANGUAGE, then the first
set of LC_ALL, LC_MESSAGES, LANG); a system language we do not have is no
error and gives Dutch silently. A requested language we do not have gives
Dutch with a warning, written in Dutch.
"""

from __future__ import annotations

import os
from typing import Mapping

from prep_assistant.i18n.languages import (
    DEFAULT_LANGUAGE,
    SUPPORTED_LANGUAGES,
    N_,
    language_code,
    printable,
)
from prep_assistant.i18n.loading import translate_in

#: Environment variables that name the user's locale, POSIX order. LANGUAGE
#: (a GNU priority list such as ``en:nl``) is read first, as gettext does,
#: unless the locale is C/POSIX.
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def _from_environment(environ: Mapping[str, str]) -> str | None:
    locale_value = next(
        (environ[name] for name in _LOCALE_VARIABLES if environ.get(name)), ""
    )
    candidates: list[str] = []
    if language_code(locale_value) not in ("c", "posix"):
        candidates.extend(environ.get("LANGUAGE", "").split(":"))
    candidates.append(locale_value)
    for candidate in candidates:
        code = language_code(candidate)
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
        code = language_code(requested)
        if code in SUPPORTED_LANGUAGES:
            return code, None
        warning = translate_in(
            DEFAULT_LANGUAGE,
            N_(
                "The language '{code}' is not available; continuing in Dutch. "
                "Available languages: {available}."
            ),
        ).format(code=printable(requested), available=", ".join(SUPPORTED_LANGUAGES))
        return DEFAULT_LANGUAGE, warning
    return _from_environment(environ) or DEFAULT_LANGUAGE, None
