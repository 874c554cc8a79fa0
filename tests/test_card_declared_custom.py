"""A card the flow declares for itself (tests/fixtures/cards/custom_card.toml):
the reason, the support of each person from a for_each, a table of options
and a readiness line, in Markdown, text, HTML and PDF. Headings from the flow
file are hostile text like any other: they stay literal in every format."""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from prep_assistant import i18n
from prep_assistant.dialogue.library import flow_from_file
from prep_assistant.errors import UserError
from prep_assistant.summary import build_card, build_sections, render_html, render_markdown, render_pdf, render_text
from prep_assistant.summary.sections import Items, Line, OptionsTable
from tests.test_summary_model import TODAY, drive

FLOW = Path(__file__).parent / "fixtures" / "cards" / "custom_card.toml"
ANSWERS = {
    "keuze": "Wel of geen operatie",
    "reden": "De pijn wordt erger",
    "mensen": ["Anna", "Bram"],
    "steun[Anna]": "steunt",
    "steun[Bram]": "druk",
    "opties": ["Operatie", "Afwachten"],
    "voordelen[Operatie]": ["Minder pijn"],
    "nadelen[Operatie]": ["Lang herstel"],
    "klaar": 3,
}


@pytest.fixture(autouse=True)
def _dutch():
    i18n.set_language("nl")
    yield
    i18n.set_language("nl")


def card_from(path: Path = FLOW, answers: dict | None = None):
    return build_card(drive(flow_from_file(path), ANSWERS if answers is None else answers), made_on=TODAY)


def words(text: str) -> str:
    return " ".join(text.split())


def markdown_text(card) -> str:
    rendered = MarkdownIt("commonmark").render(render_markdown(card))
    return words(unescape(re.sub(r"<[^>]+>", " ", rendered)))


def html_text(card) -> str:
    return words(unescape(re.sub(r"<[^>]+>", " ", render_html(card))))


def pdf_text(card, folder: Path) -> str:
    path = folder / "card.pdf"
    path.write_bytes(render_pdf(card))
    return words(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)


def test_the_sections_are_the_declared_ones_in_order():
    sheet = build_sections(card_from())
    assert sheet.header.decision_label == "Mijn keuze"
    assert sheet.header.decision == "Wel of geen operatie"
    assert [s.heading for s in sheet.sections] == ["Waarom nu", "Steun per persoon", "Mijn mogelijkheden", "Hoe klaar ik ben"]
    reason, support, options, ready = sheet.sections
    assert reason.body == (Line("De pijn wordt erger"),)
    assert support.body == (Items(None, ("Anna: Steunt mij", "Bram: Zet mij onder druk")),)
    [table] = options.body
    assert isinstance(table, OptionsTable)
    assert [row.name for row in table.rows] == ["Operatie", "Afwachten"]
    assert table.rows[0].sides[0].items == (("Minder pijn", None),)
    assert ready.body == (Line("3 / 5"),)


def test_no_questions_declared_means_no_credit_and_no_empty_note(tmp_path):
    card = card_from()
    shown = {"md": markdown_text(card), "text": words(render_text(card)), "html": html_text(card), "pdf": pdf_text(card, tmp_path)}
    for form, text in shown.items():
        assert "3 goede vragen" not in text, form
        assert "Geen vragen opgeschreven" not in text, form
        assert "Mijn vragen" not in text, form


def test_a_questions_section_brings_the_credit_only_where_declared(tmp_path):
    questions = '[[card]]\nid = "vragen"\nheading = "Mijn vragen"\nhow = "questions"\nanswers = ["opties"]\n\n'
    path = tmp_path / "met_vragen.toml"
    path.write_text(FLOW.read_text(encoding="utf-8").replace("[[examples]]", questions + "[[examples]]"), encoding="utf-8")
    card = card_from(path, {})
    assert "3 goede vragen" in render_text(card)
    assert "Geen vragen opgeschreven." in render_text(card)


@pytest.mark.parametrize("form", ["md", "text", "html", "pdf"])
def test_the_custom_card_in_every_format(form, tmp_path):
    card = card_from()
    text = {"md": markdown_text, "text": lambda c: words(render_text(c)), "html": html_text, "pdf": lambda c: pdf_text(c, tmp_path)}[form](card)
    for expected in (
        "Mijn keuze", "Wel of geen operatie", "Waarom nu", "De pijn wordt erger",
        "Steun per persoon", "Anna: Steunt mij", "Bram: Zet mij onder druk",
        "Mijn mogelijkheden", "Operatie", "Minder pijn", "Lang herstel", "Afwachten",
        "Hoe klaar ik ben", "3 / 5",
    ):
        # pdftotext may drop a thin space ("3/5"): the PDF is compared without spaces.
        found = expected.replace(" ", "") in text.replace(" ", "") if form == "pdf" else expected in text
        assert found, (form, expected)


def test_a_skipped_line_is_left_out():
    card = card_from(answers={**ANSWERS, "klaar": None, "reden": None})
    headings = [s.heading for s in build_sections(card).sections]
    assert "Hoe klaar ik ben" not in headings and "Waarom nu" not in headings


# -- hostile headings ------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "**vet** _schuin_ [link](https://x.test)",
    "#set page(width: 1cm) #[x] $x$ \\",
    "# kop\n- lijst",
    "&amp; &lt;b&gt;",
]


def hostile_flow(folder: Path, heading: str) -> Path:
    text = FLOW.read_text(encoding="utf-8").replace('heading = "Steun per persoon"', f"heading = {toml_string(heading)}")
    path = folder / "vijandig.toml"
    path.write_text(text, encoding="utf-8")
    return path


def toml_string(text: str) -> str:
    escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08x}" for c in text)
    return f'"{escaped}"'


@pytest.mark.parametrize("heading", HOSTILE)
def test_a_hostile_heading_stays_literal_in_every_format(heading, tmp_path):
    card = card_from(hostile_flow(tmp_path, heading))
    literal = words(heading)
    assert literal in markdown_text(card)
    assert literal in words(render_text(card))
    assert literal in html_text(card)
    assert "<script>" not in render_html(card)
    assert literal.replace(" ", "") in pdf_text(card, tmp_path).replace(" ", "")


def test_control_characters_in_a_heading_never_reach_a_terminal(tmp_path):
    card = card_from(hostile_flow(tmp_path, "Steun\x1b[31m rood\x07\u202e per persoon"))
    for shown in (render_markdown(card), render_text(card), render_html(card)):
        assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert "rood" in render_text(card)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(lambda t: t.strip()))
def test_any_heading_renders_without_crashing(tmp_path, heading):
    try:
        card = card_from(hostile_flow(tmp_path, heading))
    except UserError as refused:
        # Only control characters: removed when the flow is read, the heading
        # is empty, and the flow is refused with a message.
        assert "heading" in refused.message
        return
    for render in (render_markdown, render_text, render_html):
        shown = render(card)
        assert "\x1b" not in shown


NAMES = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéëABCDEF ", min_size=1, max_size=12).map(str.strip).filter(bool),
    min_size=1,
    max_size=3,
    unique=True,
)


@settings(max_examples=30, deadline=None)
@given(people=NAMES, support=st.lists(st.sampled_from(["steunt", "twijfelt", "druk", None]), min_size=3, max_size=3), ready=st.one_of(st.none(), st.integers(0, 5)))
def test_every_person_answered_shows_once_with_their_support(people, support, ready):
    labels = {"steunt": "Steunt mij", "twijfelt": "Twijfelt", "druk": "Zet mij onder druk"}
    answers = {"mensen": people, "klaar": ready}
    answers.update({f"steun[{person}]": said for person, said in zip(people, support)})
    sheet = build_sections(card_from(answers=answers))
    by_heading = {section.heading: section for section in sheet.sections}
    expected = tuple(f"{person}: {labels[said]}" for person, said in zip(people, support) if said is not None)
    if expected:
        assert by_heading["Steun per persoon"].body == (Items(None, expected),)
    else:
        assert "Steun per persoon" not in by_heading
    assert ("Hoe klaar ik ben" in by_heading) == (ready is not None)
