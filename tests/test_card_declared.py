"""A flow declares its card (``[[card]]``): the shipped cards said again that way.

The shipped flows place answers with their nodes' card tags. The same card,
declared with ``[[card]]`` sections (tests/fixtures/cards/*_card.toml) in
place of those tags, must give every recorded session the same card, byte
for byte, in every format: the sections express the whole current card.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from prep_assistant import i18n
from prep_assistant.dialogue.library import find_flow, flow_from_file, load_pack_file
from prep_assistant.summary import build_card, render_html, render_markdown, render_pdf, render_text
from prep_assistant.summary.companion import companion_view
from prep_assistant.summary.model import BeforeAfterNote, Entry
from prep_assistant.summary.sections import build_sections
from tests.companion_helpers import COMPANION, PATIENT
from tests.test_summary_model import ALL_SESSIONS, TODAY, drive, recorded

ROOT = Path(__file__).resolve().parent.parent
CARDS = Path(__file__).parent / "fixtures" / "cards"
TAG = re.compile(r'^card = "[a-z_]+"\n', re.MULTILINE)


def declared_copy(flow_id: str, folder: Path) -> Path:
    """The shipped flow with its card tags replaced by the declared sections."""
    text = (ROOT / "dialogues" / f"{flow_id}.toml").read_text(encoding="utf-8")
    assert TAG.search(text), "the shipped flow has card tags to replace"
    declared = (CARDS / f"{flow_id}_card.toml").read_text(encoding="utf-8")
    path = folder / f"{flow_id}.toml"
    path.write_text(TAG.sub("", text) + "\n" + declared, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def declared_flows(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("declared")
    return {flow_id: flow_from_file(declared_copy(flow_id, folder)) for flow_id in ("voorbereiding", "na_het_gesprek", "workshop")}


def both_cards(name: str, flow_id: str, declared_flows, language: str):
    data = recorded(name)
    i18n.set_language(language)
    cards = []
    for flow in (find_flow(flow_id), declared_flows[flow_id]):
        pack = load_pack_file(data["pack"]) if data.get("pack") else None
        cards.append(build_card(drive(flow, data["answers"], pack), made_on=TODAY))
    return cards


@pytest.fixture(autouse=True)
def _dutch():
    yield
    i18n.set_language("nl")


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_the_declared_preparation_card_is_the_shipped_card(name, declared_flows):
    shipped, declared = both_cards(name, "voorbereiding", declared_flows, "nl")
    assert declared.declared is not None and shipped.declared is None
    for render in (render_markdown, render_text, render_html):
        assert render(declared) == render(shipped), render.__name__


def pdf_text(data: bytes, folder: Path) -> str:
    path = folder / "card.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", ["typical", "empty"])
def test_the_declared_preparation_card_prints_the_same_pdf_text(name, declared_flows, tmp_path):
    shipped, declared = both_cards(name, "voorbereiding", declared_flows, "nl")
    assert pdf_text(render_pdf(declared), tmp_path) == pdf_text(render_pdf(shipped), tmp_path)


def test_the_after_card_declared_is_the_shipped_card(declared_flows):
    answers = {
        "besloten": "ja",
        "wat_besloten": "Ik laat mijn knie opereren.",
        "volgende_stap": "Een afspraak maken met de chirurg.",
        "betrokken": 4,
        "terugkijken": True,
        "nog_iets": "Mijn dochter gaat mee.",
    }
    i18n.set_language("nl")
    cards = [build_card(drive(flow, answers), made_on=TODAY) for flow in (find_flow("na_het_gesprek"), declared_flows["na_het_gesprek"])]
    shipped, declared = cards
    assert render_markdown(declared) == render_markdown(shipped)
    assert render_text(declared) == render_text(shipped)
    assert render_html(declared) == render_html(shipped)
    assert "Ik laat mijn knie opereren." in render_text(declared)


@pytest.mark.parametrize("render", [render_markdown, render_text, render_html])
def test_a_card_without_questions_neither_credits_nor_misses_them(render, declared_flows):
    # The after-flow asks no questions of its own: no "No questions written
    # down." and no 3 goede vragen credit, declared or tagged.
    i18n.set_language("en")
    for flow in (find_flow("na_het_gesprek"), declared_flows["na_het_gesprek"]):
        shown = render(build_card(drive(flow, {}), made_on=TODAY))
        assert "No questions written down" not in shown
        assert "3 goede vragen" not in shown


def same_in_every_format(declared, shipped) -> None:
    for render in (render_markdown, render_text, render_html):
        assert render(declared) == render(shipped), render.__name__


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


def test_the_after_card_declared_holds_every_answer_of_the_after_part(declared_flows):
    i18n.set_language("nl")
    shipped, declared = (
        build_card(drive(flow, EVERY_AFTER_ANSWER), made_on=TODAY)
        for flow in (find_flow("na_het_gesprek"), declared_flows["na_het_gesprek"])
    )
    same_in_every_format(declared, shipped)
    for text in ("Drie weken krukken", "Fysiotherapie na twee weken", "10 december 2026"):
        assert text in render_text(declared)


def test_the_after_card_declared_puts_the_comparison_where_the_shipped_card_has_it(declared_flows):
    # Before and after the consultation comes before the room to write, as on the shipped card.
    i18n.set_language("nl")
    note = BeforeAfterNote(
        decision="Knie: opereren of niet?",
        prepared_on="22 november 2026",
        missing=False,
        entries=(Entry("Waar ik naar neigde", ("Operatie",)),),
    )
    shipped, declared = (
        build_card(drive(flow, EVERY_AFTER_ANSWER), made_on=TODAY, before_after=note)
        for flow in (find_flow("na_het_gesprek"), declared_flows["na_het_gesprek"])
    )
    same_in_every_format(declared, shipped)
    headings = [section.heading for section in build_sections(declared).sections]
    assert headings.index("Vóór en na het gesprek") < headings.index("Aantekeningen tijdens het gesprek")


def test_the_preparation_card_declared_puts_the_companions_view_where_the_shipped_card_has_it(declared_flows):
    # The companion's view stands after the leaning and before the tips, as on the shipped card.
    i18n.set_language("nl")
    answers = {**PATIENT, "voorkeur": "Operatie", "zeker": False}
    shipped, declared = (
        build_card(drive(flow, answers), made_on=TODAY)
        for flow in (find_flow("voorbereiding"), declared_flows["voorbereiding"])
    )
    companion_answers = {**COMPANION, "opties": PATIENT["opties"]}  # the hand-over fills in the patient's list
    companion = build_card(drive(find_flow("voorbereiding_naaste"), companion_answers), made_on=TODAY)
    view = companion_view(shipped, companion, name="Kees", finished=True)
    assert view.options, "the companion weighed the patient's options"
    shipped.companion = declared.companion = view
    same_in_every_format(declared, shipped)
    shown = render_text(declared)
    assert shown.index("Rust") < shown.index("Tips voor u")


@pytest.mark.parametrize("name", ["typical", "empty"])
def test_the_workshop_card_declared_is_the_shipped_card(name, declared_flows):
    answers = {"eigen_vragen": [] if name == "empty" else ["Wat zijn mijn mogelijkheden?", "Mag ik iemand meenemen?"]}
    i18n.set_language("nl")
    shipped, declared = (
        build_card(drive(flow, answers), made_on=TODAY) for flow in (find_flow("workshop"), declared_flows["workshop"])
    )
    same_in_every_format(declared, shipped)
