"""A text of a flow or pack in one language, with the others as FHIR
translation extensions (``_text`` next to ``text``).

The Questionnaire's main language is the one asked for (``--lang``); the
flow's source text and every catalog translation that differs from the main
text ride along, so a portal can show either language.
"""

from __future__ import annotations

from typing import Any

import msgspec

from prep_assistant.i18n import SUPPORTED_LANGUAGES, get_translations
from prep_assistant.i18n.placeholders import same_placeholders
from prep_assistant.fhir.vocabulary import TRANSLATION


def text_in(language: str, context: str, source: str, source_language: str) -> str:
    """``source`` in ``language``: the catalog's translation, else the source.

    A translation that changes a ``{placeholder}`` is not used (as in the app).
    """
    if language == source_language:
        return source
    try:
        translated = get_translations(language).pgettext(context, source)
    except Exception:  # a broken catalog must never stop an export
        return source
    return translated if same_placeholders(source, translated) else source


class Texts(msgspec.Struct, frozen=True):
    """How the exporter words things: the main language and the source's."""

    language: str
    source_language: str
    #: Flow texts write a literal brace as ``{{``; FHIR readers see one brace.
    braces_doubled: bool = True

    def main(self, context: str, source: str) -> str:
        return self._shown(text_in(self.language, context, source, self.source_language))

    def _shown(self, text: str) -> str:
        return text.replace("{{", "{").replace("}}", "}") if self.braces_doubled else text

    def put(self, element: dict[str, Any], field: str, context: str, source: str) -> None:
        """Set ``element[field]`` to the text, and ``_field`` to its translations."""
        main = self.main(context, source)
        element[field] = main
        translations = []
        for other in _others(self.language, self.source_language):
            words = self._shown(text_in(other, context, source, self.source_language))
            if words != main:
                translations.append(translation_extension(other, words))
        if translations:
            element[f"_{field}"] = {"extension": translations}


def translation_extension(language: str, content: str) -> dict[str, Any]:
    return {
        "url": TRANSLATION,
        "extension": [
            {"url": "lang", "valueCode": language},
            {"url": "content", "valueString": content},
        ],
    }


def _others(language: str, source_language: str) -> list[str]:
    others = [code for code in SUPPORTED_LANGUAGES if code != language]
    if source_language != language and source_language not in others:
        others.append(source_language)
    return others
