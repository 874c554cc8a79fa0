"""The hostile corpus through every entry point, as a real user would run it.

Each hostile input (generated below: FIFOs, devices and link loops cannot be
committed) is given to every entry point that reads its kind of file, as a
subprocess with a 30 s bound:

- TOML (flows and packs): ``check``, ``--flow`` and ``--pack`` (plain mode);
- JSON (session exports): ``sessions import``; when the import is accepted,
  resuming it in plain mode, ``summary`` as text and as PDF, and
  ``sessions list``; and the same file planted as ``preferences.json``;
- damaged databases: ``sessions list`` (both formats), ``sessions export``,
  ``summary`` and resuming in plain mode;
- typed input for plain mode: bytes that are not UTF-8, escape sequences,
  a very long line.

Every run must end within the bound, without a traceback, with an exit code
of 0, 1 or 2, and with nothing on stdout a terminal would obey.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from prep_assistant import safe_text
from prep_assistant.session import Store, export_session

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures"
BOUND = 30
ESCAPES = "\x1b]0;pwned\x07\x1b]52;c;cGFzc3dvcmQ=\x07\x1b[2J\x9b31m\u202egnp.exe"


@dataclass
class Run:
    name: str
    args: list[str]
    data_dir: Path
    stdin: bytes = b""


# -- the corpus --------------------------------------------------------------------


def toml_corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    files: dict[str, Path] = {}

    def write(name: str, content: str | bytes) -> None:
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        files[name] = path

    head = 'format = 1\n[flow]\nid = "x"\ntitle = "t"\n'
    write("deep_arrays.toml", head + "a = " + "[" * 500 + "]" * 500 + "\n")
    write("deep_tables.toml", head + "a = " + "{ b = " * 400 + "1" + " }" * 400 + "\n")
    write("deep_dotted.toml", head + "a." + ".".join(f"k{i}" for i in range(2000)) + " = 1\n")
    write("deep_mixed.toml", head + "a = " + "[{ b = " * 1500 + "1" + " }]" * 1500 + "\n")
    write("binary.toml", b"format = 1\x00\x01\x02")
    write("not_utf8.toml", b'format = 1\n[flow]\nid = "caf\xe9"\n')
    write("empty.toml", b"")
    write("bom_only.toml", b"\xef\xbb\xbf")
    write("syntax.toml", "format = 1\n[flow\nid = \n")
    write("too_large.toml", "# " + "x" * (3 * 1024 * 1024) + "\n")
    pack = (FIXTURES / "mini_pack.toml").read_text(encoding="utf-8")
    escaped = "".join(f"\\u{ord(c):04x}" for c in ESCAPES)
    write("pack_escapes.toml", pack.replace('"Behandeling van iets"', f'"Keuze {escaped}"').replace('"Optie A"', f'"A {escaped}"'))
    write("pack_storm.toml", pack.replace('"Behandeling van iets"', '"a' + "\\u0301" * 20_000 + '"'))
    write("pack_huge_int.toml", pack.replace("format = 1", "format = " + "9" * 5000))
    flow = (FIXTURES / "mini_flow.toml").read_text(encoding="utf-8")
    write("flow_escapes.toml", flow.replace('"Welkom."', f'"Welkom {escaped}"'))
    choices = ",".join(f'{{id="c{i}",label="K{i}"}}' for i in range(60_000))
    write(
        "flow_60000_choices.toml",
        'format = 1\n[flow]\nid = "big"\ntitle = "t"\nlanguage = "nl"\nkind = "preparation"\n'
        f'[[nodes]]\nid = "keuze"\nkind = "single_choice"\ntext = "Kies"\nchoices = [{choices}]\n',
    )
    files.update(special_files(folder, ".toml"))
    return files


def special_files(folder: Path, suffix: str) -> dict[str, Path]:
    made: dict[str, Path] = {}
    fifo = folder / f"fifo{suffix}"
    os.mkfifo(fifo)
    made[fifo.name] = fifo
    for name, target in (("loop", f"loop{suffix}"), ("dev_zero", "/dev/zero"), ("dev_null", "/dev/null"), ("dangling", "nowhere")):
        link = folder / f"{name}{suffix}"
        link.symlink_to(target)
        made[link.name] = link
    folder_named = folder / f"folder{suffix}"
    folder_named.mkdir()
    made[folder_named.name] = folder_named
    sock = folder / f"socket{suffix}"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock))
    server.close()
    made[sock.name] = sock
    sparse = folder / f"sparse_100mb{suffix}"
    with open(sparse, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    made[sparse.name] = sparse
    return made


def json_corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    with Store.guest() as store:
        info = store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
        store.save_answer(info.id, "beslissing", "Knie")
        store.save_answer(info.id, "doelen", ["wandelen"])
        good_path = export_session(store, info.id, folder / "good.json")
    good = json.loads(good_path.read_text(encoding="utf-8"))
    text = json.dumps(good)
    files: dict[str, Path] = {"good.json": good_path}

    def write(name: str, content: str | bytes) -> None:
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        files[name] = path

    def changed(**session: object) -> str:
        return json.dumps({**good, "session": {**good["session"], **session}})

    write("deep_arrays.json", "[" * 100_000 + "]" * 100_000)
    write("deep_objects.json", '{"a":' * 50_000 + "1" + "}" * 50_000)
    write("deep_inside.json", text[:-1] + ', "x": ' + "[" * 5000 + "]" * 5000 + "}")
    write("version_5000_digits.json", text.replace('"version": 1', '"version": ' + "9" * 5000, 1))
    write("version_2_63.json", text.replace('"version": 1', f'"version": {2**63}', 1))
    write("version_true.json", text.replace('"version": 1', '"version": true', 1))
    write("duplicate_key.json", text.replace('{"format"', '{"version": 1, "format"', 1))
    write("nan.json", text.replace('"progress_done": 0', '"progress_done": NaN', 1))
    write("progress_huge.json", text.replace('"progress_done": 0', '"progress_done": ' + "1" * 30, 1))
    write("time_overflow.json", changed(created_at="9999-12-31T23:59:59-23:59"))
    answers = [dict(good["answers"][0], given_at="0001-01-01T00:00:00+23:59")]
    write("given_at_overflow.json", json.dumps({**good, "answers": answers}))
    write("flow_id_fifo.json", changed(flow_id=str(folder / "fifo.json")))
    write("flow_id_dev_zero.json", changed(flow_id="/dev/zero"))
    write("flow_id_toml.json", changed(flow_id="../../x.toml"))
    # Accepted: these are resumed and summarised too.
    write("pack_path_fifo.json", changed(id="pack-fifo", pack_path=str(folder / "fifo.json"), pack_id="p"))
    write("pack_path_dev_zero.json", changed(id="pack-zero", pack_path="/dev/zero"))
    answers = [dict(a, value="Knie " + ESCAPES) if a["address"] == "beslissing" else a for a in good["answers"]]
    write("escapes.json", json.dumps({**good, "session": {**good["session"], "id": "escapes", "decision": ESCAPES}, "answers": answers}))
    answers = [dict(a, value="a" + "\u0301" * 20_000) if a["address"] == "beslissing" else a for a in good["answers"]]
    write("storm.json", json.dumps({**good, "session": {**good["session"], "id": "storm"}, "answers": answers}))
    write("not_utf8.json", text.encode("utf-8").replace(b"Knie", b"Kn\xffe"))
    write("empty.json", b"")
    write("truncated.json", text[: len(text) // 2])
    files.update(special_files(folder, ".json"))
    return files


def damaged_databases(folder: Path) -> dict[str, Path]:
    """Data dirs whose database is healthy to quick_check but has one bad row."""
    made: dict[str, Path] = {}
    damage = {
        "answer_json": "UPDATE answers SET value_json = '[\"wandelen' WHERE address = 'doelen'",
        "answer_time": "UPDATE answers SET given_at = '2026-13-45T99' WHERE address = 'beslissing'",
        "session_time": "UPDATE sessions SET updated_at = 'yesterday' WHERE id = (SELECT min(id) FROM sessions)",
        "answer_wrong_type": "UPDATE answers SET value_json = '{\"a\": [1]}' WHERE address = 'doelen'",
        "escapes_in_row": "UPDATE sessions SET decision = char(27) || ']0;t' || char(7) || char(155) || '2J'",
    }
    for name, sql in damage.items():
        data = folder / name
        with Store.open(data) as store:
            for decision in ("Knie", "Heup"):
                info = store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl", decision=decision)
                store.save_answer(info.id, "beslissing", decision)
                store.save_answer(info.id, "doelen", ["wandelen"])
        db = sqlite3.connect(data / "sessions.sqlite3")
        db.execute(sql)
        db.commit()
        db.close()
        made[name] = data
    return made


# -- the runs ----------------------------------------------------------------------


def execute(run: Run) -> tuple[Run, subprocess.CompletedProcess | None]:
    env = dict(os.environ, PREP_ASSISTANT_DATA_DIR=str(run.data_dir), LANGUAGE="en")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "prep_assistant", *run.args],
            input=run.stdin, capture_output=True, timeout=BOUND, env=env, cwd=run.data_dir.parent,
        )
    except subprocess.TimeoutExpired:
        return run, None
    return run, result


def probe_preferences(data_dir: Path) -> Run:
    return Run("preferences", ["-c"], data_dir)


def test_every_hostile_input_through_every_entry_point(tmp_path):
    toml = toml_corpus(tmp_path / "toml")
    exports = json_corpus(tmp_path / "json")
    databases = damaged_databases(tmp_path / "db")
    typed = {
        "not_utf8": b"caf\xe9\n\xff\xfe\n",
        "escapes": ("Knie " + ESCAPES + "\n").encode("utf-8"),
        "long_line": b"x" * 1_000_000 + b"\n",
        "nul": b"a\x00b\n",
    }
    inputs = len(toml) + len(exports) + len(databases) + len(typed)

    runs: list[Run] = []
    for name, path in toml.items():
        data = tmp_path / "data" / f"toml-{name}"
        data.mkdir(parents=True)
        runs += [
            Run(f"check {name}", ["check", str(path)], data),
            Run(f"--flow {name}", ["--guest", "--plain", "--new", "--flow", str(path)], data, b"1\n"),
            Run(f"--pack {name}", ["--guest", "--plain", "--new", "--pack", str(path)], data, b"\n"),
        ]
    for name, data in databases.items():
        runs += [
            Run(f"list {name}", ["sessions", "list"], data),
            Run(f"list json {name}", ["sessions", "list", "--format", "json"], data),
            Run(f"summary {name}", ["summary", "--format", "text"], data),
            Run(f"resume {name}", ["--plain"], data, b"1\n"),
        ]
        with Store.open(data) as store:
            ids = [s.id for s in store.list_sessions()]
        runs += [Run(f"export {name} {i}", ["sessions", "export", i, "-o", str(data / f"{i}.json")], data) for i in ids]
    for name, raw in typed.items():
        data = tmp_path / "data" / f"typed-{name}"
        data.mkdir(parents=True)
        runs.append(Run(f"typed {name}", ["--plain", "--new"], data, raw))

    failures: list[str] = []
    import_runs = []
    for name, path in exports.items():
        data = tmp_path / "data" / f"json-{name}"
        data.mkdir(parents=True)
        import_runs.append(Run(f"import {name}", ["sessions", "import", str(path)], data))
    with ThreadPoolExecutor(max_workers=2) as pool:
        imported = list(pool.map(execute, import_runs))
    for run, result in imported:
        failures += judge(run, result)
        if result is not None and result.returncode == 0:
            with Store.open(run.data_dir) as store:
                (session,) = store.list_sessions()
            runs += [
                Run(f"resume {run.name}", ["--plain", "--session", session.id], run.data_dir, b"\n\n"),
                Run(f"summary text {run.name}", ["summary", "--session", session.id, "--format", "text"], run.data_dir),
                Run(f"summary pdf {run.name}", ["summary", "--session", session.id, "-o", str(run.data_dir / "c.pdf")], run.data_dir),
                Run(f"list {run.name}", ["sessions", "list", "--format", "json"], run.data_dir),
            ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for run, result in pool.map(execute, runs):
            failures += judge(run, result)

    # preferences.json: read in-process by the app; each export planted there.
    for name, path in exports.items():
        data = tmp_path / "prefs" / name
        data.mkdir(parents=True)
        os.symlink(path, data / "preferences.json")
        code = f"from prep_assistant import preferences; preferences.load({str(data)!r})"
        try:
            result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=BOUND)
        except subprocess.TimeoutExpired:
            failures.append(f"preferences {name}: hung")
            continue
        if result.returncode != 0 or b"Traceback" in result.stderr:
            failures.append(f"preferences {name}: {result.stderr.decode(errors='replace')[-300:]}")

    total_runs = len(runs) + len(imported) + len(exports)
    print(f"{inputs} hostile inputs, {total_runs} runs")
    assert inputs >= 60 and total_runs >= 150
    assert not failures, "\n".join(failures)


def judge(run: Run, result: subprocess.CompletedProcess | None) -> list[str]:
    if result is None:
        return [f"{run.name}: hung for more than {BOUND} s"]
    stderr = result.stderr.decode("utf-8", errors="replace")
    stdout = result.stdout.decode("utf-8", errors="replace")
    problems = []
    if "Traceback" in stderr or "Traceback" in stdout:
        problems.append(f"{run.name}: traceback\n{stderr[-800:]}")
    if result.returncode not in (0, 1, 2):
        problems.append(f"{run.name}: exit code {result.returncode}\n{stderr[-300:]}")
    if safe_text.has_unsafe(stdout.replace("\n", "").replace("\t", "")):
        problems.append(f"{run.name}: control characters on stdout")
    if safe_text.has_unsafe(stderr.replace("\n", "").replace("\t", "")):
        problems.append(f"{run.name}: control characters on stderr")
    return problems
