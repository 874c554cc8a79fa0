"""check: every problem reported with file:line:col, never a traceback."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from prep_assistant.dialogue.check import check_paths
from prep_assistant.dialogue.loader import load_flow, read_file

HEADER = 'format = 1\n[flow]\nid = "t"\ntitle = "T"\n'


def write(tmp_path: Path, text: str, name: str = "flow.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def codes(path: Path) -> list[tuple[str, int, int, str]]:
    loaded = load_flow(path)
    return [(d.code, d.line, d.column, d.message + " " + (d.hint or "")) for d in loaded.diagnostics]


def only(path: Path, code: str):
    found = [c for c in codes(path) if c[0] == code]
    assert found, codes(path)
    return found[0]


def node(text: str) -> str:
    return "\n[[nodes]]\n" + text.strip() + "\n"


def test_misspelt_key_gets_did_you_mean(tmp_path):
    path = write(tmp_path, HEADER + node('id = "a"\nkind = "info"\ntext = "Hoi"\nnxt = "end"'))
    code, line, column, message = only(path, "PA101")
    assert (line, column) == (10, 1)
    assert "did you mean 'next'?" in message


def test_unknown_kind_gets_a_hint(tmp_path):
    path = write(tmp_path, HEADER + node('id = "a"\nkind = "txt"\ntext = "Hoi"'))
    code, line, column, message = only(path, "PA104")
    assert line == 8 and "did you mean 'text'?" in message


def test_next_pointing_nowhere(tmp_path):
    path = write(tmp_path, HEADER + node('id = "a"\nkind = "info"\ntext = "Hoi"\nnext = "bb"') + node('id = "b"\nkind = "info"\ntext = "Hoi"'))
    code, line, column, message = only(path, "PA201")
    assert line == 10 and "'bb'" in message and "did you mean 'b'?" in message


def test_unreachable_node(tmp_path):
    path = write(tmp_path, HEADER + node('id = "a"\nkind = "info"\ntext = "Hoi"\nnext = "end"') + node('id = "b"\nkind = "info"\ntext = "Hoi"'))
    code, line, column, message = only(path, "PA202")
    assert line == 12 and "'b'" in message


def test_condition_with_unknown_name_points_at_the_name(tmp_path):
    text = HEADER + node('id = "wie"\nkind = "text"\ntext = "Wie?"') + node('id = "b"\nkind = "info"\ntext = "Hoi"\nwhen = "wei == \'x\'"')
    path = write(tmp_path, text)
    code, line, column, message = only(path, "PA302")
    assert line == 15 and column == 9
    assert "did you mean 'wie'?" in message


def test_condition_syntax_error_points_at_the_column(tmp_path):
    text = HEADER + node('id = "wie"\nkind = "text"\ntext = "Wie?"') + node('id = "b"\nkind = "info"\ntext = "Hoi"\nwhen = "wie == "')
    code, line, column, message = only(write(tmp_path, text), "PA301")
    assert line == 15 and column == 16


def test_unknown_placeholder(tmp_path):
    path = write(tmp_path, HEADER + node('id = "a"\nkind = "text"\ntext = "Hoi {naam}"'))
    code, line, column, message = only(path, "PA304")
    assert line == 9 and "{naam}" in message


def test_loop_with_no_way_out(tmp_path):
    text = HEADER + node('id = "a"\nkind = "info"\ntext = "A"\nnext = "b"') + node('id = "b"\nkind = "info"\ntext = "B"\nnext = "a"')
    code, line, column, message = only(write(tmp_path, text), "PA203")
    assert "no way out" in message and "a \u2192 b \u2192 a" in message


def test_loop_with_a_way_out_is_still_reported(tmp_path):
    text = HEADER + node('id = "a"\nkind = "yes_no"\ntext = "A?"') + node('id = "b"\nkind = "info"\ntext = "B"\nnext = [{ when = "a", to = "a" }, { to = "end" }]')
    code, line, column, message = only(write(tmp_path, text), "PA203")
    assert "lead back" in message


def test_for_each_over_something_not_a_list(tmp_path):
    text = HEADER + node('id = "a"\nkind = "text"\ntext = "A"') + node('id = "l"\nkind = "for_each"\nover = "a"\nas = "x"\nbody = ["b"]') + node('id = "b"\nkind = "text"\ntext = "{x}"')
    code, line, column, message = only(write(tmp_path, text), "PA205")
    assert line == 14


def test_duplicate_ids(tmp_path):
    text = HEADER + node('id = "a"\nkind = "info"\ntext = "A"') + node('id = "a"\nkind = "info"\ntext = "B"')
    code, line, column, message = only(write(tmp_path, text), "PA105")
    assert line == 12


def test_wrong_types(tmp_path):
    text = HEADER + node('id = "a"\nkind = "text"\ntext = "A"\nrequired = "ja"')
    code, line, column, message = only(write(tmp_path, text), "PA103")
    assert line == 10 and "required" in message


def test_conditional_next_without_default_is_a_warning(tmp_path):
    text = HEADER + node('id = "a"\nkind = "yes_no"\ntext = "A?"\nnext = [{ when = "a", to = "end" }]')
    code, *_ = only(write(tmp_path, text), "PA204")


def test_example_that_does_not_replay(tmp_path):
    text = HEADER + node('id = "a"\nkind = "yes_no"\ntext = "A?"') + '\n[[examples]]\nname = "x"\nanswers = { a = true }\npath = ["a", "b"]\n'
    code, line, column, message = only(write(tmp_path, text), "PA501")
    assert "ends after 1 steps" in message and line == 14


def test_every_problem_in_one_run(tmp_path):
    text = HEADER + node('id = "a"\nkind = "info"\ntext = "Hoi {x}"\nnxt = "b"') + node('id = "b"\nkind = "txt"\ntext = "B"') + node('id = "c"\nkind = "info"\ntext = "C"\nnext = "zz"')
    found = {c[0] for c in codes(write(tmp_path, text))}
    assert {"PA101", "PA104"} <= found


# -- files that are not flows at all ------------------------------------------


@pytest.mark.parametrize(
    "content, code",
    [
        (b"", "PA005"),
        (b"   \n\n", "PA005"),
        (b"\x00\x01\x02garbage\xff", "PA002"),
        (b'[flow]\nid = "caf\xe9"\n', "PA002"),
        (b'[flow]\nid = "a\ntitle = 1\n', "PA004"),
        (b'title = "no table"\n', "PA006"),
    ],
)
def test_unreadable_files(tmp_path, content, code):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    loaded = read_file(path)
    assert [d.code for d in loaded.diagnostics] == [code]
    assert loaded.model is None


def test_toml_syntax_error_reports_its_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('format = 1\n[flow]\nid = "a"\ntitle = "x\n', encoding="utf-8")
    (diagnostic,) = read_file(path).diagnostics
    assert diagnostic.code == "PA004" and diagnostic.line == 4


def test_invalid_utf8_reports_its_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_bytes(b'[flow]\nid = "a"\ntitle = "caf\xe9"\n')
    (diagnostic,) = read_file(path).diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("PA002", 3, 13)


def test_a_10_mb_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.toml"
    path.write_bytes(b"# " + b"x" * (10 * 1024 * 1024))
    (diagnostic,) = read_file(path).diagnostics
    assert diagnostic.code == "PA003" and "10.0 MB" in diagnostic.message


def test_missing_path_and_directory(tmp_path):
    (missing,) = read_file(tmp_path / "nope.toml").diagnostics
    assert missing.code == "PA001" and "does not exist" in missing.message
    (folder,) = read_file(tmp_path).diagnostics
    assert folder.code == "PA001" and "folder" in folder.message


def test_pack_warnings(tmp_path):
    text = """format = 1
[pack]
id = "p"
decision = "Iets"
author = "A"
source = "S"
date = 2026-01-01

[[options]]
id = "a"
name = "A"
description = "Kort."
pros = ["x", "y", "z"]
cons = ["x"]

[[options]]
id = "b"
name = "B"
description = "Een veel langere beschrijving van deze optie, met veel meer details dan de andere optie krijgt, zodat het oneerlijk wordt en de lezer een duw krijgt."
pros = ["x"]
cons = ["x"]
"""
    path = write(tmp_path, text, "pack.toml")
    found = [d.code for d in check_paths([path]).diagnostics]
    assert "PA401" in found and found.count("PA402") >= 2


def test_shipped_dialogues_are_clean():
    report = check_paths([Path(__file__).resolve().parent.parent / "dialogues"])
    assert [d.format() for d in report.diagnostics] == []
    assert len(report.flows) >= 2 and len(report.packs) >= 2


# -- the command ------------------------------------------------------------------


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "prep_assistant", *args],
        capture_output=True, text=True, timeout=120, cwd=cwd,
        env=dict(os.environ, LANGUAGE="", LC_ALL="", LANG="C"),
    )


def test_check_command_exit_codes_and_format(tmp_path):
    good = cli("check", str(Path(__file__).parent / "fixtures" / "mini_flow.toml"), str(Path(__file__).parent / "fixtures" / "mini_pack.toml"))
    assert good.returncode == 0, good.stdout + good.stderr
    write(tmp_path, HEADER + node('id = "a"\nkind = "info"\ntext = "A"\nnxt = "end"'))
    bad = cli("check", str(tmp_path), cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stdout.startswith("flow.toml:10:1 PA101 error unknown key 'nxt'")
    assert "(did you mean 'next'?)" in bad.stdout
    as_json = cli("check", "--format", "json", str(tmp_path))
    data = json.loads(as_json.stdout)
    assert data["errors"] == 1 and data["diagnostics"][0]["code"] == "PA101"
    misuse = cli("check", "--format", "xml")
    assert misuse.returncode == 2
    missing = cli("check", str(tmp_path / "nope"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_schema_command_prints_json_schema(tmp_path):
    result = cli("schema")
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert "nodes" in schema["properties"]
    pack = json.loads(cli("schema", "pack").stdout)
    assert "options" in pack["properties"]


@pytest.mark.parametrize("enabled", [True, False])
def test_check_leaves_the_garbage_collector_as_it_found_it(fixtures, enabled):
    # check pauses the collector while it reads a file (speed): never longer.
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        check_paths([fixtures / "mini_flow.toml", fixtures / "no_such_file.toml"])
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
