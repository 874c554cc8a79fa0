"""Every file the app reads is hostile until proven otherwise (issue 17).

One section per class of hostile input, each fixed by one mechanism and
tested with generated variants: nesting depth, special files, numbers and
dates in an import, what an import points to, damage inside a healthy
database, plain mode's input and output, work that grows with the square,
and escape sequences on their way to a terminal. The run of the whole
corpus through every entry point as a subprocess is in
``test_hostile_corpus.py``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prep_assistant import guarded_read, preferences, safe_text
from prep_assistant.dialogue.check import check_paths
from prep_assistant.dialogue.engine import Run
from prep_assistant.dialogue.library import LibraryError, find_flow, flow_from_file, load_pack_file
from prep_assistant.dialogue.loader import read_file
from prep_assistant.plain.runner import PlainRunner
from prep_assistant.session import Store, StoreError, export_session, import_session
from prep_assistant.session.export import build_export, read_export

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
QUICK = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@contextlib.contextmanager
def no_hang(seconds: int = 10):
    """Fail (instead of hanging the suite) when the block takes too long."""

    def expired(*_args):
        raise AssertionError(f"hung for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def good_export(tmp_path: Path) -> dict:
    with Store.guest() as store:
        info = store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
        store.save_answer(info.id, "beslissing", "Knie")
        store.save_answer(info.id, "doelen", ["wandelen", "fietsen"])
        path = export_session(store, info.id, tmp_path / "good.json")
    return json.loads(path.read_text(encoding="utf-8"))


def session_count() -> tuple[int, int]:
    with Store.open() as store:
        db = store._conn
        return (
            db.execute("SELECT count(*) FROM sessions").fetchone()[0],
            db.execute("SELECT count(*) FROM answers").fetchone()[0],
        )


# -- nesting depth ---------------------------------------------------------------------

NEST_OPENERS = {"array": ("[", "]"), "table": ("{ a = ", " }")}


def nested_toml(depth: int, shape: str) -> str:
    head = 'format = 1\n[flow]\nid = "x"\ntitle = "t"\n'
    if shape == "dotted":
        return head + "deep." + ".".join(f"k{i}" for i in range(depth)) + " = 1\n"
    if shape == "mixed":
        opened = "".join("[" if i % 2 else "{ a = " for i in range(depth))
        closed = "".join("]" if i % 2 else " }" for i in reversed(range(depth)))
        return head + f"deep = {opened}1{closed}\n"
    opener, closer = NEST_OPENERS[shape]
    return head + f"deep = {opener * depth}1{closer * depth}\n"


@QUICK
@given(depth=st.integers(guarded_read.MAX_DEPTH + 1, 5000), shape=st.sampled_from(["array", "table", "dotted", "mixed"]))
def test_deep_toml_is_a_located_diagnostic(tmp_path, depth, shape):
    path = tmp_path / "deep.toml"
    path.write_text(nested_toml(depth, shape), encoding="utf-8")
    loaded = read_file(path)
    (diagnostic,) = loaded.diagnostics
    assert diagnostic.code == "PA007" and loaded.model is None
    if shape != "dotted":
        assert diagnostic.line == 5  # the line of the nesting
    with pytest.raises(LibraryError):
        load_pack_file(path)


@QUICK
@given(depth=st.integers(1, guarded_read.MAX_DEPTH - 2), noise=st.text(alphabet="[]{}#\"'\\x", max_size=40))
def test_brackets_in_strings_and_comments_do_not_count(tmp_path, depth, noise):
    text = 'title = """' + noise.replace('"""', "") + ' """\n' + f"a = {'[' * depth}1{']' * depth}  # {noise}\n"
    try:
        guarded_read.check_toml_depth(text)
    except guarded_read.TooDeep:  # pragma: no cover - the failure this test is for
        pytest.fail("brackets inside a string or comment were counted")


@QUICK
@given(depth=st.integers(guarded_read.MAX_DEPTH + 1, 100_000), opener=st.sampled_from(["[", '{"a":']))
def test_deep_json_is_refused_by_every_json_reader(tmp_path, depth, opener):
    closer = "]" if opener == "[" else "}"
    text = opener * depth + "1" + closer * depth
    with pytest.raises(guarded_read.TooDeep):
        guarded_read.loads_json(text)
    path = tmp_path / "deep.json"
    path.write_text('{"format": "prep-assistant-session", "version": 1, "x": ' + text + "}", encoding="utf-8")
    with pytest.raises(StoreError, match="nested"):
        read_export(path)
    data_dir = tmp_path / "prefs"
    data_dir.mkdir(exist_ok=True)
    (data_dir / preferences.FILE_NAME).write_text(text, encoding="utf-8")
    assert preferences.load(data_dir) == {}


# -- special files -------------------------------------------------------------------


def make_special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "loop":
        path.symlink_to(path.name)
    elif kind == "loop_pair":
        (tmp_path / "b.toml").symlink_to(path.name)
        path.symlink_to("b.toml")
    elif kind == "dev_zero":
        path.symlink_to("/dev/zero")
    elif kind == "dev_null":
        path.symlink_to("/dev/null")
    elif kind == "dangling":
        path.symlink_to("nowhere.toml")
    elif kind == "folder":
        path.mkdir()
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    return path


SPECIAL = ["fifo", "loop", "loop_pair", "dev_zero", "dev_null", "dangling", "folder", "socket"]


def readers():
    return {
        "read_file": lambda p: read_file(p).diagnostics,
        "--pack": lambda p: pytest.raises(LibraryError, load_pack_file, p),
        "--flow": lambda p: pytest.raises(LibraryError, flow_from_file, p),
        "sessions import": lambda p: pytest.raises(StoreError, read_export, p),
        "preferences": lambda p: preferences.load(p.parent),
    }


@pytest.mark.parametrize("kind", SPECIAL)
def test_special_files_are_refused_by_every_reader_without_hanging(tmp_path, kind):
    path = make_special(tmp_path, kind)
    # preferences.json planted as a link to the special file
    os.symlink(path, tmp_path / preferences.FILE_NAME)
    for name, reader in readers().items():
        with no_hang(10):
            result = reader(path)
        if name == "read_file":
            (diagnostic,) = result
            assert diagnostic.code == "PA001", (name, diagnostic)
        elif name == "preferences":
            assert result == {}


def test_a_size_of_zero_is_not_trusted():
    # /proc files say they are empty and are not: the read counts bytes.
    assert os.stat("/proc/self/maps").st_size == 0
    with pytest.raises(guarded_read.UnreadableFile) as caught:
        guarded_read.read_bytes("/proc/self/maps", limit=10)
    assert caught.value.problem == "too_large"


@QUICK
@given(size=st.integers(0, 5000), limit=st.integers(0, 5000))
def test_the_read_is_bounded_exactly(tmp_path, size, limit):
    path = tmp_path / "f"
    path.write_bytes(b"x" * size)
    if size > limit:
        with pytest.raises(guarded_read.UnreadableFile):
            guarded_read.read_bytes(path, limit=limit)
    else:
        assert guarded_read.read_bytes(path, limit=limit) == b"x" * size


def test_check_on_a_folder_says_what_it_skipped(tmp_path):
    (tmp_path / "ok.toml").write_bytes((FIXTURES / "mini_pack.toml").read_bytes())
    for kind in ("fifo", "loop", "dev_zero", "dangling", "socket"):
        make_special(tmp_path, kind)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to("..")  # a loop of folders is not followed
    with no_hang(20):
        report = check_paths([tmp_path])
    skipped = sorted(Path(d.file).name for d in report.diagnostics if d.code == "PA009")
    assert skipped == ["dangling.toml", "dev_zero.toml", "fifo.toml", "loop.toml", "socket.toml"]
    assert [f.path.name for f in report.files] == ["ok.toml"]


# -- numbers and dates in an import ----------------------------------------------------

DIGITS = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("123456789"),
    st.text(alphabet="0123456789", min_size=18, max_size=6000),
)
HUGE_NUMBERS = st.one_of(
    DIGITS,
    DIGITS.map(lambda n: "-" + n),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999"]),
)


@QUICK
@given(number=HUGE_NUMBERS, field=st.sampled_from(["version", "flow_version", "progress_done", "progress_total", "value"]))
def test_numbers_out_of_range_import_nothing(tmp_path, number, field):
    good = good_export(tmp_path)
    text = json.dumps(good)
    if field == "version":
        text = text.replace('"version": 1', f'"version": {number}', 1)
    elif field == "value":
        text = text.replace('"value": "Knie"', f'"value": {number}', 1)
    else:
        text = text.replace(f'"{field}": {good["session"][field]}', f'"{field}": {number}', 1)
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    before = session_count()
    with pytest.raises(StoreError) as caught:
        with Store.open() as store:
            import_session(store, path)
    assert "Nothing was imported" in caught.value.message or "newer version" in caught.value.message
    assert session_count() == before


@QUICK
@given(digits=st.integers(4301, 20_000), key=st.sampled_from(["format", "date_number", "id"]))
def test_numbers_too_long_for_python_are_a_diagnostic_in_toml(tmp_path, digits, key):
    path = tmp_path / "n.toml"
    path.write_text(f"format = 1\n[pack]\n{key} = {'9' * digits}\n", encoding="utf-8")
    (diagnostic,) = read_file(path).diagnostics  # Python itself refuses more than 4300 digits
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("PA004", 3, len(key) + 4)


@QUICK
@given(
    year=st.integers(1, 9999),
    offset=st.sampled_from(["+23:59", "-23:59", "+00:00", "Z"]),
    where=st.sampled_from(["exported_at", "created_at", "updated_at", "given_at"]),
)
def test_times_that_overflow_are_refused_others_are_kept(tmp_path, year, offset, where):
    good = good_export(tmp_path)
    stamp = f"{year:04d}-12-31T23:59:59{offset}" if year > 5000 else f"{year:04d}-01-01T00:00:00{offset}"
    if where == "exported_at":
        good["exported_at"] = stamp
    elif where == "given_at":
        good["answers"][0]["given_at"] = stamp
    else:
        good["session"][where] = stamp
    path = tmp_path / "t.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    parsed = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    try:
        parsed.astimezone(dt.timezone.utc)
        fits = True
    except OverflowError:
        fits = False
    before = session_count()
    with Store.open() as store:
        if fits:
            import_session(store, path)
        else:
            with pytest.raises(StoreError, match="out of range"):
                import_session(store, path)
    assert session_count()[0] == before[0] + (1 if fits else 0)


@pytest.mark.parametrize("version", ["true", "false", "1.0", '"1"', "null", "[1]"])
def test_a_version_that_is_not_a_whole_number_is_refused(tmp_path, version):
    text = json.dumps(good_export(tmp_path)).replace('"version": 1', f'"version": {version}', 1)
    path = tmp_path / "v.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StoreError, match="damaged"):
        read_export(path)


@QUICK
@given(where=st.sampled_from(["top", "session", "answer"]), key_index=st.integers(0, 20))
def test_duplicate_keys_are_refused(tmp_path, where, key_index):
    good = good_export(tmp_path)
    target = {"top": good, "session": good["session"], "answer": good["answers"][0]}[where]
    keys = list(target)
    key = keys[key_index % len(keys)]
    text = json.dumps(good)
    # The same key again, with another value, right after the object opens.
    marker = json.dumps({key: target[key]})[1:-1]
    anchor = {"top": "{", "session": '"session": {', "answer": '"answers": [{'}[where]
    text = text.replace(anchor, anchor + marker + ", ", 1)
    path = tmp_path / "dup.json"
    path.write_text(text, encoding="utf-8")
    before = session_count()
    with pytest.raises(StoreError, match="appears twice"):
        with Store.open() as store:
            import_session(store, path)
    assert session_count() == before


# -- what an import points to ----------------------------------------------------------

PATHLIKE = st.one_of(
    st.sampled_from(["/dev/zero", "../../etc/passwd", "flow.toml", "C:\\x.toml", "./voorbereiding", "Voorbereiding"]),
    st.text(min_size=1, max_size=30).map(lambda t: "/tmp/" + t),
    st.text(min_size=1, max_size=30).map(lambda t: t + ".toml"),
)


@QUICK
@given(flow_id=PATHLIKE)
def test_an_import_names_a_flow_by_id_only(tmp_path, flow_id):
    good = good_export(tmp_path)
    good["session"]["flow_id"] = flow_id
    path = tmp_path / "f.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    before = session_count()
    with pytest.raises(StoreError, match="not one of prep-assistant's own flows"):
        with Store.open() as store:
            import_session(store, path)
    assert session_count() == before


@QUICK
@given(pack_path=st.one_of(st.text(max_size=40), st.sampled_from(["/dev/zero", "/tmp/fifo", "../../x.toml"])))
def test_a_pack_path_in_an_import_is_never_kept(tmp_path, pack_path):
    good = good_export(tmp_path)
    good["session"]["pack_path"] = pack_path
    good["session"]["id"] = "x-" + os.urandom(4).hex()
    path = tmp_path / "p.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    with Store.open() as store:
        result = import_session(store, path)
        assert result.pack_dropped and store.get(result.session.id).pack_path is None


# -- damage inside a healthy database --------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    column=st.sampled_from(["value_json", "given_at", "address", "created_at", "updated_at"]),
    position=st.integers(0, 40),
    byte=st.characters(blacklist_categories=("Cs",)),
)
def test_one_damaged_row_does_not_take_the_others_down(tmp_path, column, position, byte):
    data = tmp_path / f"d{os.urandom(3).hex()}"
    with Store.open(data) as store:
        sessions = [
            store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
            for _ in range(3)
        ]
        for info in sessions:
            store.save_answer(info.id, "beslissing", "Knie of heup")
            store.save_answer(info.id, "doelen", ["wandelen"])
    victim = sessions[1].id
    db = sqlite3.connect(data / "sessions.sqlite3")
    table, key = ("sessions", "id") if column in ("created_at", "updated_at") else ("answers", "session_id")
    old = db.execute(f"SELECT {column} FROM {table} WHERE {key} = ?", (victim,)).fetchone()[0]
    spot = position % (len(old) + 1)
    db.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (old[:spot] + byte + old[spot + 1 :], victim))
    db.commit()
    db.close()
    with Store.open(data) as store:
        listed = store.list_sessions()
        assert {s.id for s in listed} == {s.id for s in sessions}
        for info in sessions:
            unreadable: list[int] = []
            export = build_export(store, info.id, unreadable)
            if info.id != victim:
                assert not unreadable and len(export.answers) == 2
            else:
                assert len(export.answers) + len(unreadable) >= 1
            store.answers(info.id)  # resume and the card read this


def test_sessions_export_says_what_it_could_not_rescue(tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as store:
        info = store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
        store.save_answer(info.id, "beslissing", "Knie")
        store.save_answer(info.id, "doelen", ["wandelen"])
    db = sqlite3.connect(data / "sessions.sqlite3")
    db.execute("UPDATE answers SET value_json = '[\"wandelen' WHERE address = 'doelen'")
    db.commit()
    db.close()
    env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(data), LANGUAGE="en")
    result = subprocess.run(
        [sys.executable, "-m", "prep_assistant", "--lang", "en", "sessions", "export", info.id, "-o", str(tmp_path / "out.json")],
        capture_output=True, text=True, env=env, timeout=30,
    )
    assert result.returncode == 0, result.stderr
    # One line on stderr, in the session's language, starting with the count.
    assert result.stderr.startswith("1 ") and result.stderr.count("\n") == 1
    assert len(json.loads((tmp_path / "out.json").read_text())["answers"]) == 1


# -- plain mode input and output ---------------------------------------------------------


@QUICK
@given(data=st.lists(st.binary(max_size=30), max_size=8))
def test_plain_mode_reads_any_bytes_without_a_traceback(data):
    raw = b"\n".join(data) + b"\n"
    stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    stdout = io.StringIO()
    with Store.guest() as store:
        code = PlainRunner(store, new=True, stdin=stdin, stdout=stdout).run()
    assert code == 0
    out = stdout.getvalue()
    assert not any(safe_text.has_unsafe(line) for line in out.split("\n"))
    if b"\xff" in raw:  # never valid UTF-8
        assert "could not be read" in out


def plain_env(data_dir: Path) -> dict:
    return dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(data_dir), LANGUAGE="en", PYTHONUNBUFFERED="1")


def test_plain_mode_into_a_closed_pipe_is_quiet(tmp_path):
    command = f"{sys.executable} -m prep_assistant --plain --new < /dev/null | head -1"
    result = subprocess.run(["sh", "-c", command], capture_output=True, text=True, env=plain_env(tmp_path), timeout=30)
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr


def test_a_refused_second_window_exits_non_zero(tmp_path):
    with Store.open(tmp_path) as store:
        info = store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
        store.claim(info.id)
        result = subprocess.run(
            [sys.executable, "-m", "prep_assistant", "--lang", "en", "--plain", "--session", info.id],
            input="", capture_output=True, text=True, env=plain_env(tmp_path), timeout=30,
        )
    assert result.returncode == 1, result.stdout
    assert "already open" in result.stdout


# -- work that grows with the square -------------------------------------------------------


def test_sixty_thousand_choices_reach_the_first_question_quickly(tmp_path):
    choices = ",".join(f'{{id="c{i}",label="K{i}"}}' for i in range(60_000))
    path = tmp_path / "big.toml"
    path.write_text(
        'format = 1\n[flow]\nid = "big"\ntitle = "t"\nlanguage = "nl"\nkind = "preparation"\n'
        f'[[nodes]]\nid = "keuze"\nkind = "single_choice"\ntext = "Kies"\nchoices = [{choices}]\n',
        encoding="utf-8",
    )
    flow = find_flow(str(path))
    started = time.perf_counter()
    run = Run(flow)
    step = run.current
    assert len(step.question.options) == 60_000
    run.answer("c59999")
    # Linear search made this minutes; indexed it is well under a second.
    # The bound is loose on purpose: it catches the square, not noise.
    assert time.perf_counter() - started < 20


@QUICK
@given(base=st.characters(categories=("Ll", "Lu", "Lo")), marks=st.integers(0, 20_000), mark=st.sampled_from("\u0301\u0308\u05b0\u0951\u20d7"))
def test_combining_marks_are_capped_per_letter(base, marks, mark):
    cleaned = safe_text.clean("x" + base + mark * marks + " y")
    run = 0
    for char in cleaned:
        run = run + 1 if unicodedata.category(char) in ("Mn", "Me") else 0
        assert run <= safe_text.MAX_MARKS
    assert cleaned.startswith("x" + base) and cleaned.endswith(" y")


def test_a_combining_storm_does_not_stall_the_pdf(tmp_path):
    from prep_assistant import summary

    with Store.guest() as store:
        info = store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
        store.save_answer(info.id, "beslissing", "a" + "\u0301" * 20_000)
        run = Run(find_flow(), answers=store.answers(info.id))
        card = summary.build_card(run, session=store.get(info.id))
    started = time.perf_counter()
    summary.save_card(card, "pdf", tmp_path / "storm.pdf")
    assert time.perf_counter() - started < 20  # 47 s before the cap


# -- escape sequences on their way to a terminal -----------------------------------------

UNSAFE_PIECES = st.sampled_from(
    [
        "\x1b[2J", "\x1b]0;pwned\x07", "\x1b]52;c;cGFzc3dvcmQ=\x07", "\x1b]8;;http://x\x1b\\", "\x9b31m", "\x9d0;t\x9c",
        "\x1bP+q\x1b\\", "\x1bc", "\x07", "\x08", "\x7f", "\x85", "\u202e", "\u202d", "\u2066", "\u2069", "\x1b", "\x00",
    ]
)
SAFE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), max_size=30)


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.one_of(SAFE_TEXT, UNSAFE_PIECES), max_size=8))
def test_the_one_rule_leaves_nothing_a_terminal_obeys(parts):
    text = "".join(parts)
    cleaned = safe_text.clean(text)
    assert not safe_text.has_unsafe(cleaned)
    assert safe_text.clean(cleaned) == cleaned
    shown = safe_text.show_unsafe(text)
    assert not safe_text.has_unsafe(shown)


@QUICK
@given(safe=SAFE_TEXT)
def test_text_without_controls_is_left_alone(safe):
    cleaned = safe_text.clean(safe)
    if not any(unicodedata.category(c) in ("Mn", "Me") for c in safe):
        assert cleaned == safe


@QUICK
@given(piece=UNSAFE_PIECES, field=st.sampled_from(["decision", "name", "pros"]))
def test_check_reports_controls_in_packs_and_the_app_gets_clean_text(tmp_path, piece, field):
    text = (FIXTURES / "mini_pack.toml").read_text(encoding="utf-8")
    escaped = "".join(f"\\u{ord(c):04x}" for c in piece)  # TOML escapes, as an author would write them
    old = {"decision": '"Behandeling van iets"', "name": '"Optie A"', "pros": '["Voordeel"]'}[field]
    new = {
        "decision": f'"Behandeling{escaped} van iets"',
        "name": f'"Optie{escaped} A"',
        "pros": f'["Voor{escaped}deel"]',
    }[field]
    path = tmp_path / "pack.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    codes = [d.code for d in check_paths([path]).diagnostics]
    assert "PA008" in codes
    pack = load_pack_file(path)
    for value in (pack.pack.decision, *(o.name for o in pack.options), *(p for o in pack.options for p in o.pros)):
        assert not safe_text.has_unsafe(value)


def test_file_names_in_check_output_are_written_out(tmp_path):
    name = tmp_path / "evil\x1b]0;title\x07\u202e.toml"
    name.write_text("not toml [", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "prep_assistant", "check", str(name), "--format", "text"],
        capture_output=True, text=True, timeout=30, env=dict(os.environ, LANGUAGE="en"),
    )
    assert "\\x1b" in result.stdout and "\\u202e" in result.stdout
    assert not safe_text.has_unsafe(result.stdout.replace("\n", ""))
    as_json = subprocess.run(
        [sys.executable, "-m", "prep_assistant", "check", str(name), "--format", "json"],
        capture_output=True, text=True, timeout=30,
    )
    assert not safe_text.has_unsafe(json.loads(as_json.stdout)["diagnostics"][0]["file"])


def test_imported_texts_reach_list_and_plain_mode_clean(tmp_path):
    good = good_export(tmp_path)
    good["session"]["decision"] = "Knie\x1b]52;c;eA==\x07\u009b2J\u202e"
    good["answers"][0]["value"] = "Knie\x1b]0;title\x07\u202eevil"
    path = tmp_path / "in.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    env = plain_env(tmp_path / "data")
    run = lambda *args, stdin="": subprocess.run(  # noqa: E731
        [sys.executable, "-m", "prep_assistant", *args], input=stdin, capture_output=True, text=True, env=env, timeout=30
    )
    assert run("sessions", "import", str(path)).returncode == 0
    for output in (run("sessions", "list").stdout, run("sessions", "list", "--format", "json").stdout):
        assert not safe_text.has_unsafe(output.replace("\n", "")), output
    session_id = good["session"]["id"]
    resumed = run("--plain", "--session", session_id, stdin="terug\nterug\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "Knie" in resumed.stdout
    assert not safe_text.has_unsafe(resumed.stdout.replace("\n", ""))


async def test_the_app_refused_a_session_open_elsewhere_exits_non_zero(tmp_path):
    from prep_assistant.ui.app import PrepAssistantApp
    from tests.test_ui_support import settle, wait_for

    holder = Store.open(tmp_path)
    info = holder.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
    holder.claim(info.id)
    store = Store.open(tmp_path)
    app = PrepAssistantApp(store, session_id=info.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MessageScreen")
        await settle(pilot)
        app.screen.query_one("#quit").press()  # "Stop"
        await settle(pilot)
    assert app.return_code == 1
    holder.close()
    store.close()
