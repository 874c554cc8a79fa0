"""The part after the consultation (issue 21): linked to its preparation,
compared with it, and a day to look at the decision again.

Core and application layer only; the app's screens are in
tests/test_ui_after_part.py, plain mode in tests/test_plain_after_part.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import sys
import subprocess
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prep_assistant import i18n, summary
from prep_assistant.conversation import Conversation, choose_start, dismiss_check_in
from prep_assistant.conversation.before_after import compare
from prep_assistant.conversation.lookback import check_in_lines, review_lines
from prep_assistant.conversation.opening import check_in_due, check_in_words
from prep_assistant.conversation.saved_card import card_of, open_for_card
from prep_assistant.dialogue.engine import Run
from prep_assistant.dialogue.library import find_flow
from prep_assistant.session import Store
from prep_assistant.session.export import export_session, import_session
from prep_assistant.session.schema import MIGRATIONS, SCHEMA_VERSION
from prep_assistant.summary.sections import build_sections


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def answer_through(conversation: Conversation, answers: dict[str, object], stop_at: str | None = None) -> None:
    """Answer every turn: the given answers by key, messages read, everything else skipped."""
    while conversation.current is not None and conversation.current.key != stop_at:
        turn = conversation.current
        if turn.is_info:
            conversation.answer(True)
        else:
            conversation.answer(answers.get(turn.key))


def prepare(store: Store, decision: str, *, lean: str = "Oefentherapie", zeker: bool = False, finish: bool = True,
            change_weight: bool = True) -> str:
    """A preparation with two options, weights (one changed later), a leaning and readiness answers."""
    conversation = Conversation.start(store, flow=find_flow("voorbereiding"))
    answers = {
        "beslissing": decision,
        "opties": ["Operatie", "Oefentherapie"],
        "voordelen[Operatie]": ["Minder pijn"],
        "voordelen_gewicht[Operatie]": {"Minder pijn": 2},
        "voorkeur": lean,
        "zeker": zeker,
        "kennis": True,
        "waarden": True,
        "steun": True,
    }
    answer_through(conversation, answers, stop_at=None if finish else "voorkeur")
    if change_weight and finish:
        conversation.go_to("voordelen_gewicht[Operatie]")
        conversation.answer({"Minder pijn": 5})
    conversation.close()
    return conversation.session.id


def after_part(store: Store, *, prepared_in: str | None = None, day: str | None = None, zeker: bool | None = True) -> str:
    conversation = Conversation.start(store, flow=find_flow("na_het_gesprek"), prepared_in=prepared_in)
    answer_through(conversation, {
        "besloten": "ja",
        "wat_besloten": "Ik begin met oefentherapie",
        "onthouden": ["Twee keer per week oefenen"],
        "opgenomen": True,
        "zeker": zeker,
        "terugkijken": True,
        "terugkijk_dag": day,
    })
    conversation.close()
    return conversation.session.id


# -- the link ------------------------------------------------------------------------


def test_a_new_after_part_belongs_to_the_most_recent_preparation_by_default(tmp_path):
    with Store.open(tmp_path) as store:
        prepare(store, "Knie: opereren of niet?", change_weight=False)
        newest = prepare(store, "Heup: opereren of niet?", change_weight=False)
        after = after_part(store)
        info = store.get(after)
        assert info.prepared_in == newest
        assert info.decision == "Heup: opereren of niet?"


def test_a_chosen_preparation_is_linked_not_the_most_recent(tmp_path):
    with Store.open(tmp_path) as store:
        older = prepare(store, "Knie: opereren of niet?", change_weight=False)
        prepare(store, "Heup: opereren of niet?", change_weight=False)
        after = after_part(store, prepared_in=older)
        assert store.get(after).prepared_in == older
        conversation = Conversation.resume(store, after)
        look_back = conversation.look_back()
        conversation.close()
        assert look_back is not None and look_back.session.id == older


def test_choose_start_offers_a_choice_only_when_there_are_several_preparations(tmp_path):
    with Store.open(tmp_path) as store:
        assert choose_start(store, "after") == choose_start(store, "after", new=True)
        assert choose_start(store, "after").action == "new" and choose_start(store, "after").prepared_in is None
        first = prepare(store, "Knie?", change_weight=False)
        only = choose_start(store, "after")
        assert (only.action, only.prepared_in) == ("new", first)
        second = prepare(store, "Heup?", change_weight=False)
        several = choose_start(store, "after", new=True)
        assert several.action == "choose_preparation"
        assert [info.id for info in several.preparations] == [second, first]  # the most recent first: the default
        # The preparation's own start is unchanged: its finished offer.
        assert choose_start(store, "preparation").action == "finished"


def test_a_preparation_with_no_answer_is_not_offered(tmp_path):
    with Store.open(tmp_path) as store:
        store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
        assert choose_start(store, "after").prepared_in is None


# -- the migration: an old store upgrades --------------------------------------------


def _old_store(directory: Path) -> None:
    """A store as version 1 of the schema left it: a preparation, then an after part."""
    db = sqlite3.connect(directory / "sessions.sqlite3")
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version=1")
    rows = [
        ("20261101-1000-aaaa", "preparation", "Knie?", "2026-11-01T10:00:00.000000+00:00"),
        ("20261102-1000-bbbb", "preparation", "Heup?", "2026-11-02T10:00:00.000000+00:00"),
        ("20261110-1000-cccc", "after", None, "2026-11-10T10:00:00.000000+00:00"),
    ]
    for session_id, kind, decision, stamp in rows:
        db.execute(
            "INSERT INTO sessions (id, flow_id, flow_version, flow_kind, language, decision, progress_done,"
            " progress_total, finished, created_at, updated_at) VALUES (?, ?, 1, ?, 'nl', ?, 1, 10, 1, ?, ?)",
            (session_id, "voorbereiding" if kind == "preparation" else "na_het_gesprek", kind, decision, stamp, stamp),
        )
    db.execute(
        "INSERT INTO answers (session_id, address, value_json, given_at) VALUES (?, ?, ?, ?)",
        ("20261110-1000-cccc", "besloten", '"ja"', "2026-11-10T10:00:00.000000+00:00"),
    )
    db.commit()
    db.close()
    (directory / "sessions.sqlite3").chmod(0o600)


def test_an_old_store_upgrades_and_links_its_after_part_to_the_preparation_before_it(tmp_path):
    tmp_path.chmod(0o700)
    _old_store(tmp_path)
    with Store.open(tmp_path) as store:
        after = store.get("20261110-1000-cccc")
        assert after.prepared_in == "20261102-1000-bbbb"
        assert after.check_in_on is None and after.helper_role is None  # through 1 -> 2 -> 3
        assert store.get("20261101-1000-aaaa").prepared_in is None
        assert store.answers(after.id) == {"besloten": "ja"}  # nothing lost
    db = sqlite3.connect(tmp_path / "sessions.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4  # 3: the link and check-in day; 4: the companion
    db.close()


def test_an_after_part_made_before_any_preparation_stays_unlinked_on_upgrade(tmp_path):
    tmp_path.chmod(0o700)
    _old_store(tmp_path)
    db = sqlite3.connect(tmp_path / "sessions.sqlite3")
    db.execute("UPDATE sessions SET created_at = '2026-10-01T10:00:00.000000+00:00' WHERE flow_kind = 'after'")
    db.commit()
    db.close()
    with Store.open(tmp_path) as store:
        assert store.get("20261110-1000-cccc").prepared_in is None


def test_a_damaged_link_or_day_in_the_store_reads_as_none(tmp_path):
    with Store.open(tmp_path) as store:
        after = after_part(store)
    db = sqlite3.connect(tmp_path / "sessions.sqlite3")
    db.execute("UPDATE sessions SET prepared_in = '../../etc', check_in_on = 'not a day' WHERE id = ?", (after,))
    db.commit()
    db.close()
    with Store.open(tmp_path) as store:
        info = store.get(after)
        assert info.prepared_in is None and info.check_in_on is None


# -- export and import --------------------------------------------------------------


def test_export_and_import_keep_the_link_and_the_day(tmp_path):
    source, target = tmp_path / "a", tmp_path / "b"
    with Store.open(source) as store:
        prep = prepare(store, "Knie?", change_weight=False)
        after = after_part(store, day=(dt.date.today() + dt.timedelta(days=14)).isoformat())
        export_session(store, prep, tmp_path / "prep.json")
        export_session(store, after, tmp_path / "after.json")
        day = store.get(after).check_in_on
    data = json.loads((tmp_path / "after.json").read_text(encoding="utf-8"))
    assert data["session"]["prepared_in"] == prep
    with Store.open(target) as store:
        import_session(store, tmp_path / "prep.json")
        result = import_session(store, tmp_path / "after.json")
        assert not result.link_dropped
        assert result.session.prepared_in == prep
        assert result.session.check_in_on == day


def test_importing_an_after_part_without_its_preparation_drops_the_link_with_a_message(tmp_path):
    source, target = tmp_path / "a", tmp_path / "b"
    with Store.open(source) as store:
        prepare(store, "Knie?", change_weight=False)
        after = after_part(store)
        export_session(store, after, tmp_path / "after.json")
    with Store.open(target) as store:
        result = import_session(store, tmp_path / "after.json")
        assert result.link_dropped
        assert result.session.prepared_in is None
        assert store.answers(result.session.id)["wat_besloten"] == "Ik begin met oefentherapie"


def test_the_import_command_says_the_link_was_dropped(tmp_path):
    source = tmp_path / "a"
    with Store.open(source) as store:
        prepare(store, "Knie?", change_weight=False)
        after = after_part(store)
        export_session(store, after, tmp_path / "after.json")
    env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(tmp_path / "b"), LANGUAGE="", LC_ALL="", LANG="C")
    result = subprocess.run(
        [sys.executable, "-m", "prep_assistant", "sessions", "import", str(tmp_path / "after.json")],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "hoorde bij een voorbereiding die niet op deze computer staat" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("link", ["../etc/passwd", "", "X" * 65, 7])
def test_an_export_with_a_bad_link_is_refused_as_damaged(tmp_path, link):
    with Store.open(tmp_path / "a") as store:
        after = after_part(store)
        export_session(store, after, tmp_path / "after.json")
    data = json.loads((tmp_path / "after.json").read_text(encoding="utf-8"))
    data["session"]["prepared_in"] = link
    (tmp_path / "after.json").write_text(json.dumps(data), encoding="utf-8")
    from prep_assistant.session import StoreError

    with Store.open(tmp_path / "b") as store, pytest.raises(StoreError) as raised:
        import_session(store, tmp_path / "after.json")
    assert "prepared_in" in raised.value.message and "Nothing was imported" in raised.value.message


# -- before and after ----------------------------------------------------------------


def test_the_comparison_has_the_lean_the_decision_the_changed_weight_and_the_readiness(tmp_path):
    with Store.open(tmp_path) as store:
        prep = prepare(store, "Knie: opereren of niet?", zeker=False)
        after = after_part(store, zeker=True)
        opened, _notices = open_for_card(store, after)
        compared = compare(store, opened.session.prepared_in, opened.run)
    assert compared.preparation.id == prep and not compared.missing
    assert compared.decision == "Knie: opereren of niet?"
    assert compared.leaned == "Oefentherapie"
    assert compared.decided == ("Yes, a choice was made", "Ik begin met oefentherapie")
    [weight] = compared.weights
    assert (weight.option, weight.side, weight.item, weight.before, weight.after) == (
        "Operatie", "pros", "Minder pijn", 2, 5
    )
    zeker = compared.readiness[0]
    assert (zeker.before, zeker.after, zeker.changed) == ("no", "yes", True)
    kennis = compared.readiness[1]
    assert (kennis.before, kennis.after, kennis.changed) == ("yes", None, False)


def test_the_after_card_carries_the_preparation_decision_day_and_comparison(tmp_path):
    with Store.open(tmp_path) as store:
        prepare(store, "Knie: opereren of niet?", zeker=False)
        after = after_part(store, zeker=True, day="2099-01-15")
        opened, _notices = open_for_card(store, after)
        card = card_of(store, opened.run, opened.session)
    text = summary.render_text(card)
    markdown = summary.render_markdown(card)
    for shown in (text, markdown):
        assert "Not filled in" not in shown
        assert "Knie: opereren of niet?" in shown
        assert "My preparation" in shown
        assert "Before and after the consultation" in shown
        assert "A change is something to notice, not a problem." in shown
        assert "Before the consultation I leaned to" in shown and "Oefentherapie" in shown
        assert "Weight before: 2 of 5. Now: 5 of 5" in shown
        assert "Before: no. After: yes." in shown
        assert "Twee keer per week oefenen" in shown  # what to remember
        assert "Did you ask whether you could record the conversation?" in shown
        assert "January 15, 2099" in shown  # the day to look again


def test_the_after_card_pdf_reads_back_with_the_comparison(tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    with Store.open(tmp_path) as store:
        prepare(store, "Knie: opereren of niet?", zeker=False)
        after = after_part(store, zeker=True)
        opened, _notices = open_for_card(store, after)
        card = card_of(store, opened.run, opened.session)
    path = summary.save_card(card, "pdf", tmp_path / "kaart.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Knie: opereren of niet?" in flat
    assert "Before and after the consultation" in flat
    assert "Weight before: 2 of 5." in flat
    assert "Not filled in" not in flat


def test_a_deleted_preparation_is_said_and_the_after_part_still_opens(tmp_path):
    with Store.open(tmp_path) as store:
        prep = prepare(store, "Knie: opereren of niet?", change_weight=False)
        after = after_part(store)
        store.delete(prep)
        conversation = Conversation.resume(store, after)  # still opens
        assert any("no longer on this computer" in notice for notice in conversation.notices)
        assert conversation.look_back() is None
        assert "no longer on this computer" in " ".join(conversation.review_lines())
        text = summary.render_text(conversation.card())
        conversation.close()
        opened, notices = open_for_card(store, after)
        assert any("no longer on this computer" in notice for notice in notices)
    assert "The preparation this part belongs to is no longer on this computer." in text
    # The decision was taken when the after part started: the card still has it.
    assert "Knie: opereren of niet?" in text


def test_no_preparation_at_all_gives_no_comparison_but_the_after_answers(tmp_path):
    with Store.open(tmp_path) as store:
        after = after_part(store, zeker=False)
        opened, _notices = open_for_card(store, after)
        compared = compare(store, None, opened.run)
        card = card_of(store, opened.run, opened.session)
        lines = review_lines(store, None, opened.run)
    assert compared.preparation is None and not compared.missing
    # Nothing to set them beside: the checks asked after stand alone.
    assert [(p.before, p.after) for p in compared.readiness] == [(None, "no")]
    assert lines[0] == "There is no earlier preparation saved on this computer."
    text = summary.render_text(card)
    assert "After: no." in text and "Before: " not in text
    assert "What was decided: " not in text  # said once, in its own section
    assert "My preparation" not in text


def _small_flow(path: Path, *, with_zeker: bool, version: int) -> None:
    zeker = '''
[[nodes]]
id = "zeker"
kind = "yes_no"
card = "readiness"
text = "Weet u welke keuze bij u past?"
''' if with_zeker else ""
    path.write_text(f'''format = 1

[flow]
id = "klein"
title = "Klein"
version = {version}
language = "nl"
kind = "preparation"

[[nodes]]
id = "beslissing"
kind = "text"
card = "decision"
text = "Over welke keuze gaat het?"
{zeker}
[[nodes]]
id = "voorkeur"
kind = "text"
card = "lean"
text = "Welke mogelijkheid spreekt u aan?"
next = "end"
''', encoding="utf-8")


def test_a_readiness_question_removed_from_the_preparation_is_compared_and_shown_as_such(tmp_path):
    flow_file = tmp_path / "klein.toml"
    _small_flow(flow_file, with_zeker=True, version=1)
    with Store.open(tmp_path / "data") as store:
        preparation = Conversation.start(store, flow=find_flow(str(flow_file)))
        answer_through(preparation, {"beslissing": "Knie?", "zeker": False, "voorkeur": "Afwachten"})
        preparation.close()
        _small_flow(flow_file, with_zeker=False, version=2)  # the flow changed since
        after = after_part(store, prepared_in=preparation.session.id, zeker=True)
        opened, _notices = open_for_card(store, after)
        compared = compare(store, opened.session.prepared_in, opened.run)
        text = summary.render_text(card_of(store, opened.run, opened.session))
    [pair] = compared.readiness
    assert pair.removed_before and (pair.before, pair.after) == ("no", "yes")
    assert compared.leaned == "Afwachten"
    assert "The preparation no longer asks this question; your answer is kept." in text


def test_the_wording_is_neutral(tmp_path):
    with Store.open(tmp_path) as store:
        prepare(store, "Knie?", zeker=False)
        after = after_part(store, zeker=True)
        opened, _notices = open_for_card(store, after)
        lines = review_lines(store, opened.session.prepared_in, opened.run)
    assert "?:" not in " ".join(lines)  # a question label is not followed by a colon
    joined = " ".join(lines).casefold()
    for judging in ("wrong", "problem:", "mistake", "should", "better", "worse"):
        assert judging not in joined


# -- the day to look again -----------------------------------------------------------


def test_the_day_to_look_again_is_suggested_two_weeks_ahead():
    run = Run(find_flow("na_het_gesprek"), today=dt.date(2026, 12, 1))
    while run.current.key != "terugkijk_dag":
        run.answer(True if run.current.is_info else None)
    assert run.current.value == "2026-12-15"
    assert run.current.answered is False  # a suggestion, not an answer


def test_check_in_is_offered_from_its_day_on_and_can_be_dismissed(tmp_path):
    with Store.open(tmp_path) as store:
        prepare(store, "Knie?", change_weight=False)
        after = after_part(store, day="2099-01-15")
        assert store.get(after).check_in_on == dt.date(2099, 1, 15)
        assert choose_start(store, "preparation", today=dt.date(2099, 1, 14)).action == "finished"
        due = choose_start(store, "preparation", today=dt.date(2099, 1, 15))
        assert (due.action, due.session_id) == ("check_in", after)
        assert choose_start(store, "preparation", today=dt.date(2099, 3, 1)).action == "check_in"
        # Once offered, the front end asks again without it.
        assert choose_start(store, "preparation", today=dt.date(2099, 3, 1), check_in=False).action == "finished"
        # An explicit session or --new goes first.
        assert choose_start(store, "preparation", session_id=after, today=dt.date(2099, 3, 1)).action == "open"
        assert choose_start(store, "preparation", new=True, today=dt.date(2099, 3, 1)).action == "new"
        dismiss_check_in(store, after)
        assert choose_start(store, "preparation", today=dt.date(2099, 3, 1)).action == "finished"


def test_a_skipped_day_or_a_changed_answer_sets_the_check_in(tmp_path):
    with Store.open(tmp_path) as store:
        skipped = after_part(store, day=None)
        assert store.get(skipped).check_in_on is None
        conversation = Conversation.resume(store, skipped)
        conversation.go_to("terugkijk_dag")
        conversation.answer("2099-02-01")
        conversation.close()
        assert store.get(skipped).check_in_on == dt.date(2099, 2, 1)


def test_the_check_in_words_say_today_or_the_day(tmp_path):
    with Store.open(tmp_path) as store:
        prepare(store, "Knie: opereren of niet?", change_weight=False)
        after = store.get(after_part(store, day="2099-01-15"))
    assert check_in_words(after, today=dt.date(2099, 1, 15)).startswith(
        "You wanted to look at your decision again today."
    )
    later = check_in_words(after, today=dt.date(2099, 1, 20))
    assert "on January 15, 2099" in later and "It is about: Knie: opereren of niet?" in later
    with Store.open(tmp_path) as store:
        lines = check_in_lines(store, after)
    assert "Ik begin met oefentherapie" in " ".join(lines)
    assert "Twee keer per week oefenen" in " ".join(lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    days=st.lists(st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))), max_size=4),
    today=st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
)
def test_the_check_in_due_is_the_earliest_day_that_has_come(days, today):
    with Store.guest() as store:
        made = []
        for day in days:
            info = store.create_session(flow_id="na_het_gesprek", flow_version=1, flow_kind="after", language="nl")
            made.append(store.update_meta(info.id, check_in_on=day))
        due = check_in_due(store, today=today)
        come = [info for info in made if info.check_in_on is not None and info.check_in_on <= today]
        if not come:
            assert due is None
        else:
            assert due is not None and due.check_in_on == min(info.check_in_on for info in come)


def test_the_comparison_sections_are_drawn_by_every_renderer(tmp_path):
    with Store.open(tmp_path) as store:
        prepare(store, "Knie?", zeker=False)
        after = after_part(store, zeker=True)
        opened, _notices = open_for_card(store, after)
        card = card_of(store, opened.run, opened.session)
    sections = build_sections(card)
    headings = [section.heading for section in sections.sections]
    assert "Before and after the consultation" in headings
    assert headings.index("After the conversation") < headings.index("Before and after the consultation")
    html = summary.render_html(card)
    assert "Before and after the consultation" in html


def test_two_windows_the_claim_still_holds_for_a_linked_after_part(tmp_path):
    from prep_assistant.session import SessionInUse

    with Store.open(tmp_path) as first, Store.open(tmp_path) as second:
        prepare(first, "Knie?", change_weight=False)
        after = after_part(first)
        first.update_meta(after, check_in_on=dt.date(2000, 1, 1))
        open_here = Conversation.resume(first, after)
        with pytest.raises(SessionInUse):
            Conversation.resume(second, after)
        # The check-in is offered in the other window too, and reading it never claims.
        due = choose_start(second, "preparation", today=dt.date(2000, 1, 2))
        assert (due.action, due.session_id) == ("check_in", after)
        assert check_in_lines(second, second.get(after))
        dismiss_check_in(second, after)
        open_here.go_to("nog_iets")
        open_here.answer("Nog een vraag")  # the first window goes on saving
        open_here.close()
        assert first.get(after).check_in_on is None
        assert first.answers(after)["nog_iets"] == "Nog een vraag"
