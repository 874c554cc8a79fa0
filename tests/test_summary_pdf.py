"""The PDF card, read back with pypdf (no system tools needed)."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from prep_assistant.summary import render_pdf
from prep_assistant.summary.fonts import BOLD, REGULAR, FontFileError, coverage, read_coverage
from tests.test_summary_model import ALL_SESSIONS, card_of, typed_texts


def pages_of(data: bytes) -> list[str]:
    assert data.startswith(b"%PDF-")
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def flowing(pages: list[str]) -> str:
    """The pages as one text, without what each page repeats at its top and foot."""
    kept = []
    for page in pages:
        for line in page.splitlines():
            if "(vervolg)" in line or line.startswith("Mijn gesprekskaart \u2013") or re.fullmatch(r"Pagina \d+ van \d+", line.strip()):
                continue
            kept.append(line)
    return "\n".join(kept)


def squeeze(text: str) -> str:
    """Compare without layout: no whitespace, NFKC (Arabic presentation forms).

    Without hyphens too: the card hyphenates long words, and a hyphen set at
    the end of a line comes back as "-" or as a soft hyphen.
    """
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u00ad\u200b-\u200f\u2066-\u2069-]+", "", text)


def found(needle: str, haystack: str) -> bool:
    n, h = squeeze(needle), squeeze(haystack)
    return n in h or n[::-1] in h  # right-to-left runs may come out reversed


#: The font ships with the package, so every computer has it: nothing is skipped any more.
needs_font = pytest.mark.skipif(False, reason="the card's font ships with prep-assistant")


@needs_font
@pytest.mark.parametrize("name", ["short", "typical", "long", "huge", "intl", "hostile", "empty"])
def test_every_answer_is_in_the_pdf(name):
    card = card_of(name)
    text = flowing(pages_of(render_pdf(card)))
    for answer in card.all_patient_texts():
        assert found(answer, text), answer[:80]


@needs_font
def test_turkish_polish_and_accents_round_trip():
    text = "\n".join(pages_of(render_pdf(card_of("intl"))))
    for word in ("Ağrı", "İlaç", "Şimdi", "ılık", "Łódź", "żółć", "śnieg", "źdźbło", "coördinatie", "naïef", "Ærø", "ß"):
        assert word in text, word


def test_a_typical_card_fits_one_page_and_a_long_one_flows_on():
    # The typical session uses the knee pack; with the pack's own words
    # (issue 15: its option descriptions, source and date at full size) it
    # still fits one page: the small print does not repeat the source, and
    # the writing space takes the room that is left.
    assert len(pages_of(render_pdf(card_of("typical")))) == 1
    assert len(pages_of(render_pdf(card_of("short")))) == 1
    long_pages = pages_of(render_pdf(card_of("long")))
    assert len(long_pages) > 1


@needs_font
def test_continuation_pages_repeat_the_heading():
    pages = pages_of(render_pdf(card_of("long")))
    continued = [p for p in pages[1:] if "(vervolg)" in p]
    assert continued, "no heading repeated on a continuation page"
    assert any("De mogelijkheden naast elkaar (vervolg)" in p for p in pages[1:])
    for number, page in enumerate(pages, start=1):
        assert f"Pagina {number} van {len(pages)}" in page


@needs_font
def test_five_thousand_characters_are_never_cut_off():
    card = card_of("huge")
    assert len(card.goals[0]) == 5000
    text = squeeze(flowing(pages_of(render_pdf(card))))
    assert squeeze(card.goals[0]) in text
    assert squeeze("Onafgebroken" + "x" * 1900) in text  # one word, wider than any column


def test_large_print_has_larger_type_and_more_pages():
    card = card_of("typical")
    normal, large = render_pdf(card), render_pdf(card, large_print=True)
    assert len(pages_of(large)) > len(pages_of(normal))
    sizes = {float(m) for m in re.findall(rb"/[Ff]\d+ ([\d.]+) Tf", _content(large))}
    assert max(sizes) >= 26 and 16 in sizes


def _content(data: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(data))
    return b"".join(page.get_contents().get_data() for page in reader.pages)


@pytest.mark.parametrize("name", ["emoji", "rtl", "hostile"])
def test_emoji_right_to_left_and_markup_never_crash(name):
    pages = pages_of(render_pdf(card_of(name)))
    assert pages and all(isinstance(p, str) for p in pages)


@needs_font
def test_emoji_the_font_lacks_are_replaced_and_the_card_says_so():
    card = card_of("emoji")
    text = "\n".join(pages_of(render_pdf(card)))
    assert found("Wandelen met mijn hond", text)
    assert found("een lange revalidatie", text)
    assert "vervangen" in text  # "Sommige tekens ... zijn vervangen"


@needs_font
def test_arabic_text_comes_through(monkeypatch):
    card = card_of("rtl")
    text = "\n".join(pages_of(render_pdf(card)))
    assert found("فاطمة", text) or found("Fatima", text)
    assert found("Hoe lang duurt het herstel?", text)


def test_hebrew_and_arabic_are_shaped_without_a_note_about_html():
    # Typst shapes right-to-left text itself: the old renderer's note
    # "see the HTML version" (for a computer without uharfbuzz) is gone.
    text = "\n".join(pages_of(render_pdf(card_of("rtl"))))
    # pypdf gives the words of a right-to-left line in the order they stand
    # (pdftotext in reading order): each word comes through whole.
    for word in "אני דואג לגבי ההחלמה".split():
        assert found(word, text), word
    assert "HTML" not in text


def test_every_computer_gets_the_shipped_font_and_every_letter():
    # No system font is looked for: Turkish and Polish letters are never
    # simplified (the old renderer fell back to Helvetica and wrote "g" for "ğ").
    data = render_pdf(card_of("intl"))
    assert b"DejaVuSans" in data and b"Helvetica" not in data
    text = "\n".join(pages_of(data))
    assert "Ağrı için İlaç mı" in text.replace("\n", " ")
    assert "lettertype" not in text  # no note about a missing font


def test_the_font_and_its_licence_ship_side_by_side():
    assert REGULAR.is_file() and BOLD.is_file()
    licence = (REGULAR.parent / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Permission is hereby granted, free of charge" in licence


def test_the_fonts_coverage_is_read_from_its_character_map():
    covered = coverage()
    for char in "aĞğıİŞşŁłŻżźćßæ€אשاف•":
        assert ord(char) in covered, char
    assert 0x1F415 not in covered  # the dog emoji: replaced and said on the card
    assert 0x0007 not in covered


def test_a_file_that_is_not_a_font_is_refused_clearly(tmp_path):
    for junk in (b"", b"not a font at all", b"\x00\x01\x00\x00" + b"\xff" * 40):
        path = tmp_path / "junk.ttf"
        path.write_bytes(junk)
        with pytest.raises(FontFileError):
            read_coverage(path)


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_every_recorded_session_makes_a_pdf(name):
    for large in (False, True):
        assert pages_of(render_pdf(card_of(name), large_print=large))


def test_typed_texts_helper_sees_the_answers():
    assert "Een taxi bestellen" in typed_texts("typical")
