"""The PDF card, read back with pypdf (no system tools needed)."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from prep_assistant.summary import render_pdf
from prep_assistant.summary.fonts import find_fonts, system_fonts
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
    """Compare without layout: no whitespace, NFKC (Arabic presentation forms)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u00ad\u200b-\u200f\u2066-\u2069]+", "", text)


def found(needle: str, haystack: str) -> bool:
    n, h = squeeze(needle), squeeze(haystack)
    return n in h or n[::-1] in h  # right-to-left runs may come out reversed


needs_font = pytest.mark.skipif(not system_fonts(), reason="no Unicode TrueType font on this computer")


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
    # The typical session uses the knee pack; the pack's own words (issue 15:
    # its option descriptions, source and date at full size) add a page.
    assert len(pages_of(render_pdf(card_of("typical")))) == 2
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
    sizes = {float(m) for m in re.findall(rb"/F\d+ ([\d.]+) Tf", _content(large))}
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


@needs_font
def test_without_uharfbuzz_right_to_left_text_still_renders(monkeypatch):
    import fpdf

    def no_shaping(self, *args, **kwargs):
        raise fpdf.errors.FPDFException("The uharfbuzz package could not be imported")

    monkeypatch.setattr(fpdf.FPDF, "set_text_shaping", no_shaping)
    text = "\n".join(pages_of(render_pdf(card_of("rtl"))))
    assert "HTML" in text  # the note that points to the HTML version
    assert found("אני דואג לגבי ההחלמה", text)


def test_without_a_unicode_font_helvetica_simplifies_and_says_so():
    card = card_of("intl")
    text = "\n".join(pages_of(render_pdf(card, fonts=())))
    assert "Agri için Ilaç mi, ameliyat mi? Simdi ilik dus" in text  # ğ ı İ ş simplified
    assert "Lódz, zólc" in text  # ł ż ć simplified; ó is in the core font
    assert "lettertype" in text  # the note about the missing font
    for name in ("emoji", "rtl", "hostile"):
        assert pages_of(render_pdf(card_of(name), fonts=()))


def test_an_unreadable_font_file_falls_through_to_the_next(tmp_path):
    from prep_assistant.summary.fonts import FontChoice

    broken = tmp_path / "Broken.ttf"
    broken.write_bytes(b"not a font")
    fonts = (FontChoice("Broken", broken, broken), *system_fonts())
    assert pages_of(render_pdf(card_of("short"), fonts=fonts))


def test_fonts_are_found_in_a_folder_tree(tmp_path):
    assert find_fonts([tmp_path]) == []
    dejavu = [f for f in system_fonts() if f.family == "DejaVu Sans"]
    if not dejavu:
        pytest.skip("DejaVu Sans is not installed")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "DejaVuSans.ttf").write_bytes(dejavu[0].regular.read_bytes())
    [choice] = find_fonts([tmp_path])
    assert choice.family == "DejaVu Sans" and choice.bold == choice.regular  # no bold: regular


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_every_recorded_session_makes_a_pdf(name):
    for large in (False, True):
        assert pages_of(render_pdf(card_of(name), large_print=large))


def test_typed_texts_helper_sees_the_answers():
    assert "Een taxi bestellen" in typed_texts("typical")
