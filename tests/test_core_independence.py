"""The core never imports the UI (nor heavy libraries it does not need)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "prep_assistant.dialogue",
    "prep_assistant.dialogue.engine",
    "prep_assistant.dialogue.loader",
    "prep_assistant.dialogue.validate",
    "prep_assistant.dialogue.check",
    "prep_assistant.dialogue.library",
    "prep_assistant.session",
    "prep_assistant.session.store",
    "prep_assistant.summary",
    "prep_assistant.i18n",
    "prep_assistant.conversation",
    "prep_assistant.plain.runner",
    "prep_assistant.cli",
]


def modules_after_import(module: str, extra: str = "") -> set[str]:
    code = f"import sys, {module}\n{extra}\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


@pytest.mark.parametrize("module", CORE)
def test_core_does_not_import_textual(module):
    loaded = modules_after_import(module)
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded)
    assert "fpdf" not in loaded


def test_a_whole_plain_conversation_does_not_import_textual(tmp_path):
    extra = (
        "from prep_assistant.session import Store\n"
        "from prep_assistant.conversation import Conversation\n"
        "c = Conversation.start(Store.guest())\n"
        "while c.current is not None:\n"
        "    c.answer(True if c.current.is_info else None)\n"
    )
    loaded = modules_after_import("prep_assistant.conversation", extra)
    assert "textual" not in loaded
