"""``prep-assistant import fhir-questionnaire``: a Questionnaire back as a flow.

The round trip flow -> Questionnaire -> flow gives the same path on every
example transcript; a Questionnaire made elsewhere imports for the subset
that maps; bad input gives located diagnostics, no traceback, and nothing
written.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prep_assistant import cli
from prep_assistant.dialogue.engine import replay
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.library import load_pack_file, shipped_flow_files
from prep_assistant.dialogue.loader import load_flow
from prep_assistant.fhir.exports import import_flow, to_json
from prep_assistant.fhir.questionnaire import build_questionnaire

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FIXTURES = Path(__file__).parent / "fixtures"
FLOW_FILES = [*shipped_flow_files(), FIXTURES / "mini_flow.toml"]


def _examples():
    for path in FLOW_FILES:
        for example in load_flow(path).model.examples:
            yield pytest.param(path, example.name, id=f"{path.stem}: {example.name}")


def _import(tmp_path: Path, resource, name: str = "q.json"):
    source = tmp_path / name
    source.write_text(resource if isinstance(resource, str) else json.dumps(resource, indent=2), encoding="utf-8")
    target = tmp_path / "flow.toml"
    return import_flow(source, target), target


def _codes(result) -> list[str]:
    return [d.code for d in result.diagnostics]


@pytest.mark.parametrize(("path", "name"), list(_examples()))
def test_round_trip_gives_the_same_path(tmp_path, path, name):
    flow = Flow.from_model(load_flow(path).model, str(path))
    example = next(e for e in flow.model.examples if e.name == name)
    pack = load_pack_file(path.parent / example.pack) if example.pack else None
    result, target = _import(tmp_path, json.loads(to_json(build_questionnaire(flow, pack=pack))))
    assert result.written == target, [d.format() for d in result.diagnostics]
    assert not any(d.is_error for d in result.diagnostics)
    loaded = load_flow(target, examples=False)
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    back = Flow.from_model(loaded.model, str(target))
    assert replay(back, dict(example.answers), pack=pack) == list(example.path)


def test_round_trip_in_english_keeps_the_english_texts(tmp_path):
    flow = Flow.from_model(load_flow(FLOW_FILES[1]).model, str(FLOW_FILES[1]))
    result, target = _import(tmp_path, build_questionnaire(flow, language="en"))
    data = tomllib.loads(target.read_text(encoding="utf-8"))
    assert data["flow"]["language"] == "en"
    zeker = next(n for n in data["nodes"] if n["id"] == "zeker")
    assert zeker["text"] == "Do you feel that you know which choice suits you?"


def _questionnaire(*items, **root):
    return {"resourceType": "Questionnaire", "status": "draft", "item": list(items), **root}


def test_a_questionnaire_made_elsewhere(tmp_path):
    resource = _questionnaire(
        {"linkId": "1", "text": "Rookt u?", "type": "boolean", "required": True},
        {"linkId": "1.1", "text": "Hoeveel per dag?", "type": "integer",
         "enableWhen": [{"question": "1", "operator": "=", "answerBoolean": True}]},
        {"linkId": "2", "type": "group", "text": "Klachten", "item": [
            {"linkId": "2.1", "text": "Welke klachten?", "type": "choice", "repeats": True,
             "answerOption": [{"valueCoding": {"code": "pijn", "display": "Pijn"}}, {"valueCoding": {"code": "moe", "display": "Moeheid"}}]},
            {"linkId": "2.2", "text": "Sinds wanneer {ongeveer}?", "type": "date",
             "extension": [{"url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression",
                            "valueExpression": {"language": "text/fhirpath",
                                                "expression": "%resource.item.where(linkId='2').item.where(linkId='2.1').answer.value.code = 'pijn'"}}]},
            {"linkId": "2.3", "text": "Foto", "type": "attachment"},
        ]},
        name="Roken", title="Roken en klachten", version="3", language="nl-NL",
    )
    result, target = _import(tmp_path, resource)
    assert result.written == target, [d.format() for d in result.diagnostics]
    data = tomllib.loads(target.read_text(encoding="utf-8"))
    assert data["flow"] == {"id": "roken", "title": "Roken en klachten", "version": 3, "language": "nl"}
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["q_1"]["kind"] == "yes_no" and nodes["q_1"]["required"] is True
    assert nodes["q_1_1"]["kind"] == "text" and nodes["q_1_1"]["when"] == "q_1 == true"
    assert nodes["q_2_1"]["kind"] == "multiple_choice" and nodes["q_2_1"]["step"] == "q_2"
    # a brace that names no answer is a literal brace in a flow
    assert nodes["q_2_2"]["text"] == "Sinds wanneer {{ongeveer}}?"
    assert data["steps"] == [{"id": "q_2", "title": "Klachten"}]
    messages = [d.format() for d in result.diagnostics]
    # nothing is dropped silently: the renamed linkIds, the number and the attachment are reported
    assert any("FH102" in m and "'1.1'" in m for m in messages)
    assert any("FH103" in m and "integer" in m for m in messages)
    assert any("FH104" in m and "attachment" in m for m in messages)
    # a FHIRPath chain of .item.where(linkId=...) down the groups is read too
    assert nodes["q_2_2"]["when"] == "selected(q_2_1, 'pijn')"


def test_hostile_texts_survive_into_toml(tmp_path):
    hostile = 'say "hi" \\ back ]] [[nodes]] \n new line \'\'\' """ \t tab'
    resource = _questionnaire(
        {"linkId": "a", "text": hostile, "type": "string"},
        {"linkId": "b", "text": "Kies", "type": "choice", "answerOption": [
            {"valueCoding": {"code": "x]]", "display": hostile}}, {"valueString": "y\"z"}]},
    )
    result, target = _import(tmp_path, resource)
    assert result.written == target, [d.format() for d in result.diagnostics]
    data = tomllib.loads(target.read_text(encoding="utf-8"))
    assert data["nodes"][0]["text"] == hostile
    assert [c["label"] for c in data["nodes"][1]["choices"]] == [hostile, 'y"z']
    assert load_flow(target, examples=False).ok


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=60).filter(lambda t: t.strip()))
def test_any_text_imports_or_is_refused_cleanly(tmp_path, text):
    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))  # one folder per example
    result, target = _import(tmp_path, _questionnaire({"linkId": "a", "text": text, "type": "string"}))
    if result.written is not None:
        written = tomllib.loads(target.read_text(encoding="utf-8"))["nodes"][0]["text"]
        assert written.replace("{{", "{").replace("}}", "}") == text
    else:
        assert any(d.is_error for d in result.diagnostics) and not target.exists()


# -- bad input ---------------------------------------------------------------------------


def _run_cli(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(["import", "fhir-questionnaire", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


@pytest.mark.parametrize(
    ("content", "code", "where"),
    [
        ("{not json", "FH003", ":1:2 "),
        ('{"resourceType": "Questionnaire", "a": 1, "a": 2}', "FH004", ":1:"),
        ("[1, 2]", "FH006", ":1:1 "),
        ('{"resourceType": "Patient"}', "FH007", ":1:18 "),
        (json.dumps(_questionnaire({"linkId": "a", "text": "A", "type": "coding"}), indent=2), "FH008", ":8:15 "),
        (json.dumps(_questionnaire({"linkId": "a", "text": "A", "type": "string", "disabledDisplay": "hidden"}), indent=2), "FH008", ":9:26 "),
        (json.dumps(_questionnaire({"linkId": "a", "text": "A", "type": "string"}, {"linkId": "a", "text": "B", "type": "string"}), indent=2), "FH101", ":11:17 "),
        (json.dumps(_questionnaire({"linkId": "a", "text": "A", "type": "string", "extension": [
            {"url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression",
             "valueExpression": {"language": "text/fhirpath", "expression": "today() > @2020-01-01"}}]}), indent=2), "FH202", ":14:27 "),
        (json.dumps(_questionnaire({"linkId": "a", "text": "A", "type": "string",
                                    "enableWhen": [{"question": "zz", "operator": "=", "answerString": "x"}]}), indent=2), "FH201", ":11:23 "),
        (json.dumps(_questionnaire({"linkId": "a", "text": "A", "type": "choice", "answerValueSet": "http://x/vs"}), indent=2), "FH105", ":9:25 "),
        (json.dumps(_questionnaire()), "FH107", ":1:"),
        ("\xff\xfe".encode("latin-1").decode("latin-1"), "FH003", ":1:1 "),
    ],
    ids=["not json", "duplicate key", "not fhir", "patient", "r5 coding", "r5 disabledDisplay", "colliding linkIds",
         "unknown fhirpath", "enableWhen to nowhere", "value set", "no items", "garbage"],
)
def test_bad_questionnaires_are_located_and_nothing_is_written(tmp_path, capsys, content, code, where):
    source = tmp_path / "bad.json"
    source.write_text(content, encoding="utf-8")
    target = tmp_path / "flow.toml"
    target.write_text("# an earlier flow\n", encoding="utf-8")
    status, err = _run_cli(capsys, str(source), "-o", str(target))
    assert status == 1
    line = next(line for line in err.splitlines() if f" {code} error " in line)
    assert f"bad.json{where}" in line, err
    assert "Nothing was written." in err
    assert target.read_text(encoding="utf-8") == "# an earlier flow\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_items_nested_500_deep(tmp_path, capsys):
    # written by hand: json.dumps itself cannot nest that deep
    text = '{"linkId": "leaf", "text": "x", "type": "string"}'
    for depth in range(500):
        text = f'{{"linkId": "g{depth}", "type": "group", "item": [{text}]}}'
    source = tmp_path / "deep.json"
    source.write_text(f'{{"resourceType": "Questionnaire", "status": "draft", "item": [{text}]}}', encoding="utf-8")
    status, err = _run_cli(capsys, str(source), "-o", str(tmp_path / "flow.toml"))
    assert status == 1
    assert "FH005 error nested more than" in err and "deep.json:1:" in err
    assert not (tmp_path / "flow.toml").exists()


def test_not_a_file(tmp_path, capsys):
    status, err = _run_cli(capsys, str(tmp_path), "-o", str(tmp_path / "flow.toml"))
    assert status == 1 and "FH001 error" in err
    status, err = _run_cli(capsys, str(tmp_path / "missing.json"), "-o", str(tmp_path / "flow.toml"))
    assert status == 1 and "FH001 error the file does not exist" in err


def test_a_condition_that_check_refuses_is_reported_not_written(tmp_path):
    # enableWhen on a later question passes the importer; a flow where the
    # only question is required but hidden still passes check, so force a
    # failure check catches: a ranking without items.
    resource = _questionnaire({"linkId": "r", "text": "Rank", "type": "choice", "repeats": True,
                               "extension": [{"url": "https://prep-assistant.invalid/fhir/StructureDefinition/node-kind", "valueCode": "ranking"}]})
    result, target = _import(tmp_path, resource)
    assert result.written is None and not target.exists()
    assert "FH105" in _codes(result)


def test_export_and_import_commands_end_to_end(tmp_path, capsys):
    questionnaire = tmp_path / "q.json"
    assert cli.main(["export", "fhir-questionnaire", "voorbereiding", "--pack", "knie_artrose", "-o", str(questionnaire)]) == 0
    assert questionnaire.stat().st_mode & 0o777 == 0o600
    flow = tmp_path / "flow.toml"
    assert cli.main(["import", "fhir-questionnaire", str(questionnaire), "-o", str(flow)]) == 0
    err = capsys.readouterr().err
    assert "FH104 warning" in err and "prep-assistant check" in err
    assert cli.main(["check", str(flow)]) == 0


def test_export_of_an_unknown_flow_or_pack_is_one_line(tmp_path, capsys):
    assert cli.main(["export", "fhir-questionnaire", "nope", "-o", str(tmp_path / "q.json")]) == 1
    assert cli.main(["export", "fhir-questionnaire", "--pack", "nope", "-o", str(tmp_path / "q.json")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "nope" in err
    assert not (tmp_path / "q.json").exists()


def test_literal_braces_survive_the_round_trip(tmp_path):
    text = (FIXTURES / "mini_flow.toml").read_text(encoding="utf-8").replace('text = "Welkom."', 'text = "Welkom {{bij}} ons, {beslissing}."')
    source = tmp_path / "braces.toml"
    source.write_text(text, encoding="utf-8")
    flow = Flow.from_model(load_flow(source).model, str(source))
    resource = build_questionnaire(flow)
    welcome = next(i for i in resource["item"][0]["item"] if i["linkId"] == "welkom")
    assert welcome["text"] == "Welkom {bij} ons, {beslissing}."  # a FHIR reader sees one brace
    result, target = _import(tmp_path, resource)
    assert result.written == target
    nodes = {n["id"]: n for n in tomllib.loads(target.read_text(encoding="utf-8"))["nodes"]}
    assert nodes["welkom"]["text"] == "Welkom {{bij}} ons, {beslissing}."
