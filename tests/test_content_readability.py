"""The shipped Dutch content: valid, readable at B1 level, and non-directive.

The flows and packs in ``dialogues/`` are what a patient reads. These tests
hold them to the content rules of DESIGN.md section 2:

- every file validates against the pydantic models (the file format);
- ids are unique where they key answers, translations or the card;
- B1 Dutch: no sentence over 20 words, no word over 20 letters, and short
  words on average; failures name the text's context (``flow.node.field``)
  so an author knows where to look;
- plain text only: no markup, no emoji;
- decision packs: options with equal detail, no figures, and a named author,
  source and date;
- the example transcripts together visit every node, and cover the branches
  (alone / with someone, pack / no pack, readiness all yes / some no).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest

from prep_assistant.dialogue.readability import (
    AIM_SENTENCE_WORDS,
    MAX_AVERAGE_WORD_LETTERS,
    MAX_SENTENCE_WORDS,
    MAX_SHARE_OVER_AIM,
    MAX_WORD_LETTERS,
    sentences,
    words,
)
from prep_assistant.dialogue.schema import FlowFile, PackFile
from prep_assistant.dialogue.texts import Text, flow_texts, pack_texts

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DIALOGUES = Path(__file__).resolve().parents[1] / "dialogues"
FLOW_FILES = sorted(DIALOGUES.glob("*.toml"))
PACK_FILES = sorted((DIALOGUES / "packs").glob("*.toml"))

def _load(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _flow(path: Path) -> FlowFile:
    return FlowFile.model_validate(_load(path))


def _pack(path: Path) -> PackFile:
    return PackFile.model_validate(_load(path))


def _texts(path: Path) -> list[Text]:
    if path in PACK_FILES:
        return list(pack_texts(_pack(path)))
    return list(flow_texts(_flow(path)))


ALL_FILES = FLOW_FILES + PACK_FILES
_ids = [p.relative_to(DIALOGUES).as_posix() for p in ALL_FILES]


def test_content_is_shipped() -> None:
    names = {p.stem for p in FLOW_FILES}
    assert {"voorbereiding", "na_het_gesprek"} <= names
    assert {p.stem for p in PACK_FILES} >= {"knie_artrose", "revalidatie"}


# -- the file format ---------------------------------------------------------


@pytest.mark.parametrize("path", FLOW_FILES, ids=[p.name for p in FLOW_FILES])
def test_flow_validates(path: Path) -> None:
    flow = _flow(path)
    assert flow.flow.language == "nl"
    assert flow.flow.id == path.stem


@pytest.mark.parametrize("path", PACK_FILES, ids=[p.name for p in PACK_FILES])
def test_pack_validates(path: Path) -> None:
    pack = _pack(path)
    assert pack.pack.id == path.stem


@pytest.mark.parametrize("path", FLOW_FILES, ids=[p.name for p in FLOW_FILES])
def test_flow_ids_are_unique(path: Path) -> None:
    flow = _flow(path)
    node_ids = [n.id for n in flow.nodes]
    assert _duplicates(node_ids) == [], "node ids used twice"
    assert _duplicates([s.id for s in flow.steps]) == [], "step ids used twice"
    assert _duplicates([e.name for e in flow.examples]) == [], "example names used twice"
    for node in flow.nodes:
        choices = [c.id for c in getattr(node, "choices", [])]
        assert _duplicates(choices) == [], f"{node.id}: choice ids used twice"
        assert _duplicates(getattr(node, "suggestions", [])) == [], f"{node.id}: suggestion twice"


def test_flow_and_pack_ids_are_unique_across_files() -> None:
    flow_ids = [_flow(p).flow.id for p in FLOW_FILES]
    pack_ids = [_pack(p).pack.id for p in PACK_FILES]
    assert _duplicates(flow_ids) == []
    assert _duplicates(pack_ids) == []


@pytest.mark.parametrize("path", PACK_FILES, ids=[p.name for p in PACK_FILES])
def test_pack_option_ids_and_names_are_unique(path: Path) -> None:
    pack = _pack(path)
    assert _duplicates([o.id for o in pack.options]) == []
    assert _duplicates([o.name.casefold() for o in pack.options]) == []


def _duplicates(items: list[str]) -> list[str]:
    seen: set[str] = set()
    twice = []
    for item in items:
        if item in seen:
            twice.append(item)
        seen.add(item)
    return twice


# -- readability (B1) --------------------------------------------------------


@pytest.mark.parametrize("path", ALL_FILES, ids=_ids)
def test_sentences_are_short(path: Path) -> None:
    failures = [
        f"{t.context}: {len(words(s))} words: {s!r}"
        for t in _texts(path)
        for s in sentences(t.source)
        if len(words(s)) > MAX_SENTENCE_WORDS
    ]
    assert not failures, (
        f"sentences over {MAX_SENTENCE_WORDS} words (split them):\n" + "\n".join(failures)
    )


@pytest.mark.parametrize("path", ALL_FILES, ids=_ids)
def test_most_sentences_meet_the_aim(path: Path) -> None:
    all_sentences = [(t, s) for t in _texts(path) for s in sentences(t.source)]
    over = [
        f"{t.context}: {len(words(s))} words: {s!r}"
        for t, s in all_sentences
        if len(words(s)) > AIM_SENTENCE_WORDS
    ]
    assert len(over) <= MAX_SHARE_OVER_AIM * len(all_sentences), (
        f"too many sentences over {AIM_SENTENCE_WORDS} words:\n" + "\n".join(over)
    )


@pytest.mark.parametrize("path", ALL_FILES, ids=_ids)
def test_words_are_not_too_long(path: Path) -> None:
    failures = [
        f"{t.context}: {w!r} has {len(w)} letters"
        for t in _texts(path)
        for w in words(t.source)
        if len(w) > MAX_WORD_LETTERS
    ]
    assert not failures, (
        f"words over {MAX_WORD_LETTERS} letters (use a shorter or everyday word):\n"
        + "\n".join(failures)
    )


@pytest.mark.parametrize("path", ALL_FILES, ids=_ids)
def test_average_word_length_is_low(path: Path) -> None:
    texts = _texts(path)
    all_words = [w for t in texts for w in words(t.source)]
    assert all_words
    average = sum(map(len, all_words)) / len(all_words)
    if average > MAX_AVERAGE_WORD_LETTERS:
        # Point at the texts that pull the average up most.
        heavy = sorted(
            texts,
            key=lambda t: -sum(len(w) for w in words(t.source)) / max(1, len(words(t.source))),
        )[:5]
        pytest.fail(
            f"average word length {average:.2f} > {MAX_AVERAGE_WORD_LETTERS}; heaviest texts: "
            + ", ".join(t.context for t in heavy)
        )


def test_readability_helpers() -> None:
    text = "Vertel het. Bijvoorbeeld: 'Als ik het goed begrijp, dan ...' Zo weet u het! Klopt dat?"
    assert sentences(text) == [
        "Vertel het.",
        "Bijvoorbeeld: 'Als ik het goed begrijp, dan ...'",
        "Zo weet u het!",
        "Klopt dat?",
    ]
    assert words("Welke voordelen ziet u bij '{optie}'? Zo'n lijst.") == [
        "Welke", "voordelen", "ziet", "u", "bij", "Zo'n", "lijst",
    ]


# -- plain text ----------------------------------------------------------------


def _is_emoji(char: str) -> bool:
    return unicodedata.category(char) == "So" or 0x1F000 <= ord(char) <= 0x1FAFF


@pytest.mark.parametrize("path", ALL_FILES, ids=_ids)
def test_texts_are_plain(path: Path) -> None:
    failures = []
    for t in _texts(path):
        if "[" in t.source or "]" in t.source:
            failures.append(f"{t.context}: square brackets look like markup")
        if any(_is_emoji(c) for c in t.source):
            failures.append(f"{t.context}: emoji or symbol")
        if re.search(r"\*\*|__|<[a-z/]", t.source):
            failures.append(f"{t.context}: markup")
        if t.source != t.source.strip() or "  " in t.source:
            failures.append(f"{t.context}: extra spaces")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", FLOW_FILES, ids=[p.name for p in FLOW_FILES])
def test_question_nodes_ask_one_question(path: Path) -> None:
    failures = []
    for node in _flow(path).nodes:
        text = getattr(node, "text", "")
        if node.kind not in ("info", "for_each") and text.count("?") > 1:
            failures.append(f"{node.id}: {text.count('?')} question marks: {text!r}")
    # The three goede vragen are quoted inside their node's question.
    allowed = {"mogelijkheden_weet", "voor_nadelen_weet", "situatie_weet"}
    assert [f for f in failures if f.split(":")[0] not in allowed] == []


# -- decision packs: neutral and honest ------------------------------------------


@pytest.mark.parametrize("path", PACK_FILES, ids=[p.name for p in PACK_FILES])
def test_pack_options_have_similar_detail(path: Path) -> None:
    pack = _pack(path)
    assert len(pack.options) >= 2
    pros = {o.id: len(o.pros) for o in pack.options}
    cons = {o.id: len(o.cons) for o in pack.options}
    assert len(set(pros.values())) == 1, f"unequal number of pros: {pros}"
    assert len(set(cons.values())) == 1, f"unequal number of cons: {cons}"
    assert min(pros.values()) >= 1 and min(cons.values()) >= 1

    described = {o.id: len(o.description) for o in pack.options}
    assert max(described.values()) <= 1.3 * min(described.values()), (
        f"descriptions of unequal length: {described}"
    )
    total = {
        o.id: len(o.description) + sum(map(len, o.pros)) + sum(map(len, o.cons))
        for o in pack.options
    }
    assert max(total.values()) <= 1.3 * min(total.values()), f"unequal detail: {total}"


@pytest.mark.parametrize("path", PACK_FILES, ids=[p.name for p in PACK_FILES])
def test_pack_gives_no_figures(path: Path) -> None:
    failures = [
        f"{t.context}: {t.source!r}"
        for t in _texts(path)
        if re.search(r"\d|%|procent", t.source, re.IGNORECASE)
    ]
    assert not failures, "figures in a pack need a source that gives them:\n" + "\n".join(failures)


@pytest.mark.parametrize("path", PACK_FILES, ids=[p.name for p in PACK_FILES])
def test_pack_names_author_source_date_and_waiting(path: Path) -> None:
    pack = _pack(path).pack
    assert "voorbeeld" in pack.author.casefold(), "an example pack says it is an example"
    assert "geen medisch advies" in pack.source.casefold()
    assert pack.date.year >= 2026
    assert pack.flow == "voorbereiding"
    assert pack.wait_is_option is not None, "a pack says whether waiting is an option"
    if pack.wait_is_option is False:
        assert pack.wait_reason


def test_pack_option_names_fit_the_flow_texts() -> None:
    # Option names appear inside quotes in "Welke voordelen ziet u bij '{optie}'?".
    for path in PACK_FILES:
        for option in _pack(path).options:
            assert "'" not in option.name and len(words(option.name)) <= 8, option.name


# -- examples cover every node and branch ------------------------------------------


@pytest.mark.parametrize("path", FLOW_FILES, ids=[p.name for p in FLOW_FILES])
def test_examples_visit_every_node(path: Path) -> None:
    flow = _flow(path)
    visited = {node_id for example in flow.examples for node_id in example.path}
    never = [n.id for n in flow.nodes if n.kind != "for_each" and n.id not in visited]
    assert never == [], "no example transcript reaches these nodes"


def test_preparation_examples_cover_the_branches() -> None:
    flow = _flow(DIALOGUES / "voorbereiding.toml")
    examples = flow.examples
    checks = ("zeker", "kennis", "waarden", "steun")

    def some(predicate) -> bool:
        return any(predicate(e) for e in examples)

    assert some(lambda e: e.answers.get("wie") == "alleen")
    assert some(lambda e: e.answers.get("wie") in ("naaste", "iemand_anders"))
    assert some(lambda e: e.pack is not None)
    assert some(lambda e: e.pack is None)
    assert some(lambda e: all(e.answers.get(c) is True for c in checks))
    assert some(lambda e: any(e.answers.get(c) is False for c in checks))
    for example in examples:
        if example.pack:
            assert (path := DIALOGUES / example.pack).is_file(), path


def test_check_passes_on_shipped_content() -> None:
    """``prep-assistant check dialogues/``: no errors, no warnings, examples replay."""
    check = pytest.importorskip("prep_assistant.dialogue.check")
    report = check.check_paths([DIALOGUES])
    assert [d.format() for d in report.diagnostics] == []
    assert len(report.files) == len(ALL_FILES)
