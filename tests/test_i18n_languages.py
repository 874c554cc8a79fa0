"""A new language needs no code: catalogs on disk, region codes, the fallback chain."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prep_assistant import i18n
from prep_assistant.i18n.languages import fallback_chain, is_locale_name, locale_name
from prep_assistant.translations.check import catalog_report, summarized
from test_i18n_catalogs import REPO, make_tree, set_translation, sources, update_tree


@pytest.fixture(autouse=True)
def _fresh_i18n():
    i18n.reset()
    yield
    i18n.reset()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A small source tree with nl, en, de, pt and pt_BR catalogs.

    English has every dialogue text; German and Portuguese only some, so
    the gaps show where a text comes from.
    """
    root = make_tree(tmp_path)
    assert update_tree(root, "--init", "de", "--init", "pt", "--init", "pt_BR") == 0
    locales = root / "locales"
    po = {lang: locales / lang / "LC_MESSAGES/messages.po" for lang in ("nl", "en", "de", "pt", "pt_BR")}
    set_translation(po["nl"], None, "Next", "Volgende")
    set_translation(po["en"], "proef.naam.text", "Hoe heet u?", "What is your name?")
    set_translation(po["en"], "proef.wie.text", "Wie beslist er mee?", "Who decides with you?")
    set_translation(po["de"], "proef.naam.text", "Hoe heet u?", "Wie heißen Sie?")
    set_translation(po["de"], None, "Next", "Weiter")
    set_translation(po["pt"], "proef.naam.text", "Hoe heet u?", "Como se chama?")
    set_translation(po["pt_BR"], None, "Next", "Próximo")
    assert update_tree(root) == 0
    i18n.set_locales_dir(locales)
    return root


# -- which languages are offered -------------------------------------------------


def test_every_catalog_on_disk_is_offered_shipped_ones_first(tree: Path) -> None:
    assert i18n.available_languages() == ("de", "en", "nl", "pt", "pt_BR")
    assert i18n.known_languages() == ("nl", "en", "de", "pt", "pt_BR")


def test_a_catalog_dropped_into_the_shipped_catalogs_is_offered(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(REPO / "locales", locales)
    i18n.set_locales_dir(locales)
    assert i18n.negotiate_language("de", environ={})[0] == "nl"  # not there yet
    (locales / "de/LC_MESSAGES").mkdir(parents=True)
    shutil.copy(locales / "en/LC_MESSAGES/messages.mo", locales / "de/LC_MESSAGES/messages.mo")
    assert i18n.negotiate_language("de", environ={}) == ("de", None)
    assert i18n.set_language("de") == "de"
    assert i18n.translation_warnings() == []


@pytest.mark.parametrize("folder", ["not a language", "..", "de.bak", "DE", "x", "deutsch"])
def test_folders_that_are_not_language_codes_are_never_offered(tree: Path, folder: str) -> None:
    locales = tree / "locales"
    target = locales / folder / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(locales / "en/LC_MESSAGES/messages.mo", target / "messages.mo")
    assert folder not in i18n.known_languages()


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ("de", "de"),
        ("de_AT.UTF-8", "de"),  # no Austrian catalog: German
        ("DE-de", "de"),
        ("pt_BR", "pt_BR"),
        ("pt-br.UTF-8", "pt_BR"),
        ("pt_PT", "pt"),  # no catalog for Portugal: Portuguese
        ("pt", "pt"),
        ("nl_BE", "nl"),
    ],
)
def test_region_codes_choose_the_region_then_the_language(tree: Path, requested: str, expected: str) -> None:
    assert i18n.negotiate_language(requested, environ={}) == (expected, None)


def test_a_language_asked_without_region_finds_a_region_of_it(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(REPO / "locales", locales)
    (locales / "pt_BR/LC_MESSAGES").mkdir(parents=True)
    shutil.copy(locales / "en/LC_MESSAGES/messages.mo", locales / "pt_BR/LC_MESSAGES/messages.mo")
    i18n.set_locales_dir(locales)
    assert i18n.negotiate_language("pt", environ={}) == ("pt_BR", None)
    assert i18n.negotiate_language(None, environ={"LANG": "pt_PT.UTF-8"}) == ("pt_BR", None)


def test_the_system_language_may_be_any_catalog_on_disk(tree: Path) -> None:
    assert i18n.negotiate_language(None, environ={"LANG": "de_DE.UTF-8"}) == ("de", None)
    assert i18n.negotiate_language(None, environ={"LANGUAGE": "fr:pt_BR", "LANG": "fr_FR"}) == ("pt_BR", None)


def test_an_unknown_language_names_every_language_offered(tree: Path) -> None:
    lang, warning = i18n.negotiate_language("fr", environ={})
    assert lang == "nl"
    assert "nl, en, de, pt, pt_BR" in warning


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_requested_code_is_a_language_or_nothing(value: str) -> None:
    name = locale_name(value)
    assert name is None or (is_locale_name(name) and "/" not in name and "." not in name)
    lang, warning = i18n.negotiate_language(value, environ={})
    assert lang in i18n.known_languages()


# -- the fallback chain ----------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "chain"),
    [
        ("nl", ("nl",)),
        ("en", ("en",)),
        ("nl_BE", ("nl_BE", "nl")),
        ("en_GB", ("en_GB", "en")),
        ("de", ("de", "en")),
        ("pt_BR", ("pt_BR", "pt", "en")),
    ],
)
def test_the_fallback_chain(lang: str, chain: tuple[str, ...]) -> None:
    assert fallback_chain(lang) == chain


def test_a_gap_in_german_is_filled_in_english_never_in_dutch(tree: Path) -> None:
    assert i18n.set_language("de") == "de"
    assert i18n.dialogue_text("proef.naam.text", "Hoe heet u?") == "Wie heißen Sie?"
    assert i18n._("Next") == "Weiter"
    # Not in German: English, as the interface's gaps are.
    assert i18n.dialogue_text("proef.wie.text", "Wie beslist er mee?") == "Who decides with you?"
    # In no catalog of the chain: the source text.
    assert i18n.dialogue_text("proef.opties.text", "Welke opties kent u?") == "Welke opties kent u?"


def test_a_region_falls_back_to_its_language_then_to_english(tree: Path) -> None:
    assert i18n.set_language("pt_BR") == "pt_BR"
    assert i18n._("Next") == "Próximo"
    assert i18n.dialogue_text("proef.naam.text", "Hoe heet u?") == "Como se chama?"
    assert i18n.dialogue_text("proef.wie.text", "Wie beslist er mee?") == "Who decides with you?"


def test_english_and_dutch_are_not_changed_by_the_chain(tree: Path) -> None:
    i18n.set_language("en")
    assert i18n.dialogue_text("proef.opties.text", "Welke opties kent u?") == "Welke opties kent u?"
    i18n.set_language("nl")
    assert i18n._("Next") == "Volgende"
    assert i18n.translation_warnings() == []


# -- check: one line per language ------------------------------------------------


def test_check_sums_up_each_language_in_one_line(tree: Path) -> None:
    flows, packs = sources(tree)
    report = catalog_report(tree / "locales", flows, packs, code=tree / "prep_assistant")
    by_lang = {s.lang: s for s in report.languages}
    assert set(by_lang) == {"de", "en", "nl", "pt", "pt_BR"}
    total = by_lang["de"].translated + by_lang["de"].fuzzy + by_lang["de"].missing
    assert by_lang["de"].translated == 2 and by_lang["de"].missing == total - 2
    assert len([d for d in report.diagnostics if d.code == "PA601" and "/de/" in d.file]) == total - 2

    lines = summarized(report)
    german = [d for d in lines if "/de/" in d.file and d.code in ("PA601", "PA603")]
    assert len(german) == 1
    assert f"2 translated, 0 fuzzy, {total - 2} missing" in german[0].message
    assert "de (Deutsch)" in german[0].message
    # Problems that are not counts stay as they are.
    assert [d for d in lines if d.code not in ("PA601", "PA603")] == [
        d for d in report.diagnostics if d.code not in ("PA601", "PA603")
    ]


def test_a_fuzzy_only_language_is_summed_up_as_fuzzy(tree: Path) -> None:
    po = tree / "locales/en/LC_MESSAGES/messages.po"
    set_translation(po, "proef.naam.text", "Hoe heet u?", "What is your name?", fuzzy=True)
    flows, packs = sources(tree)
    report = catalog_report(tree / "locales", flows, packs, code=tree / "prep_assistant", languages=["en"])
    (status,) = report.languages
    assert status.fuzzy == 1
    line = [d for d in summarized(report) if d.code in ("PA601", "PA603")]
    assert len(line) == 1 and "1 fuzzy" in line[0].message


# -- translating from English ------------------------------------------------------


def test_a_third_language_sees_the_english_of_each_dutch_text(tree: Path) -> None:
    locales = tree / "locales"
    german = (locales / "de/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    entry = german[: german.index('msgctxt "proef.naam.text"')].rsplit("\n\n", 1)[-1]
    assert "#. English: What is your name?" in entry
    # Untranslated in English: no comment to give. Interface texts are English already.
    assert "#. English: Hoe" not in german
    assert german.count("#. English: ") == 2
    for lang in ("en", "nl"):
        assert "#. English: " not in (locales / lang / "LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    # Running the update again changes nothing (the comment is not added twice).
    assert update_tree(tree, "--check") == 0


def test_a_broken_placeholder_in_german_shows_the_english_not_the_dutch(tree: Path) -> None:
    po = tree / "locales/de/LC_MESSAGES/messages.po"
    en = tree / "locales/en/LC_MESSAGES/messages.po"
    set_translation(en, "proef.welkom.text", "Welkom, {naam}!", "Welcome, {naam}!")
    set_translation(po, "proef.welkom.text", "Welkom, {naam}!", "Willkommen, {name}!")
    assert update_tree(tree) == 0
    i18n.set_locales_dir(tree / "locales")
    i18n.set_language("de")
    assert i18n.dialogue_text("proef.welkom.text", "Welkom, {naam}!") == "Welcome, {naam}!"
    assert any("Willkommen" not in w and "proef.welkom.text" in w for w in i18n.translation_warnings())
