"""A flow with the structure of the Ottawa Personal Decision Guide, written
with the flow language alone (repeat_while, single_choice from a list,
for_each answers after the loop, count_true, a declared card): it passes
check --strict, runs end to end in plain mode and in the app, and its card
shows every part of the guide in every format."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prep_assistant import i18n
from prep_assistant.conversation.read_model import with_round, answered_questions
from prep_assistant.dialogue.check import check_paths
from prep_assistant.dialogue.engine import Run
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.loader import load_flow
from prep_assistant.dialogue.library import flow_from_file
from prep_assistant.session import Store
from prep_assistant.summary import build_card, build_sections, render_text
from tests.test_card_declared_custom import html_text, markdown_text, pdf_text, words
from tests.test_summary_model import TODAY, drive

GUIDE = Path(__file__).parent / "fixtures" / "flows" / "ottawa_personal_decision_guide.toml"


def test_the_guide_passes_strict_check_and_replays_its_examples():
    report = check_paths([GUIDE])
    assert report.diagnostics == [], [d.format() for d in report.diagnostics]
    assert len(report.files[0].model.examples) == 2


def test_the_guide_uses_the_new_parts_of_the_language():
    text = GUIDE.read_text(encoding="utf-8")
    for part in ('repeat_while = "meer_opties"', 'repeat_while = "nog_iemand"', "true in druk[*]",
                 "{count_true(", 'kind = "single_choice"\ntext = "Naar welke optie neigt u nu?"\nitems_from = "opties"'):
        assert part in text, part


def test_the_score_is_shown_in_the_text():
    flow = Flow.from_model(load_flow(GUIDE).model)
    given = dict(flow.model.examples[1].answers)  # answers up to the readiness questions
    given.update({"zeker_weten": True, "kent_opties": False, "weet_wat_telt": True, "genoeg_steun": True})
    run = Run(flow)
    while run.current is not None and run.current.node_id != "score":
        run.answer(given.get(run.current.key, True if run.current.is_info else None))
    score = flow.nodes["score"]
    assert run.node_text(score, "text") == "U zei 3 keer ja op deze vier vragen."


# -- the card ---------------------------------------------------------------------------

#: What the card must show for the first example's answers: the reason, each
#: person's choice, support and pressure, the four readiness answers, the
#: options with their weights, the leaning and the next steps.
ON_THE_CARD = (
    "Wel of geen behandeling",
    "Waarom ik moet kiezen", "Mijn klachten worden erger",
    "Gekozen hebben op", "1 maart 2027",
    "Mijn opties", "Behandeling A", "minder klachten", "weegt 4 van 5", "Afwachten", "klachten blijven", "weegt 3 van 5",
    "Waar ik nu naar neig",
    "Mensen om mij heen",
    "Mijn partner: Behandeling A", "Mijn dochter: Dat weet ik niet",
    "Steunt mij bij het kiezen", "Mijn partner: ja", "Mijn dochter: ja",
    "Ik voel druk om een optie te kiezen", "Mijn partner: nee",
    "Klaar om te kiezen? Mijn antwoorden op de vier vragen",
    "Weet u zeker wat voor u de beste keuze is? ja",
    "Kent u de voordelen en nadelen van elke optie? nee",
    "Weet u welke voordelen en nadelen voor u het zwaarst wegen? ja",
    "Heeft u genoeg steun en advies om te kiezen? ja",
    "Mijn volgende stappen", "U voelt druk van iemand.", "Vraag uw zorgverlener om uitleg", "Vragen opschrijven",
)

#: What a card without a questions section must never show.
NOT_ON_THE_CARD = ("Geen vragen opgeschreven", "3 goede vragen", "Mijn vragen")


@pytest.fixture
def dutch():
    i18n.set_language("nl")
    yield
    i18n.set_language("nl")


def guide_card(example: int = 0):
    flow = flow_from_file(GUIDE)
    return build_card(drive(flow, dict(flow.model.examples[example].answers)), made_on=TODAY)


def test_the_guide_declares_its_card_in_order(dutch):
    sheet = build_sections(guide_card())
    assert sheet.header.decision == "Wel of geen behandeling"
    assert [s.heading for s in sheet.sections] == [
        "Waarom ik moet kiezen", "Mijn opties", "Waar ik nu naar neig", "Hoe zeker ik daarover ben",
        "Mensen om mij heen", "Klaar om te kiezen? Mijn antwoorden op de vier vragen", "Mijn volgende stappen",
    ]


@pytest.mark.parametrize("form", ["md", "text", "html", "pdf"])
def test_the_guide_card_shows_every_part_in_every_format(form, tmp_path, dutch):
    card = guide_card()
    text = {"md": markdown_text, "text": lambda c: words(render_text(c)), "html": html_text,
            "pdf": lambda c: pdf_text(c, tmp_path)}[form](card)
    flat = text.replace(" ", "")
    for expected in ON_THE_CARD:
        # pdftotext may break a line or drop a thin space: the PDF is compared without spaces.
        assert (expected.replace(" ", "") in flat) if form == "pdf" else (expected in text), (form, expected)
    for absent in NOT_ON_THE_CARD:
        assert absent not in text, (form, absent)


def test_a_card_with_little_filled_in_leaves_out_what_was_not_answered(dutch):
    sheet = build_sections(guide_card(1))
    headings = [s.heading for s in sheet.sections]
    assert "Waarom ik moet kiezen" not in headings and "Hoe zeker ik daarover ben" not in headings
    text = " ".join(str(s) for s in sheet.sections)
    # every "no" of the readiness questions led to its tip
    for tip in ("Vraag uw zorgverlener om uitleg", "Kijk nog eens naar", "Bedenk wie u kan helpen", "U mag de tijd nemen"):
        assert tip in text, tip


# -- my answers: the rounds of a repeated question ----------------------------------------


def test_my_answers_mark_the_later_rounds_of_a_repeated_question(dutch):
    flow = flow_from_file(GUIDE)
    run = drive(flow, dict(flow.model.examples[0].answers))
    questions = {answered.key: answered.question for answered in answered_questions(run)}
    assert questions["opties"] == "Welke opties kent u?"
    assert questions["opties#2"] == "Welke opties kent u? (ronde 2)"
    assert questions["personen#2"].endswith("Noem een persoon. (ronde 2)")
    assert questions["nog_iemand#2"] == "Is er nog iemand anders? (ronde 2)"
    assert not questions["nog_iemand"].endswith(")")
    # a for_each round is told by its item, not by a number
    assert questions["steun[Mijn dochter]"] == "Steunt Mijn dochter u bij het kiezen?"
    i18n.set_language("en")
    english = {answered.key: answered.question for answered in answered_questions(run)}
    assert english["opties#2"] == "Welke opties kent u? (round 2)"


@given(question=st.text(max_size=40), key=st.text(max_size=20))
def test_any_question_and_key_keep_the_question_literal(question, key):
    # Braces, "#" and brackets in a question or a stored key never break the
    # marker; a key that names no later round ("x#", "x#2]", "x[a]#3") adds none.
    i18n.set_language("en")
    try:
        marked = with_round(question, key)
    finally:
        i18n.set_language("nl")
    assert marked.startswith(question)
    rest = marked[len(question):]
    assert rest == "" or re.fullmatch(r" \(round [0-9]+\)", rest)


# -- plain mode -------------------------------------------------------------------------

PLAIN_INPUT = [
    "Wel of geen behandeling",  # beslissing
    "Mijn klachten worden erger",  # reden
    "01-03-2099",  # wanneer
    "2",  # fase: bezig
    "2",  # rol: samen
    "Behandeling A", "",  # opties
    "ja",  # meer_opties: another round
    "Afwachten", "",  # opties#2
    "nee",  # meer_opties#2
    "minder klachten", "",  # voordelen[Behandeling A]
    "4",  # voordelen_gewicht[Behandeling A]
    "",  # nadelen[Behandeling A]: none
    "",  # voordelen[Afwachten]: none
    "klachten blijven", "",  # nadelen[Afwachten]
    "3",  # nadelen_gewicht[Afwachten]
    "2",  # neiging: the second numbered answer, an option from the list
    "3",  # zekerheid
    "Mijn partner",  # personen
    "ja",  # nog_iemand
    "Mijn dochter",  # personen#2
    "nee",  # nog_iemand#2
    "2", "ja", "nee",  # keuze_van, steun, druk for the partner
    "1", "ja", "ja",  # ... for the daughter: pressure
    "ja", "nee", "ja", "ja",  # the four readiness questions
    "Vragen opschrijven", "",  # stappen
    "1",  # the card: read it here, as text
]


def test_the_guide_runs_end_to_end_in_plain_mode(tmp_path):
    env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(tmp_path), LANGUAGE="", LC_ALL="", LANG="C")
    result = subprocess.run(
        [sys.executable, "-m", "prep_assistant", "--plain", "--flow", str(GUIDE)],
        input="\n".join(PLAIN_INPUT) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Traceback" not in out + result.stderr
    assert "Dat begrijp ik niet" not in out, out
    # the repeat: asked again, with the list so far in the question
    assert "Zijn er naast Behandeling A, Afwachten nog andere opties?" in out
    # the single choice from the list: numbered, its own choice first
    assert "1. Dat weet ik nog niet\n2. Behandeling A\n3. Afwachten" in out
    # pressure from one person: the message after the loop
    assert "U voelt druk van iemand." in out
    assert "U zei 3 keer ja op deze vier vragen." in out
    assert "Vraag uw zorgverlener om uitleg" in out
    with Store.open(tmp_path) as store:
        saved = store.answers(store.list_sessions()[0].id)
    assert saved["opties"] == ["Behandeling A"] and saved["opties#2"] == ["Afwachten"]
    assert saved["meer_opties"] is True and saved["meer_opties#2"] is False
    assert saved["neiging"] == "Behandeling A"
    assert saved["personen"] == "Mijn partner" and saved["personen#2"] == "Mijn dochter"
    assert saved["keuze_van[Mijn partner]"] == "Behandeling A"
    assert saved["keuze_van[Mijn dochter]"] == "weet_niet"
    assert saved["druk[Mijn dochter]"] is True
    assert saved["stappen"] == ["Vragen opschrijven"]
    # the card, shown as text at the end
    card = words(out[out.index("Mijn gesprekskaart"):])
    for expected in ON_THE_CARD:
        assert expected.replace("2027", "2099") in card, expected  # the date typed in this walk
    for absent in NOT_ON_THE_CARD:
        assert absent not in card, absent


# -- the app ------------------------------------------------------------------------------


async def _answer(pilot, app, step) -> None:
    from tests.test_ui_support import give_text, settle

    key, kind = step.key, step.kind
    if kind == "info":
        await pilot.press("enter")
    elif kind == "date":
        await give_text(pilot, (dt.date.today() + dt.timedelta(days=30)).strftime("%d-%m-%Y"))
    elif kind == "text":
        await give_text(pilot, {"personen": "Partner", "personen#2": "Zus"}.get(key, "Antwoord"))
    elif kind == "text_list":
        item = {"opties": "Optie A", "opties#2": "Optie B"}.get(key, f"punt {len(key)}")
        await give_text(pilot, item)
        await pilot.press("enter")  # an empty line: the list is done
    elif kind == "yes_no":
        yes = key in ("meer_opties", "nog_iemand", "zeker_weten", "druk[Zus]")
        await pilot.press("j" if yes else "n", "enter")
    elif kind == "single_choice":
        # the last numbered answer: an option from the earlier list
        await pilot.press(str(len(step.question.options)), "enter")
    elif kind == "rating":
        await pilot.press("4", "enter")
    elif kind == "ratings":
        for _ in step.question.options:
            await pilot.press("3", "enter")
    else:  # pragma: no cover
        raise AssertionError(f"no plan for {key} ({kind})")
    await settle(pilot)


async def test_the_guide_runs_end_to_end_in_the_app(tmp_path):
    from prep_assistant.ui.app import PrepAssistantApp
    from tests.test_ui_support import answers, current, error_text, settle, wait_ready

    store = Store.open(tmp_path)
    app = PrepAssistantApp(store, flow_id=str(GUIDE))
    seen: list[str] = []
    listed: list[str] = []
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_ready(pilot, app)
        for _ in range(120):
            step = current(app)
            if step is None:
                break
            before = (step.key, app.conversation.run.cursor)
            seen.append(step.key)
            if step.key == "meer_opties#2":
                # "My answers" (F2) tells the second round of the repeated question apart
                await pilot.press("f2")
                await settle(pilot)
                listed = [str(option.prompt) for option in app.screen.query_one("#history-list").options]
                await pilot.press("escape")
                await settle(pilot)
            await _answer(pilot, app, step)
            after = current(app)
            assert after is None or (after.key, app.conversation.run.cursor) != before, f"stuck at {step.key}: {error_text(app)}"
        else:  # pragma: no cover
            raise AssertionError("the guide did not end")
        await settle(pilot)
        saved = answers(app)
    store.close()
    assert "Welke opties kent u?\n   \u2192 Optie A" in listed, listed
    # (the interface speaks English here; the flow's own words stay Dutch)
    assert "Welke opties kent u? (round 2)\n   \u2192 Optie B" in listed, listed
    for key in ("opties", "meer_opties", "opties#2", "meer_opties#2", "neiging", "personen#2",
                "keuze_van[Partner]", "druk[Zus]", "stappen"):
        assert key in seen, (key, seen)
    assert saved["opties"] == ["Optie A"] and saved["opties#2"] == ["Optie B"]
    assert saved["neiging"] == "Optie B"  # the last of: own choice, Optie A, Optie B
    assert saved["keuze_van[Zus]"] == "Optie B"
    assert saved["druk[Zus]"] is True and saved["druk[Partner]"] is False
    assert "over_druk" in saved  # the message after the loop was passed


def test_the_guide_passes_the_committed_json_schema():
    schema = Path(__file__).resolve().parents[1] / "dialogues" / "schema" / "flow.schema.json"
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), str(GUIDE)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
