"""The application layer: one wording of answers, the read model, opening a
session, the start choice, the look-back, and a failed save that leaves the
conversation where it was."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prep_assistant.conversation import Conversation, choose_start, lookback_lines
from prep_assistant.conversation.opening import open_saved, translator
from prep_assistant.conversation.saved_card import open_for_card
from prep_assistant.dialogue.engine import Run
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.library import find_flow
from prep_assistant.dialogue.loader import load_flow
from prep_assistant.dialogue.wording import is_skipped, words_of
from prep_assistant.session import SessionInUse, Store, StoreError

from conftest import FIXTURES
from tests.store_doubles import FullDiskStore


@pytest.fixture
def flow(fixtures) -> Flow:
    loaded = load_flow(fixtures / "mini_flow.toml")
    assert loaded.ok
    return Flow.from_model(loaded.model, source_path=str(fixtures / "mini_flow.toml"))


def _answer_all(conversation: Conversation, *answers) -> None:
    for value in answers:
        assert conversation.current is not None
        conversation.answer(value)


# -- wording ---------------------------------------------------------------------


def test_each_kind_of_answer_reads_one_way(flow):
    run = Run(flow)
    assert words_of(run, "wie", "naaste").text() == "Met een naaste"
    assert words_of(run, "zeker", True).text() == "yes"
    assert words_of(run, "zeker", False).text() == "no"
    assert words_of(run, "gewicht[A]", 4).text() == "4"  # an address is not a node id
    assert words_of(run, "gewicht", 4).text() == "4 / 5"
    assert words_of(run, "gewicht", 9).text() == "5 / 5"
    assert words_of(run, "opties", ["A", "B"]).parts == ("A", "B")
    assert words_of(run, "x", {"snel": 3, "dichtbij": 5}).text() == "snel (3/5), dichtbij (5/5)"
    for empty in (None, "", "  ", [], {}):
        words = words_of(run, "naam", empty)
        assert words.skipped and words.text() == "" and words.shown() == "(skipped)"


def test_a_date_reads_as_a_long_date_in_the_patients_language():
    flow = find_flow("voorbereiding")
    node_id = next(n.id for n in flow.model.nodes if n.kind == "date")
    assert words_of(Run(flow), node_id, "2026-12-24").text() == "December 24, 2026"
    assert words_of(Run(flow), node_id, "not a date").text() == "not a date"


def test_answers_to_questions_that_no_longer_exist_still_read():
    assert words_of(None, "gone", True).text() == "yes"
    assert words_of(None, "gone", ["a", "b"]).text() == "a, b"
    assert words_of(None, "gone", 3).text() == "3"


_MINI_FLOW = Flow.from_model(load_flow(FIXTURES / "mini_flow.toml").model)

_hostile = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(value=_hostile, node_id=st.sampled_from(["wie", "zeker", "gewicht", "opties", "naam", "gone"]),
       control=st.sampled_from(["\x1b[2J", "\x1b]52;c;aGk=\x07", "\x9b31m", "\x00"]))
def test_any_stored_value_reads_without_error_or_control_characters(value, node_id, control):
    flow = _MINI_FLOW
    if isinstance(value, str):
        value = control + value + control
    elif isinstance(value, list):
        value = [control, *value]
    words = words_of(Run(flow), node_id, value)
    text = words.shown()
    assert isinstance(text, str)
    assert not any(ch in text for ch in "\x1b\x07\x9b\x00")
    assert words.skipped == (not words.parts)
    if is_skipped(value):
        assert words.skipped


# -- the read model --------------------------------------------------------------


def test_the_read_model_gives_answers_and_transcript_without_the_path(flow):
    store = Store.guest()
    conversation = Conversation.start(store, flow=flow)
    _answer_all(conversation, True, "Een knie", "naaste", None)
    answered = conversation.answered()
    assert [(a.key, a.words, a.skipped) for a in answered] == [
        ("beslissing", "Een knie", False),
        ("wie", "Met een naaste", False),
        ("naam", "(skipped)", True),
    ]
    lines = conversation.transcript()
    assert [(line.who, line.text) for line in lines][:2] == [("assistant", "Welkom."), ("assistant", "Waar gaat het over?")]
    assert ("patient", "(skipped)") in [(line.who, line.text) for line in lines]
    assert conversation.position == len({line.position for line in lines})
    assert conversation.has_answers
    stages = conversation.stages()
    assert stages.titles == ("Begin", "Opties") and stages.current == 1


def test_a_list_answer_is_one_item_a_line_and_a_ranking_is_numbered(flow):
    conversation = Conversation.start(Store.guest(), flow=flow)
    text, skipped = conversation.answer_bubble("opties", ["A", "B"])
    assert (text, skipped) == ("\u2022 A\n\u2022 B", False)
    assert conversation.answer_bubble("opties", []) == ("(skipped)", True)


# -- opening and the start choice ---------------------------------------------------


def test_the_start_choice_is_one_rule(tmp_path, flow):
    store = Store.open(tmp_path)
    assert choose_start(store, "preparation").action == "new"
    assert choose_start(store, "preparation", session_id="abc").action == "open"
    conversation = Conversation.start(store, flow=flow)
    _answer_all(conversation, True, "Een knie")  # a session is made at the first answer
    conversation.close()
    choice = choose_start(store, flow.kind)
    assert choice.action == "ask" and choice.session_id == conversation.session.id
    assert choose_start(store, flow.kind, new=True).action == "new"
    store.close()


def test_pack_texts_are_translated_from_dutch_and_flow_texts_from_the_flow(monkeypatch, flow):
    seen = []
    monkeypatch.setattr(
        "prep_assistant.conversation.opening.i18n.dialogue_text",
        lambda context, source, language: seen.append((context, language)) or source,
    )
    translate = translator(flow)
    translate("pack.x.decision", "Iets")
    translate("mini.welkom.text", "Welkom.")
    assert seen == [("pack.x.decision", "nl"), ("mini.welkom.text", flow.language)]


def test_a_saved_session_opens_with_its_pack_for_every_reader(tmp_path, fixtures, flow):
    store = Store.open(tmp_path)
    conversation = Conversation.start(store, flow=flow, pack_path=fixtures / "mini_pack.toml")
    _answer_all(conversation, True, "Een knie")  # a session is made at the first answer
    conversation.close()
    opened = open_saved(store, conversation.session)
    assert opened.pack is not None and not opened.pack_missing
    assert opened.run.pack is opened.pack
    card_session, notices = open_for_card(store)
    assert card_session.session.id == conversation.session.id and notices == []
    store.close()


def test_no_session_gives_a_card_message_not_a_traceback(tmp_path):
    from prep_assistant.summary.output import CardError

    store = Store.open(tmp_path)
    with pytest.raises(CardError, match="no saved sessions"):
        open_for_card(store)
    store.close()


# -- the look-back -----------------------------------------------------------------------


def test_the_lookback_shows_answers_and_earlier_versions(tmp_path):
    store = Store.open(tmp_path)
    preparation = Conversation.start(store, flow=find_flow("voorbereiding"))
    while preparation.current.kind == "info":  # the welcome
        preparation.answer(True)
    first = preparation.current
    assert first.kind == "text"
    preparation.answer("Een nieuwe knie")
    preparation.go_to(first.key)
    preparation.answer("Een nieuwe heup")
    preparation.close()
    after = Conversation.start(store, flow=find_flow("na_het_gesprek"))
    look_back = after.look_back()
    assert look_back is not None and look_back.session.id == preparation.session.id
    lines = lookback_lines(look_back)
    assert any("Een nieuwe heup" in line for line in lines)
    assert any("Earlier" in line and "Een nieuwe knie" in line for line in lines)
    store.close()


def test_no_preparation_means_no_lookback(tmp_path):
    store = Store.open(tmp_path)
    after = Conversation.start(store, flow=find_flow("na_het_gesprek"))
    assert after.look_back() is None
    store.close()


# -- a failed save ------------------------------------------------------------------------




# Answers before the failing one; 0 (reading the welcome) saves nothing until
# the first answer, which is case 1 here and test_a_failed_first_save... below.
@pytest.mark.parametrize("answers_before", [1, 2, 3])
def test_a_failed_save_leaves_the_conversation_at_the_same_question(tmp_path, flow, answers_before):
    store = FullDiskStore(Store.open(tmp_path))
    conversation = Conversation.start(store, flow=flow)
    _answer_all(conversation, *[True, "Een knie", "naaste"][:answers_before])
    before = conversation.current
    answered_before = [a.key for a in conversation.answered()]
    value = {0: True, 1: "Een knie", 2: "naaste", 3: "Kees"}[answers_before]
    store.fail = 1
    with pytest.raises(StoreError):
        conversation.answer(value)
    assert conversation.current.key == before.key
    assert [a.key for a in conversation.answered()] == answered_before
    conversation.answer(value)  # space is free again: the same answer saves
    saved = store.answers(conversation.session.id)
    assert saved[before.key] == (value if before.kind != "info" else True)
    conversation.close()
    store.close()


def test_a_failed_save_after_going_back_restores_the_later_path(tmp_path, flow):
    store = FullDiskStore(Store.open(tmp_path))
    conversation = Conversation.start(store, flow=flow)
    _answer_all(conversation, True, "Een knie", "naaste", "Kees")
    path_before = [line.position for line in conversation.transcript()]
    conversation.back_to_question()
    conversation.back_to_question()
    store.fail = 1
    with pytest.raises(StoreError):
        conversation.answer("alleen")  # would drop "naam" from the path
    assert conversation.current.key == "wie"
    conversation.skip_ahead()
    assert [line.position for line in conversation.transcript()] == path_before
    assert [a.key for a in conversation.answered()][-1] == "naam"
    conversation.close()
    store.close()


def test_plain_mode_says_a_failed_save_and_asks_again(tmp_path, flow):
    from prep_assistant.plain.runner import PlainRunner

    store = FullDiskStore(Store.open(tmp_path))
    store.fail = 2  # the welcome is saved at the third try: Enter twice
    out = io.StringIO()
    runner = PlainRunner(store, flow=flow, new=True, stdin=io.StringIO("\n\nEen knie\n"), stdout=out)
    assert runner.run() == 0
    text = out.getvalue()
    assert "The disk is full" in text
    assert "Traceback" not in text
    sessions = store.list_sessions()
    assert store.answers(sessions[0].id).get("beslissing") == "Een knie"
    store.close()


# -- a session is made at the first answer (issue 16, point 5) -----------------------------


def test_reading_the_welcome_and_stopping_leaves_no_session(tmp_path, flow):
    store = Store.open(tmp_path)
    conversation = Conversation.start(store, flow=flow)
    _answer_all(conversation, True)  # the welcome, read
    assert conversation.session is None
    conversation.set_language("en")
    conversation.close()
    assert store.list_sessions() == []
    assert choose_start(store, flow.kind).action == "new"
    store.close()


def test_the_first_answer_makes_and_claims_the_session_with_the_messages_read(tmp_path, flow):
    store = Store.open(tmp_path)
    conversation = Conversation.start(store, flow=flow, language="en")
    _answer_all(conversation, True, None)  # the welcome, then a skipped question: an answer too
    info = conversation.session
    assert info is not None and [s.id for s in store.list_sessions()] == [info.id]
    assert store.answers(info.id) == {"welkom": True, "beslissing": None}
    assert store.get(info.id).language == "en"
    other = Store.open(tmp_path)
    with pytest.raises(SessionInUse):
        other.claim(info.id)
    conversation.close()
    other.claim(info.id)  # released with the conversation
    other.close()
    store.close()


def test_guest_mode_makes_its_session_at_the_first_answer_too():
    store = Store.guest()
    conversation = Conversation.start(store)
    while conversation.current.is_info:
        conversation.answer(True)
    assert store.list_sessions() == []
    conversation.answer("Een knie")
    assert len(store.list_sessions()) == 1


def test_a_failed_first_save_makes_the_same_answer_save_later(tmp_path, flow):
    store = FullDiskStore(Store.open(tmp_path))
    conversation = Conversation.start(store, flow=flow)
    _answer_all(conversation, True)
    store.fail = 1
    with pytest.raises(StoreError):
        conversation.answer("Een knie")
    assert conversation.current.key == "beslissing"
    conversation.answer("Een knie")
    assert store.answers(conversation.session.id) == {"welkom": True, "beslissing": "Een knie"}
    conversation.close()
    store.close()


def test_after_a_finished_preparation_the_start_offers_it_not_a_new_empty_one(tmp_path, flow):
    store = Store.open(tmp_path)
    assert flow.kind == "preparation"
    done = Conversation.start(store, flow=flow)
    while done.current is not None:
        turn = done.current
        done.answer(True if turn.is_info else "alleen" if turn.kind == "single_choice" else None)
    done.close()
    assert store.get(done.session.id).finished
    choice = choose_start(store, flow.kind)
    assert choice.action == "finished" and choice.session_id == done.session.id
    # Opening again and stopping at the welcome changes nothing.
    again = Conversation.start(store, flow=flow)
    again.answer(True)
    again.close()
    assert choose_start(store, flow.kind).action == "finished"
    assert len(store.list_sessions()) == 1
    # An empty session left by an older version (made at every start) is not offered.
    store.create_session(flow_id="mini", flow_version=1, flow_kind="preparation", language="nl")
    assert choose_start(store, flow.kind).action == "finished"
    assert choose_start(store, "after").action == "new"
    store.close()


def test_a_session_is_described_without_doubled_punctuation(tmp_path):
    from prep_assistant.conversation import describe_session

    store = Store.open(tmp_path)
    info = store.create_session(
        flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl",
        decision="Vaker vanuit huis, of met een opname?",
    )
    words = describe_session(info)
    assert words.about == "It is about: Vaker vanuit huis, of met een opname?"
    assert words.row.endswith(": Vaker vanuit huis, of met een opname?")
    assert "started" not in words.row.lower()
    assert words.row_detail == "0 questions answered, not finished."
    plain = describe_session(store.create_session(
        flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl", decision="Een knie",
    ))
    assert plain.about == "It is about: Een knie."
    store.close()
