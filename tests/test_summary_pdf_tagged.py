"""The PDF card for a screen reader and an archive: tagged PDF/UA-1 and PDF/A-2a.

Read with pikepdf (the structure tree, the catalog, the XMP metadata) and
checked with ``pdfua`` from PyPI, which runs the machine-checkable subset of
PDF/UA-1 without Java (about a sixth of the rules; veraPDF, the reference,
needs Java and is not on PyPI).
"""

from __future__ import annotations

import io
from collections import Counter

import pikepdf
import pytest

from prep_assistant.summary import render_pdf
from tests.test_summary_model import card_of


def open_pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def structure_kinds(pdf: pikepdf.Pdf) -> Counter:
    """How often each structure type (H1, Table, TH, L, LI, ...) occurs in the tree."""
    kinds: Counter = Counter()
    role_map = pdf.Root.StructTreeRoot.get("/RoleMap", {})
    stack = [pdf.Root.StructTreeRoot]
    seen = 0
    while stack and seen < 100_000:
        seen += 1
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        kind = node.get("/S")
        if kind is not None:
            name = str(kind)
            kinds[str(role_map.get(name, name))] += 1
        kids = node.get("/K")
        if kids is not None:
            stack.append(kids)
    return kinds


@pytest.fixture(scope="module")
def typical_pdf() -> bytes:
    return render_pdf(card_of("typical"))


def test_the_pdf_is_tagged_with_language_and_title(typical_pdf):
    with open_pdf(typical_pdf) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.Root.Lang).lower().startswith("nl")
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        with pdf.open_metadata() as meta:
            assert meta.get("dc:title") == "Mijn gesprekskaart"


def test_an_english_card_says_it_is_english():
    with open_pdf(render_pdf(card_of("typical", language="en"))) as pdf:
        assert str(pdf.Root.Lang).lower().startswith("en")


def test_headings_lists_and_the_options_table_with_header_cells_are_tagged(typical_pdf):
    with open_pdf(typical_pdf) as pdf:
        kinds = structure_kinds(pdf)
    assert kinds["/H1"] == 1 and kinds["/H2"] >= 6 and kinds["/H3"] >= 3, kinds
    assert kinds["/L"] >= 5 and kinds["/LI"] >= 10, kinds
    assert kinds["/Table"] == 1, kinds
    assert kinds["/TH"] == 4, kinds  # option, pros, cons, what it touches
    assert kinds["/TD"] >= 12, kinds  # three options, four cells each


def test_large_print_has_the_options_as_headed_blocks_not_a_table():
    with open_pdf(render_pdf(card_of("typical"), large_print=True)) as pdf:
        kinds = structure_kinds(pdf)
    assert kinds["/Table"] == 0 and kinds["/H3"] >= 3, kinds


def test_it_claims_pdf_ua_1_and_pdf_a_2a(typical_pdf):
    with open_pdf(typical_pdf) as pdf, pdf.open_metadata() as meta:
        assert meta.get("pdfuaid:part") == "1"
        assert meta.get("pdfaid:part") == "2"
        assert meta.get("pdfaid:conformance") == "A"
        assert "/OutputIntents" in pdf.Root  # PDF/A: the colour profile


@pytest.mark.parametrize("name", ["typical", "long", "rtl", "hostile", "emoji"])
@pytest.mark.parametrize("large_print", [False, True])
def test_the_pdf_ua_checker_finds_nothing(name, large_print, tmp_path):
    pdfua = pytest.importorskip("pdfua")
    path = tmp_path / "card.pdf"
    path.write_bytes(render_pdf(card_of(name), large_print=large_print))
    report = pdfua.validate(str(path))
    assert not report.findings, [str(f) for f in report.findings]


def test_the_checker_can_fail(tmp_path):
    # The check above is worth something only if an untagged PDF fails it.
    pdfua = pytest.importorskip("pdfua")
    plain = pikepdf.new()
    plain.add_blank_page()
    path = tmp_path / "plain.pdf"
    plain.save(path)
    assert pdfua.validate(str(path)).findings


@pytest.mark.parametrize(("given", "expected"), [("nl", "nl"), ("en_GB", "en"), ("nl-BE", "nl"), ("", "nl"), ("x1", "nl")])
def test_the_document_language_is_a_code_typst_takes(given, expected):
    from prep_assistant.summary.pdf_data import typst_language

    assert typst_language(given) == expected


def test_the_clinicians_pack_sheet_is_tagged_too(tmp_path):
    from prep_assistant import i18n
    from prep_assistant.dialogue.library import load_pack_file
    from prep_assistant.paths import dialogues_dir
    from prep_assistant.summary.pack_sheet import render_sheet_pdf

    i18n.set_language("nl")
    data = render_sheet_pdf(load_pack_file(dialogues_dir() / "packs" / "knie_artrose.toml"))
    with open_pdf(data) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked) and str(pdf.Root.Lang) == "nl"
        kinds = structure_kinds(pdf)
    assert kinds["/H1"] == 1 and kinds["/H2"] >= 4 and kinds["/L"] >= 2, kinds
    pdfua = pytest.importorskip("pdfua")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(data)
    assert not pdfua.validate(str(path)).findings
