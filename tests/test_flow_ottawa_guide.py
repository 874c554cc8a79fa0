"""A flow with the structure of the Ottawa Personal Decision Guide, written
with the flow language alone (repeat_while, single_choice from a list,
for_each answers after the loop, count_true): it passes check --strict and
runs end to end in plain mode and in the app."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from prep_assistant.dialogue.check import check_paths
from prep_assistant.dialogue.engine import Run
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.loader import load_flow
from prep_assistant.session import Store

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
    "5",  # no card
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
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_ready(pilot, app)
        for _ in range(120):
            step = current(app)
            if step is None:
                break
            before = (step.key, app.conversation.run.cursor)
            seen.append(step.key)
            await _answer(pilot, app, step)
            after = current(app)
            assert after is None or (after.key, app.conversation.run.cursor) != before, f"stuck at {step.key}: {error_text(app)}"
        else:  # pragma: no cover
            raise AssertionError("the guide did not end")
        await settle(pilot)
        saved = answers(app)
    store.close()
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
