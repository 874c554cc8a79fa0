"""Plain mode end to end: a real subprocess, answers piped in."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from prep_assistant.session import Store

ROOT = Path(__file__).resolve().parent.parent


def run_plain(data_dir: Path, lines: list[str], *args: str, env_extra=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(data_dir), LANGUAGE="", LC_ALL="", LANG="C")
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "prep_assistant", "--plain", *args],
        input="\n".join(lines) + ("\n" if lines else ""),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=data_dir,
    )


def stored(data_dir: Path) -> dict:
    with Store.open(data_dir) as store:
        sessions = store.list_sessions()
        assert sessions, "no session was saved"
        return store.answers(sessions[0].id)


# The preparation flow, answered line by line up to the options.
START = [
    "Wel of geen operatie aan mijn knie",  # beslissing
    "31-12-2099",  # afspraak
    "",  # beslis_moment: skip
    "2",  # fase
    "Weer wandelen",  # doelen
    "1 11",  # activiteiten
    "Kleinkinderen oppassen",  # an own activity
    "",  # end of own activities
    "3 1 2",  # top_activiteiten
]


def test_whole_answers_are_stored_and_output_is_plain(tmp_path):
    result = run_plain(tmp_path, START)
    assert result.returncode == 0, result.stderr
    answers = stored(tmp_path)
    assert answers["beslissing"] == "Wel of geen operatie aan mijn knie"
    assert answers["afspraak"] == "2099-12-31"
    assert answers["beslis_moment"] is None
    assert answers["activiteiten"] == ["wandelen", "tuinieren", "Kleinkinderen oppassen"]
    assert answers["top_activiteiten"] == ["Kleinkinderen oppassen", "wandelen", "tuinieren"]
    out = result.stdout
    assert "1. Wandelen" in out
    # no escape sequences, no box drawing, no carriage returns
    assert "\x1b" not in out and "\r" not in out
    assert not re.search("[\u2500-\u257f\u2580-\u259f]", out)


def test_invalid_input_is_explained_and_asked_again(tmp_path):
    result = run_plain(tmp_path, ["Knie", "31-02-2099", "45-45-2099", "31-12-2099", "", "9", "2"])
    assert result.returncode == 0, result.stderr
    assert "does not exist" in result.stdout or "bestaat niet" in result.stdout
    assert result.stdout.count("Please try again.") + result.stdout.count("Probeer het nog eens.") >= 3
    answers = stored(tmp_path)
    assert answers["afspraak"] == "2099-12-31"
    assert answers["fase"] == "ink_twijfel" or answers["fase"]  # the second choice, whatever its id


def test_back_goes_to_the_previous_question(tmp_path):
    result = run_plain(tmp_path, ["Knie", "terug", "Heup", "back", "Schouder"])
    assert result.returncode == 0, result.stderr
    assert stored(tmp_path)["beslissing"] == "Schouder"


def test_stop_halfway_and_resume(tmp_path):
    first = run_plain(tmp_path, ["Knie", "31-12-2099", "stop"])
    assert first.returncode == 0
    # Resume: "1" = continue where you left off; the next question is beslis_moment.
    second = run_plain(tmp_path, ["1", "Binnen een maand"])
    assert second.returncode == 0, second.stderr
    answers = stored(tmp_path)
    assert answers["beslissing"] == "Knie"
    assert answers["beslis_moment"] == "Binnen een maand"
    with Store.open(tmp_path) as store:
        assert len(store.list_sessions()) == 1


def test_start_fresh_instead_of_resuming(tmp_path):
    run_plain(tmp_path, ["Knie", "stop"])
    run_plain(tmp_path, ["2", "Heup"])
    with Store.open(tmp_path) as store:
        assert len(store.list_sessions()) == 2


def test_end_of_input_saves_and_exits_zero(tmp_path):
    result = run_plain(tmp_path, ["Knie"])
    assert result.returncode == 0
    assert stored(tmp_path)["beslissing"] == "Knie"


def test_guest_mode_writes_nothing(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    result = run_plain(data, START, "--guest", env_extra={"HOME": str(home), "XDG_DATA_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    assert list(data.iterdir()) == []
    assert list(home.iterdir()) == []
    assert "nothing is saved" in result.stdout.lower() or "niets bewaard" in result.stdout.lower()


def test_pack_prefills_options(tmp_path):
    pack = ROOT / "dialogues" / "packs" / "knie_artrose.toml"
    result = run_plain(tmp_path, [""], "--pack", str(pack))
    assert result.returncode == 0, result.stderr
    # the decision from the pack is offered and Enter keeps it
    answers = stored(tmp_path)
    assert "knie" in answers["beslissing"].lower()


def test_english(tmp_path):
    result = run_plain(tmp_path, ["My knee"], "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Part 1 of" in result.stdout


def test_unknown_language_falls_back_to_dutch(tmp_path):
    result = run_plain(tmp_path, ["Knie"], "--lang", "xx")
    assert result.returncode == 0
    assert "Welkom" in result.stdout
    assert result.stderr.strip()


def test_broken_pack_is_refused_clearly(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[pack]\nid = 'x'\n", encoding="utf-8")
    result = run_plain(tmp_path, [], "--pack", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "PA102" in result.stderr


def test_hostile_text_is_stored_as_typed(tmp_path):
    hostile = "[@click=app.quit]x[/] [/ [bold \u0645\u0631\u062d\u0628\u0627 \U0001f600"
    result = run_plain(tmp_path, [hostile])
    assert result.returncode == 0, result.stderr
    assert stored(tmp_path)["beslissing"] == hostile


def test_damaged_store_gives_a_message(tmp_path):
    (tmp_path / "sessions.sqlite3").write_bytes(b"this is not a database" * 100)
    result = run_plain(tmp_path, ["Knie"])
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_ratings_are_asked_item_by_item(tmp_path):
    from test_dialogue_engine import RATINGS_FLOW

    flow = tmp_path / "w.toml"
    flow.write_text(RATINGS_FLOW, encoding="utf-8")
    result = run_plain(tmp_path, ["A", "", "snel", "dichtbij", "", "9", "4", ""], "--flow", str(flow))
    assert result.returncode == 0, result.stderr
    assert "1 of 2: snel" in result.stdout or "1 van 2: snel" in result.stdout
    assert stored(tmp_path)["gewicht[A]"] == {"snel": 4}


def test_after_the_consultation_look_back_at_changed_answers(tmp_path):
    # Prepare: answer, go back, change the answer; then stop.
    run_plain(tmp_path, ["Knie", "terug", "Heup", "stop"])
    # After the consultation: decided (1), what (text), nothing to remember, recording skipped,
    # next step, involvement 4, the four checks skipped, look back: yes, the suggested day kept.
    result = run_plain(
        tmp_path,
        ["1", "Fysiotherapie", "", "", "Over zes weken terug", "4", "", "", "", "", "1", "", ""],
        "--flow", "na_het_gesprek", "--new",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Heup" in out
    assert "Knie" in out  # the earlier answer, shown as earlier
    assert ("Earlier, on" in out) or ("Eerder, op" in out)
