"""Helper mode: a volunteer, nurse or family member sits with the patient.

``prep-assistant --helper [ROLE]`` shows the flow's prompts for the helper
(stage prompts and node prompts, data in the flow, translated like every
text), keeps the role with the session (store, export, import) and puts
"Prepared with help from: <role>" on the card in every format.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from prep_assistant import i18n, safe_text
from prep_assistant.conversation import Conversation
from prep_assistant.conversation.read_model import helper_prompts
from prep_assistant.dialogue.flow import placeholders
from prep_assistant.dialogue.library import find_flow
from prep_assistant.dialogue.loader import load_flow
from prep_assistant.dialogue.texts import flow_texts
from prep_assistant.session import Store
from prep_assistant.session.export import export_session, import_session
from prep_assistant.session.helper_role import MAX_ROLE_LENGTH, HelperRoleError, checked_role, stored_role
from prep_assistant.session.schema import MIGRATIONS, SCHEMA_VERSION
from prep_assistant.summary import build_card, render

ROOT = Path(__file__).resolve().parent.parent
DIALOGUES = ROOT / "dialogues"
SHIPPED = ("voorbereiding", "na_het_gesprek")

#: A role a hostile hand might type or put in an export file.
HOSTILE_ROLE = "[b]vet[/b] <script>alert(1)</script> \x1b]0;titel\x07\x1b[2J\u202ezus\n[@click=app.quit]x[/]"


# -- the prompts: data in the flow ------------------------------------------------


@pytest.mark.parametrize("flow_id", SHIPPED)
def test_every_stage_of_the_shipped_flows_has_a_prompt_for_the_helper(flow_id):
    flow = find_flow(flow_id)  # the compiled copy, as the app reads it
    assert flow.steps
    for step in flow.steps:
        assert step.helper, f"stage {step.id} of {flow_id} has no prompt for the helper"
    assert any(getattr(node, "helper", None) for node in flow.model.nodes)


@pytest.mark.parametrize("flow_id", SHIPPED)
def test_the_prompts_are_extracted_and_translated(flow_id):
    loaded = load_flow(DIALOGUES / f"{flow_id}.toml")
    prompts = [t for t in flow_texts(loaded.model) if t.path[-1] == "helper"]
    assert len(prompts) >= len(loaded.model.steps)
    pot = (ROOT / "locales" / "messages.pot").read_text(encoding="utf-8")
    for text in prompts:
        assert f'msgctxt "{text.context}"' in pot
        english = i18n.dialogue_text(text.context, text.source, "nl")  # the tests run in English
        assert english and english != text.source, f"{text.context} has no English translation"
        assert placeholders(english) == placeholders(text.source)


def test_the_prompts_are_non_directive_reminders():
    """Our own words: they never tell the patient which option to take."""
    for flow_id in SHIPPED:
        loaded = load_flow(DIALOGUES / f"{flow_id}.toml")
        for text in flow_texts(loaded.model):
            if text.path[-1] != "helper":
                continue
            lowered = text.source.casefold()
            for steering in ("raad aan", "het beste", "kies voor", "u moet"):
                assert steering not in lowered, f"{text.context}: {text.source!r}"


def _flow_file(tmp_path: Path, step_helper: str, node_helper: str, extra: str = "") -> Path:
    path = tmp_path / "proef.toml"
    path.write_text(
        f'''format = 1
[flow]
id = "proef"
title = "Proef"

[[steps]]
id = "deel"
title = "Deel"
helper = {json.dumps(step_helper)}

[[nodes]]
id = "opties"
kind = "text_list"
step = "deel"
text = "Welke opties?"

[[nodes]]
id = "per_optie"
kind = "for_each"
over = "opties"
as = "optie"
body = ["voordelen"]
{extra}

[[nodes]]
id = "voordelen"
kind = "text_list"
text = "Voordelen van {{optie}}?"
helper = {json.dumps(node_helper)}
''',
        encoding="utf-8",
    )
    return path


def _codes(path: Path) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in load_flow(path).diagnostics]


def test_a_good_prompt_passes_check(tmp_path):
    path = _flow_file(tmp_path, "Vraag door. Stuur niet.", "Vraag wat {optie} goed maakt.")
    assert [c for c, _m in _codes(path)] == []


@pytest.mark.parametrize(
    "step_helper, node_helper, extra, code, words",
    [
        ("", "Vraag door.", "", "PA103", "at least 1 character"),
        ("Vraag door.", "x" * 401, "", "PA103", "at most 400"),
        ("Vraag door.", "Vraag door.", 'helper = "Ook hier."', "PA101", "unknown key 'helper'"),
        ("Vraag {opties} na.", "Vraag door.", "", "PA304", "cannot hold placeholders"),
        ("Vraag door.", "Vraag naar {optei}.", "", "PA304", "unknown placeholder {optei}"),
        ("Vraag " + "heel " * 25 + "lang door.", "Vraag door.", "", "PA410", "sentence of 28 words"),
        ("Vraag door.", "Vraag naar de gezondheidszorgverzekering.", "", "PA411", "letters"),
        ("Vraag door.", 'Vraag \u202edoor\u202c.', "", "PA008", ""),
    ],
)
def test_check_reports_bad_prompts(tmp_path, step_helper, node_helper, extra, code, words):
    path = _flow_file(tmp_path, step_helper, node_helper, extra)
    found = _codes(path)
    assert any(c == code and words in m for c, m in found), found


def test_prompts_are_filled_in_and_follow_the_language(tmp_path):
    path = _flow_file(tmp_path, "Vraag door.", "Vraag wat {optie} goed maakt.")
    with Store.guest() as store:
        conv = Conversation.start(store, flow=find_flow(str(path)), helper_role="")
        first = conv.current
        assert conv.helper_prompts(first).stage == "Vraag door."
        assert conv.helper_prompts(first).turn is None
        conv.answer(["Afwachten"])
        prompts = conv.helper_prompts(conv.current)
        assert prompts.turn == "Vraag wat Afwachten goed maakt."
        assert prompts.shown == prompts.turn
        assert prompts.mark("x") == "For the helper: x"


def test_no_prompts_outside_helper_mode():
    with Store.guest() as store:
        conv = Conversation.start(store)
        assert not conv.helper_mode
        assert conv.helper_prompts(conv.current) is None
        # The read model has them all the same: only the mode decides.
        assert helper_prompts(conv.run, conv.current).stage


def test_shipped_prompts_in_english():
    with Store.guest() as store:
        conv = Conversation.start(store, helper_role="vrijwilliger")
        stage = conv.helper_prompts(conv.current).stage
        assert stage.startswith("You are helping someone prepare")


# -- the role: typed, stored, exported ---------------------------------------------------


def _answer_first_question(conv: Conversation, text: str) -> None:
    """Pass the welcome messages and answer the decision question."""
    while conv.current.is_info:
        conv.answer(True)
    conv.answer(text)


def test_a_typed_role_is_checked():
    assert checked_role("  wijk\tverpleegkundige \n") == "wijk verpleegkundige"
    with pytest.raises(HelperRoleError, match="empty"):
        checked_role("")
    with pytest.raises(HelperRoleError, match="empty"):
        checked_role(" \t\x1b[2J ")
    with pytest.raises(HelperRoleError, match="10000 characters"):
        checked_role("a" * 10_000)
    assert checked_role("a" * MAX_ROLE_LENGTH) == "a" * MAX_ROLE_LENGTH


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_a_stored_role_is_always_one_clean_short_line(raw):
    role = stored_role(raw)
    assert role is not None
    assert len(role) <= MAX_ROLE_LENGTH
    assert "\n" not in role and not safe_text.has_unsafe(role)
    try:
        assert checked_role(raw) == role
    except HelperRoleError as error:
        assert error.message and (not role or len(" ".join(safe_text.clean(raw).split())) > MAX_ROLE_LENGTH)


def test_the_role_is_kept_with_the_session(tmp_path):
    with Store.open(tmp_path) as store:
        conv = Conversation.start(store, helper_role="vrijwilliger")
        assert conv.session is None  # nothing written before the first answer
        _answer_first_question(conv, "Wel of geen operatie")
        session_id = conv.session.id
        assert store.get(session_id).helper_role == "vrijwilliger"
        conv.close()
        # Resumed alone: the prompts are off, the role stays on the card.
        alone = Conversation.resume(store, session_id)
        assert not alone.helper_mode and alone.session.helper_role == "vrijwilliger"
        alone.close()
        # Resumed with another helper: that one is recorded.
        helped = Conversation.resume(store, session_id, helper_role="dochter")
        assert helped.helper_mode and store.get(session_id).helper_role == "dochter"
        helped.close()
        # "--helper" alone: helper mode, and the name given before stays.
        unnamed = Conversation.resume(store, session_id, helper_role="")
        assert unnamed.helper_mode and store.get(session_id).helper_role == "dochter"
        unnamed.close()
        plain = Conversation.start(store)
        _answer_first_question(plain, "Iets anders")
        assert store.get(plain.session.id).helper_role is None
        plain.close()


def test_an_older_store_is_brought_up_to_date(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    db = sqlite3.connect(path)
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version=1")
    db.execute(
        "INSERT INTO sessions (id, flow_id, flow_version, flow_kind, language, created_at, updated_at) "
        "VALUES ('20261130-1200-abcd', 'voorbereiding', 1, 'preparation', 'nl', "
        "'2026-11-30T12:00:00.000000+00:00', '2026-11-30T12:00:00.000000+00:00')"
    )
    db.commit()
    db.close()
    with Store.open(tmp_path) as store:
        assert store.get("20261130-1200-abcd").helper_role is None
        store.update_meta("20261130-1200-abcd", helper_role="buurvrouw")
        assert store.get("20261130-1200-abcd").helper_role == "buurvrouw"
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4  # 2: the helper's role; 3: the after part's link and check-in day; 4: the companion's respondent


def test_export_and_import_keep_the_role(tmp_path):
    with Store.open(tmp_path / "a") as store:
        info = store.create_session(
            flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl", helper_role="mantelzorger"
        )
        store.save_answer(info.id, "beslissing", "Wel of geen operatie")
        export_session(store, info.id, tmp_path / "met.json")
        bare = store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
        store.save_answer(bare.id, "beslissing", "x")
        export_session(store, bare.id, tmp_path / "zonder.json")
    assert json.loads((tmp_path / "met.json").read_text())["session"]["helper_role"] == "mantelzorger"
    # Without a helper the file is what earlier versions wrote and read.
    assert "helper_role" not in json.loads((tmp_path / "zonder.json").read_text())["session"]
    with Store.open(tmp_path / "b") as store:
        assert import_session(store, tmp_path / "met.json").session.helper_role == "mantelzorger"
        assert import_session(store, tmp_path / "zonder.json").session.helper_role is None


@pytest.mark.parametrize("role, expected", [
    (HOSTILE_ROLE, None),
    ("r" * 10_000, "r" * (MAX_ROLE_LENGTH - 1) + "\u2026"),
    ("", ""),
])
def test_an_imported_role_is_cleaned_and_cut(tmp_path, role, expected):
    with Store.open(tmp_path / "a") as store:
        info = store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
        store.save_answer(info.id, "beslissing", "x")
        export_session(store, info.id, tmp_path / "e.json")
    data = json.loads((tmp_path / "e.json").read_text())
    data["session"]["helper_role"] = role
    (tmp_path / "e.json").write_text(json.dumps(data))
    with Store.open(tmp_path / "b") as store:
        imported = import_session(store, tmp_path / "e.json").session.helper_role
    assert not safe_text.has_unsafe(imported) and "\n" not in imported and len(imported) <= MAX_ROLE_LENGTH
    if expected is not None:
        assert imported == expected
    else:
        assert imported.startswith("[b]vet[/b] <script>alert(1)</script>")


@pytest.mark.parametrize("role", [1, ["x"], {"a": 1}])
def test_an_imported_role_of_the_wrong_type_is_refused(tmp_path, role):
    from prep_assistant.session import StoreError

    with Store.open(tmp_path / "a") as store:
        info = store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
        export_session(store, info.id, tmp_path / "e.json")
    data = json.loads((tmp_path / "e.json").read_text())
    data["session"]["helper_role"] = role
    (tmp_path / "e.json").write_text(json.dumps(data))
    with Store.open(tmp_path / "b") as store, pytest.raises(StoreError, match="helper_role"):
        import_session(store, tmp_path / "e.json")


# -- the card -------------------------------------------------------------------------------


def _card(role: str | None):
    with Store.guest() as store:
        conv = Conversation.start(store, helper_role=role)
        _answer_first_question(conv, "Wel of geen operatie")
        return conv.card()


def _all_formats(card) -> dict[str, str]:
    out = {fmt: render(card, fmt).decode("utf-8") for fmt in ("md", "text", "html")}
    reader = PdfReader(io.BytesIO(render(card, "pdf")))
    out["pdf"] = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return out


def test_the_card_says_who_helped_in_every_format():
    for fmt, text in _all_formats(_card("vrijwilliger")).items():
        assert "Prepared with help from" in text and "vrijwilliger" in text, fmt
    for fmt, text in _all_formats(_card("")).items():
        assert "Prepared with help from" in text and "a helper" in text, fmt
    for fmt, text in _all_formats(_card(None)).items():
        assert "Prepared with help" not in text, fmt


def test_the_card_in_dutch():
    i18n.set_language("nl")
    try:
        text = render(_card("buurman"), "text").decode("utf-8")
    finally:
        i18n.set_language("en")
    assert "Voorbereid met hulp van: buurman." in text


def test_a_hostile_role_is_literal_on_the_card():
    card = _card(stored_role(HOSTILE_ROLE))
    formats = _all_formats(card)
    assert "<script>" not in formats["html"] and "&lt;script&gt;" in formats["html"]
    for fmt, text in formats.items():
        assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text, fmt
        assert "vet" in text, fmt
    assert "[b]vet[/b]" in formats["text"]


# -- the command line and plain mode ----------------------------------------------------------


def run_plain(data_dir: Path, lines: list[str], *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(data_dir), LANGUAGE="", LC_ALL="", LANG="C")
    return subprocess.run(
        [sys.executable, "-m", "prep_assistant", "--plain", "--new", *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=data_dir,
    )


def test_plain_mode_says_the_prompts_before_the_question(tmp_path):
    result = run_plain(tmp_path, ["Wel of geen operatie", "", "", "2"], "--helper", "vrijwilliger")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    marked = [line for line in lines if line.startswith("Voor de helper: ")]
    assert marked[0].startswith("Voor de helper: U helpt iemand een gesprek")  # the first stage
    fase = lines.index("Voor de helper: Vraag alleen hoe ver de patiënt is. Elk antwoord is goed.")
    assert lines[fase + 1].startswith("1. ")
    assert lines.index("Hoe ver bent u met nadenken over deze keuze?") > fase
    assert "Traceback" not in result.stderr
    with Store.open(tmp_path) as store:
        assert store.list_sessions()[0].helper_role == "vrijwilliger"
    card = subprocess.run(
        [sys.executable, "-m", "prep_assistant", "summary", "--format", "text"],
        capture_output=True, text=True, env=dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(tmp_path), LANGUAGE="nl"),
        timeout=60,
    )
    assert "Voorbereid met hulp van: vrijwilliger." in card.stdout


def test_plain_mode_without_helper_says_no_prompts(tmp_path):
    result = run_plain(tmp_path, ["Wel of geen operatie", "", "", "2"])
    assert result.returncode == 0
    assert "Voor de helper" not in result.stdout and "For the helper" not in result.stdout


def test_helper_without_a_role(tmp_path):
    result = run_plain(tmp_path, ["Wel of geen operatie"], "--lang", "en", "--helper")
    assert result.returncode == 0
    assert "For the helper: You are helping someone prepare" in result.stdout
    with Store.open(tmp_path) as store:
        assert store.list_sessions()[0].helper_role == ""


@pytest.mark.parametrize("role, words", [
    ("", "The helper's role is empty"),
    ("   ", "The helper's role is empty"),
    ("a" * 10_000, "10000 characters long; at most 80"),
])
def test_a_bad_role_is_refused_with_a_clear_message(tmp_path, role, words):
    result = run_plain(tmp_path, ["x"], "--lang", "en", "--helper", role)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["summary", "sessions", "check"])
def test_a_command_after_a_bare_helper_is_not_taken_as_the_role(tmp_path, command):
    # ROLE is optional, so argparse reads "--helper summary" as the role
    # "summary"; without this refusal the app would start in helper mode.
    result = run_plain(tmp_path, ["Wel of geen operatie"], "--helper", command)
    assert result.returncode == 2
    assert f"--helper took '{command}' as the helper's role" in result.stderr
    assert f"run 'prep-assistant {command}' without --helper" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (tmp_path / "sessions.sqlite3").exists()  # nothing was started


def test_a_hostile_role_never_reaches_the_terminal(tmp_path):
    result = run_plain(tmp_path, ["Wel of geen operatie"], "--helper", HOSTILE_ROLE)
    assert result.returncode == 0, result.stderr
    card = subprocess.run(
        [sys.executable, "-m", "prep_assistant", "summary", "--format", "text"],
        capture_output=True, text=True, env=dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(tmp_path), LANGUAGE="en"),
        timeout=60,
    )
    assert "Voorbereid met hulp van: [b]vet[/b] <script>alert(1)</script> zus [@click=app.quit]x[/]." in card.stdout
    for stream in (result.stdout, result.stderr, card.stdout, card.stderr):
        assert "\x1b" not in stream and "\u202e" not in stream and "\x07" not in stream
