"""A plain (non-editable) install carries the flows and the catalogs."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0:
        # --no-build-isolation needs hatchling in this environment; fall back to an isolated build.
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(ROOT)],
            capture_output=True, text=True, timeout=600,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    (built,) = out.glob("prep_assistant-*.whl")
    return built


def test_wheel_holds_dialogues_and_locales(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "prep_assistant/_data/dialogues/voorbereiding.toml" in names
    assert "prep_assistant/_data/dialogues/packs/knie_artrose.toml" in names
    assert "prep_assistant/_data/locales/nl/LC_MESSAGES/messages.mo" in names
    assert "prep_assistant/_data/locales/en/LC_MESSAGES/messages.mo" in names
    assert not any(n.startswith("tests/") for n in names)
    # The PDF card's template and its font, with the font's licence beside it.
    for name in ("card.typ", "pack_sheet.typ", "font_files/DejaVuSans.ttf", "font_files/DejaVuSans-Bold.ttf", "font_files/LICENSE-DejaVu.txt"):
        assert f"prep_assistant/summary/{name}" in names, name


def test_installed_wheel_finds_its_data(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    code = (
        "import prep_assistant.paths as p, sys\n"
        "from prep_assistant.dialogue.library import find_flow\n"
        "from prep_assistant import i18n\n"
        "assert '_data' in str(p.dialogues_dir()), p.dialogues_dir()\n"
        "print(find_flow().id)\n"
        "i18n.set_language('en')\n"
        "print(i18n.translation_warnings())\n"
        "from prep_assistant.summary.typst_pdf import TEMPLATES\n"
        "from prep_assistant.summary.fonts import coverage\n"
        "print((TEMPLATES / 'card.typ').is_file() and len(coverage()) > 5000 and 'site' in str(TEMPLATES))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[0] == "voorbereiding"
    assert lines[1] == "[]"
    assert lines[2] == "True"
