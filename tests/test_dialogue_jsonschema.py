"""The JSON Schema gives editors precise errors, and agrees with ``check``.

check-jsonschema (the tool an author or a CI would run) is given
deliberately broken files and must name the bad key, the bad type or the
unknown kind, never "not valid under any of the schemas listed in oneOf".
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prep_assistant.dialogue import schema as models
from prep_assistant.dialogue.jsonschema import json_schema
from prep_assistant.dialogue.parsing import read_file
from prep_assistant.dialogue.schema import NODE_KINDS

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "dialogues/schema"

HEADER = 'format = 1\n[flow]\nid = "t"\ntitle = "T"\n'
PACK = ('format = 1\n[pack]\nid = "p"\ndecision = "D"\nauthor = "A"\nsource = "S"\ndate = 2026-01-01\n'
        'wait_is_option = true\n[[options]]\nid = "o"\nname = "O"\ndescription = "D"\n')


def node(text: str) -> str:
    return "\n[[nodes]]\n" + text.strip() + "\n"


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *map(str, files)],
        capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("kind", ["flow", "pack"])
def test_the_committed_schema_is_the_models(kind: str) -> None:
    committed = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(kind), (
        f"run: prep-assistant schema {kind} -o dialogues/schema/{kind}.schema.json"
    )


def test_taplo_is_told_which_schema_each_file_uses() -> None:
    config = tomllib.loads((REPO / ".taplo.toml").read_text(encoding="utf-8"))
    paths = {rule["schema"]["path"] for rule in config["rule"]}
    assert paths == {"./dialogues/schema/flow.schema.json", "./dialogues/schema/pack.schema.json"}
    for path in paths:
        assert (REPO / path).is_file()


def test_the_nodes_are_a_kind_enum_with_if_then_not_one_of() -> None:
    schema = json_schema("flow")
    text = json.dumps(schema)
    assert "oneOf" not in text and "discriminator" not in text
    node_schema = schema["$defs"]["Node"]
    assert node_schema["properties"]["kind"]["enum"] == list(NODE_KINDS)
    assert len(node_schema["allOf"]) == len(NODE_KINDS)


def test_the_shipped_files_pass_check_jsonschema() -> None:
    flows = sorted((REPO / "dialogues").glob("*.toml")) + [REPO / "tests/fixtures/every_answer_kind.toml"]
    result = check_jsonschema(SCHEMAS / "flow.schema.json", *flows)
    assert result.returncode == 0, result.stdout + result.stderr
    packs = sorted((REPO / "dialogues/packs").glob("*.toml"))
    result = check_jsonschema(SCHEMAS / "pack.schema.json", *packs)
    assert result.returncode == 0, result.stdout + result.stderr


# (the broken file, what check-jsonschema must say)
BROKEN_FLOWS = {
    "unknown_kind": (node('id = "a"\nkind = "singel_choice"\ntext = "A"'), ["'singel_choice' is not one of"]),
    "unknown_key": (node('id = "a"\nkind = "info"\ntext = "A"\nnxt = "end"'), ["'nxt' was unexpected"]),
    "key_of_another_kind": (node('id = "a"\nkind = "yes_no"\ntext = "A"\nchoices = []'), ["'choices' was unexpected"]),
    "yes_as_text": (node('id = "a"\nkind = "text"\ntext = "A"\nrequired = "ja"'), ["'ja' is not of type 'boolean'"]),
    "number_as_text": (node('id = "a"\nkind = "text"\ntext = "A"\nmax_length = "200"'), ["'200' is not of type 'integer'"]),
    "missing_kind": (node('id = "a"\ntext = "A"'), ["'kind' is a required property"]),
    "missing_text": (node('id = "a"\nkind = "info"'), ["'text' is a required property"]),
    "next_of_a_wrong_type": (node('id = "a"\nkind = "info"\ntext = "A"\nnext = 5'), ["5 is not of type 'string', 'array'"]),
    "label_as_number": (node('id = "a"\nkind = "rating"\ntext = "A"\nlow_label = 3'), ["3 is not of type 'string'"]),
    "unknown_card_place": (node('id = "a"\nkind = "text"\ntext = "A"\ncard = "decison"'), ["'decison' is not one of"]),
    "unknown_role": (node('id = "a"\nkind = "text"\ntext = "A"\nrole = "desicion"'), ["'desicion' is not one of"]),
    "role_as_a_list": (node('id = "a"\nkind = "text"\ntext = "A"\nrole = ["decision"]'), ["is not of type 'string'"]),
}


@pytest.mark.parametrize("name", sorted(BROKEN_FLOWS))
def test_check_jsonschema_names_the_mistake_and_check_agrees(tmp_path: Path, name: str) -> None:
    text, words = BROKEN_FLOWS[name]
    path = tmp_path / f"{name}.toml"
    path.write_text(HEADER + node('id = "eerst"\nkind = "info"\ntext = "Hoi"') + text, encoding="utf-8")
    result = check_jsonschema(SCHEMAS / "flow.schema.json", path)
    assert result.returncode == 1
    for word in words:
        assert word in result.stdout, result.stdout
    assert "oneOf" not in result.stdout and "any of the given schemas" not in result.stdout
    assert [d for d in read_file(path).diagnostics if d.is_error], "check must refuse it too"


def test_a_pack_with_yes_as_text_is_refused_by_both(tmp_path: Path) -> None:
    path = tmp_path / "pack.toml"
    path.write_text(PACK.replace("wait_is_option = true", 'wait_is_option = "ja"'), encoding="utf-8")
    result = check_jsonschema(SCHEMAS / "pack.schema.json", path)
    assert result.returncode == 1 and "'ja' is not of type 'boolean'" in result.stdout
    assert [d.code for d in read_file(path).diagnostics] == ["PA103"]


# -- check and the schema agree on generated nodes -----------------------------------

_VALUES = st.sampled_from([True, False, 0, 3, 200, "200", "ja", "", "tekst", "end", [], ["a", "b"],
                           [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}], {"id": "x"}])
_KEYS = st.sampled_from(["id", "text", "kind", "required", "next", "when", "help", "card", "choices",
                         "max_length", "multiline", "items_from", "keep", "low_label", "over", "as",
                         "body", "offer", "suggestions", "nxt", "tekst", "hint"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from([*NODE_KINDS, "singel_choice"]),
    ident=st.sampled_from(["a", "vraag_2", "Bad Id", "9x"]),
    extra=st.dictionaries(_KEYS, _VALUES, max_size=4),
)
def test_check_and_the_schema_agree_on_any_node(kind: str, ident: str, extra: dict) -> None:
    table = {"id": ident, "kind": kind, "text": "Vraag?"}
    table.update(extra)
    data = {"format": 1, "flow": {"id": "t", "title": "T"}, "nodes": [table]}
    schema_ok = not list(jsonschema.Draft7Validator(json_schema("flow")).iter_errors(data))
    try:
        models.FlowFile.model_validate(data, strict=True)
        check_ok = True
    except ValidationError:
        check_ok = False
    assert schema_ok == check_ok, (data, schema_ok, check_ok)
