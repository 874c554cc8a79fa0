"""Catalogs: the TOML extractor, the update tool, our checks, the shipped files.

Most tests work on a small source tree in a temporary directory (a fixture
flow and pack, a Python file with interface strings, the real babel.cfg),
so they do not depend on the dialogue content being written meanwhile.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from prep_assistant import i18n
from prep_assistant.i18n import catalogs as cats
from prep_assistant.translations.check import check_catalogs, check_shipped_catalogs, entry_lines
from prep_assistant.translations.extract import extract_toml, read_dialogue_file
from prep_assistant.translations.update import main as update_main

REPO = Path(__file__).resolve().parents[1]

FLOW = '''\
[flow]
id = "proef"
title = "Proefgesprek"
language = "nl"

[[steps]]
id = "begin"
title = "Begin"

[[nodes]]
id = "naam"
kind = "text"
step = "begin"
text = "Hoe heet u?"
hint = "Bijvoorbeeld: Ans"

[[nodes]]
id = "welkom"
kind = "info"
text = "Welkom, {naam}!"
help = """
Typ {{ en }} gewoon zo."""
note = "Begroeting. {naam} is de naam van de patiënt."

[[nodes]]
id = "wie"
kind = "single_choice"
text = "Wie beslist er mee?"
note = "Een naaste: partner, kind of vriend."
choices = [
  { id = "alleen", label = "Ik alleen" },
  { id = "samen", label = "Samen met een naaste" },
]

[[nodes]]
id = "opties"
kind = "text_list"
text = "Welke opties kent u?"
suggestions = ["Afwachten", "Opereren"]
'''

PACK = '''\
[pack]
id = "knie"
decision = "Wel of geen nieuwe knie"
author = "Dr. Voorbeeld, orthopeed"
source = "Richtlijn (voorbeeld)"
date = 2026-01-15
wait_is_option = true

[[options]]
id = "oefenen"
name = "Oefentherapie"
description = "Samen met een fysiotherapeut oefenen."
pros = ["Geen operatie"]
cons = ["Het kost tijd"]
'''

CODE = '''\
from prep_assistant.i18n import _, ngettext, nformat, pgettext


def labels(n):
    return [
        # Translators: the button that goes to the next question
        _("Next"),
        _("Hello {name}"),
        ngettext("{n} question", "{n} questions", n),
        pgettext("card", "Decision"),
    ]
'''


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def make_tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    (root / "dialogues/packs").mkdir(parents=True)
    (root / "prep_assistant").mkdir()
    shutil.copy(REPO / "babel.cfg", root / "babel.cfg")
    (root / "dialogues/proef.toml").write_text(FLOW, encoding="utf-8")
    (root / "dialogues/packs/knie.toml").write_text(PACK, encoding="utf-8")
    (root / "prep_assistant/labels.py").write_text(CODE, encoding="utf-8")
    return root


def update_tree(root: Path, *args: str) -> int:
    return update_main(["--root", str(root), "-q", *args])


def read_catalog(path: Path):
    with path.open("rb") as fh:
        return read_po(fh)


def set_translation(po: Path, context, msgid, string, fuzzy: bool = False) -> None:
    catalog = read_catalog(po)
    message = catalog.get(msgid if isinstance(msgid, str) else msgid[0], context=context)
    assert message is not None, (context, msgid)
    message.string = string
    if fuzzy:
        message.flags.add("fuzzy")
    else:
        message.flags.discard("fuzzy")
    out = io.BytesIO()
    write_po(out, catalog, width=76, sort_by_file=True)
    po.write_bytes(out.getvalue())


def sources(root: Path):
    flows, packs = [], []
    for path in sorted((root / "dialogues").rglob("*.toml")):
        dialogue = read_dialogue_file(path)
        (flows if dialogue.kind == "flow" else packs).append(dialogue.model)
    return flows, packs


def check_tree(root: Path, **kwargs):
    flows, packs = sources(root)
    return check_catalogs(root / "locales", flows, packs, code=root / "prep_assistant", **kwargs)


def codes(diagnostics) -> list[str]:
    return sorted(d.code for d in diagnostics)


@pytest.fixture(autouse=True)
def _fresh_i18n():
    i18n.reset()
    yield
    i18n.reset()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = make_tree(tmp_path)
    assert update_tree(root) == 0
    return root


# -- the extractor -------------------------------------------------------------


def test_extractor_gives_contexts_lines_and_notes() -> None:
    found = list(extract_toml(io.BytesIO(FLOW.encode()), ["pgettext"], [], {}))
    by_context: dict[str, list] = {}
    for lineno, funcname, (context, text), comments in found:
        assert funcname == "pgettext"
        by_context.setdefault(context, []).append((lineno, text, comments))

    assert by_context["proef._flow.title"] == [(line_of(FLOW, 'title = "Proefgesprek"'), "Proefgesprek", [])]
    assert by_context["proef._steps.begin"] == [(line_of(FLOW, 'title = "Begin"'), "Begin", [])]
    assert by_context["proef.naam.text"] == [(line_of(FLOW, "Hoe heet u?"), "Hoe heet u?", [])]
    assert by_context["proef.naam.hint"][0][0] == line_of(FLOW, "hint =")
    note = "Begroeting. {naam} is de naam van de patiënt."
    assert by_context["proef.welkom.text"] == [(line_of(FLOW, "Welkom, {naam}!"), "Welkom, {naam}!", [note])]
    assert by_context["proef.welkom.help"] == [(line_of(FLOW, 'help = """'), "Typ {{ en }} gewoon zo.", [note])]
    assert by_context["proef.wie.choices.samen"][0][:2] == (line_of(FLOW, "Samen met een naaste"), "Samen met een naaste")
    assert [(ln, t) for ln, t, _ in by_context["proef.opties.suggestions"]] == [
        (line_of(FLOW, "suggestions ="), "Afwachten"),
        (line_of(FLOW, "suggestions ="), "Opereren"),
    ]


def test_extractor_reads_packs() -> None:
    found = {ctx: (ln, text) for ln, _f, (ctx, text), _c in extract_toml(io.BytesIO(PACK.encode()), [], [], {})}
    assert found["pack.knie.decision"] == (line_of(PACK, "decision ="), "Wel of geen nieuwe knie")
    assert found["pack.knie.oefenen.name"] == (line_of(PACK, 'name = "Oefentherapie"'), "Oefentherapie")
    assert found["pack.knie.oefenen.pros"] == (line_of(PACK, "pros ="), "Geen operatie")


@pytest.mark.parametrize(
    "content",
    [b"[flow\nid = ", b"\xff\xfe not utf-8", b"[flow]\nid = \"x\"\n", b"just = 1\n", b""],
)
def test_extractor_skips_a_broken_file_with_a_warning(content: bytes, caplog) -> None:
    failures: list = []
    with caplog.at_level(logging.WARNING, logger="prep_assistant.translations.extract"):
        found = list(extract_toml(io.BytesIO(content), [], [], {"failures": failures}))
    assert found == []
    assert failures
    assert "skipped" in caplog.text


def test_pybabel_extract_uses_the_entry_point(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    (root / "dialogues/kapot.toml").write_text("[flow\n", encoding="utf-8")  # must not crash
    pybabel = Path(sys.executable).with_name("pybabel")
    command = [str(pybabel)] if pybabel.exists() else [sys.executable, "-m", "babel.messages.frontend"]
    result = subprocess.run(
        [*command, "extract", "-F", "babel.cfg", "-c", "Translators:", "--sort-by-file", "-o", "out.pot", "."],
        cwd=root, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    catalog = read_catalog(root / "out.pot")
    welkom = catalog.get("Welkom, {naam}!", context="proef.welkom.text")
    assert welkom is not None
    assert welkom.locations == [("dialogues/proef.toml", line_of(FLOW, "Welkom, {naam}!"))]
    assert welkom.auto_comments == ["Begroeting. {naam} is de naam van de patiënt."]
    assert catalog.get("Oefentherapie", context="pack.knie.oefenen.name") is not None
    assert catalog.get("Next") is not None


# -- the update tool -----------------------------------------------------------


def test_update_writes_template_catalogs_and_compiled_files(tree: Path) -> None:
    for path in (
        "locales/messages.pot",
        "locales/nl/LC_MESSAGES/messages.po",
        "locales/nl/LC_MESSAGES/messages.mo",
        "locales/en/LC_MESSAGES/messages.po",
        "locales/en/LC_MESSAGES/messages.mo",
    ):
        assert (tree / path).is_file(), path
    template = read_catalog(tree / "locales/messages.pot")
    message = template.get("Next")
    assert message.locations == [("prep_assistant/labels.py", line_of(CODE, '_("Next")'))]
    assert message.auto_comments == ["the button that goes to the next question"]
    assert template.get("Hoe heet u?", context="proef.naam.text").locations == [
        ("dialogues/proef.toml", line_of(FLOW, "Hoe heet u?"))
    ]
    assert "python-brace-format" in template.get("Welkom, {naam}!", context="proef.welkom.text").flags
    # Entries are grouped by file, in a stable order.
    files = [m.locations[0][0] for m in template if m.id]
    assert files == sorted(files)


def test_identity_translations_in_the_source_language(tree: Path) -> None:
    nl = read_catalog(tree / "locales/nl/LC_MESSAGES/messages.po")
    en = read_catalog(tree / "locales/en/LC_MESSAGES/messages.po")
    # Dutch dialogue texts: identity in nl, untranslated in en.
    assert nl.get("Hoe heet u?", context="proef.naam.text").string == "Hoe heet u?"
    assert nl.get("Oefentherapie", context="pack.knie.oefenen.name").string == "Oefentherapie"
    assert en.get("Hoe heet u?", context="proef.naam.text").string == ""
    # English interface strings: identity in en (plurals too), untranslated in nl.
    assert en.get("Next").string == "Next"
    assert en.get("{n} question").string == ("{n} question", "{n} questions")
    assert en.get("Decision", context="card").string == "Decision"
    assert nl.get("Next").string == ""
    assert nl.get("{n} question").string == ("", "")


def test_an_english_flow_is_identity_in_english(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    english = FLOW.replace('id = "proef"', 'id = "trial"').replace('language = "nl"', 'language = "en"')
    (root / "dialogues/trial.toml").write_text(english, encoding="utf-8")
    assert update_tree(root) == 0
    en = read_catalog(root / "locales/en/LC_MESSAGES/messages.po")
    nl = read_catalog(root / "locales/nl/LC_MESSAGES/messages.po")
    assert en.get("Hoe heet u?", context="trial.naam.text").string == "Hoe heet u?"
    assert nl.get("Hoe heet u?", context="trial.naam.text").string == ""


def test_update_keeps_translations_and_rewrites_nothing_when_nothing_changed(tree: Path) -> None:
    en = tree / "locales/en/LC_MESSAGES/messages.po"
    set_translation(en, "proef.naam.text", "Hoe heet u?", "What is your name?")
    assert update_tree(tree) == 0
    assert read_catalog(en).get("Hoe heet u?", context="proef.naam.text").string == "What is your name?"
    before = {p: p.read_bytes() for p in (tree / "locales").rglob("*") if p.is_file()}
    assert update_tree(tree) == 0
    after = {p: p.read_bytes() for p in (tree / "locales").rglob("*") if p.is_file()}
    assert after == before
    assert update_tree(tree, "--check") == 0


def test_a_changed_source_text_keeps_its_translation_as_fuzzy(tree: Path) -> None:
    en = tree / "locales/en/LC_MESSAGES/messages.po"
    set_translation(en, "proef.naam.text", "Hoe heet u?", "What is your name?")
    assert update_tree(tree) == 0
    flow = tree / "dialogues/proef.toml"
    flow.write_text(FLOW.replace("Hoe heet u?", "Wat is uw naam?"), encoding="utf-8")
    assert update_tree(tree) == 0

    message = read_catalog(en).get("Wat is uw naam?", context="proef.naam.text")
    assert message.string == "What is your name?"
    assert message.fuzzy
    assert update_tree(tree, "--check") == 0  # the merge is stable
    assert read_catalog(en).get("Hoe heet u?", context="proef.naam.text") is None
    # nl is the source language: identity, never fuzzy.
    nl_message = read_catalog(tree / "locales/nl/LC_MESSAGES/messages.po").get("Wat is uw naam?", context="proef.naam.text")
    assert nl_message.string == "Wat is uw naam?" and not nl_message.fuzzy

    found = check_tree(tree)
    fuzzy = [d for d in found if d.code == "PA603"]
    assert len(fuzzy) == 1 and "proef.naam.text" in fuzzy[0].message
    assert fuzzy[0].file.endswith("en/LC_MESSAGES/messages.po")
    assert fuzzy[0].line == entry_lines(en.read_text("utf-8"))[("Wat is uw naam?", "proef.naam.text")]

    # The app does not use a fuzzy translation.
    i18n.set_locales_dir(tree / "locales")
    i18n.set_language("en")
    assert i18n.dialogue_text("proef.naam.text", "Wat is uw naam?") == "Wat is uw naam?"


def test_update_check_reports_a_stale_catalog(tree: Path, capsys) -> None:
    assert update_tree(tree, "--check") == 0
    (tree / "dialogues/proef.toml").write_text(FLOW.replace("Ik alleen", "Alleen ik"), encoding="utf-8")
    capsys.readouterr()
    assert update_main(["--root", str(tree), "--check"]) == 1
    assert "locales/messages.pot" in capsys.readouterr().out
    assert update_tree(tree) == 0
    assert update_tree(tree, "--check") == 0


def test_update_refuses_to_drop_the_texts_of_a_broken_flow(tree: Path, capsys) -> None:
    before = (tree / "locales/messages.pot").read_bytes()
    (tree / "dialogues/proef.toml").write_text(FLOW + "\n[[nodes]\n", encoding="utf-8")
    assert update_tree(tree) == 2
    assert "proef.toml" in capsys.readouterr().err
    assert (tree / "locales/messages.pot").read_bytes() == before


def test_update_refuses_to_overwrite_a_broken_catalog(tree: Path) -> None:
    po = tree / "locales/en/LC_MESSAGES/messages.po"
    po.write_bytes(b'msgid "unclosed\n')
    assert update_tree(tree) == 2
    assert po.read_bytes() == b'msgid "unclosed\n'


# -- our checks ----------------------------------------------------------------


def test_a_fresh_tree_reports_only_missing_translations(tree: Path) -> None:
    found = check_tree(tree)
    assert set(codes(found)) == {"PA601"}
    en_missing = {d.message for d in found if "/en/" in d.file}
    assert any("proef.naam.text" in m for m in en_missing)
    nl_missing = [d for d in found if "/nl/" in d.file]
    assert {d.hint for d in nl_missing} >= {"Next", "{n} question"}
    # Each diagnostic points at the entry's line in the .po file.
    po_text = (tree / "locales/en/LC_MESSAGES/messages.po").read_text("utf-8")
    lines = po_text.splitlines()
    for d in found:
        if "/en/" in d.file:
            assert lines[d.line - 1].startswith(("msgctxt", "msgid"))


def test_check_reports_a_changed_placeholder(tree: Path) -> None:
    en = tree / "locales/en/LC_MESSAGES/messages.po"
    set_translation(en, "proef.welkom.text", "Welkom, {naam}!", "Welcome, {name}!")
    set_translation(en, "proef.welkom.help", "Typ {{ en }} gewoon zo.", "Just type {{ and }} like that.")
    assert update_tree(tree) == 0
    found = [d for d in check_tree(tree) if d.code == "PA602"]
    assert len(found) == 1
    assert "proef.welkom.text" in found[0].message
    assert "{name}" in found[0].message and "{naam}" in found[0].message
    assert found[0].is_error
    text = en.read_text("utf-8").splitlines()
    assert text[found[0].line - 1] == 'msgctxt "proef.welkom.text"'


def test_check_reports_a_plural_with_a_wrong_placeholder(tree: Path) -> None:
    nl = tree / "locales/nl/LC_MESSAGES/messages.po"
    set_translation(nl, None, ("{n} question", "{n} questions"), ("één vraag", "{aantal} vragen"))
    assert update_tree(tree) == 0
    assert "PA602" in codes(check_tree(tree))
    set_translation(nl, None, ("{n} question", "{n} questions"), ("één vraag", "{n} vragen"))
    assert update_tree(tree) == 0
    assert "PA602" not in codes(check_tree(tree))


def test_check_reports_texts_missing_from_the_catalog_and_obsolete_ones(tree: Path) -> None:
    flow = tree / "dialogues/proef.toml"
    changed = FLOW.replace("Wie beslist er mee?", "Wie helpt u kiezen?") + (
        '\n[[nodes]]\nid = "nieuw"\nkind = "yes_no"\ntext = "Is dit nieuw?"\n'
    )
    flow.write_text(changed, encoding="utf-8")
    (tree / "prep_assistant/labels.py").write_text(CODE.replace('_("Next")', '_("Continue")'), encoding="utf-8")
    found = [d for d in check_tree(tree) if d.code == "PA604"]
    messages = " | ".join(d.message for d in found if "/en/" in d.file)
    assert "3 text(s) are not in the en catalog" in messages
    assert "'proef.wie.text' is no longer in the sources" in messages
    assert "'Next' is no longer in the sources" in messages

    # Checking another flow alone does not call proef's entries obsolete.
    other = FLOW.replace('id = "proef"', 'id = "ander"')
    (tree / "dialogues/proef.toml").write_text(other, encoding="utf-8")
    flows, _packs = sources(tree)
    lone = check_catalogs(tree / "locales", flows, [], code=False)
    assert not any("no longer" in d.message for d in lone)

    (tree / "dialogues/proef.toml").write_text(changed, encoding="utf-8")
    assert update_tree(tree) == 0
    assert "PA604" not in codes(check_tree(tree))


def test_check_reports_a_compiled_catalog_out_of_step(tree: Path) -> None:
    en = tree / "locales/en/LC_MESSAGES/messages.po"
    set_translation(en, "proef.naam.text", "Hoe heet u?", "What is your name?")  # not compiled
    found = [d for d in check_tree(tree) if d.code == "PA604"]
    assert [d.file.endswith("en/LC_MESSAGES/messages.mo") for d in found] == [True]
    (tree / "locales/en/LC_MESSAGES/messages.mo").unlink()
    assert any("missing" in d.message for d in check_tree(tree) if d.code == "PA604")


@pytest.mark.parametrize(
    "content", [b'msgid "unclosed\n', b"\xff\xfe\x00garbage", b'msgid "a"\nmsgstr "b"\nmsgid "a"\nbroken'],
)
def test_check_reports_an_unreadable_catalog(tree: Path, content: bytes) -> None:
    (tree / "locales/en/LC_MESSAGES/messages.po").write_bytes(content)
    found = [d for d in check_tree(tree) if d.code == "PA605"]
    assert len(found) == 1 and found[0].file.endswith("en/LC_MESSAGES/messages.po")
    assert found[0].is_error


def test_check_reports_a_missing_catalog(tree: Path) -> None:
    shutil.rmtree(tree / "locales/en")
    found = [d for d in check_tree(tree) if d.code == "PA605"]
    assert len(found) == 1 and "missing" in found[0].message


# -- adding a language ---------------------------------------------------------


def test_adding_a_third_language(tmp_path: Path) -> None:
    """The README recipe, on a copy of the shipped catalogs."""
    locales = tmp_path / "locales"
    shutil.copytree(REPO / "locales", locales)
    assert update_main(["--locales", str(locales), "--init", "de", "-q"]) == 0
    po = locales / "de/LC_MESSAGES/messages.po"
    assert po.is_file() and (locales / "de/LC_MESSAGES/messages.mo").is_file()
    catalog = read_catalog(po)
    assert str(catalog.locale) == "de"
    assert len([m for m in catalog if m.id]) == len([m for m in read_catalog(locales / "messages.pot") if m.id])

    assert "de" in i18n.available_languages(locales)
    translations = i18n.get_translations("de", locales_dir=locales)
    assert translations.info().get("language") == "de"
    assert i18n.translation_warnings() == []

    found = check_catalogs(locales, code=True)
    assert any(d.code == "PA601" and "/de/" in d.file for d in found)
    # Starting a language twice is refused.
    assert update_main(["--locales", str(locales), "--init", "de", "-q"]) == 2
    # Offered as soon as its catalog is there: no code edit.
    i18n.set_locales_dir(locales)
    try:
        assert i18n.negotiate_language("de", environ={}) == ("de", None)
        assert "de" in i18n.known_languages()
    finally:
        i18n.set_locales_dir(None)


# -- the shipped catalogs ------------------------------------------------------


def test_shipped_compiled_catalogs_match_their_po_files() -> None:
    for lang in i18n.SUPPORTED_LANGUAGES:
        po = REPO / f"locales/{lang}/LC_MESSAGES/messages.po"
        mo = po.with_suffix(".mo")
        assert po.is_file() and mo.is_file(), lang
        assert cats.mo_matches_po(po.read_bytes(), mo.read_bytes()), (
            f"{mo} is out of date: run python -m prep_assistant.translations.update"
        )


def test_shipped_catalogs_are_readable_current_and_safe() -> None:
    found = [d for d in check_shipped_catalogs() if d.code in ("PA602", "PA604", "PA605")]
    assert not found, "\n".join(d.format() for d in found)


def test_shipped_catalogs_are_complete() -> None:
    # Dutch and English must be complete (English fills every other
    # language's gaps); a language being translated may have gaps.
    shipped = tuple(f"/{lang}/" for lang in i18n.SUPPORTED_LANGUAGES)
    found = [d for d in check_shipped_catalogs() if d.code in ("PA601", "PA603") and any(s in d.file for s in shipped)]
    assert not found, f"{len(found)} entries:\n" + "\n".join(d.format() for d in found[:20])
