"""A companion's view in the patient's session (after OPDG for Two): stored,
read back, compared, on the card, exported, imported and deleted together."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from prep_assistant.conversation import Conversation
from prep_assistant.conversation.companion import (
    CompanionConversation,
    CompanionError,
    can_hand_over,
    companion_started,
    hand_over,
)
from prep_assistant.dialogue.answers import AnswerError
from prep_assistant.dialogue.library import LibraryError, find_flow
from prep_assistant.session import Store, StoreError
from prep_assistant.session.export import FORMAT_VERSION, build_export, export_session, import_session
from prep_assistant.session.schema import SCHEMA_VERSION
from prep_assistant.summary import render_markdown, render_text
from prep_assistant.summary.companion import MAX_NAME_LENGTH, clean_name, compare, pair_options, same_words
from prep_assistant.summary.model import OptionView
from prep_assistant.summary.output import render_bytes
from prep_assistant.summary.sections import OptionsTable, build_sections

from companion_helpers import COMPANION, OPTIONS, answer_until, patient_with_options


# -- the store: a second set of answers in the same session -----------------------


def test_the_store_keeps_the_two_views_apart(tmp_path):
    with Store.open(tmp_path) as store:
        info = store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
        store.save_answer(info.id, "voorkeur", "Afwachten", progress=(3, 10))
        store.save_answer(info.id, "voorkeur", "Operatie", respondent="companion")
        store.save_answer(info.id, "naam", "Kees", respondent="companion")
        assert store.answers(info.id) == {"voorkeur": "Afwachten"}
        assert store.answers(info.id, respondent="companion") == {"voorkeur": "Operatie", "naam": "Kees"}
        assert [r.address for r in store.history(info.id, respondent="companion")] == ["voorkeur", "naam"]
        # The companion's answers never change the patient's progress.
        assert store.get(info.id).progress == (3, 10)


def test_an_unknown_respondent_is_refused(tmp_path):
    with Store.open(tmp_path) as store:
        info = store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
        with pytest.raises(ValueError):
            store.save_answer(info.id, "naam", "x", respondent="neighbour")  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            store.answers(info.id, respondent="'; DROP TABLE answers; --")  # type: ignore[arg-type]


def test_a_store_of_the_first_version_gets_the_respondent_and_keeps_every_answer(tmp_path):
    db = sqlite3.connect(tmp_path / "sessions.sqlite3")
    from prep_assistant.session.schema import MIGRATIONS

    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version=1")
    db.execute(
        "INSERT INTO sessions VALUES ('20261130-1200-abcd', 'voorbereiding', 1, 'preparation', NULL, NULL, 'nl',"
        " NULL, 1, 10, 0, '2026-11-30T12:00:00.000000+00:00', '2026-11-30T12:00:00.000000+00:00')"
    )
    db.execute(
        "INSERT INTO answers (session_id, address, value_json, given_at) "
        "VALUES ('20261130-1200-abcd', 'beslissing', '\"Knie\"', '2026-11-30T12:00:00.000000+00:00')"
    )
    db.commit()
    db.close()
    with Store.open(tmp_path) as store:
        assert store.answers("20261130-1200-abcd") == {"beslissing": "Knie"}
        assert store.answers("20261130-1200-abcd", respondent="companion") == {}
    check = sqlite3.connect(tmp_path / "sessions.sqlite3")
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    check.close()


# -- the comparison: facts and values ------------------------------------------------

words = st.text(alphabet="abcdefgh ", min_size=1, max_size=8).filter(lambda t: same_words(t))
weights = st.none() | st.integers(0, 5)


@st.composite
def option_views(draw):
    pros = draw(st.lists(words, max_size=4, unique_by=same_words))
    cons = draw(st.lists(words, max_size=4, unique_by=same_words))
    return OptionView(
        name="x",
        pros=pros,
        cons=cons,
        pro_weights={t: w for t in pros if (w := draw(weights)) is not None},
        con_weights={t: w for t in cons if (w := draw(weights)) is not None},
    )


@settings(max_examples=150, deadline=None)
@given(option_views(), option_views())
def test_facts_are_what_one_names_and_the_other_does_not(patient, companion):
    differences = compare(patient, companion)
    for side, mine, theirs in (("pros", patient.pros, companion.pros), ("cons", patient.cons, companion.cons)):
        mine_keys, their_keys = {same_words(t) for t in mine}, {same_words(t) for t in theirs}
        facts = [d for d in differences if d.kind == "fact" and d.side == side]
        assert {same_words(d.text) for d in facts if d.only == "patient"} == mine_keys - their_keys
        assert {same_words(d.text) for d in facts if d.only == "companion"} == their_keys - mine_keys


@settings(max_examples=150, deadline=None)
@given(option_views(), option_views())
def test_values_are_the_same_item_with_another_known_weight(patient, companion):
    for difference in compare(patient, companion):
        if difference.kind != "value":
            continue
        assert difference.patient_weight is not None and difference.companion_weight is not None
        assert difference.patient_weight != difference.companion_weight
    shared_and_weighed_differently = {
        same_words(t)
        for t in patient.pros
        for u in companion.pros
        if same_words(t) == same_words(u)
        and t in patient.pro_weights
        and u in companion.pro_weights
        and patient.pro_weights[t] != companion.pro_weights[u]
    }
    values = {same_words(d.text) for d in compare(patient, companion) if d.kind == "value" and d.side == "pros"}
    assert values == shared_and_weighed_differently


@settings(max_examples=100, deadline=None)
@given(option_views(), option_views())
def test_the_comparison_is_symmetric(patient, companion):
    there = compare(patient, companion)
    back = compare(companion, patient)
    flip = {"patient": "companion", "companion": "patient"}
    assert sorted((d.kind, d.side, same_words(d.text), flip.get(d.only or "", None)) for d in there) == sorted(
        (d.kind, d.side, same_words(d.text), d.only) for d in back
    )


@settings(max_examples=100, deadline=None)
@given(option_views())
def test_the_same_view_twice_differs_nowhere(view):
    assert compare(view, view) == ()


def test_case_spacing_and_end_marks_do_not_make_a_difference():
    patient = OptionView("x", pros=["Geen operatie."], pro_weights={"Geen operatie.": 3})
    companion = OptionView("x", pros=["  geen   OPERATIE"], pro_weights={"  geen   OPERATIE": 3})
    assert compare(patient, companion) == ()


def test_options_only_one_of_the_two_has_are_kept_in_order():
    pairs = pair_options([OptionView("A"), OptionView("B")], [OptionView("b"), OptionView("C")])
    assert [(p.name, p.patient is not None, p.companion is not None) for p in pairs] == [
        ("A", True, False), ("B", True, True), ("C", False, True)
    ]


# -- names: literal, cleaned, never too long -----------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["[bold]Kees[/]", "[/", "[@click=app.quit]x[/]", "<script>alert(1)</script>", "Kees\x1b[31m\x07", "\u202eseeK"],
)
def test_a_hostile_name_is_shown_literally_and_cleaned(raw):
    name = clean_name(raw)
    assert "\x1b" not in name and "\x07" not in name and "\u202e" not in name
    assert name.replace("\u2026", "")


def test_a_name_of_ten_thousand_characters_is_shortened():
    assert len(clean_name("K" * 10_000)) == MAX_NAME_LENGTH


# -- the hand-over: same session, companion's own answers ------------------------------


def test_the_patient_must_have_options_before_handing_over():
    store = Store.guest()
    patient = Conversation.start(store, language="nl")
    assert can_hand_over(patient) is not None
    with pytest.raises(CompanionError) as refused:
        hand_over(patient, show_answers=False)
    assert "options" in refused.value.message


def test_the_companion_flow_cannot_be_started_on_its_own():
    with pytest.raises(LibraryError) as refused:
        Conversation.start(Store.guest(), flow=find_flow("voorbereiding_naaste"))
    assert "F7" in refused.value.message


def test_the_companion_answers_in_the_same_session_as_their_own(tmp_path):
    with Store.open(tmp_path) as store:
        patient = patient_with_options(store)
        before = store.answers(patient.session.id)
        companion = hand_over(patient, show_answers=False)
        assert isinstance(companion, CompanionConversation)
        assert companion.current.node_id == "naam"
        answer_until(companion, COMPANION)
        assert companion.done
        assert companion.title == "Now Kees is filling in"
        assert store.answers(patient.session.id) == before  # the patient's answers are untouched
        theirs = store.answers(patient.session.id, respondent="companion")
        assert theirs["opties"] == OPTIONS  # the patient's list, saved with the first answer
        assert theirs["voorkeur"] == "Operatie"
        assert companion.hand_back() is patient
        assert companion_started(patient) == "Kees"
        patient.close()


def test_an_empty_name_gets_a_clear_message():
    store = Store.guest()
    companion = hand_over(patient_with_options(store), show_answers=False)
    for empty in ("", "   ", "\x1b\x07", "\u200b\u200b", "..."):
        with pytest.raises(AnswerError) as refused:
            companion.answer_text(empty)
        assert "name" in refused.value.message
    with pytest.raises(AnswerError) as too_long:
        companion.answer_text("K" * 10_000)
    assert "60" in too_long.value.message
    assert companion.current.node_id == "naam"


def test_the_companion_sees_no_card_unless_the_patient_chose_to_show_their_answers():
    store = Store.guest()
    patient = patient_with_options(store)
    hidden = hand_over(patient, show_answers=False)
    assert hidden.card_refusal()
    with pytest.raises(CompanionError):
        hidden.card()
    shown = hand_over(patient, show_answers=True)
    assert shown.card_refusal() is None
    # The patient's card, with their options (the first table of options on it).
    tables = [block for section in build_sections(shown.card()).sections for block in section.body if isinstance(block, OptionsTable)]
    assert tables and [row.name for row in tables[0].rows] == OPTIONS


def test_a_companion_who_stops_halfway_keeps_their_answers_and_the_card_shows_them(tmp_path):
    with Store.open(tmp_path) as store:
        patient = patient_with_options(store)
        session_id = patient.session.id
        companion = hand_over(patient, show_answers=False)
        answer_until(companion, COMPANION, stop_at="nadelen")
        companion.close()
    with Store.open(tmp_path) as store:
        patient = Conversation.resume(store, session_id)
        text = render_text(patient.card())
        assert "Kees has not finished filling in" in text
        assert "Only Kees names this pro: Rust" in text
        again = hand_over(patient, show_answers=False)
        assert again.current.node_id == "nadelen"  # goes on where they stopped
        patient.close()


# -- the card: both views side by side, in every format ----------------------------


@pytest.fixture
def both_views():
    store = Store.guest()
    patient = patient_with_options(store)
    answer_until(hand_over(patient, show_answers=False), COMPANION)
    return patient.card()


def test_the_card_shows_both_views_per_option_and_marks_facts_and_values(both_views):
    sections = build_sections(both_views)
    together = next(s for s in sections.sections if s.heading == "Your view and Kees's view")
    table = next(b for b in together.body if isinstance(b, OptionsTable))
    assert [row.name for row in table.rows] == OPTIONS
    wait, operation = table.rows
    assert [side.heading for side in wait.sides] == ["You", "Kees"]
    assert wait.touches == ("Only Kees names this pro: Rust",)
    assert operation.touches == ("Same con, another weight: Lang herstel (you 4, Kees 1 of 5)",)


def test_the_card_in_markdown_and_text(both_views):
    for text in (render_markdown(both_views), render_text(both_views)):
        assert "Here you see it differently: something to talk about." in text
        assert "Only Kees names this pro: Rust" in text
        assert "Kees leans to" in text and "Weer fietsen" in text


def test_the_card_in_dutch():
    from prep_assistant import i18n

    i18n.set_language("nl")
    store = Store.guest()
    patient = patient_with_options(store)
    answer_until(hand_over(patient, show_answers=False), COMPANION)
    text = render_text(patient.card())
    assert "Hier kijkt u verschillend naar: om over te praten." in text
    assert "Alleen Kees noemt dit voordeel: Rust" in text
    assert "Uw kijk en de kijk van Kees" in text


def test_the_card_as_pdf_and_html(both_views):
    pdf = render_bytes(both_views, "pdf")
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "Kees" in flat and "Rust" in flat and "To talk about" in flat
    html = render_bytes(both_views, "html").decode("utf-8")
    assert "Only Kees names this pro: Rust" in html


def test_a_hostile_name_on_the_card_is_literal_and_escaped():
    store = Store.guest()
    patient = patient_with_options(store)
    companion = hand_over(patient, show_answers=False)
    answer_until(companion, {**COMPANION, "naam": "<b>[bold]Kees[/]</b>\x1b[31m"})
    card = patient.card()
    assert "<b>[bold]Kees[/]</b>" in render_text(card)
    html = render_bytes(card, "html").decode("utf-8")
    assert "<b>[bold]" not in html and "&lt;b&gt;[bold]Kees[/]&lt;/b&gt;" in html
    assert "\x1b" not in render_text(card) + html
    render_bytes(card, "pdf")  # the Typst card takes it as text


# -- together everywhere: guest mode, export and import, delete ----------------------


def test_export_and_import_keep_both_views_together(tmp_path):
    with Store.open(tmp_path / "one") as store:
        patient = patient_with_options(store)
        answer_until(hand_over(patient, show_answers=False), COMPANION)
        session_id = patient.session.id
        target = export_session(store, session_id, tmp_path / "export.json")
        patient_answers = store.answers(session_id)
        companion_answers = store.answers(session_id, respondent="companion")
        patient.close()
    data = json.loads(target.read_text("utf-8"))
    assert data["version"] == FORMAT_VERSION
    assert {a["address"] for a in data["companion_answers"]} >= {"naam", "voorkeur"}
    with Store.open(tmp_path / "two") as other:
        result = import_session(other, target)
        assert result.companion_answer_count == len(data["companion_answers"])
        assert other.answers(result.session.id) == patient_answers
        assert other.answers(result.session.id, respondent="companion") == companion_answers


def test_without_a_companion_the_export_is_what_earlier_versions_wrote(tmp_path):
    with Store.open(tmp_path / "one") as store:
        patient = patient_with_options(store)
        target = export_session(store, patient.session.id, tmp_path / "export.json")
        patient.close()
    data = json.loads(target.read_text("utf-8"))
    assert "companion_answers" not in data  # an earlier version reads it as before
    with Store.open(tmp_path / "two") as other:
        result = import_session(other, target)
        assert result.companion_answer_count == 0
        assert other.answers(result.session.id, respondent="companion") == {}


def test_companion_answers_of_the_wrong_shape_import_nothing(tmp_path):
    with Store.open(tmp_path / "one") as store:
        patient = patient_with_options(store)
        answer_until(hand_over(patient, show_answers=False), COMPANION)
        data = json.loads(build_export(store, patient.session.id).model_dump_json())
        patient.close()
    data["companion_answers"][0]["value"] = {"nested": ["no"]}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), "utf-8")
    with Store.open(tmp_path / "two") as other:
        with pytest.raises(StoreError) as refused:
            import_session(other, bad)
        assert "Nothing was imported" in refused.value.message
        assert other.list_sessions() == []


def test_deleting_a_session_deletes_both_views(tmp_path):
    with Store.open(tmp_path) as store:
        patient = patient_with_options(store)
        answer_until(hand_over(patient, show_answers=False), COMPANION)
        session_id = patient.session.id
        patient.close()
        store.delete(session_id)
    db = sqlite3.connect(tmp_path / "sessions.sqlite3")
    assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == 0
    db.close()
    raw = (tmp_path / "sessions.sqlite3").read_bytes()
    assert b"Weer fietsen" not in raw and b"Kees" not in raw


def test_guest_mode_keeps_both_views_in_memory_only(tmp_path):
    store = Store.guest()
    patient = patient_with_options(store)
    answer_until(hand_over(patient, show_answers=True), COMPANION)
    assert "Only Kees names this pro: Rust" in render_text(patient.card())
    assert not any(tmp_path.iterdir())


def test_the_import_command_says_the_companions_view_came_along(tmp_path, capsys):
    from tests.test_session_cli import run

    with Store.open(tmp_path / "one") as store:
        patient = patient_with_options(store)
        answer_until(hand_over(patient, show_answers=False), COMPANION)
        target = export_session(store, patient.session.id, tmp_path / "export.json")
        patient.close()
    assert run("sessions", "import", str(target)) == 0
    assert "The view of the person who decided with the patient came along too" in capsys.readouterr().out


def test_stopping_during_the_companions_part_counts_the_patients_answers():
    store = Store.guest()
    patient = patient_with_options(store)
    companion = hand_over(patient, show_answers=False)
    assert companion.has_answers  # guest mode asks before the answers are gone


def test_a_second_window_cannot_open_the_session_while_the_companion_fills_in(tmp_path):
    from prep_assistant.session import SessionInUse

    with Store.open(tmp_path) as store, Store.open(tmp_path) as other_window:
        patient = patient_with_options(store)
        companion = hand_over(patient, show_answers=False)
        answer_until(companion, COMPANION, stop_at="voordelen")
        with pytest.raises(SessionInUse):
            Conversation.resume(other_window, patient.session.id)
        companion.close()  # the companion's part ends: the patient's claim goes with it
        Conversation.resume(other_window, patient.session.id).close()
