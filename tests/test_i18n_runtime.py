"""Languages at run time: negotiation, fallbacks, placeholders, dates, plurals."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from prep_assistant import i18n
from prep_assistant.i18n.placeholders import placeholders
from test_i18n_catalogs import make_tree, set_translation, update_tree


@pytest.fixture(autouse=True)
def _fresh_i18n():
    i18n.reset()
    yield
    i18n.reset()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A small source tree with catalogs, translated where the tests need it."""
    root = make_tree(tmp_path)
    update_tree(root)
    nl = root / "locales/nl/LC_MESSAGES/messages.po"
    en = root / "locales/en/LC_MESSAGES/messages.po"
    set_translation(nl, None, "Next", "Volgende")
    set_translation(nl, None, ("{n} question", "{n} questions"), ("{n} vraag", "{n} vragen"))
    set_translation(en, "proef.naam.text", "Hoe heet u?", "What is your name?")
    set_translation(en, "proef.wie.choices.samen", "Samen met een naaste", "With someone close to me")
    update_tree(root)
    i18n.set_locales_dir(root / "locales")
    return root


# -- negotiation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ("nl", "nl"),
        ("en", "en"),
        ("EN", "en"),
        ("en_GB.UTF-8", "en"),
        ("nl-BE", "nl"),
        ("nl_NL@euro", "nl"),
        (" en ", "en"),
    ],
)
def test_requested_language_is_recognised(requested: str, expected: str) -> None:
    assert i18n.negotiate_language(requested, environ={}) == (expected, None)


@pytest.mark.parametrize("requested", ["de", "xx!!", "", "klingon_KL", "\x1b[31m"])
def test_unknown_language_falls_back_to_dutch_with_a_warning(requested: str) -> None:
    lang, warning = i18n.negotiate_language(requested, environ={"LANG": "en_US.UTF-8"})
    assert lang == "nl"
    assert warning
    assert "\x1b" not in warning
    assert "nl, en" in warning


def test_unknown_language_warning_is_in_dutch() -> None:
    _lang, warning = i18n.negotiate_language("de", environ={})
    assert "'de'" in warning
    assert "niet beschikbaar" in warning  # from the shipped Dutch catalog


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "nl"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LC_MESSAGES": "en_GB"}, "en"),
        ({"LC_ALL": "nl_BE.UTF-8", "LANG": "en_US.UTF-8"}, "nl"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"),
        ({"LANGUAGE": "de:en", "LANG": "de_DE.UTF-8"}, "en"),
        ({"LANGUAGE": "en", "LANG": "C"}, "nl"),  # gettext ignores LANGUAGE under C
        ({"LANG": "fr_FR.UTF-8"}, "nl"),
        ({"LANG": "garbage!"}, "nl"),
    ],
)
def test_language_from_the_environment(environ: dict[str, str], expected: str) -> None:
    assert i18n.negotiate_language(None, environ=environ) == (expected, None)


def test_set_language_reports_the_language_in_use() -> None:
    assert i18n.set_language("en_GB.UTF-8") == "en"
    assert i18n.current_language() == "en"
    assert i18n.set_language("de") == "nl"
    assert i18n.current_language() == "nl"
    assert any("'de'" in w for w in i18n.translation_warnings())


# -- fallbacks -----------------------------------------------------------------


def test_missing_catalogs_fall_back_to_source_text(tmp_path: Path) -> None:
    i18n.set_locales_dir(tmp_path / "no-such-dir")
    assert i18n.set_language("en") == "nl"
    assert i18n._("Next") == "Next"
    assert i18n.ngettext("{n} question", "{n} questions", 2) == "{n} questions"
    assert i18n.dialogue_text("proef.naam.text", "Hoe heet u?") == "Hoe heet u?"
    warnings = i18n.translation_warnings()
    assert warnings and any("Engels" in w or "en" in w for w in warnings)


@pytest.mark.parametrize("damage", ["mo", "po_and_mo"])
def test_broken_catalog_falls_back_to_dutch_with_a_warning(tree: Path, damage: str) -> None:
    folder = tree / "locales/en/LC_MESSAGES"
    (folder / "messages.mo").write_bytes(b"\x00garbage, not a catalog" * 10)
    if damage == "po_and_mo":
        (folder / "messages.po").write_bytes(b'msgid "unclosed\n\xff\xfe garbage')
        assert i18n.set_language("en") == "nl"
        assert i18n._("Next") == "Volgende"  # the interface is in Dutch
        assert i18n.translation_warnings()
    else:
        # A damaged .mo next to a good .po: the .po is read instead.
        assert i18n.set_language("en") == "en"
        assert i18n.dialogue_text("proef.naam.text", "Hoe heet u?") == "What is your name?"


def test_broken_dutch_catalog_gives_source_texts(tree: Path) -> None:
    folder = tree / "locales/nl/LC_MESSAGES"
    (folder / "messages.mo").write_bytes(b"garbage")
    (folder / "messages.po").write_bytes(b"garbage")
    assert i18n.set_language("nl") == "nl"
    assert i18n._("Next") == "Next"
    assert i18n.dialogue_text("proef.naam.text", "Hoe heet u?") == "Hoe heet u?"
    assert i18n.translation_warnings()


def test_translations_in_both_languages(tree: Path) -> None:
    i18n.set_language("nl")
    assert i18n._("Next") == "Volgende"
    assert i18n.dialogue_text("proef.naam.text", "Hoe heet u?") == "Hoe heet u?"
    i18n.set_language("en")
    assert i18n._("Next") == "Next"
    assert i18n.dialogue_text("proef.naam.text", "Hoe heet u?") == "What is your name?"
    # Untranslated: the Dutch source, never an empty string.
    assert i18n.dialogue_text("proef.wie.text", "Wie beslist er mee?") == "Wie beslist er mee?"
    # Switching back re-renders in Dutch (display-time look-ups).
    i18n.set_language("nl")
    assert i18n._("Next") == "Volgende"
    assert i18n.translation_warnings() == []


def test_a_wrong_placeholder_in_a_translation_is_never_used(tree: Path) -> None:
    en = tree / "locales/en/LC_MESSAGES/messages.po"
    nl = tree / "locales/nl/LC_MESSAGES/messages.po"
    set_translation(en, "proef.welkom.text", "Welkom, {naam}!", "Welcome, {name}!")
    set_translation(nl, None, "Hello {name}", "Hallo {naam}")
    update_tree(tree)
    i18n.set_locales_dir(tree / "locales")

    i18n.set_language("en")
    text = i18n.dialogue_text("proef.welkom.text", "Welkom, {naam}!")
    assert text == "Welkom, {naam}!"
    assert text.format(naam="Ans") == "Welkom, Ans!"
    assert any("proef.welkom.text" in w for w in i18n.translation_warnings())

    i18n.set_language("nl")
    assert i18n._("Hello {name}").format(name="Ans") == "Hello Ans"


def test_literal_braces_are_not_placeholders() -> None:
    assert placeholders("Typ {{ of }} en {naam}") == {"naam"}
    assert placeholders("{{naam}}") == frozenset()
    assert placeholders("{n:,} vragen") == {"n"}
    assert placeholders("geen") == frozenset()


# -- plurals, dates, numbers ---------------------------------------------------


def test_plurals_follow_the_language(tree: Path) -> None:
    i18n.set_language("nl")
    assert i18n.ngettext("{n} question", "{n} questions", 1) == "{n} vraag"
    assert i18n.ngettext("{n} question", "{n} questions", 0) == "{n} vragen"
    assert i18n.nformat("{n} question", "{n} questions", 1200) == "1.200 vragen"
    i18n.set_language("en")
    assert i18n.ngettext("{n} question", "{n} questions", 1) == "{n} question"
    assert i18n.nformat("{n} question", "{n} questions", 1200) == "1,200 questions"
    assert i18n.nformat("{n} question", "{n} questions", 1) == "1 question"


def test_dates_follow_the_language() -> None:
    day = dt.date(2026, 11, 22)
    assert i18n.format_date(day, "nl") == "22 november 2026"
    assert i18n.format_date(day, "en") == "November 22, 2026"
    i18n.set_language("en")
    assert i18n.format_date(day) == "November 22, 2026"
    moment = dt.datetime(2026, 11, 22, 14, 5)
    assert i18n.format_datetime(moment, "nl") == "22 november 2026, 14:05"
    assert i18n.format_datetime(moment, "en") == "November 22, 2026, 2:05\u202fPM"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_long_dates_from_the_table_are_babels_day_by_day(lang: str) -> None:
    from babel.dates import format_date as babel_format_date

    from prep_assistant.i18n.dates import format_long
    from prep_assistant.paths import locales_dir

    days = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(365)]
    days += [dt.date(2024, 2, 29), dt.date(1, 1, 1), dt.date(999, 12, 31), dt.date(9999, 12, 31)]
    for day in days:
        assert format_long(day, lang, locales_dir()) == babel_format_date(day, "long", locale=lang), day


def test_the_date_table_is_babels_current_data() -> None:
    from prep_assistant.i18n.dates import build_table, table_path
    from prep_assistant.paths import locales_dir
    import json

    for lang in ("nl", "en"):
        assert json.loads(table_path(locales_dir(), lang).read_text(encoding="utf-8")) == build_table(lang)


@pytest.mark.parametrize(
    "table",
    ['{"long": "EEEE d MMMM y", "months": ["m"]}', '{"long": "G y", "months": [' + ",".join(['"m"'] * 12) + "]}",
     "not json", "[]", ""],
    ids=["months-missing", "unknown-field", "not-json", "a-list", "empty"],
)
def test_a_date_table_that_cannot_be_used_leaves_it_to_babel(tmp_path: Path, table: str) -> None:
    from prep_assistant.i18n.dates import table_path

    target = table_path(tmp_path, "nl")
    target.parent.mkdir(parents=True)
    target.write_text(table, encoding="utf-8")
    i18n.set_locales_dir(tmp_path)
    assert i18n.format_date(dt.date(2026, 11, 22), "nl") == "22 november 2026"


def test_small_numbers_are_written_as_they_are_and_large_ones_grouped() -> None:
    assert i18n.format_number(3, "nl") == "3"
    assert i18n.format_number(-999, "en") == "-999"
    assert i18n.format_number(1200, "nl") == "1.200"
    assert i18n.format_number(1200, "en") == "1,200"


def test_formatting_never_raises_on_a_bad_language() -> None:
    day = dt.date(2026, 11, 22)
    assert i18n.format_date(day, "zz-not-a-locale") == "2026-11-22"
    assert i18n.translation_warnings()


# -- start-up weight -----------------------------------------------------------


def test_i18n_imports_neither_textual_nor_babel_at_start_up() -> None:
    code = (
        "import sys\n"
        "import prep_assistant.i18n as i18n\n"
        "assert 'babel' not in sys.modules, 'babel imported at start-up'\n"
        "lang, _w = i18n.negotiate_language('en')\n"
        "i18n.set_language(lang)\n"
        "i18n._('Next'); i18n.dialogue_text('a.b.text', 'Hoi')\n"
        "import datetime; i18n.format_date(datetime.date(2026, 1, 2))\n"
        "import prep_assistant.translations.check, prep_assistant.translations.extract, prep_assistant.translations.update\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.parametrize("code", ["../en", "en/../../etc", "en\\..\\x"])
def test_a_language_code_is_never_a_path(code: str) -> None:
    translations = i18n.get_translations(code)
    assert translations.gettext("Next") == "Next"
    assert i18n.translation_warnings()
