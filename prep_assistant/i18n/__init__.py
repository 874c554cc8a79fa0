"""Languages: negotiation, the translations, dates and plurals.

The package face only re-exports the small public API, so that
``from prep_assistant import i18n; i18n._(...)`` and
``from prep_assistant.i18n import _, N_`` work everywhere. Each job has its
module:

- ``languages``: the shipped languages, how a code is written, and the
  fallback chain;
- ``state``: the active language, where catalogs live, the warnings;
- ``loading``: reading a catalog, with its fallbacks;
- ``negotiation``: choosing the language from the request or the system;
- ``runtime``: setting the language and looking texts up (``_``,
  ``nformat``, ``dialogue_text`` ...);
- ``dates`` and ``locale_data``: dates, numbers and language names;
- ``placeholders``: the ``{names}`` a text fills in;
- ``catalogs``: Babel's catalog tools, for the update tool and a
  translator's ``.po`` (never imported at start-up).

The tooling that knows the dialogue format (the extractor, the catalog
checks, ``python -m prep_assistant.translations.update``) lives in
``prep_assistant.translations``; nothing here imports ``dialogue``.

This package must stay light and must never import textual: Babel, gettext
and the catalog tools are imported inside the functions that need them.
"""

from __future__ import annotations

from prep_assistant.i18n.dates import format_date, format_datetime
from prep_assistant.i18n.languages import (
    CODE_LANGUAGE,
    DEFAULT_LANGUAGE,
    DOMAIN,
    FALLBACK_LANGUAGE,
    SUPPORTED_LANGUAGES,
    N_,
    fallback_chain,
)
from prep_assistant.i18n.loading import available_languages, get_translations, known_languages
from prep_assistant.i18n.locale_data import format_number, language_name
from prep_assistant.i18n.negotiation import negotiate_language
from prep_assistant.i18n.runtime import (
    _,
    dialogue_text,
    nformat,
    ngettext,
    npgettext,
    pgettext,
    reset,
    set_language,
    set_locales_dir,
)
from prep_assistant.i18n.state import (
    clear_translation_warnings,
    current_language,
    translation_warnings,
)

__all__ = [
    "CODE_LANGUAGE",
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "FALLBACK_LANGUAGE",
    "SUPPORTED_LANGUAGES",
    "N_",
    "_",
    "available_languages",
    "clear_translation_warnings",
    "current_language",
    "dialogue_text",
    "fallback_chain",
    "format_date",
    "format_datetime",
    "format_number",
    "get_translations",
    "known_languages",
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
