"""The part after the consultation in plain mode, in a subprocess (issue 21):
the numbered choice of preparation, the check-in offer, and the look-back
with before and after."""

from __future__ import annotations

import datetime as dt

from prep_assistant import i18n
from prep_assistant.session import Store
from tests.test_after_part import after_part, prepare
from tests.test_plain_mode import run_plain


def _two_preparations(data_dir) -> tuple[str, str]:
    with Store.open(data_dir) as store:
        older = prepare(store, "Knie: opereren of niet?", change_weight=False)
        newer = prepare(store, "Heup: opereren of niet?", change_weight=False)
    return older, newer


def _after_sessions(data_dir) -> list:
    with Store.open(data_dir) as store:
        return [info for info in store.list_sessions() if info.flow_kind == "after"]


def test_plain_mode_asks_which_preparation_with_a_numbered_list(tmp_path):
    older, _newer = _two_preparations(tmp_path)
    result = run_plain(tmp_path, ["2", "1", "stop"], "--flow", "na_het_gesprek")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "U hebt meer dan één voorbereiding. Over welke ging dit gesprek?" in out
    assert "1. " in out and "Heup: opereren of niet?" in out
    assert "2. " in out and "Knie: opereren of niet?" in out
    assert out.index("Heup") < out.index("Knie")  # the most recent first
    [after] = _after_sessions(tmp_path)
    assert after.prepared_in == older
    assert after.decision == "Knie: opereren of niet?"


def test_an_empty_line_takes_the_most_recent_and_a_wrong_number_is_asked_again(tmp_path):
    _older, newer = _two_preparations(tmp_path)
    result = run_plain(tmp_path, ["9", "nee", "", "1", "stop"], "--flow", "na_het_gesprek")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Dat begrijp ik niet: typ een getal van 1 tot en met 2.") == 2
    assert "Traceback" not in result.stderr
    [after] = _after_sessions(tmp_path)
    assert after.prepared_in == newer


def test_the_input_ending_at_the_choice_saves_nothing(tmp_path):
    _two_preparations(tmp_path)
    result = run_plain(tmp_path, [], "--flow", "na_het_gesprek")
    assert result.returncode == 0, result.stderr
    assert _after_sessions(tmp_path) == []


def _due(data_dir) -> str:
    with Store.open(data_dir) as store:
        prepare(store, "Knie: opereren of niet?", zeker=False)
        after = after_part(store, zeker=True)
        store.update_meta(after, check_in_on=dt.date.today())
    return after


def _check_in_on(data_dir, session_id: str):
    with Store.open(data_dir) as store:
        return store.get(session_id).check_in_on


def test_plain_mode_offers_the_check_in_and_looking_shows_before_and_after(tmp_path):
    after = _due(tmp_path)
    result = run_plain(tmp_path, ["1", "stop"])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "U wilde vandaag nog eens naar uw besluit kijken." in out
    assert "Het gaat over: Knie: opereren of niet?" in out
    assert "1. Ja, nu naar mijn besluit kijken" in out
    assert "Vóór het gesprek ging mijn voorkeur uit naar: Oefentherapie" in out
    assert "Vóór het gesprek: nee. Na het gesprek: ja." in out
    assert "Twee keer per week oefenen" in out
    # Then the usual start: the finished preparation's offer.
    assert out.index("Oefentherapie") < out.index("Wat wilt u doen?")
    assert _check_in_on(tmp_path, after) is None


def test_plain_mode_check_in_later_keeps_the_day_and_no_dismisses_it(tmp_path):
    after = _due(tmp_path)
    result = run_plain(tmp_path, ["2", "stop"])
    assert result.returncode == 0, result.stderr
    assert "De volgende keer vragen we het weer." in result.stdout
    assert _check_in_on(tmp_path, after) == dt.date.today()
    result = run_plain(tmp_path, ["x", "3", "stop"])
    assert result.returncode == 0, result.stderr
    assert "Dat begrijp ik niet: typ een getal van 1 tot en met 3." in result.stdout
    assert "We vragen het niet meer." in result.stdout
    assert _check_in_on(tmp_path, after) is None
    result = run_plain(tmp_path, ["stop"])
    assert "U wilde vandaag" not in result.stdout


def test_the_after_part_in_plain_mode_sets_the_day_and_shows_before_and_after(tmp_path):
    with Store.open(tmp_path) as store:
        prepare(store, "Knie: opereren of niet?", zeker=False)
    # decided (1), what, one thing to remember, recorded: yes, next step, involvement,
    # the four checks (yes, skipped...), look back: yes, the suggested day kept, nothing more.
    lines = ["1", "Oefentherapie", "Twee keer per week oefenen", "", "1", "Bellen", "4",
             "1", "", "", "", "1", "", ""]
    result = run_plain(tmp_path, lines, "--flow", "na_het_gesprek", "--new")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    expected = i18n.format_date(dt.date.today() + dt.timedelta(days=14), "nl")
    assert f"Voorstel: {expected}. Druk op Enter om dit te houden." in out
    assert "Vóór en na het gesprek." in out
    assert "Een verandering is iets om op te letten, geen probleem." in out
    assert "Vóór het gesprek: nee. Na het gesprek: ja." in out
    [after] = _after_sessions(tmp_path)
    assert after.check_in_on == dt.date.today() + dt.timedelta(days=14)


def test_plain_mode_after_part_of_a_deleted_preparation_still_opens(tmp_path):
    with Store.open(tmp_path) as store:
        prep = prepare(store, "Knie: opereren of niet?", change_weight=False)
        after = after_part(store)
        store.delete(prep)
    result = run_plain(tmp_path, ["stop"], "--session", after)
    assert result.returncode == 0, result.stderr
    assert "De voorbereiding waar dit deel bij hoort, staat niet meer op deze computer." in result.stdout
    assert "Traceback" not in result.stderr


def test_starting_again_instead_of_an_unfinished_after_part_asks_which_preparation(tmp_path):
    older, _newer = _two_preparations(tmp_path)
    first = run_plain(tmp_path, ["", "1", "stop"], "--flow", "na_het_gesprek")  # the most recent, then stop
    assert first.returncode == 0, first.stderr
    result = run_plain(tmp_path, ["2", "2", "1", "stop"], "--flow", "na_het_gesprek")  # no, start again; the older
    assert result.returncode == 0, result.stderr
    assert "Over welke ging dit gesprek?" in result.stdout
    assert sorted(info.prepared_in == older for info in _after_sessions(tmp_path)) == [False, True]
