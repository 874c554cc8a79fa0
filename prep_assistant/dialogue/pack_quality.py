"""Decision-aid quality of a clinician's pack, as ``check`` diagnostics.

The checks follow the items of the International Patient Decision Aid
Standards (IPDAS, Elwyn et al. 2006; the IPDASi instrument, 2009) that a
pack file can show by itself. Each check names its IPDAS item:

    the decision stated ........................ schema: ``decision`` is required
    at least two options ....................... PA404
    waiting / doing nothing, or why not ........ PA401, PA403
    pros and cons of every option .............. PA405
    options in balanced detail ................. PA402 (validate.py)
    sources cited .............................. schema: ``source`` is required
    date of the information .................... schema: ``date`` is required; PA413
    when it must be checked again .............. PA406, PA407, PA413
    author and their role ...................... schema: ``author``; PA408
    funding and conflicts of interest .......... PA409
    plain language ............................. PA410, PA411 (readability.py)

What a generic guide cannot check, and the README says so: whether the
facts are right and up to date, whether probabilities are presented fairly
(a pack holds no figures of its own), whether the options are complete for
this patient, and whether patients were involved in writing it. The
conversation itself covers clarifying values (what matters to me, weights)
and guidance in deliberation (the questions, the readiness checks).
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from prep_assistant.dialogue import readability, schema
from prep_assistant.dialogue.parsing import Loaded
from prep_assistant.dialogue.texts import Text, pack_texts


def check_pack_quality(loaded: Loaded, *, today: dt.date | None = None) -> None:
    """Add a diagnostic to ``loaded`` for every quality item the pack misses."""
    pack = loaded.model
    assert isinstance(pack, schema.PackFile)
    today = today or dt.date.today()
    _options(loaded, pack)
    _dates(loaded, pack.pack, today)
    _people(loaded, pack.pack)
    check_plain_language(loaded, pack_texts(pack))


def _options(loaded: Loaded, pack: schema.PackFile) -> None:
    waiting = 1 if pack.pack.wait_is_option else 0
    if len(pack.options) + waiting < 2:
        loaded.at(
            ("options",),
            "PA404",
            f"the pack has {len(pack.options)} option and waiting is not offered: a choice needs at least two",
            "add an option, or set wait_is_option = true",
        )
    for i, option in enumerate(pack.options):
        missing = [name for name in ("pros", "cons") if not getattr(option, name)]
        if missing:
            loaded.at(
                ("options", i),
                "PA405",
                f"option {option.id!r} has no {' and no '.join(missing)}",
                "give every option at least one pro and one con",
            )


def _dates(loaded: Loaded, info: schema.PackInfo, today: dt.date) -> None:
    if info.date > today:
        loaded.at(("pack", "date"), "PA413", f"the date {info.date.isoformat()} is in the future", "give the day the information was written or checked")
    if info.review_date is None:
        loaded.at(("pack",), "PA406", "the pack does not say when its information must be checked again", "add review_date = YYYY-MM-DD")
        return
    if info.review_date <= info.date:
        loaded.at(
            ("pack", "review_date"),
            "PA413",
            f"the review date {info.review_date.isoformat()} is not after the date {info.date.isoformat()}",
            "set the review date after the date of the information",
        )
    elif info.review_date < today:
        loaded.at(
            ("pack", "review_date"),
            "PA407",
            f"the review date {info.review_date.isoformat()} has passed; patients are told the information may be out of date",
            "check the information again, then set a new date and review_date",
        )


def _people(loaded: Loaded, info: schema.PackInfo) -> None:
    if not info.author_role:
        loaded.at(("pack",), "PA408", "the pack does not give the author's role", "add author_role")
    if not info.funding:
        loaded.at(("pack",), "PA409", "the pack has no statement on funding and conflicts of interest", "add funding")
    if not info.flow:
        loaded.at(("pack",), "PA412", "the pack does not say which flow it is for", 'add flow = "voorbereiding"')


def check_plain_language(loaded: Loaded, texts: Iterable[Text]) -> None:
    """PA410 and PA411 for each text: a pack's, and a flow's prompts for the helper."""
    limit = readability.MAX_SENTENCE_WORDS
    for text in texts:
        for sentence, count in readability.long_sentences(text.source):
            loaded.at(
                text.path,
                "PA410",
                f"a sentence of {count} words (B1: at most {limit}): {_quote(sentence)}",
                "split it into shorter sentences",
            )
        for word in readability.long_words(text.source):
            loaded.at(
                text.path,
                "PA411",
                f"a word of {len(word)} letters (B1: at most {readability.MAX_WORD_LETTERS}): {_quote(word)}",
                "use an everyday word, or explain the term",
            )


def _quote(text: str, limit: int = 60) -> str:
    """A bounded quote: a 10,000-character text does not flood the report."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "\u2026")
