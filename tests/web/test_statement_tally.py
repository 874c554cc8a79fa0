"""The facilitator's counts: exact under any interleaving, and deaf to what does not fit."""

from __future__ import annotations

import secrets
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from prep_assistant.web.statement_message import MAX_LINE_BYTES, StatementMessage, encode, parse
from prep_assistant.web.tally import Scale, Tally

SCALE = ("eens", "beetje_eens", "neutraal", "beetje_oneens", "oneens")
STATEMENTS = ("vragen", "iemand_mee", "bedenktijd")
PARTICIPANTS = [secrets.token_hex(16) for _ in range(12)]


def new_tally() -> Tally:
    return Tally([Scale(statement, SCALE) for statement in STATEMENTS])


answers = st.lists(
    st.tuples(
        st.sampled_from(range(len(PARTICIPANTS))),
        st.sampled_from(STATEMENTS),
        st.one_of(st.none(), st.sampled_from(SCALE)),
    ),
    max_size=200,
)


@settings(max_examples=200, deadline=None)
@given(answers)
def test_any_interleaving_of_answers_and_changes_counts_each_participants_last_answer(sequence):
    tally = new_tally()
    last: dict[tuple[int, str], str | None] = {}
    for who, statement, choice in sequence:
        assert tally.record(PARTICIPANTS[who], statement, choice)
        last[(who, statement)] = choice
    for statement in STATEMENTS:
        expected = Counter(choice for (_, s), choice in last.items() if s == statement and choice is not None)
        assert tally.counts()[statement] == {choice: expected[choice] for choice in SCALE}
        assert tally.answered(statement) == sum(expected.values())


@settings(max_examples=100, deadline=None)
@given(
    st.text(max_size=70),
    st.text(max_size=70),
    st.one_of(st.none(), st.text(max_size=70)),
)
def test_whatever_does_not_fit_changes_nothing(participant, statement, choice):
    tally = new_tally()
    before = tally.counts()
    fits = (
        participant in PARTICIPANTS or (len(participant) == 32 and all(c in "0123456789abcdef" for c in participant))
    ) and statement in STATEMENTS and (choice is None or choice in SCALE)
    assert tally.record(participant, statement, choice) is fits
    if not fits:
        assert tally.counts() == before


def test_a_participant_who_leaves_keeps_their_counts_and_nothing_else():
    tally = new_tally()
    tally.record(PARTICIPANTS[0], "vragen", "eens")
    tally.record(PARTICIPANTS[1], "vragen", "oneens")
    # The first one leaves halfway: no message says so, and nothing changes.
    tally.record(PARTICIPANTS[1], "bedenktijd", "neutraal")
    assert tally.counts()["vragen"] == {"eens": 1, "beetje_eens": 0, "neutraal": 0, "beetje_oneens": 0, "oneens": 1}


def test_a_flood_of_invented_participants_is_bounded():
    tally = Tally([Scale("vragen", SCALE)], max_participants=3)
    results = [tally.record(secrets.token_hex(16), "vragen", "eens") for _ in range(10)]
    assert results == [True] * 3 + [False] * 7
    assert tally.answered("vragen") == 3


def test_the_counts_are_a_copy():
    tally = new_tally()
    tally.counts()["vragen"]["eens"] = 99
    assert tally.counts()["vragen"]["eens"] == 0


# -- the message on the wire --------------------------------------------------------------


def test_a_message_goes_there_and_back():
    message = StatementMessage(PARTICIPANTS[0], "vragen", "eens")
    line = encode(message)
    assert line.endswith(b"\n") and parse(line.rstrip(b"\n")) == message
    assert parse(encode(StatementMessage(PARTICIPANTS[0], "vragen", None)).strip()).choice is None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=700))
def test_any_bytes_parse_to_a_message_or_to_nothing(line):
    message = parse(line)
    assert message is None or isinstance(message, StatementMessage)


def test_extra_keys_other_types_and_long_lines_are_refused():
    good = b'{"p":"%s","s":"vragen","c":"eens"}' % PARTICIPANTS[0].encode()
    assert parse(good) is not None
    for bad in (
        b'{"p":"%s","s":"vragen","c":"eens","text":"hallo"}' % PARTICIPANTS[0].encode(),
        b'{"p":"%s","s":"vragen","c":1}' % PARTICIPANTS[0].encode(),
        b'["vragen","eens"]',
        b'{"p":"x","s":"' + b"v" * 100 + b'","c":"eens"}',
        b"[" * 100_000,
        good + b" " * MAX_LINE_BYTES,
    ):
        assert parse(bad) is None, bad[:80]
