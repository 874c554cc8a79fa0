"""Plain mode, in a real subprocess: "samen" hands the computer to the
companion, who gives their own view and hands back."""

from __future__ import annotations

import re

from prep_assistant.session import Store

from companion_helpers import patient_with_options
from tests.test_plain_mode import run_plain


def _prepared(data_dir) -> str:
    with Store.open(data_dir) as store:
        patient = patient_with_options(store)
        session_id = patient.session.id
        patient.close()
    return session_id


def test_together_hands_over_and_back_in_plain_mode(tmp_path):
    session_id = _prepared(tmp_path)
    hostile = "<b>[bold]Kees[/]</b>\x1b[31m" + "K" * 10_000
    result = run_plain(
        tmp_path,
        [
            "samen",  # at the leaning: hand over
            "nee",  # do not show my answers
            "",  # an empty name: a clear message
            hostile,  # far too long: a clear message
            "<b>[bold]Kees[/]</b>\x1b[31m",  # markup and an escape sequence: kept as text, cleaned on screen
            "",  # the options as they are
            "Rust",  # a pro of waiting
            "",
            "2",  # its weight
            "samen",  # hand back halfway
            "Operatie",  # the patient's own leaning
        ],
        "--session", session_id, "--lang", "en",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Do you want to show them your answers first? You choose. Type yes or no." in out
    assert "Please type your name, so that the card can show whose view it is." in out
    assert "The limit is 60" in out
    assert "Now <b>[bold]Kees[/]</b> is filling in." in out  # literal, the escape sequence gone
    assert "Welcome back. Your card now shows both views side by side." in out
    assert "\x1b" not in out
    assert "Geen operatie" not in out.split("Type yes or no.")[1].split("Welcome back")[0]
    with Store.open(tmp_path) as store:
        companion = store.answers(session_id, respondent="companion")
        assert companion["naam"].startswith("<b>[bold]Kees[/]</b>")
        assert companion["voordelen[Afwachten: nu nog niets doen]"] == ["Rust"]
        assert store.answers(session_id)["voorkeur"] == "Operatie"
    card = run_plain(tmp_path, [], "--lang", "en")  # just to be sure the session still opens
    assert card.returncode == 0


def test_together_before_the_options_says_what_to_do_first(tmp_path):
    result = run_plain(tmp_path, ["Knie", "samen"], "--new", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert re.search(r"First write down the options you are weighing\.", result.stdout)
