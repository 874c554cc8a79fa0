"""The shipped flows and packs are formatted the way Taplo formats them (issue 19).

Authors edit these files in editors whose TOML plug-in is Taplo (Even Better
TOML); if the shipped files are already in its format, "format on save"
changes nothing but the author's own edit, and a review shows only that.
The formatting rules are in `.taplo.toml`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "dialogues").glob("*.toml")) + sorted((ROOT / "dialogues" / "packs").glob("*.toml"))


def _taplo() -> str:
    found = shutil.which("taplo")
    if found is None:
        pytest.fail("taplo is not installed: it is in the test extras (pip install -e '.[test]')")
    return found


def test_every_shipped_toml_file_is_taplo_formatted():
    assert SHIPPED, "no shipped TOML files found"
    result = subprocess.run(
        [_taplo(), "fmt", "--check", *map(str, SHIPPED)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_the_check_finds_a_file_taplo_would_change(tmp_path):
    # The test above can fail: the same check on a badly laid-out copy.
    messy = tmp_path / "flow.toml"
    messy.write_text('[flow]\nid="x"\n   version =  1\n', encoding="utf-8")
    result = subprocess.run(
        [_taplo(), "fmt", "--no-auto-config", "--check", str(messy)], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
