"""Compiled copies of the shipped flows: the same conversation, without pydantic."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from prep_assistant.dialogue import compiled
from prep_assistant.dialogue.engine import Run, replay
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.library import load_pack_file, shipped_flow_files
from prep_assistant.dialogue.loader import load_flow

SHIPPED = shipped_flow_files()
TODAY = dt.date(2026, 11, 22)


def test_the_compiled_copies_are_up_to_date(capsys):
    # Fails when a flow was edited without running: python -m prep_assistant.dialogue.compiled
    assert compiled.update(check=True) == 0, capsys.readouterr().err


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_compiled_flow_runs_every_example_like_the_validated_one(path: Path):
    validated = load_flow(path)
    assert validated.ok and validated.model.examples
    fast = compiled.load_compiled(path)
    assert fast is not None
    slow_flow = Flow.from_model(validated.model, str(path))
    fast_flow = Flow.from_model(fast, str(path))
    for example in validated.model.examples:
        pack = load_pack_file(path.parent / example.pack) if example.pack else None
        assert replay(fast_flow, example.answers, pack=pack, today=TODAY) == example.path, example.name
        # Every question reads the same: text, help, choices, suggestions.
        slow_run = Run(slow_flow, pack=pack, today=TODAY)
        fast_run = Run(fast_flow, pack=pack, today=TODAY)
        for node_id in example.path:
            slow, fast_step = slow_run.current, fast_run.current
            assert (fast_step.key, fast_step.kind, fast_step.text, fast_step.help, fast_step.hint) == (
                slow.key, slow.kind, slow.text, slow.help, slow.hint)
            assert fast_step.question == slow.question
            assert fast_step.suggestions == slow.suggestions
            value = example.answers.get(slow.key) if not slow.is_info else True
            if slow.kind == "date" and isinstance(value, dt.date):
                value = value.isoformat()
            slow_run.answer(value)
            fast_run.answer(value)
        assert fast_run.answers == slow_run.answers


def test_every_field_of_every_node_survives_compiling():
    for path in SHIPPED:
        model = load_flow(path).model
        fast = compiled.load_compiled(path)
        for node, record in zip(model.nodes, fast.nodes, strict=True):
            for name in type(node).model_fields:
                mine = getattr(record, name)
                theirs = getattr(node, name)
                if hasattr(type(theirs), "model_fields"):
                    theirs = {n: getattr(theirs, n) for n in type(theirs).model_fields}
                    mine = dict(vars(mine))
                elif isinstance(theirs, list) and theirs and hasattr(type(theirs[0]), "model_fields"):
                    theirs = [{n: getattr(t, n) for n in type(t).model_fields} for t in theirs]
                    mine = [dict(vars(m)) for m in mine]
                assert mine == theirs, f"{path.stem}.{node.id}.{name}"


@pytest.fixture
def copy_of_a_flow(tmp_path) -> Path:
    source = SHIPPED[0]
    (tmp_path / "compiled").mkdir()
    shutil.copy(source, tmp_path / source.name)
    shutil.copy(compiled.compiled_path(source), tmp_path / "compiled" / f"{source.stem}.json")
    return tmp_path / source.name


def test_an_edited_flow_is_not_run_from_its_old_copy(copy_of_a_flow):
    assert compiled.load_compiled(copy_of_a_flow) is not None
    copy_of_a_flow.write_text(copy_of_a_flow.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert compiled.load_compiled(copy_of_a_flow) is None


@pytest.mark.parametrize(
    "damage",
    ["", "not json", "[]", '{"compiled": 1}', "null"],
    ids=["empty", "not-json", "a-list", "no-model", "null"],
)
def test_a_damaged_copy_is_ignored(copy_of_a_flow, damage):
    compiled.compiled_path(copy_of_a_flow).write_text(damage, encoding="utf-8")
    assert compiled.load_compiled(copy_of_a_flow) is None


def test_a_copy_of_another_version_is_ignored(copy_of_a_flow):
    target = compiled.compiled_path(copy_of_a_flow)
    document = json.loads(target.read_text(encoding="utf-8"))
    document["compiled"] = compiled.COMPILED_VERSION + 1
    target.write_text(json.dumps(document), encoding="utf-8")
    assert compiled.load_compiled(copy_of_a_flow) is None


def test_records_are_read_only():
    flow = compiled.load_compiled(SHIPPED[0])
    with pytest.raises(AttributeError):
        flow.nodes[0].text = "changed"


def test_starting_a_shipped_conversation_does_not_load_pydantic(tmp_path):
    code = (
        "import sys\n"
        "from prep_assistant.session import Store\n"
        "from prep_assistant.conversation import Conversation\n"
        "conversation = Conversation.start(Store.guest())\n"
        "conversation.answer(True)\n"
        "print(conversation.current.key, 'pydantic' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={"PREP_ASSISTANT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "False"


def test_check_reports_a_stale_copy_and_update_fixes_it(tmp_path, monkeypatch, capsys):
    import prep_assistant.dialogue.shipped as shipped_files

    shipped = tmp_path / "dialogues"
    (shipped / "compiled").mkdir(parents=True)
    for source in SHIPPED:
        shutil.copy(source, shipped / source.name)
        shutil.copy(compiled.compiled_path(source), shipped / "compiled" / f"{source.stem}.json")
    monkeypatch.setattr(shipped_files, "dialogues_dir", lambda: shipped)
    assert compiled.check_compiled() == []
    edited = shipped / SHIPPED[0].name
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    found = compiled.check_compiled()
    assert [(d.code, d.severity) for d in found] == [("PA701", "warning")]
    assert edited.name in found[0].message
    assert compiled.update(check=True) == 1
    assert compiled.update() == 0
    assert compiled.check_compiled() == []
    assert compiled.load_compiled(edited) is not None
