"""Clinicians' decision packs (issue 15): quality checks, the pack's words
reaching the patient marked as the care provider's, the card, the pack
commands, and bad input of every kind (never a traceback, never markup)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from prep_assistant import i18n
from prep_assistant.conversation import pack_note
from prep_assistant.dialogue import schema
from prep_assistant.dialogue.check import check_paths
from prep_assistant.dialogue.engine import Run
from prep_assistant.dialogue.library import LibraryError, find_flow, load_pack_file, pack_fits_flow
from prep_assistant.dialogue.loader import load_pack, read_file
from prep_assistant.dialogue.pack_quality import check_pack_quality
from prep_assistant.dialogue.pack_writer import make_id, pack_toml, toml_string
from prep_assistant.session import Store
from prep_assistant.summary import build_card, render_html
from prep_assistant.summary.pack_sheet import sheet_lines
from prep_assistant.summary.sections import build_sections
from prep_assistant.ui.app import PrepAssistantApp
from tests.test_ui_support import advance_to, drawn, wait_ready

ROOT = Path(__file__).resolve().parent.parent
PACKS = ROOT / "dialogues" / "packs"
HOSTILE = '[/] [@click=app.quit]x[/] <script>alert(1)</script> "q" \\ \x1b[31m\u202e\x07'

GOOD = """format = 1
[pack]
id = "proef"
decision = "Welke behandeling kies ik?"
description = "Er zijn twee mogelijkheden. Afwachten kan ook."
author = "Dr. Proef"
author_role = "huisarts"
source = "Een richtlijn"
date = 2026-01-10
review_date = 2027-01-10
funding = "Niemand betaalde. Geen belangen."
flow = "voorbereiding"
wait_is_option = true

[[options]]
id = "a"
name = "Optie A"
description = "Zo gaat optie A."
pros = ["Voordeel A."]
cons = ["Nadeel A."]

[[options]]
id = "b"
name = "Optie B"
description = "Zo gaat optie B."
pros = ["Voordeel B."]
cons = ["Nadeel B."]
"""


@pytest.fixture(autouse=True)
def _dutch():
    i18n.set_language("nl")
    yield
    i18n.set_language("nl")


def write(tmp_path: Path, text: str, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def codes_of(path: Path) -> list[str]:
    return [d.code for d in load_pack(path).diagnostics]


# -- quality checks (IPDAS) ------------------------------------------------------------


def test_a_good_pack_passes_every_check(tmp_path):
    assert codes_of(write(tmp_path, GOOD)) == []


def test_shipped_example_packs_pass_every_check_and_say_they_are_examples():
    report = check_paths(sorted(PACKS.glob("*.toml")))
    assert [d.format() for d in report.diagnostics] == []
    for path in PACKS.glob("*.toml"):
        info = load_pack_file(path).pack
        assert "voorbeeld" in info.author.casefold() and "voorbeeld" in (info.author_role or "")
        assert info.review_date and info.funding


@pytest.mark.parametrize(
    "change, code",
    [
        (lambda t: t.replace('author_role = "huisarts"\n', ""), "PA408"),
        (lambda t: t.replace('funding = "Niemand betaalde. Geen belangen."\n', ""), "PA409"),
        (lambda t: t.replace("review_date = 2027-01-10\n", ""), "PA406"),
        (lambda t: t.replace("review_date = 2027-01-10", "review_date = 2025-01-10"), "PA413"),
        (lambda t: t.replace("date = 2026-01-10", "date = 2999-01-10").replace("review_date = 2027", "review_date = 3000"), "PA413"),
        (lambda t: t.replace('pros = ["Voordeel B."]', "pros = []"), "PA405"),
        (lambda t: t.replace('flow = "voorbereiding"\n', ""), "PA412"),
        (lambda t: t.replace("Zo gaat optie A.", "Zo gaat optie A " + "en dan nog wat " * 8 + "verder."), "PA410"),
        (lambda t: t.replace("Zo gaat optie A.", "Dit is een arbeidsongeschiktheidsverzekeringsmaatschappij."), "PA411"),
    ],
)
def test_each_missing_quality_item_is_a_coded_diagnostic(tmp_path, change, code):
    loaded = load_pack(write(tmp_path, change(GOOD)))
    found = [d for d in loaded.diagnostics if d.code == code]
    assert found, [d.format() for d in loaded.diagnostics]
    assert found[0].line > 1 and found[0].hint


def test_a_passed_review_date_is_a_warning_and_the_pack_still_loads(tmp_path):
    path = write(tmp_path, GOOD)
    loaded = read_file(path, expect="pack")
    check_pack_quality(loaded, today=dt.date(2027, 6, 1))
    assert [d.code for d in loaded.diagnostics] == ["PA407"]
    assert "out of date" in loaded.diagnostics[0].message
    assert loaded.ok


def test_a_pack_with_one_option_and_no_waiting_is_refused(tmp_path):
    one = GOOD[: GOOD.index('[[options]]\nid = "b"')].replace("wait_is_option = true", "wait_is_option = false\nwait_reason = \"Niet nu.\"")
    path = write(tmp_path, one)
    assert "PA404" in codes_of(path)
    with pytest.raises(LibraryError) as raised:
        load_pack_file(path)
    assert "PA404" in raised.value.message
    # With waiting offered, one option of the pack's own makes two.
    assert "PA404" not in codes_of(write(tmp_path, GOOD[: GOOD.index('[[options]]\nid = "b"')], "wait.toml"))


def test_hostile_and_huge_texts_give_bounded_diagnostics_never_a_traceback(tmp_path):
    huge = ("Dit is een hele lange zin zonder einde " * 300)[:10_000]
    text = GOOD.replace("Zo gaat optie A.", huge).replace("Welke behandeling kies ik?", HOSTILE.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\u001b").replace("\x07", "\\u0007"))
    report = check_paths([write(tmp_path, text)])
    lines = [d.format() for d in report.diagnostics]
    assert {"PA402", "PA410", "PA008"} <= {d.code for d in report.diagnostics}
    assert all(len(line) < 600 and "\x1b" not in line for line in lines)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_any_text_in_any_field_is_checked_without_a_traceback(text):
    data = tomllib.loads(GOOD)
    data["pack"]["description"] = text or "x"
    data["options"][0]["pros"] = [text or "x"]
    pack = schema.PackFile.model_validate(data)
    # Written by our writer, read back by the one loader: same text, no crash.
    back = tomllib.loads(pack_toml(pack))
    assert back["pack"]["description"] == (text or "x")
    assert back["options"][0]["pros"] == [text or "x"]


# -- a pack for another flow -------------------------------------------------------------


def test_check_alone_and_check_with_the_flow_agree_on_a_pack_for_another_flow(tmp_path):
    path = write(tmp_path, GOOD.replace('flow = "voorbereiding"', 'flow = "iets_anders"'))
    alone = check_paths([path])
    assert [d.code for d in alone.diagnostics] == ["PA412"]
    together = check_paths([path, ROOT / "dialogues" / "voorbereiding.toml"])
    assert "PA201" in [d.code for d in together.diagnostics]
    with pytest.raises(LibraryError, match="iets_anders"):
        pack_fits_flow(load_pack_file(path), find_flow())


def test_plain_mode_refuses_a_pack_for_another_flow(tmp_path):
    path = write(tmp_path, GOOD)
    result = run(tmp_path, ["--plain", "--flow", "na_het_gesprek", "--pack", str(path)], "")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "is for the flow 'voorbereiding'" in result.stderr


# -- the pack's words reach the patient ---------------------------------------------------


def run_to(run: Run, node_id: str, item: str | None = None):
    for _ in range(300):
        turn = run.current
        if turn.node_id == node_id and (item is None or turn.item_label == item):
            return turn
        run.answer(turn.value if turn.kind in ("text", "text_list") and turn.value else None) if not turn.is_info else run.answer(True)
    raise AssertionError(node_id)


def test_the_turns_carry_the_care_providers_words():
    pack = load_pack_file(PACKS / "revalidatie.toml")
    run = Run(find_flow(), pack=pack, today=dt.date(2026, 12, 1))
    decision = run_to(run, "beslissing")
    assert decision.from_pack.texts[0].startswith("U revalideert nu")
    assert decision.from_pack.source == pack.pack.source
    assert decision.from_pack.review_passed is None
    options = run_to(run, "opties")
    assert options.from_pack.texts == (pack.pack.wait_reason,)
    pros = run_to(run, "voordelen")
    assert pros.from_pack.texts == (pack.options[0].description,)
    note = pack_note(pros.from_pack)
    assert note.startswith("Uit het keuzepakket van uw zorgverlener (Voorbeeldpakket van prep-assistant, geen zorgverlener")
    assert "22 november 2026" in note.split("\n")[0]


def test_an_expired_pack_tells_the_patient_plainly():
    pack = load_pack_file(PACKS / "knie_artrose.toml")
    run = Run(find_flow(), pack=pack, today=dt.date(2030, 1, 1))
    turn = run_to(run, "beslissing")
    assert turn.from_pack.review_passed == pack.pack.review_date
    assert "Die datum is voorbij" in pack_note(turn.from_pack)


def test_without_a_pack_no_turn_has_provider_words():
    run = Run(find_flow())
    assert run_to(run, "beslissing").from_pack is None


def run(tmp_path: Path, args: list[str], stdin: str, lang: str = "C") -> subprocess.CompletedProcess:
    env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(tmp_path / "data"), LANGUAGE="", LC_ALL="", LANG=lang)
    return subprocess.run(
        [sys.executable, "-m", "prep_assistant", *args],
        input=stdin, capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
    )


def test_plain_mode_shows_the_pack_words_before_the_question_as_text(tmp_path):
    hostile = GOOD.replace("Zo gaat optie A.", "Zo [/] [@click=app.quit]x[/] <b>A</b> \\u001b[31m rood.")
    path = write(tmp_path, hostile)
    result = run(tmp_path, ["--plain", "--pack", str(path)], "\n" * 80)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    marker = "Uit het keuzepakket van uw zorgverlener (Dr. Proef, huisarts, 10 januari 2026):"
    assert out.count(marker) >= 3
    # Markup and HTML stay text; the escape sequence is removed whole.
    assert "Zo [/] [@click=app.quit]x[/] <b>A</b>  rood." in out
    assert "\x1b" not in out
    # The description comes before the question about the option's pros.
    assert out.index("Zo [/]") < out.index("Welke voordelen ziet u bij 'Optie A'?")


async def test_the_app_shows_the_pack_words_as_a_bubble_never_markup(tmp_path):
    path = write(tmp_path, GOOD.replace("Er zijn twee mogelijkheden.", "Er zijn [/] [@click=app.quit]x[/] twee [bold mogelijkheden."))
    store = Store.open(tmp_path / "data")
    try:
        app = PrepAssistantApp(store, pack_path=str(path))
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_ready(pilot, app)
            await advance_to(pilot, app, "beslissing")
            bubbles = drawn(app, "provider")
            assert len(bubbles) == 1
            assert "Er zijn [/] [@click=app.quit]x[/] twee [bold mogelijkheden." in bubbles[0]
            assert bubbles[0].startswith("Uit het keuzepakket van uw zorgverlener")
            assert app.is_running
    finally:
        store.close()


def conversation_to(conv, node_id: str) -> None:
    """Answer through the conversation with the prefilled answers (the pack's options) until ``node_id``."""
    for _ in range(300):
        turn = conv.current
        if turn.node_id == node_id:
            return
        if turn.is_info:
            conv.answer(True)
        elif turn.kind in ("text", "text_list") and turn.value:
            conv.answer(turn.value)
        elif turn.kind in ("single_choice", "multiple_choice"):
            first = turn.question.options[0].value
            conv.answer(first if turn.kind == "single_choice" else [first])
        else:
            conv.answer(None)
    raise AssertionError(node_id)


def test_help_words_hold_the_whole_pack_and_only_the_current_option():
    from prep_assistant.conversation.read_model import pack_help

    pack = load_pack_file(PACKS / "revalidatie.toml")
    run = Run(find_flow(), pack=pack, today=dt.date(2030, 1, 1))
    run_to(run, "beslissing")
    words = pack_help(run)
    assert words.startswith("Uit het keuzepakket van uw zorgverlener (")
    assert pack.pack.description in words and pack.pack.wait_reason in words
    assert "Die datum is voorbij" in words  # the review date has passed by 2030
    assert not any(option.description in words for option in pack.options)
    run_to(run, "voordelen")
    first, *others = pack.options
    words = pack_help(run)
    assert f"{first.name}: {first.description}" in words
    assert not any(option.description in words for option in others)
    assert pack_help(Run(find_flow())) is None


async def test_f1_help_shows_the_packs_words_marked_as_the_care_providers(tmp_path):
    hostile = GOOD.replace("Zo gaat optie A.", "Zo [b]gaat[/b] [@click=app.quit]A[/].")
    path = write(tmp_path, hostile.replace("wait_is_option = true", 'wait_is_option = true\nwait_reason = "Wachten mag."'))
    store = Store.open(tmp_path / "data")
    try:
        app = PrepAssistantApp(store, pack_path=str(path))
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_ready(pilot, app)
            conversation_to(app.conversation, "voordelen")
            app.chat.rebuild()
            await pilot.pause()
            await pilot.press("f1")
            await pilot.pause()
            assert type(app.screen).__name__ == "HelpScreen"
            shown = str(app.screen.query_one("#pack-help").render())
            assert shown.startswith("Uit het keuzepakket van uw zorgverlener (Dr. Proef, huisarts, 10 januari 2026):")
            for text in ("Er zijn twee mogelijkheden. Afwachten kan ook.", "Wachten mag.",
                         "Optie A: Zo [b]gaat[/b] [@click=app.quit]A[/].", "Bron: Een richtlijn"):
                assert text in shown
            assert "Zo gaat optie B." not in shown  # only the option whose questions these are
            headings = [str(h.render()) for h in app.screen.query(".help-heading")]
            assert "Van uw zorgverlener" in headings
            await pilot.press("escape")
            assert app.is_running
    finally:
        store.close()


async def test_f1_help_without_a_pack_has_no_care_providers_part(tmp_path):
    store = Store.open(tmp_path / "data")
    try:
        app = PrepAssistantApp(store, new=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_ready(pilot, app)
            await pilot.press("f1")
            await pilot.pause()
            assert not app.screen.query("#pack-help")
    finally:
        store.close()


def test_plain_help_shows_the_packs_words(tmp_path):
    path = write(tmp_path, GOOD)
    result = run(tmp_path, ["--plain", "--pack", str(path)], "?\n" + "\n" * 80)
    assert result.returncode == 0, result.stderr
    # The help's repeat: from its first line to the question asked again.
    said = result.stdout.split("Typ terug om naar de vorige vraag te gaan. Typ stop om te stoppen.\n", 1)[1]
    said = said.split("Over welke keuze gaat het gesprek?", 1)[0]
    assert "Uit het keuzepakket van uw zorgverlener (Dr. Proef, huisarts, 10 januari 2026):" in said
    assert "Er zijn twee mogelijkheden. Afwachten kan ook." in said and "Bron: Een richtlijn" in said


# -- the card ----------------------------------------------------------------------------------


def test_the_card_shows_the_pack_apart_with_source_and_date_and_is_escaped(tmp_path):
    hostile = GOOD.replace("Zo gaat optie A.", "<script>alert(1)</script> A.")
    pack = load_pack_file(write(tmp_path, hostile))
    run = Run(find_flow(), pack=pack, today=dt.date(2030, 1, 1))
    card = build_card(run)
    [section] = [s for s in build_sections(card).sections if s.heading == "Uit het keuzepakket van uw zorgverlener"]
    texts = [getattr(b, "text", None) for b in section.body]
    assert texts[0] == "Geschreven door Dr. Proef, huisarts op 10 januari 2026. Bron: Een richtlijn. Pakket: proef."
    assert "Die datum is voorbij" in texts[1]
    entries = section.body[2].entries
    assert [(e.label, e.texts) for e in entries] == [("Optie A", ("<script>alert(1)</script> A.",)), ("Optie B", ("Zo gaat optie B.",))]
    html = render_html(card)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


# -- the pack commands ----------------------------------------------------------------------------

ANSWERS = [
    HOSTILE,                     # decision
    "Een korte uitleg.",         # introduction
    "Dr. <b>Nieuw</b>",          # author
    "huisarts",                  # role
    "Richtlijn [x]",             # source
    "2026-01-10",                # date
    "2027-01-10",                # review date
    "Niemand betaalde.",         # funding
    "ja",                        # waiting is an option
    "",                          # no wait reason
    "Optie \"A\" \\",            # option 1
    "Zo gaat A.", "Voordeel A.", "", "Nadeel A.", "",
    "Optie B",
    "Zo gaat B.", "Voordeel B.", "", "Nadeel B.", "",
    "",                          # no more options
]


def test_pack_new_writes_a_pack_that_passes_check_and_keeps_hostile_text_exactly(tmp_path):
    target = tmp_path / "nieuw.toml"
    result = run(tmp_path, ["--lang", "nl", "pack", "new", "-o", str(target), "--plain"], "\n".join(ANSWERS) + "\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "check: 0 errors" in result.stdout
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    # The file holds exactly what was typed; the loader cleans it for showing.
    assert tomllib.loads(target.read_text(encoding="utf-8"))["pack"]["decision"] == HOSTILE
    pack = load_pack_file(target)
    assert pack.pack.decision.startswith('[/] [@click=app.quit]x[/] <script>alert(1)</script> "q" \\')
    assert [o.name for o in pack.options] == ['Optie "A" \\', "Optie B"]
    assert pack.pack.id == "nieuw" and [o.id for o in pack.options] == ["optie_a", "optie_b"]
    assert "\x1b" not in target.read_text(encoding="utf-8")
    assert "\x1b" not in result.stdout


def test_pack_new_stops_cleanly_when_the_input_ends(tmp_path):
    target = tmp_path / "half.toml"
    result = run(tmp_path, ["pack", "new", "-o", str(target)], "Een keuze\n")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Er is niets opgeslagen" in result.stderr
    assert not target.exists()


def test_pack_new_asks_again_for_a_bad_date_and_a_second_option(tmp_path):
    answers = ANSWERS[:5] + ["morgen", "2026-01-10"] + ANSWERS[6:8] + ["nee", "Het kan niet wachten."] + ANSWERS[10:16] + ["", "Optie B"] + ANSWERS[17:]
    target = tmp_path / "twee.toml"
    result = run(tmp_path, ["pack", "new", "-o", str(target)], "\n".join(answers) + "\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Dat is geen datum" in result.stdout
    assert "minstens twee mogelijkheden" in result.stdout
    assert load_pack_file(target).pack.wait_is_option is False


def test_pack_new_refuses_to_overwrite(tmp_path):
    target = write(tmp_path, GOOD)
    result = run(tmp_path, ["pack", "new", "-o", str(target)], "")
    assert result.returncode == 1 and "exists already" in result.stderr
    assert target.read_text(encoding="utf-8") == GOOD


def test_pack_edit_keeps_what_enter_keeps_and_changes_the_rest(tmp_path):
    target = write(tmp_path, GOOD)
    before = load_pack_file(target)
    keep_all = [""] * 10 + ["", "", "", "", "", "", "", "", ""]
    keep_all[0] = "Een nieuwe vraag?"
    result = run(tmp_path, ["pack", "edit", str(target)], "\n".join(keep_all) + "\n")
    assert result.returncode == 0, result.stdout + result.stderr
    after = load_pack_file(target)
    assert after.pack.decision == "Een nieuwe vraag?"
    assert after.options == before.options
    assert after.pack.model_copy(update={"decision": before.pack.decision}) == before.pack


COMMENTED = (
    "# Door de praktijk nagekeken.\n" + GOOD.replace("[pack]\n", "[pack]  # het pakket zelf\n")
    .replace('author = "Dr. Proef"', 'author = "Dr. Proef"   # schrijver')
    .replace("[[options]]\nid = \"b\"", "# Optie B komt uit de folder.\n[[options]]\nid = \"b\"")
)


def test_pack_edit_keeps_the_clinicians_comments_and_layout(tmp_path):
    target = write(tmp_path, COMMENTED)
    answers = ["Een nieuwe vraag?"] + [""] * 18
    result = run(tmp_path, ["pack", "edit", str(target)], "\n".join(answers) + "\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "check: 0 errors, 0 warnings" in result.stdout
    text = target.read_text(encoding="utf-8")
    # Only the changed line differs: every comment, space and key order stays.
    assert text == COMMENTED.replace("Welke behandeling kies ik?", "Een nieuwe vraag?")


def test_an_edit_that_adds_removes_and_changes_options_keeps_the_comments(tmp_path):
    from prep_assistant.dialogue.pack_writer import pack_file_text

    before = load_pack_file(write(tmp_path, COMMENTED))
    option_c = schema.PackOption(id="c", name="Optie C", description="Zo gaat C.", pros=["Voordeel C."], cons=["Nadeel C."])
    changed = before.model_copy(update={
        "pack": before.pack.model_copy(update={"review_date": None, "funding": HOSTILE}),
        "options": [before.options[1].model_copy(update={"pros": ["Nieuw \"voordeel\"."]}), option_c],
    })
    text = pack_file_text(changed, COMMENTED)
    assert "# Door de praktijk nagekeken." in text and "# schrijver" in text and "# het pakket zelf" in text
    assert "review_date" not in text
    pack = schema.PackFile.model_validate(tomllib.loads(text), strict=True)
    assert pack == changed


@given(st.text(max_size=60))
@settings(max_examples=60, deadline=None)
def test_any_edited_text_reads_back_exactly(text):
    from prep_assistant.dialogue.pack_writer import pack_file_text

    before = schema.PackFile.model_validate(tomllib.loads(COMMENTED), strict=True)
    changed = before.model_copy(update={"pack": before.pack.model_copy(update={"description": text or None})})
    assert schema.PackFile.model_validate(tomllib.loads(pack_file_text(changed, COMMENTED)), strict=True) == changed


def test_a_layout_tomlkit_cannot_edit_is_written_afresh_never_wrong():
    from prep_assistant.dialogue.pack_writer import pack_file_text

    # Options as an inline array before [pack]: not an array of tables.
    head, options = GOOD.split("[[options]]", 1)
    inline = head.replace("format = 1\n", 'format = 1\noptions = [{id = "a", name = "Optie A", description = "Zo gaat optie A.", '
                          'pros = ["Voordeel A."], cons = ["Nadeel A."]}, {id = "b", name = "Optie B", '
                          'description = "Zo gaat optie B.", pros = ["Voordeel B."], cons = ["Nadeel B."]}]\n')
    before = schema.PackFile.model_validate(tomllib.loads(inline), strict=True)
    changed = before.model_copy(update={"pack": before.pack.model_copy(update={"decision": "Anders?"})})
    assert schema.PackFile.model_validate(tomllib.loads(pack_file_text(changed, inline)), strict=True) == changed


def test_pack_edit_of_a_broken_file_says_why(tmp_path):
    target = write(tmp_path, "[pack]\nid = 'x'\n")
    result = run(tmp_path, ["pack", "edit", str(target)], "")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "PA102" in result.stderr


def test_pack_sheet_is_one_neutral_page(tmp_path):
    hostile = GOOD.replace("Welke behandeling kies ik?", "Welke? " + "lang " * 2000).replace("Dr. Proef", "Dr. [/] <b>x</b>")
    path = write(tmp_path, hostile)
    target = tmp_path / "sheet.pdf"
    result = run(tmp_path, ["--lang", "nl", "pack", "sheet", str(path), "-o", str(target)], "")
    assert result.returncode == 0, result.stderr
    pages = PdfReader(target).pages
    assert len(pages) == 1
    text = " ".join(pages[0].extract_text().split())
    assert "Dr. [/] <b>x</b>" in text
    assert "prep-assistant --pack" in text


def test_pack_sheet_lines_hold_only_the_packs_facts():
    pack = load_pack_file(PACKS / "knie_artrose.toml")
    i18n.set_language("en")
    lines = [line.text for line in sheet_lines(pack)]
    assert "Start from the patient's three most important questions." in lines
    assert any(line.startswith("Source: In lijn met de NHG-Standaard") for line in lines)


def test_pack_sheet_of_a_broken_pack_is_refused_clearly(tmp_path):
    path = write(tmp_path, GOOD.replace('[[options]]\nid = "b"', '[[options]]\nid = "a"'))
    result = run(tmp_path, ["pack", "sheet", str(path), "-o", str(tmp_path / "s.pdf")], "")
    assert result.returncode == 1 and "PA105" in result.stderr
    assert not (tmp_path / "s.pdf").exists()


# -- the writer ------------------------------------------------------------------------------------


@given(st.text(max_size=200))
def test_toml_string_reads_back_exactly(text):
    assert tomllib.loads(f"x = {toml_string(text)}\n")["x"] == text
    assert "\n" not in toml_string(text) and "\x1b" not in toml_string(text)


@given(st.text(max_size=80), st.sets(st.text(alphabet="abc_", min_size=1, max_size=5), max_size=5))
def test_make_id_is_always_a_valid_new_id(name, taken):
    ident = make_id(name, taken)
    assert ident not in taken
    schema.PackOption(id=ident, name="x", description="y")
