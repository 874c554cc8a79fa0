"""Records are msgspec Structs: the package defines no dataclass.

A frozen dataclass costs about 0.5 ms to create at import (Python writes and
compiles each method); a Struct costs 0.01 ms. Forty of them stood between
the start and the first question (issue 23), so one new dataclass on that
path undoes part of it without anyone noticing. Using ``dataclasses.replace``
on a dataclass of another library (Textual's ``Binding``) creates no class
and is fine.
"""

from __future__ import annotations

import ast
from pathlib import Path

import msgspec
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "prep_assistant"


def dataclass_definitions(source: str) -> list[int]:
    """The lines of ``source`` that bring in the ``dataclass`` decorator (in any form)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "dataclasses":
            if any(alias.name in ("dataclass", "*") for alias in node.names):
                lines.append(node.lineno)
        elif isinstance(node, ast.Attribute) and node.attr == "dataclass":
            if isinstance(node.value, ast.Name) and node.value.id == "dataclasses":
                lines.append(node.lineno)
    return lines


def test_no_module_of_the_package_defines_a_dataclass():
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line in dataclass_definitions(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "records are msgspec.Struct classes (README, Architecture): " + ", ".join(found)


@pytest.mark.parametrize("source", [
    "from dataclasses import dataclass\n",
    "import dataclasses\n@dataclasses.dataclass\nclass X:\n    pass\n",
    "def f():\n    from dataclasses import dataclass, field\n",
    "from dataclasses import *\n",
])
def test_the_scan_finds_every_form_of_the_decorator(source):
    assert dataclass_definitions(source)


def test_copying_another_librarys_dataclass_is_not_a_definition():
    assert dataclass_definitions("from dataclasses import replace\nreplace(binding, tooltip='x')\n") == []


def test_the_records_on_the_start_path_stay_frozen():
    """The values the engine and the read model hand out cannot be changed by a front end."""
    from prep_assistant.conversation.read_model import AnsweredQuestion, TranscriptLine
    from prep_assistant.dialogue.conditions import Compare, Name
    from prep_assistant.dialogue.engine import Given, PathEntry
    from prep_assistant.session.records import AnswerRecord, SessionInfo

    for record in (AnsweredQuestion, TranscriptLine, Compare, Name, Given, PathEntry, AnswerRecord, SessionInfo):
        assert issubclass(record, msgspec.Struct) and record.__struct_config__.frozen, record
    name = Name("age", 1)
    with pytest.raises(AttributeError):
        name.name = "other"  # type: ignore[misc]
    assert name == Name("age", 1) and hash(name) == hash(Name("age", 1))
