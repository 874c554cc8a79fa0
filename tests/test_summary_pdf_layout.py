"""How the PDF card is set (issue 16, point 18; issue 18, "well set").

A 3-option preparation with two pros and two cons each fits one A4, with
the options table whole; large print keeps each option whole and never
breaks a question across pages; nothing on a large-print card is under 16 pt.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from prep_assistant import i18n
from prep_assistant.dialogue.library import load_pack_file
from tests.tagged_flows import tagged_flow
from prep_assistant.summary import build_card, render_pdf
from tests.test_summary_model import TODAY, card_of, drive, recorded
from tests.test_summary_pdf import found, pages_of, squeeze

OPTIONS = {
    "Afwachten: nu nog niets doen": (("Geen operatie", "Ik kan zelf oppassen"), ("De pijn blijft misschien", "Ik word minder mobiel")),
    "Operatie": (("Misschien minder pijn", "Langer kunnen wandelen"), ("Lang herstel", "Kans op een infectie")),
    "Fysiotherapie": (("Ik blijf in beweging", "Geen ziekenhuis"), ("Het kost veel tijd", "Het helpt misschien niet genoeg")),
}


def three_option_card():
    """The typical preparation with three options of two pros and two cons each, typed by the patient."""
    i18n.set_language("nl")
    data = recorded("typical")
    answers = {k: v for k, v in data["answers"].items() if "[" not in k}
    answers["opties"] = list(OPTIONS)
    for option, (pros, cons) in OPTIONS.items():
        answers[f"voordelen[{option}]"] = list(pros)
        answers[f"voordelen_gewicht[{option}]"] = {p: 3 for p in pros}
        answers[f"nadelen[{option}]"] = list(cons)
        answers[f"nadelen_gewicht[{option}]"] = {c: 2 for c in cons}
        answers[f"raakt[{option}]"] = "Wandelen en oppassen"
    # The patient's own options, no decision pack: a pack's descriptions
    # (a section of their own since issue 15) make a card of two pages.
    run = drive(tagged_flow("voorbereiding"), answers)
    return build_card(run, made_on=TODAY)


def page_of(pages: list[str], text: str) -> set[int]:
    return {number for number, page in enumerate(pages) if found(text, page)}


def test_three_options_with_two_pros_and_two_cons_fit_one_a4():
    card = three_option_card()
    assert [o.name for o in card.options] == list(OPTIONS)
    pages = pages_of(render_pdf(card))
    assert len(pages) == 1
    for option, (pros, cons) in OPTIONS.items():
        for text in (option, *pros, *cons):
            assert found(text, pages[0]), text


def test_the_options_table_is_not_split_while_the_page_has_room():
    # The long card's table flows on; each option's row stays on one page
    # with its pros and cons.
    from tests.test_summary_model import card_of

    card = card_of("long")
    pages = pages_of(render_pdf(card))
    for option in card.options:
        if option.empty:
            continue
        where = page_of(pages, option.name)
        texts = [t for _heading, items, _w in option.sides(card.labels) for t, _own in items]
        for text in texts:
            if len(text) < 300:
                assert page_of(pages, text) & where, (option.name, text)


@pytest.mark.parametrize("card_maker", ["three", "typical", "long"])
def test_large_print_keeps_each_option_whole_and_each_question_on_one_page(card_maker):
    from tests.test_summary_model import card_of

    card = three_option_card() if card_maker == "three" else card_of(card_maker)
    pages = pages_of(render_pdf(card, large_print=True))
    for option in card.options:
        where = page_of(pages, option.name)
        assert len(where) >= 1
        for _heading, items, _weight in option.sides(card.labels):
            for text, _own in items:
                if len(text) < 300:
                    assert page_of(pages, text) == where or page_of(pages, text) & where, (option.name, text)
    for question in card.questions:
        if len(question) < 300:
            # Whole on one page: the squeezed question is inside one page's text.
            assert any(squeeze(question) in squeeze(page) for page in pages), question


def _font_sizes(data: bytes) -> set[float]:
    """Every font size set on the pages, in points (the text matrix is not scaled)."""
    reader = PdfReader(io.BytesIO(data))
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    scales = set(re.findall(rb"([\d.]+) 0 0 (-?[\d.]+) [\d.-]+ [\d.-]+ Tm", content))
    assert all(abs(float(a)) == 1 and abs(float(d)) == 1 for a, d in scales), scales
    return {float(m) for m in re.findall(rb"/[Ff]\d+ ([\d.]+) Tf", content)}


@pytest.mark.parametrize("name", ["typical", "long"])
def test_all_large_print_text_is_at_least_16_pt(name):
    from tests.test_summary_model import card_of

    sizes = _font_sizes(render_pdf(card_of(name), large_print=True))
    assert sizes and min(sizes) >= 16, sorted(sizes)


def test_the_normal_card_has_small_print_under_16_pt():
    # The check above can fail: the normal card sets small print.
    from tests.test_summary_model import card_of

    assert min(_font_sizes(render_pdf(card_of("typical")))) < 16


def _heights_of(data: bytes, first: str, second: str) -> float:
    """Points between the lines starting with ``first`` and ``second`` on page 1 (pypdf's text positions)."""
    where: dict[str, float] = {}

    def seen(text, cm, tm, font, size):
        for needle in (first, second):
            if needle not in where and text.startswith(needle):
                where[needle] = cm[5] + tm[5] * cm[3]

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=seen)
    return abs(where[first] - where[second])


def test_a_packs_option_descriptions_are_set_compactly():
    # The typical session used the knee pack: four descriptions of its
    # options. Each is one paragraph, its option's name run in, at the
    # card's small size (large print: 16 pt, tested above); the care
    # provider's name, source and date stay at full size. Before: 194 pt.
    from tests.test_summary_model import card_of

    card = card_of("typical")
    assert card.pack is not None and len(card.pack.options) == 4
    data = render_pdf(card)
    height = _heights_of(data, "Uit het keuzepakket", "De mogelijkheden naast elkaar")
    assert height < 160, height
    page = pages_of(data)[0]
    for name, description in card.pack.options:
        assert found(f"{name}: {description}", page), name


# -- a card with a clinician's decision pack fits one A4 (issue 15) ------------------


def revalidatie_card():
    """The typical preparation with the revalidatie pack: its three options,
    two of each option's suggested pros and cons taken over by the patient."""
    i18n.set_language("nl")
    pack = load_pack_file("revalidatie")
    answers = {k: v for k, v in recorded("typical")["answers"].items() if "[" not in k}
    answers["beslissing"] = pack.pack.decision
    answers["opties"] = [option.name for option in pack.options]
    for option in pack.options:
        pros, cons = list(option.pros[:2]), list(option.cons[:2])
        answers[f"voordelen[{option.name}]"] = pros
        answers[f"voordelen_gewicht[{option.name}]"] = {p: 3 for p in pros}
        answers[f"nadelen[{option.name}]"] = cons
        answers[f"nadelen_gewicht[{option.name}]"] = {c: 2 for c in cons}
    return build_card(drive(tagged_flow("voorbereiding"), answers, pack), made_on=TODAY)


@pytest.mark.parametrize("card_maker", ["typical", "revalidatie"])
def test_a_card_with_a_decision_pack_fits_one_a4_with_every_description_and_pro_and_con(card_maker):
    card = revalidatie_card() if card_maker == "revalidatie" else card_of("typical")
    assert card.pack is not None and len(card.options) >= 3
    pages = pages_of(render_pdf(card))
    assert len(pages) == 1
    for name, description in card.pack.options:
        assert found(description, pages[0]), name
    for option in card.options:
        for _heading, items, _weight in option.sides(card.labels):
            for text, _own in items:
                assert found(text, pages[0]), (option.name, text)
    # The writing space is still there, below everything else.
    assert found("Aantekeningen tijdens het gesprek", pages[0])
    assert found("Wat we hebben afgesproken", pages[0])
    # Typst's layout settled: a page number "1 of 2" on a one-page card
    # was left over from a layout pass that made two pages.
    assert "Pagina" not in pages[0]


def test_an_empty_what_it_changes_column_is_left_out_of_the_options_table():
    # No option touches what matters on the revalidatie card: the pros and
    # cons take that column's width. The three-option card notes it for each.
    touches = "Wat het verandert aan wat ik belangrijk vind"
    assert not found(touches, pages_of(render_pdf(revalidatie_card()))[0])
    assert found(touches, pages_of(render_pdf(three_option_card()))[0])
