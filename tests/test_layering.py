"""The layering is a contract: import-linter checks it (pyproject.toml,
[tool.importlinter]), and a deliberate break must make it fail.

The contracts: the core (dialogue, session, summary, i18n) never imports the
application layer, the front ends or Textual; the application layer never
imports a front end; only the core and the application layer import the
engine's run and the store; no cycles between packages or their modules.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    assert LINT_IMPORTS.exists(), "import-linter is part of the test extra: pip install -e '.[test]'"
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
    )


def test_the_layering_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"Contracts: \d+ kept, 0 broken", result.stdout)


def _copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "prep_assistant", tmp_path / "prep_assistant",
                    ignore=shutil.ignore_patterns("__pycache__", "_data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("dialogue/wording.py", "import prep_assistant.ui.app", "never imports the application layer"),
        ("summary/model.py", "import prep_assistant.conversation", "never imports the application layer"),
        ("conversation/read_model.py", "import prep_assistant.plain.runner", "never imports a front end"),
        ("plain/runner.py", "import prep_assistant.dialogue.engine", "reach the engine's run and the store"),
        ("ui/commands.py", "import prep_assistant.session.store", "reach the engine's run and the store"),
        ("i18n/dates.py", "import prep_assistant.summary.model", "No cycles"),
        ("i18n/runtime.py", "import prep_assistant.translations.check", "the translation tooling"),
    ],
)
def test_a_deliberate_break_fails(tmp_path, module, line, contract):
    copy = _copy_of_the_package(tmp_path)
    target = copy / "prep_assistant" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # a deliberate break\n", encoding="utf-8")
    result = _lint(copy)
    assert result.returncode == 1, result.stdout[-3000:]
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken
