"""The shipped flows declare their card (``[[card]]``); the short form gives the same card.

The shipped flows declare their card's sections. Written back in the short
form (``tests/tagged_flows.py``: the sections dropped, a card tag on each
node, as the flows had before), the card built from the tags must be the
same for every recorded session, byte for byte, in every format and in
both languages: the sections express the whole card, and the card built
from tags (kept for authors' own flows) stays tested against the real one.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from prep_assistant import i18n
from prep_assistant.conversation.opening import translator
from prep_assistant.dialogue.library import find_flow, load_pack_file
from prep_assistant.summary import build_card, render_html, render_markdown, render_pdf, render_text
from prep_assistant.summary.by_role import read_roles
from prep_assistant.summary.companion import companion_view
from prep_assistant.summary.model import BeforeAfterNote, Entry
from prep_assistant.summary.sections import build_sections
from tests.companion_helpers import COMPANION, PATIENT
from tests.tagged_flows import SHIPPED, tagged_flow
from tests.test_summary_model import ALL_SESSIONS, TODAY, drive, recorded

LANGUAGES = ("nl", "en")


def both_cards(name: str, flow_id: str, language: str):
    """(the shipped card, the tagged copy's card) of a recorded session."""
    data = recorded(name)
    i18n.set_language(language)
    cards = []
    for flow in (find_flow(flow_id), tagged_flow(flow_id)):
        pack = load_pack_file(data["pack"]) if data.get("pack") else None
        cards.append(build_card(drive(flow, data["answers"], pack, translate=translator(flow)), made_on=TODAY))
    return cards


def cards_of(flow_id: str, answers: dict, language: str = "nl", **options):
    i18n.set_language(language)
    return tuple(
        build_card(drive(flow, answers, translate=translator(flow)), made_on=TODAY, **options) for flow in (find_flow(flow_id), tagged_flow(flow_id))
    )


@pytest.fixture(autouse=True)
def _dutch():
    yield
    i18n.set_language("nl")


def test_the_shipped_flows_declare_their_card_and_the_copies_use_tags():
    for flow_id in SHIPPED:
        shipped, tagged = find_flow(flow_id).model, tagged_flow(flow_id).model
        assert shipped.card and not any(getattr(n, "card", None) for n in shipped.nodes), flow_id
        assert not tagged.card and any(getattr(n, "card", None) for n in tagged.nodes), flow_id


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_the_shipped_preparation_card_is_the_tagged_card(name, language):
    shipped, tagged = both_cards(name, "voorbereiding", language)
    assert shipped.declared is not None and tagged.declared is None
    for render in (render_markdown, render_text, render_html):
        assert render(shipped) == render(tagged), render.__name__


def pdf_text(data: bytes, folder: Path) -> str:
    path = folder / "card.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_the_shipped_preparation_card_prints_the_same_pdf_text(name, language, tmp_path):
    shipped, tagged = both_cards(name, "voorbereiding", language)
    assert pdf_text(render_pdf(shipped), tmp_path) == pdf_text(render_pdf(tagged), tmp_path)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_after_card_is_the_tagged_card(language):
    answers = {
        "besloten": "ja",
        "wat_besloten": "Ik laat mijn knie opereren.",
        "volgende_stap": "Een afspraak maken met de chirurg.",
        "betrokken": 4,
        "terugkijken": True,
        "nog_iets": "Mijn dochter gaat mee.",
    }
    shipped, tagged = cards_of("na_het_gesprek", answers, language)
    assert render_markdown(shipped) == render_markdown(tagged)
    assert render_text(shipped) == render_text(tagged)
    assert render_html(shipped) == render_html(tagged)
    assert "Ik laat mijn knie opereren." in render_text(shipped)


@pytest.mark.parametrize("render", [render_markdown, render_text, render_html])
def test_a_card_without_questions_neither_credits_nor_misses_them(render):
    # The after-flow asks no questions of its own: no "No questions written
    # down." and no 3 goede vragen credit, declared or tagged.
    for card in cards_of("na_het_gesprek", {}, "en"):
        shown = render(card)
        assert "No questions written down" not in shown
        assert "3 goede vragen" not in shown


def same_in_every_format(shipped, tagged) -> None:
    for render in (render_markdown, render_text, render_html):
        assert render(shipped) == render(tagged), render.__name__


#: Every question of the after part answered, the ones added since the card was first declared too.
EVERY_AFTER_ANSWER = {
    "besloten": "ja",
    "wat_besloten": "Ik laat mijn knie opereren.",
    "onthouden": ["Drie weken krukken", "Fysiotherapie na twee weken"],
    "opgenomen": True,
    "volgende_stap": "Een afspraak maken met de chirurg.",
    "betrokken": 4,
    "terugkijken": True,
    "terugkijk_dag": "2026-12-10",
    "nog_iets": "Mijn dochter gaat mee.",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_after_card_holds_every_answer_of_the_after_part(language):
    shipped, tagged = cards_of("na_het_gesprek", EVERY_AFTER_ANSWER, language)
    same_in_every_format(shipped, tagged)
    for text in ("Drie weken krukken", "Fysiotherapie na twee weken"):
        assert text in render_text(shipped)
    assert ("10 december 2026" if language == "nl" else "December 10, 2026") in render_text(shipped)


def test_the_after_card_puts_the_comparison_where_the_tagged_card_has_it():
    # Before and after the consultation comes before the room to write, as on the tagged card.
    note = BeforeAfterNote(
        decision="Knie: opereren of niet?",
        prepared_on="22 november 2026",
        missing=False,
        entries=(Entry("Waar ik naar neigde", ("Operatie",)),),
    )
    shipped, tagged = cards_of("na_het_gesprek", EVERY_AFTER_ANSWER, before_after=note)
    same_in_every_format(shipped, tagged)
    headings = [section.heading for section in build_sections(shipped).sections]
    assert headings.index("Vóór en na het gesprek") < headings.index("Aantekeningen tijdens het gesprek")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_preparation_card_puts_the_companions_view_where_the_tagged_card_has_it(language):
    # The companion's view stands after the leaning and before the tips, as on the tagged card.
    i18n.set_language(language)
    answers = {**PATIENT, "voorkeur": "Operatie", "zeker": False}
    companion_answers = {**COMPANION, "opties": PATIENT["opties"]}  # the hand-over fills in the patient's list
    cards = []
    views = []
    for patient_flow, companion_flow in (
        (find_flow("voorbereiding"), find_flow("voorbereiding_naaste")),
        (tagged_flow("voorbereiding"), tagged_flow("voorbereiding_naaste")),
    ):
        patient_run = drive(patient_flow, answers, translate=translator(patient_flow))
        card = build_card(patient_run, made_on=TODAY)
        companion_run = drive(companion_flow, companion_answers, translate=translator(companion_flow))
        card.companion = companion_view(
            read_roles(patient_run, card.labels), read_roles(companion_run, card.labels), name="Kees", finished=True
        )
        cards.append(card)
        views.append(card.companion)
    shipped, tagged = cards
    assert views[0] == views[1]
    assert views[0].options and views[0].options[0].differences, "the companion weighed the patient's options"
    assert views[0].lean == "Operatie" and views[0].matters == ("Weer fietsen",)
    same_in_every_format(shipped, tagged)
    shown = render_text(shipped)
    assert shown.index("Rust") < shown.index("Tips voor u" if language == "nl" else "Tips for you")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_companions_own_card_is_the_tagged_card(language):
    shipped, tagged = cards_of("voorbereiding_naaste", {**COMPANION, "opties": PATIENT["opties"]}, language)
    same_in_every_format(shipped, tagged)
    assert "Weer fietsen" in render_text(shipped) and "Kees" in render_text(shipped)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["typical", "empty"])
def test_the_workshop_card_is_the_tagged_card(name, language):
    answers = {"eigen_vragen": [] if name == "empty" else ["Wat zijn mijn mogelijkheden?", "Mag ik iemand meenemen?"]}
    same_in_every_format(*cards_of("workshop", answers, language))


def _dutch_card_texts() -> set[str]:
    """Every heading and phrase the shipped flows' card sections are written with (in Dutch)."""
    found: set[str] = set()
    for flow_id in SHIPPED:
        for section in find_flow(flow_id).model.card:
            for block in (section, *section.parts):
                for field in ("heading", "top_heading", "more_heading", "yes", "no"):
                    if getattr(block, field, None):
                        found.add(getattr(block, field))
    return found


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_an_english_card_has_no_dutch_heading(name):
    dutch = _dutch_card_texts()
    assert "Wat voor mij belangrijk is" in dutch and "gaat mee naar het gesprek" in dutch
    shipped, _tagged = both_cards(name, "voorbereiding", "en")
    for render in (render_markdown, render_text):
        shown = render(shipped)
        assert not [text for text in dutch if text in shown], render.__name__
    for flow_id, answers in (("na_het_gesprek", EVERY_AFTER_ANSWER), ("voorbereiding_naaste", {**COMPANION, "opties": PATIENT["opties"]}), ("workshop", {})):
        shown = render_text(cards_of(flow_id, answers, "en")[0])
        assert not [text for text in dutch if text in shown], flow_id
