"""The card as one ordered list of sections: the builder decides, renderers draw kinds.

The promise tested here: adding a section to the card touches the section
builder (``summary/sections.py``) and nothing else. A section of any kind
that the builder adds shows up in Markdown, text, HTML and PDF without a
change to a renderer; and no renderer names a section of its own.
"""

from __future__ import annotations

import ast
import re
from html import unescape
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from prep_assistant import i18n
from prep_assistant.summary import build_card, render_html, render_markdown, render_pdf, render_text, sections
from prep_assistant.summary.model import Entry, Fact
from prep_assistant.summary.sections import (
    Entries,
    Facts,
    Items,
    Line,
    Note,
    OptionRow,
    OptionSide,
    OptionsTable,
    Ranked,
    Section,
    WritingSpace,
    build_sections,
)
from tests.test_summary_model import ALL_SESSIONS, TODAY, card_of, session_run
from tests.test_summary_pdf import flowing, found, needs_font, pages_of, squeeze

SUMMARY = Path(__file__).resolve().parent.parent / "prep_assistant" / "summary"


@pytest.fixture(autouse=True)
def _dutch():
    i18n.set_language("nl")
    yield
    i18n.set_language("nl")


def headings(name: str, language: str = "nl") -> list[str]:
    return [section.heading for section in build_sections(card_of(name, language)).sections]


# -- what the builder decides ----------------------------------------------------------


def test_the_typical_card_in_reading_order():
    assert headings("typical", "en") == [
        "What matters to me",
        "My questions",
        "What I already know",
        "From your care provider's decision pack",
        "The options side by side",
        "The option I lean to now",
        "Tips for you",
        "Notes during the conversation",
        "What we agreed",
    ]


def test_an_empty_card_keeps_the_parts_that_say_so():
    sheet = build_sections(card_of("empty", "en"))
    by_heading = {section.heading: section for section in sheet.sections}
    assert "What matters to me" not in by_heading  # nothing to show: left out
    assert by_heading["My questions"].body == (Note("No questions written down."),)
    assert "The option I lean to now" not in by_heading  # skipped stays empty (issue 16)
    assert sheet.header.decision is None and sheet.header.decision_shown == "Not filled in"
    assert sheet.header.facts == Facts(())


def test_empty_blocks_are_left_out_of_a_section():
    card = card_of("typical", "en")
    card.worries = []
    matters = build_sections(card).sections[0]
    assert [type(block).__name__ for block in matters.body] == ["Items", "Ranked", "Items"]
    assert "My worries" not in {getattr(block, "heading", None) for block in matters.body}


def test_the_footer_is_built_once_with_the_pack_and_the_session():
    class Info:
        id = "20261122-1200-abcd"
        decision = None

    footer = build_sections(build_card(session_run("typical"), session=Info(), made_on=TODAY)).footer
    assert footer.about[0] == "Gemaakt op 22 november 2026 met prep-assistant."
    # Only the pack's decision: its author, source and date are in the pack's
    # own section above, not repeated in the small print (issue 15, one page).
    assert footer.details[0] == "Keuzepakket: Hoe ga ik om met de klachten van artrose in mijn knie."
    assert footer.details[-1] == "Sessie 20261122-1200-abcd"


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_every_answer_is_somewhere_in_the_sections(name):
    card = card_of(name)
    texts = " ".join(build_sections(card).texts())
    for answer in card.all_patient_texts():
        assert answer in texts


# -- a new section touches the builder only -----------------------------------------------


EXTRA_BODIES = {
    "items": (Items("Extra kopje", ("Eerste extra regel", "Tweede extra regel")),),
    "ranked": (Ranked("Extra top", ("Extra nummer een",), "Extra rest", ("Extra overig",)),),
    # The top part of a tick list needs no heading on paper (it is in bold).
    "ticked": (Ranked("Belangrijkst", ("Extra vraag een",), "Extra meer", ("Extra vraag twee",), tick=True),),
    "entries": (Entries((Entry("Extra vraag?", ("Extra antwoord",)),)),),
    "line": (Line("Extra losse regel"),),
    "note": (Note("Extra neutrale regel"),),
    "facts": (Facts((Fact("Extra label", "Extra waarde"),)),),
    "options": (
        OptionsTable(
            rows=(
                OptionRow(
                    "Extra optie",
                    (OptionSide("Extra voor", (("Extra voordeel", 4),), None), OptionSide("Extra tegen", (), 2)),
                    ("Extra raakt",),
                    empty=False,
                ),
            ),
            columns=("Optie", "Extra voor", "Extra tegen", "Raakt"),
            touches_heading="Raakt",
            nothing_noted="Niets",
            weighs="weegt {n} van {max}",
        ),
    ),
}


def _extra_texts(card) -> list[str]:
    """The texts of the extra section, as the builder made them."""
    return [text for text in build_sections(card).texts() if text.startswith("Extra")]


@pytest.fixture
def with_extra_section(monkeypatch):
    """Add one section to the builder, after the questions, and nothing else."""

    def add(body, *, intro: str | None = None) -> None:
        def extra(card):
            return Section("Extra sectie", body, intro=intro)

        order = list(sections.SECTIONS)
        order.insert(2, extra)
        monkeypatch.setattr(sections, "SECTIONS", tuple(order))

    return add


def _markdown_text(card) -> str:
    rendered = MarkdownIt("commonmark").render(render_markdown(card))
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", rendered)).split())


def _html_text(card) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", render_html(card))).split())


@pytest.mark.parametrize("kind", sorted(EXTRA_BODIES))
def test_a_section_added_in_the_builder_shows_in_markdown_text_and_html(kind, with_extra_section):
    body = EXTRA_BODIES[kind]
    with_extra_section(body, intro="Extra uitleg")
    card = card_of("typical")
    outputs = {
        "md": _markdown_text(card),
        "text": " ".join(render_text(card).split()),
        "html": _html_text(card),
    }
    expected = _extra_texts(card)
    assert "Extra sectie" in expected and "Extra uitleg" in expected
    for fmt, text in outputs.items():
        for piece in expected:
            assert piece in text, (fmt, piece)
        # In its place: after the questions, before what I already know.
        assert text.index("Mijn vragen") < text.index("Extra sectie") < text.index("Wat ik al weet"), fmt


@needs_font
@pytest.mark.parametrize("kind", sorted(EXTRA_BODIES))
def test_a_section_added_in_the_builder_shows_in_the_pdf(kind, with_extra_section):
    body = EXTRA_BODIES[kind]
    with_extra_section(body, intro="Extra uitleg")
    card = card_of("typical")
    expected = _extra_texts(card)
    assert "Extra sectie" in expected and "Extra uitleg" in expected
    for large_print in (False, True):
        text = flowing(pages_of(render_pdf(card, large_print=large_print)))
        for piece in expected:
            assert found(piece, text), (large_print, piece)


def test_writing_space_added_in_the_builder_is_on_paper_only(with_extra_section):
    with_extra_section((WritingSpace(),), intro="Extra uitleg")
    card = card_of("typical")
    for rendered in (_markdown_text(card), _html_text(card)):
        assert "Extra sectie Extra uitleg" in rendered
    assert "Extra" not in render_text(card)  # nothing to read aloud


@needs_font
@pytest.mark.parametrize("large_print", [False, True])
def test_writing_space_added_in_the_builder_stands_in_the_pdf(with_extra_section, large_print):
    with_extra_section((WritingSpace(),), intro="Extra uitleg")
    pages = pages_of(render_pdf(card_of("typical"), large_print=large_print))
    text = flowing(pages)
    assert found("Extra sectie", text) and found("Extra uitleg", text)
    # With the parts for notes at the end, above the small print.
    last = pages[-1]
    assert found("Extra sectie", last) and found("Aantekeningen tijdens het gesprek", last)
    assert squeeze(last).index(squeeze("Extra sectie")) < squeeze(last).index(squeeze("Gemaakt op"))


# -- no renderer knows which section is which ------------------------------------------------

#: What a renderer may still take from the labels: words of its own making.
RENDERER_WORDS = {
    "render_markdown.py": set(),
    "render_text.py": set(),
    "render_html.py": set(),
    "render_pdf.py": {"glyphs_replaced"},
    "pdf_data.py": {"continued", "page"},
    "pdf_glyphs.py": set(),
    "typst_pdf.py": set(),
}


def _attributes_of(tree: ast.AST, owner: str) -> set[str]:
    """Attribute names read from anything called ``owner`` (``labels.x``, ``self.labels.x``)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            value = node.value
            if (isinstance(value, ast.Name) and value.id == owner) or (
                isinstance(value, ast.Attribute) and value.attr == owner
            ):
                names.add(node.attr)
    return names


@pytest.mark.parametrize("module", sorted(RENDERER_WORDS))
def test_renderers_name_no_section(module):
    tree = ast.parse((SUMMARY / module).read_text(encoding="utf-8"))
    assert _attributes_of(tree, "labels") <= RENDERER_WORDS[module]
    assert not _attributes_of(tree, "card"), "a renderer reads the sections, not the card"
