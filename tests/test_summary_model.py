"""The gesprekskaart's model: built from recorded sessions on the shipped flow.

The recorded sessions (tests/fixtures/sessions/*.json) hold answers by
address; ``drive`` walks the real engine through the shipped flow, giving an
answer where the session has one and skipping the rest, as a patient would.
The other card tests import these helpers.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from prep_assistant import i18n
from prep_assistant.dialogue.engine import SEEN, Run
from prep_assistant.dialogue.library import find_flow, load_pack_file
from tests.tagged_flows import tagged_flow
from prep_assistant.summary import build_card

SESSIONS = Path(__file__).parent / "fixtures" / "sessions"
TODAY = dt.date(2026, 11, 22)
ALL_SESSIONS = sorted(p.stem for p in SESSIONS.glob("*.json"))


def recorded(name: str) -> dict[str, Any]:
    return json.loads((SESSIONS / f"{name}.json").read_text(encoding="utf-8"))


def drive(flow, answers: dict[str, Any], pack=None, *, translate=None) -> Run:
    """Walk ``flow`` with ``answers``; a question not in them is skipped.
    ``translate``: how the flow's texts reach the language (as the app's
    ``opening.translator``); none: they stay as written."""
    run = Run(flow, pack=pack, today=TODAY, translate=translate)
    for _ in range(10_000):
        step = run.current
        if step is None:
            break
        if step.is_info:
            run.answer(SEEN)
        elif step.key in answers:
            run.answer(answers[step.key])
        else:
            run.answer(None)
    assert run.done
    return run


def session_run(name: str, flow_id: str = "voorbereiding") -> Run:
    """A recorded session on the shipped flow in the short form (its card tags:
    ``tests/tagged_flows.py``), so these tests read the card built from tags;
    test_card_declared.py shows the shipped card is the same, byte for byte."""
    data = recorded(name)
    pack = load_pack_file(data["pack"]) if data.get("pack") else None
    return drive(tagged_flow(flow_id), data["answers"], pack)


def card_of(name: str, language: str = "nl"):
    i18n.set_language(language)
    return build_card(session_run(name), made_on=TODAY)


def typed_texts(name: str) -> list[str]:
    """Every text the patient typed in a recorded session (not choice ids)."""
    flow = find_flow()
    texts: list[str] = []
    for key, value in recorded(name)["answers"].items():
        node = flow.nodes.get(key.split("[")[0])
        if node is None or node.kind not in ("text", "text_list") or value is None:
            continue
        texts += value if isinstance(value, list) else [value]
    return [t for t in texts if t]


@pytest.fixture(autouse=True)
def _dutch():
    i18n.set_language("nl")
    yield
    i18n.set_language("nl")


# -- what the card holds -------------------------------------------------------------


def test_typical_card_holds_the_answers_in_card_order():
    card = card_of("typical")
    assert card.decision == "Hoe ga ik om met de artrose in mijn knie?"
    facts = {f.label: f.value for f in card.facts}
    assert facts["Afspraak"] == "8 december 2026"
    assert facts["Wanneer kiezen"] == "Binnen twee maanden"
    assert facts["Wie denkt mee"] == "Anna, mijn dochter (gaat mee naar het gesprek)"
    assert facts["Hoe ik wil kiezen"] == "Ik beslis samen met mijn arts"
    assert card.goals == ["Weer een uur kunnen wandelen met de hond"]
    assert card.top_activities == ["Zorgen voor kinderen of kleinkinderen", "Zingen in het koor", "Wandelen"]
    assert card.other_activities == ["Tuinieren"]
    assert card.top_questions == ["Hoe lang duurt het herstel?", "Wie helpt mij thuis?", "Wat gebeurt er als ik wacht?"]
    assert card.other_questions == ["Mag ik daarna autorijden?"]
    assert [o.name for o in card.options] == ["Afwachten: nu nog niets doen", "Operatie", "Fysiotherapie"]
    surgery = card.options[1]
    assert surgery.pros == ["Misschien minder pijn"] and surgery.pro_weights == {"Misschien minder pijn": 5}
    assert surgery.cons == ["Lang herstel", "Kans op een infectie"]
    assert surgery.con_weights == {"Lang herstel": 4, "Kans op een infectie": 3}
    assert "Een tijd niet oppassen" in surgery.touches
    assert card.lean == "Fysiotherapie, denk ik"
    assert card.to_arrange == ["Een taxi bestellen"]
    assert card.pack is not None and "artrose" in card.pack.decision
    assert card.made_on == "22 november 2026"


def test_a_weight_saved_as_one_number_still_shows_for_the_whole_list():
    # Sessions saved when the flow asked one weight for all pros keep that weight.
    run = session_run("typical")
    run.answers |= {"voordelen_gewicht[Operatie]": 5, "nadelen_gewicht[Operatie]": 4}
    surgery = next(o for o in build_card(run, made_on=TODAY).options if o.name == "Operatie")
    assert surgery.pros_weight == 5 and surgery.cons_weight == 4
    assert surgery.pro_weights == {} and surgery.con_weights == {}


def test_every_no_in_the_readiness_check_becomes_its_tip():
    card = card_of("typical")  # zeker and steun are "no"
    flow = tagged_flow("voorbereiding")
    tips = [flow.nodes["zeker_tip"].text, flow.nodes["steun_tip"].text]
    assert card.still_need == [" ".join(t.split()) for t in tips]


def test_skipped_readiness_checks_show_their_tips_too():
    # The flow shows the tip for a skipped check ("not yet"); so does the card.
    card = card_of("short")
    assert len(card.still_need) == 4


def test_an_empty_session_invents_nothing():
    card = card_of("empty")
    assert card.decision is None
    assert card.facts == []
    assert not card.has_matters
    assert card.questions == []
    # Waiting is always on the list of options; nothing else was given.
    assert all(o.empty for o in card.options)
    # A skipped leaning stays empty: no "Weet ik nog niet" on the patient's behalf (issue 16).
    assert card.lean is None
    assert card.all_patient_texts() == [o.name for o in card.options]


def test_headings_follow_the_language():
    assert card_of("typical", "en").labels.questions == "My questions"
    assert card_of("typical", "nl").labels.questions == "Mijn vragen"
    assert card_of("typical", "en").facts[0].value == "December 8, 2026"


def test_control_characters_are_removed_and_markup_kept_as_text():
    card = card_of("hostile")
    assert card.to_arrange == ["Control rood en bel"]
    assert card.decision == "<script>alert(1)</script> & <b>vet</b>"
    assert card.goals == ["[bold]x[/] en [@click=app.quit]x[/] en [/"]


def test_answers_to_removed_questions_are_kept_as_earlier_answers():
    flow = tagged_flow("voorbereiding")
    run = drive(flow, recorded("typical")["answers"])
    run.answers["oude_vraag"] = "Een antwoord op een oude vraag"
    run.answers["oud_lijstje"] = ["een", "twee"]
    card = build_card(run, made_on=TODAY)
    earlier = {e.label: e.texts for e in card.earlier}
    assert earlier["oude vraag"] == ("Een antwoord op een oude vraag",)
    assert earlier["oud lijstje"] == ("een", "twee")


def test_the_after_flow_gets_a_card_from_its_tags():
    flow = tagged_flow("na_het_gesprek")
    run = drive(flow, {"besloten": "ja", "wat_besloten": "Ik begin met oefentherapie", "betrokken": 4,
                       "volgende_stap": "De fysiotherapeut bellen", "nog_iets": "Blij dat Kees mee was"})
    card = build_card(run, made_on=TODAY)
    outcome = [t for e in card.outcome for t in e.texts]
    assert "Ja, er is een keuze gemaakt" in outcome and "Ik begin met oefentherapie" in outcome
    assert card.to_arrange == ["De fysiotherapeut bellen"]
    after = {e.label: e.texts for e in card.after}
    assert ("4 / 5",) in after.values()
    assert not card.options


def test_session_info_gives_the_id_for_the_small_print():
    class Info:
        id = "20261122-1200-abcd"
        decision = None

    card = build_card(session_run("short"), session=Info(), made_on=TODAY)
    assert card.session_id == "20261122-1200-abcd"


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_every_recorded_session_builds(name):
    card = card_of(name)
    for text in card.all_patient_texts():
        assert isinstance(text, str) and text


# -- what summary imports ---------------------------------------------------------------


def test_summary_never_imports_textual_nor_fpdf_until_a_pdf_is_made():
    code = (
        "import sys\n"
        "import prep_assistant.summary, prep_assistant.summary.render_pdf, prep_assistant.commands.summary\n"
        "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), 'textual'\n"
        "assert 'fpdf' not in sys.modules, 'fpdf'\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
