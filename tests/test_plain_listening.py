"""Plain mode as a screen-reader user hears it (issue 16, points 5 and 12-15).

A whole preparation (three options, two pros and two cons each) is piped
through plain mode, and what is said is measured: how many of the spoken
words are in lines said before, whether the question is the last line
before each answer, how errors sound, what "?" does, and what happens to a
bare number in a list.
"""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from prep_assistant import i18n
from prep_assistant.conversation import Conversation
from prep_assistant.dialogue.answers import AnswerError, parse_numbers
from prep_assistant.dialogue.library import find_flow
from prep_assistant.launch import wants_plain
from prep_assistant.plain.runner import PlainRunner
from prep_assistant.session import Store
from tests.test_plain_mode import ROOT, run_plain, stored

#: A whole preparation: three options (waiting is already on the list), two
#: pros and two cons each, every question answered, the card declined.
PREPARATION = [
    "Wel of geen operatie aan mijn knie",  # beslissing
    "31-12-2099",  # afspraak
    "Binnen een maand",  # beslis_moment
    "2",  # fase
    "Weer een uur wandelen met de hond",  # doelen
    "1 2 11",  # activiteiten
    "Kleinkinderen oppassen", "",  # an own activity
    "3 1 2",  # top_activiteiten
    "Lang herstel na een operatie",  # zorgen
    "Thuis kunnen blijven wonen",  # wensen
    "2",  # wie
    "Anna, mijn dochter",  # naam_rol
    "1",  # gaat_mee
    "1",  # rol
    "2",  # informatie
    "Een operatie of fysiotherapie", "Welke mogelijkheden zijn er?", "",
    "Na een operatie moet ik lang herstellen", "Hoe lang duurt het herstel?", "",
    "Ik woon alleen op de tweede verdieping", "Kan ik thuis blijven wonen?", "",
    "Mag ik daarna autorijden?", "",  # mijn_vragen
    "1 2 3",  # top_vragen
    "Operatie", "Fysiotherapie", "",  # opties, after waiting
    # Waiting
    "Geen operatie", "Ik kan zelf oppassen", "", "4", "3",
    "De pijn blijft", "Wandelen blijft moeilijk", "", "4", "4",
    "2", "Wandelen blijft moeilijk",
    # Surgery
    "Minder pijn", "Weer wandelen", "", "5", "4",
    "Lang herstel", "Kans op infectie", "", "4", "3",
    "1", "Een tijd niet oppassen",
    # Physiotherapy
    "Ik blijf in beweging", "Geen risico", "", "3", "2",
    "Het kost veel tijd", "Misschien niet genoeg", "", "2", "3",
    "3", "Ik kan blijven zingen",
    "Fysiotherapie, denk ik",  # voorkeur
    "2", "1", "1", "2",  # the four checks
    "Een taxi bestellen",  # nog_regelen
    "",  # no card
]

#: Words a patient hears per minute when text is read aloud.
WORDS_PER_MINUTE = 150


def repetition(spoken: str) -> tuple[int, int]:
    """(words in lines said before, all words), blank lines left out."""
    seen: set[str] = set()
    repeated = total = 0
    for line in spoken.splitlines():
        line = line.strip()
        if not line:
            continue
        words = len(line.split())
        total += words
        if line in seen:
            repeated += words
        seen.add(line)
    return repeated, total


@pytest.fixture(scope="module")
def preparation(tmp_path_factory):
    data = tmp_path_factory.mktemp("prep")
    result = run_plain(data, PREPARATION)
    assert result.returncode == 0, result.stderr
    return data, result.stdout


def test_the_scripted_preparation_goes_where_it_is_meant_to(preparation):
    data, _out = preparation
    answers = stored(data)
    assert answers["opties"] == ["Afwachten: nu nog niets doen", "Operatie", "Fysiotherapie"]
    assert answers["nadelen_gewicht[Fysiotherapie]"] == {"Het kost veel tijd": 2, "Misschien niet genoeg": 3}
    assert answers["nog_regelen"] == "Een taxi bestellen"
    with Store.open(data) as store:
        assert store.list_sessions()[0].finished


def test_at_most_a_tenth_of_the_spoken_words_were_said_before(preparation):
    _data, out = preparation
    repeated, total = repetition(out)
    share = repeated / total
    print(f"repeated {repeated} of {total} words ({share:.1%}); {total / WORDS_PER_MINUTE:.1f} minutes of listening")
    assert share <= 0.10
    # The lines the issue counted: each said once now.
    assert out.count("Druk op Enter om deze vraag over te slaan.") == 1
    assert out.count("Typ één punt per regel.") <= 1


class _Prompting(io.StringIO):
    """Stdin that notes, at every read, the last line said and the turn asked."""

    def __init__(self, lines: list[str], runner_out: io.StringIO) -> None:
        super().__init__("\n".join(lines) + "\n")
        self.out = runner_out
        self.runner: PlainRunner | None = None
        self.seen: list[tuple[str | None, str, str | None]] = []

    def readline(self, *args) -> str:
        said = [line for line in self.out.getvalue().splitlines() if line.strip()]
        conversation = self.runner.conversation if self.runner else None
        turn = conversation.current if conversation is not None else None
        self.seen.append((turn.key if turn else None, said[-1] if said else "", turn.text if turn else None))
        return super().readline(*args)


def test_the_question_is_the_last_line_before_each_first_answer(tmp_path):
    i18n.set_language("nl")
    out = io.StringIO()
    stdin = _Prompting(PREPARATION, out)
    with Store.open(tmp_path) as store:
        runner = PlainRunner(store, stdin=stdin, stdout=out)
        stdin.runner = runner
        assert runner.run() == 0
    asked: set[str] = set()
    checked = 0
    for key, last_line, text in stdin.seen:
        if key is None or key in asked:
            continue  # the start, or a later line of the same answer (a list item, a weight)
        asked.add(key)
        if key.startswith(("voordelen_gewicht", "nadelen_gewicht")):
            assert " van 2: " in last_line  # each weight is asked with its item
            continue
        assert last_line == text, key
        checked += 1
    assert checked > 30


@pytest.mark.parametrize("word", ["?", "help", "uitleg"])
def test_help_says_the_instructions_again_and_then_the_question(tmp_path, word):
    result = run_plain(tmp_path, ["Knie", word, "31-12-2099"])
    out = result.stdout
    date_rule = "Typ een datum als dag-maand-jaar, bijvoorbeeld 24-12-2026."
    assert out.count(date_rule) == 2
    after_help = [line for line in out[out.rindex(date_rule):].splitlines() if line.strip()]
    assert after_help[-1] != date_rule
    assert "Op welke datum is het gesprek met uw arts?" in after_help
    assert stored(tmp_path)["afspraak"] == "2099-12-31"


def test_an_error_sounds_like_one_and_does_not_repeat_the_block(tmp_path):
    result = run_plain(tmp_path, ["Knie", "", "", "9", "2"])
    out = result.stdout
    assert "Dat begrijp ik niet:" in out
    assert out.count("1. Ik begin er net over na te denken") == 1  # the choices, said once
    lines = [line for line in out.splitlines() if line.strip()]
    error = next(i for i, line in enumerate(lines) if line.startswith("Dat begrijp ik niet:"))
    assert "Typ het nummer van uw antwoord." in lines[error + 1 : error + 3]
    assert lines[error + 3] == "Hoe ver bent u met nadenken over deze keuze?"
    assert stored(tmp_path)["fase"] == "bezig"


def test_an_error_in_english_sounds_like_one(tmp_path):
    result = run_plain(tmp_path, ["Knee", "31-02-2099", ""], "--lang", "en")
    assert "I did not understand that: " in result.stdout


@pytest.mark.parametrize("typed, language", [("1, 2, 8 en 11", "nl"), ("1, 2, 8 and 11", "en"), ("1,2,8,11", "nl")])
def test_numbers_written_as_people_write_them_are_understood(tmp_path, typed, language):
    result = run_plain(tmp_path, ["Knie", "", "", "", "", typed, ""], "--lang", language)
    assert result.returncode == 0, result.stderr
    assert stored(tmp_path)["activiteiten"] == ["wandelen", "fietsen", "kleinkinderen", "tuinieren"]


def test_a_number_that_is_not_there_is_named():
    with pytest.raises(AnswerError, match="12"):
        parse_numbers("1 12", 11)
    with pytest.raises(AnswerError, match='"twee"'):
        parse_numbers("1 twee", 11)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=14), min_size=1, max_size=6),
    st.lists(st.sampled_from([" ", ", ", ",", " en ", " and ", "; ", " & "]), min_size=6, max_size=6),
)
def test_any_way_of_joining_numbers_reads_the_same(numbers, joins):
    typed = str(numbers[0]) + "".join(join + str(n) for join, n in zip(joins, numbers[1:]))
    assert parse_numbers(typed, 14) == [n - 1 for n in numbers]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
@example("\u00b2")  # a digit to str.isdigit, not a number to int()
@example("1 \u2463 en 2")
def test_any_typed_text_gives_numbers_or_a_clear_message(typed):
    try:
        positions = parse_numbers(typed, 5)
    except AnswerError as error:
        assert error.message
    else:
        assert all(0 <= p < 5 for p in positions)


def test_every_typed_item_is_confirmed(tmp_path):
    result = run_plain(tmp_path, _up_to_the_first_list() + ["Mijn eigen vraag", ""])
    assert "Toegevoegd: Mijn eigen vraag" in result.stdout


def _up_to_the_first_list() -> list[str]:
    # beslissing .. informatie skipped (activiteiten: no own items), then mogelijkheden_weet.
    return ["Knie", "", "", "", "", "", "", "", "", "", "", "", ""]


def test_a_bare_number_where_a_list_offers_suggestions_is_asked_about(tmp_path):
    result = run_plain(tmp_path, _up_to_the_first_list() + ["1", "ja", "2", "nee", ""])
    out = result.stdout
    assert 'Bedoelt u voorstel 1, "Wat zijn mijn mogelijkheden?"?' in out
    assert "Toegevoegd: Wat zijn mijn mogelijkheden?" in out
    assert stored(tmp_path)["mogelijkheden_vragen"] == ["Wat zijn mijn mogelijkheden?", "2"]


def test_a_bare_number_in_a_list_without_suggestions_is_asked_about_too(tmp_path):
    flow = tmp_path / "lijst.toml"
    flow.write_text(
        'format = 1\n[flow]\nid = "lijst"\ntitle = "Lijst"\nstart = "vragen"\n'
        '[[nodes]]\nid = "vragen"\nkind = "text_list"\ntext = "Welke vragen hebt u?"\n',
        encoding="utf-8",
    )
    result = run_plain(tmp_path, ["1", "nee", "Een echte vraag", ""], "--flow", str(flow))
    assert result.returncode == 0, result.stderr
    assert 'Wilt u "1" op de lijst zetten?' in result.stdout
    assert stored(tmp_path)["vragen"] == ["Een echte vraag"]


def test_back_at_the_first_question_says_there_is_nothing_earlier(tmp_path):
    result = run_plain(tmp_path, ["terug", "Knie"])
    out = result.stdout
    assert "Er is niets eerder: dit is de eerste vraag." in out
    assert out.count("Welkom. Hier bereidt u") == 1  # the welcome is not replayed
    assert stored(tmp_path)["beslissing"] == "Knie"


# -- starting: TERM=dumb, line editing, after a finished preparation -------------------


class _Tty(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_term_dumb_starts_plain_mode():
    assert wants_plain({"TERM": "dumb"}, _Tty(True), _Tty(True))
    assert not wants_plain({"TERM": "xterm-256color"}, _Tty(True), _Tty(True))
    assert wants_plain({}, _Tty(False), _Tty(True))


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX only")
def test_at_a_terminal_the_arrow_keys_edit_the_line(tmp_path):
    pytest.importorskip("readline")
    env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(tmp_path), LANGUAGE="", LC_ALL="", LANG="C", TERM="xterm")
    pid, fd = pty.fork()
    if pid == 0:  # the child: plain mode on the pseudo-terminal
        os.chdir(tmp_path)
        os.execve(sys.executable, [sys.executable, "-m", "prep_assistant", "--plain"], env)
    seen = b""

    def wait_for(text: bytes, timeout: float = 30.0) -> None:
        nonlocal seen
        end = time.monotonic() + timeout
        while text not in seen:
            assert time.monotonic() < end, seen[-400:]
            ready, _w, _x = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(fd, 4096)
                except OSError:
                    break

    wait_for("Over welke keuze gaat het gesprek?".encode())
    # Give input() a moment to put the terminal in readline's mode: keys that
    # arrive before that are echoed by the terminal itself.
    time.sleep(1.0)
    os.write(fd, b"Kne\x1b[Di\r")  # "Kne", left arrow, "i": "Knie"
    wait_for("Op welke datum".encode())
    os.write(fd, b"stop\r")
    wait_for(b"bewaard")
    os.close(fd)
    os.waitpid(pid, 0)
    assert b"^[[D" not in seen
    assert stored(tmp_path)["beslissing"] == "Knie"


def _finish_a_preparation(data) -> str:
    with Store.open(data) as store:
        conversation = Conversation.start(store, flow=find_flow("voorbereiding"))
        while conversation.current is not None:
            turn = conversation.current
            if turn.is_info:
                conversation.answer(True)
            elif turn.key == "beslissing":
                conversation.answer("Een knie")
            else:
                conversation.answer(None)
        conversation.close()
        return conversation.session.id


def test_after_a_finished_preparation_plain_mode_offers_the_card_and_makes_no_session(tmp_path):
    finished = _finish_a_preparation(tmp_path)
    result = run_plain(tmp_path, ["1", "1"])  # see my card, read it here
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "is klaar." in out and "Wat wilt u doen?" in out
    assert "Mijn gesprekskaart." in out and "De keuze: Een knie." in out
    # Stopping at the welcome of a new start leaves nothing behind either.
    run_plain(tmp_path, ["3"])
    with Store.open(tmp_path) as store:
        assert [s.id for s in store.list_sessions()] == [finished]


def test_after_a_finished_preparation_plain_mode_offers_the_part_after(tmp_path):
    _finish_a_preparation(tmp_path)
    result = run_plain(tmp_path, ["2", "1"])
    assert result.returncode == 0, result.stderr
    with Store.open(tmp_path) as store:
        kinds = sorted(s.flow_kind for s in store.list_sessions())
    assert kinds == ["after", "preparation"]


def test_back_at_the_start_offer_says_there_is_nothing_earlier(tmp_path):
    _finish_a_preparation(tmp_path)
    result = run_plain(tmp_path, ["terug", "3", "Heup"])
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Er is niets eerder: dit is de eerste vraag." in result.stdout
    assert stored(tmp_path)["beslissing"] == "Heup"


@pytest.mark.parametrize("typed", ["\u00b2", "+\u00b2", "\u2463"])
def test_digits_that_are_not_numbers_give_a_message_not_a_traceback(tmp_path, typed):
    # "²" and "④" are digits to str.isdigit but not numbers to int().
    result = run_plain(tmp_path, ["Knie", "", "", typed, "2"] + _up_to_the_first_list()[5:] + [typed, ""])
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Dat begrijp ik niet:" in result.stdout
    assert stored(tmp_path)["fase"] == "bezig"
