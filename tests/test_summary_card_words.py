"""The card's words as a doctor reads them (issue 16, points 16, 17 and 19).

Every format is read back: text, Markdown and HTML as strings, the PDF with
pypdf. Nothing on the card may be an answer the patient did not give, a
heading may not change what an answer means, and no line may carry doubled
punctuation.
"""

from __future__ import annotations

import re

import pytest

from prep_assistant.summary import build_card, render_html, render_markdown, render_pdf, render_text
from tests.test_summary_model import ALL_SESSIONS, TODAY, card_of, recorded, drive
from tests.test_summary_pdf import flowing, found, needs_font, pages_of

from prep_assistant import i18n

from tests.tagged_flows import tagged_flow


@pytest.fixture(autouse=True)
def _dutch():
    i18n.set_language("nl")
    yield
    i18n.set_language("nl")


def _all_formats(card) -> dict[str, str]:
    out = {"text": render_text(card), "md": render_markdown(card), "html": render_html(card)}
    return out


def _without_leaning(language: str = "nl"):
    i18n.set_language(language)
    answers = dict(recorded("typical")["answers"])
    answers.pop("voorkeur", None)
    return build_card(drive(tagged_flow("voorbereiding"), answers), made_on=TODAY)


# -- 16: never invent an answer ----------------------------------------------------------


@pytest.mark.parametrize("language, invented, heading", [
    ("nl", "Weet ik nog niet", "Wat mij nu het meest aanspreekt"),
    ("en", "Not sure yet", "The option I lean to now"),
])
def test_a_skipped_leaning_stays_empty_in_every_format(language, invented, heading):
    for card in (_without_leaning(language), card_of("empty", language)):
        assert card.lean is None
        for name, rendered in _all_formats(card).items():
            assert invented not in rendered, name
            assert heading not in rendered, name


@needs_font
def test_a_skipped_leaning_stays_empty_in_the_pdf():
    text = flowing(pages_of(render_pdf(_without_leaning())))
    assert not found("Weet ik nog niet", text)
    assert not found("Wat mij nu het meest aanspreekt", text)


def test_a_given_leaning_is_still_shown():
    card = card_of("typical")
    assert "Wat mij nu het meest aanspreekt: Fysiotherapie, denk ik." in render_text(card).splitlines()


# -- 17: what the ticked activities mean ---------------------------------------------------


@pytest.mark.parametrize("language, line", [
    ("nl", "Operatie. Wat het verandert aan wat ik belangrijk vind: Zorgen voor kinderen of kleinkinderen."),
    ("en", "Operatie. What it changes in what matters to me: Zorgen voor kinderen of kleinkinderen."),
])
def test_ticked_activities_sit_under_a_heading_that_says_the_option_changes_them(language, line):
    card = card_of("typical", language)
    assert line in render_text(card).splitlines()
    old = {"nl": "Wat het betekent voor wat ik belangrijk vind", "en": "What it means for what matters to me"}
    for name, rendered in _all_formats(card).items():
        assert old[language] not in rendered, name


@needs_font
def test_the_pdf_says_what_the_ticked_activities_are():
    text = flowing(pages_of(render_pdf(card_of("typical"))))
    assert found("Wat het verandert aan wat ik belangrijk vind", text)
    assert not found("Wat het betekent voor wat ik belangrijk vind", text)


# -- 19: wording ---------------------------------------------------------------------------

_DOUBLED = re.compile(r"[?!][.:]|:[.:]")


@pytest.mark.parametrize("name", ALL_SESSIONS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_doubled_punctuation_in_any_format(name, language):
    card = card_of(name, language)
    patient = card.all_patient_texts()
    for fmt, rendered in _all_formats(card).items():
        for match in _DOUBLED.finditer(rendered):
            around = rendered[max(0, match.start() - 40) : match.end() + 5]
            # What the patient typed is kept as typed ("Echt?!." is not ours to fix).
            if any(match.group(0) in text for text in patient):
                continue
            pytest.fail(f"{fmt}: doubled punctuation in {around!r}")


def test_the_three_questions_read_without_a_colon_after_the_question_mark():
    lines = render_text(card_of("typical")).splitlines()
    assert "De eerste vraag is: wat zijn mijn mogelijkheden? Een operatie of fysiotherapie." in lines


@pytest.mark.parametrize("language, first_person, tips", [
    ("nl", "Wat ik nog nodig heb", "Tips voor u"),
    ("en", "What I still need", "Tips for you"),
])
def test_tips_written_to_the_patient_are_not_under_a_first_person_heading(language, first_person, tips):
    card = card_of("typical", language)
    assert card.still_need  # the typical session has two tips
    for name, rendered in _all_formats(card).items():
        assert first_person not in rendered, name
        assert tips in rendered, name
    lines = render_text(card).splitlines()
    start = lines.index(f"{tips}.")
    assert lines[start + 1] == card.still_need[0]
