"""The card as Markdown, HTML and plain text: complete, escaped, readable."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from prep_assistant.summary import render_html, render_markdown, render_text
from prep_assistant.summary.render_markdown import escape
from tests.test_summary_model import ALL_SESSIONS, card_of

HOSTILE = [
    "<script>alert(1)</script>",
    "[bold]x[/]",
    "[@click=app.quit]x[/]",
    "*ster* _liggend_ `code` [link](http://example.com) ![img](x.png)",
    "<img src=x onerror=alert(1)>",
    "# geen kop",
    "1. geen lijst",
    "- geen punt",
    "> geen citaat",
    "---",
    "&amp; &#60; | pipe | ~~weg~~",
]


# -- HTML -------------------------------------------------------------------------


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: str) -> Collect:
    parser = Collect()
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_html_parses_holds_every_answer_and_no_live_tag(name):
    card = card_of(name)
    html = render_html(card)
    page = parsed(html)
    assert "script" not in page.tags
    assert not any(attr.startswith("on") for attr, _v in page.attrs)
    assert page.tags.count("b") == 0 and page.tags.count("img") == 0
    text = " ".join(" ".join(page.text).split())
    for answer in card.all_patient_texts():
        assert " ".join(answer.split()) in text


def test_html_shows_what_the_patient_typed_as_text():
    html = render_html(card_of("hostile"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_html_is_one_file_for_phone_and_print():
    html = render_html(card_of("typical"))
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "@media print" in html and "size: A4" in html
    assert '<html lang="nl">' in html
    assert not re.search(r"""(src|href)=["']?https?:""", html)  # nothing fetched from elsewhere
    assert 'dir="auto"' in html  # Arabic and Hebrew answers run right to left
    large = render_html(card_of("typical"), large_print=True)
    assert '<body class="large">' in large


# -- Markdown ------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_escape_keeps_typed_text_as_text(text):
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    html = md.render(escape(text))
    # One paragraph, no element made from the answer.
    assert re.fullmatch(r"<p>.*</p>\n", html, re.S), html
    inner = html[3:-5]
    assert "<" not in inner.replace("&lt;", ""), html
    from html import unescape

    assert unescape(inner) == text


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_markdown_holds_every_answer(name):
    card = card_of(name)
    md = MarkdownIt("commonmark")
    rendered = md.render(render_markdown(card))
    assert "<script" not in rendered
    from html import unescape

    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", rendered)).split())
    for answer in card.all_patient_texts():
        assert " ".join(answer.split()) in text, answer[:60]


def test_markdown_card_has_tick_boxes_and_the_footer():
    md = render_markdown(card_of("typical"))
    assert "- [ ] **Hoe lang duurt het herstel?**" in md
    assert "- [ ] Mag ik daarna autorijden?" in md
    assert "Patiëntenfederatie Nederland" in md and "Federatie Medisch Specialisten" in md
    assert "De antwoorden zijn op deze computer gebleven." in md
    assert "weegt 5 van 5" in md


# -- plain text ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_text_reads_aloud_without_symbols_or_tables(name):
    card = card_of(name)
    text = render_text(card)
    assert not re.search(r"[\u2500-\u259f\u25a0-\u25ff|]", text.replace("| pipe |", ""))
    assert "\x1b" not in text and "\x07" not in text
    flat = " ".join(text.split())
    for answer in card.all_patient_texts():
        assert " ".join(answer.split()) in flat


def test_each_text_line_says_what_it_is_about():
    lines = render_text(card_of("typical")).splitlines()
    assert "Afspraak: 8 december 2026." in lines
    assert "Operatie. Voordelen voor mij: Misschien minder pijn, weegt 5 van 5." in lines
    assert "Operatie. Nadelen voor mij: Kans op een infectie, weegt 3 van 5." in lines
    assert "Mijn belangrijkste vragen, 1: Hoe lang duurt het herstel?" in lines


def test_empty_card_shows_neutral_lines():
    card = card_of("empty")
    for rendered in (render_text(card), render_markdown(card), render_html(card)):
        assert "Niet ingevuld" in rendered
        assert "Geen vragen opgeschreven." in rendered
        assert "Weet ik nog niet" not in rendered  # never an answer not given (issue 16)


def test_english_card():
    card = card_of("typical", "en")
    assert "My questions" in render_markdown(card)
    assert "Made on November 22, 2026 with prep-assistant." in render_text(card)
