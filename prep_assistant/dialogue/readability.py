"""Plain-language measures (B1): sentences, words and their limits.

One place measures how hard a text is to read: the content tests hold the
shipped flows and packs to these limits, and ``check`` warns when a
clinician's pack goes over them. The measures are deliberately simple
(words per sentence, letters per word); they catch the usual problems of
medical writing (long sentences, long compounds) without a language model.
"""

from __future__ import annotations

import re

#: B1: sentences of at most 15 words are the aim; more than 20 is refused.
MAX_SENTENCE_WORDS = 20
AIM_SENTENCE_WORDS = 15
#: Share of sentences that may go over the aim (never over the maximum).
MAX_SHARE_OVER_AIM = 0.05
#: Long compounds are hard to read; a word over 20 letters is refused.
MAX_WORD_LETTERS = 20
#: Average word length over a whole file, in letters. Everyday Dutch at B1
#: sits well under 5.5; formal or jargon-heavy text climbs above 6.
MAX_AVERAGE_WORD_LETTERS = 5.5

# A sentence ends at . ! or ?, maybe followed by a closing quote, then space.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?]['\u2019\u201d\"])\s+|\n+")
# A word: letters, maybe joined by an apostrophe or a hyphen (zo'n, e-mail).
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_PLACEHOLDER = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def words(text: str) -> list[str]:
    # A placeholder stands for the patient's own words; it is not our text.
    return _WORD.findall(_PLACEHOLDER.sub(" ", text))


def long_sentences(text: str, limit: int = MAX_SENTENCE_WORDS) -> list[tuple[str, int]]:
    """Sentences over ``limit`` words, each with its word count."""
    return [(s, n) for s in sentences(text) if (n := len(words(s))) > limit]


def long_words(text: str, limit: int = MAX_WORD_LETTERS) -> list[str]:
    """Words over ``limit`` letters, each once, in order."""
    seen: list[str] = []
    for word in words(text):
        if len(word) > limit and word not in seen:
            seen.append(word)
    return seen
