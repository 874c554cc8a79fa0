"""A patient's text never becomes Typst markup or code: it is set as typed.

Every string of the card's sections (header, every block kind, footer) is
replaced by a hostile one and the PDF is read back: the text is there,
nothing was interpreted (no file read, no panic, no maths), no traceback.
"""

from __future__ import annotations

import re

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prep_assistant.summary import build_sections
from prep_assistant.summary.render_pdf import render_sections_pdf
from prep_assistant.summary.sections import CardSections
from tests.test_summary_model import card_of
from tests.test_summary_pdf import found, pages_of

#: Pieces that mean something to Typst (markup, code, maths, labels, raw text).
TYPST_PIECES = [
    "#", "[", "]", "*", "_", "$", "@", "<", ">", "\\", "`", "```", "~", "=", "- ", "+ ", "/ ", "//", "/*",
    '#read("/etc/passwd")', '#panic("boom")', "#import \"@preview/x:1.0.0\"", "#set text(size: 80pt)",
    "$x^2$", "<label>", "@label", "*vet*", "_schuin_", "#{1+1}", "\\u{41}", "{", "}", "#metadata(1)<section-end>",
    "<script>alert(1)</script>", "&amp;", "%PDF-1.7", ")", "(", "\\n",
]
OTHER_PIECES = [
    "\x00", "\x07", "\x1b[2J", "\x7f", "\u202e", "\u2066",  # control and direction characters
    "فاطمة", "אני דואג", "🐕", "👩🏽‍⚕️", "Ağrı İlaç Şimdi ılık", "Łódź żółć źdźbło",
]


def _replace_texts(value, text: str):
    """``value`` with every string in it (outside the labels) replaced by ``text``."""
    if isinstance(value, str):
        return text
    if isinstance(value, tuple):
        return tuple(_replace_texts(item, text) for item in value)
    if isinstance(value, msgspec.Struct):
        changes = {}
        for name in value.__struct_fields__:
            if name in ("labels", "weighs", "language", "column"):
                continue  # the card's own words and format strings, not a patient's
            changes[name] = _replace_texts(getattr(value, name), text)
        return msgspec.structs.replace(value, **changes)
    return value


@pytest.fixture(scope="module")
def sheet() -> CardSections:
    return build_sections(card_of("typical"))


def _shown(text: str) -> str:
    """What the card can show of ``text``: control characters become "?"."""
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "?", text)


@pytest.mark.parametrize("piece", TYPST_PIECES)
def test_typst_syntax_is_set_as_text(sheet, piece):
    text = f"Voor {piece} na"
    pages = pages_of(render_sections_pdf(_replace_texts(sheet, text)))
    joined = "\n".join(pages)
    assert found(text, joined), (piece, joined[:300])
    # Had Typst run it, #read would have put the file here, #panic raised.
    assert "root:x:0:0" not in joined


@pytest.mark.parametrize("piece", OTHER_PIECES)
def test_control_characters_scripts_and_emoji_never_crash(sheet, piece):
    text = f"Voor {piece} na"
    joined = "\n".join(pages_of(render_sections_pdf(_replace_texts(sheet, text))))
    assert found("Voor", joined) and found("na", joined)


def test_ten_thousand_characters_in_every_field(sheet):
    text = ("Een heel lang antwoord #[*x*] $y$ <z> " * 300)[:10_000]
    data = render_sections_pdf(_replace_texts(sheet, text), large_print=False)
    pages = pages_of(data)
    assert len(pages) > 5
    assert found(text[:2000], "\n".join(pages))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(TYPST_PIECES + OTHER_PIECES) | st.text(max_size=12), min_size=1, max_size=6))
def test_any_mix_of_hostile_pieces_is_set_as_typed(sheet, parts):
    text = "x" + "".join(parts) + "y"
    joined = "\n".join(pages_of(render_sections_pdf(_replace_texts(sheet, text))))
    plain = _shown(text)
    # Latin, markup and digits come back as typed; other scripts and emoji are
    # checked by the tests above (pypdf reorders right-to-left runs).
    if plain.isascii() and plain.isprintable():
        assert found(plain, joined), (text, joined[:300])
    else:
        assert joined.strip()
