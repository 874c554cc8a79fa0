"""single_choice with items_from: one choice from an earlier list."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prep_assistant.dialogue import reading
from prep_assistant.dialogue.answers import AnswerError
from prep_assistant.dialogue.engine import Run
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.jsonschema import json_schema
from prep_assistant.dialogue.loader import load_flow

FLOW = '''format = 1
[flow]
id = "kies"
title = "Kies"

[[nodes]]
id = "hulp"
kind = "multiple_choice"
text = "Wat helpt?"
choices = [{ id = "uitleg", label = "Meer uitleg" }, { id = "tijd", label = "Meer tijd" }]

[[nodes]]
id = "opties"
kind = "text_list"
text = "Welke opties kent u?"

[[nodes]]
id = "neiging"
kind = "single_choice"
text = "Naar welke optie neigt u?"
@NEIGING@

[[nodes]]
id = "eind"
kind = "info"
text = "U neigt naar {neiging}."
when = "answered(neiging)"
'''

FROM_LIST = 'items_from = ["opties", "hulp"]\nchoices = [{ id = "weet_niet", label = "Weet ik niet" }]'


def load(tmp_path: Path, neiging: str = FROM_LIST):
    path = tmp_path / "flow.toml"
    path.write_text(FLOW.replace("@NEIGING@", neiging), encoding="utf-8")
    return load_flow(path)


def run_to_choice(tmp_path: Path) -> Run:
    loaded = load(tmp_path)
    assert loaded.diagnostics == [], [d.format() for d in loaded.diagnostics]
    run = Run(Flow.from_model(loaded.model))
    run.answer(["uitleg"])
    run.answer(["Afwachten", "Opereren"])
    assert run.current.node_id == "neiging"
    return run


def test_the_choices_are_its_own_then_the_items_of_the_lists(tmp_path):
    run = run_to_choice(tmp_path)
    options = [(o.value, o.label) for o in run.current.question.options]
    assert options == [("weet_niet", "Weet ik niet"), ("Afwachten", "Afwachten"), ("Opereren", "Opereren"), ("uitleg", "Meer uitleg")]


def test_an_item_is_stored_and_read_with_its_label(tmp_path):
    run = run_to_choice(tmp_path)
    run.answer("uitleg")
    assert run.answers["neiging"] == "uitleg"
    assert run.current.text == "U neigt naar Meer uitleg."  # the label of the item, from its list
    assert run.display("neiging", "uitleg") == "Meer uitleg"
    assert reading.answer(run, "neiging") == "uitleg"


def test_plain_input_numbers_the_list(tmp_path):
    run = run_to_choice(tmp_path)
    run.answer_text("3")
    assert run.answers["neiging"] == "Opereren"


@pytest.mark.parametrize("bad", ["Niet op de lijst", ["Afwachten"], 3, True, "tijd"])
def test_an_answer_not_on_the_list_is_refused_clearly(tmp_path, bad):
    run = run_to_choice(tmp_path)
    with pytest.raises(AnswerError) as info:
        run.answer(bad)
    assert info.value.message == "Please choose one of the answers shown."
    assert run.current.node_id == "neiging"


@pytest.mark.parametrize("typed, words", [("9", "from 1 to 4"), ("Fietsen", "from 1 to 4")])
def test_typed_input_not_on_the_list_is_refused_clearly(tmp_path, typed, words):
    run = run_to_choice(tmp_path)
    with pytest.raises(AnswerError) as info:
        run.answer_text(typed)
    assert words in info.value.message


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12).filter(lambda t: t.strip() and t.isprintable()), min_size=1, max_size=6, unique_by=str.casefold))
def test_any_list_offers_each_item_once_and_accepts_each(items):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        loaded = load(Path(folder), 'items_from = "opties"')
    flow = Flow.from_model(loaded.model)
    run = Run(flow)
    run.answer([])
    try:
        run.answer(items)
    except AnswerError:
        return  # e.g. two items the same after cleaning: the list question says so
    stored = run.answers["opties"]
    if not stored:
        return
    values = [o.value for o in run.current.question.options]
    assert values == stored
    run.answer(stored[-1])
    assert run.answers["neiging"] == stored[-1]


@pytest.mark.parametrize(
    "neiging, code, words",
    [
        ("", "PA208", "has no items to offer"),
        ('choices = [{ id = "a", label = "A" }]', "PA208", "has one choice"),
        ('items_from = "optie"', "PA201", "did you mean 'opties'?"),
        ('items_from = "eind"', "PA205", "items_from names 'eind'"),
        ('items_from = 3', "PA103", "'neiging'"),
    ],
)
def test_mistakes_are_reported_with_the_node(tmp_path, neiging, code, words):
    found = [d for d in load(tmp_path, neiging).diagnostics if d.code == code]
    assert found, [d.format() for d in load(tmp_path, neiging).diagnostics]
    assert words in found[0].format()


def test_items_from_a_question_that_is_not_a_list(tmp_path):
    text = FLOW.replace("@NEIGING@", 'items_from = "neiging_tekst"') + '\n[[nodes]]\nid = "neiging_tekst"\nkind = "text"\ntext = "T"\n'
    path = tmp_path / "flow.toml"
    path.write_text(text, encoding="utf-8")
    found = [d for d in load_flow(path).diagnostics if d.code == "PA205"]
    assert found and "a text question, not a list" in found[0].message


def test_the_json_schema_accepts_it_and_no_longer_needs_choices(tmp_path):
    import tomllib

    data = tomllib.loads(FLOW.replace("@NEIGING@", 'items_from = "opties"'))
    jsonschema.validate(json.loads(json.dumps(data)), json_schema("flow"))
    single = json_schema("flow")["$defs"]["SingleChoiceNode"]
    assert "items_from" in single["properties"] and "choices" not in single.get("required", [])


def test_the_fhir_questionnaire_offers_the_list_exactly(tmp_path):
    from prep_assistant.fhir import vocabulary as v
    from prep_assistant.fhir.questionnaire import build_questionnaire

    flow = Flow.from_model(load(tmp_path).model)
    questionnaire = build_questionnaire(flow)
    item = next(i for i in questionnaire["item"] if i["linkId"] == "neiging")
    assert item["type"] == "choice" and not item.get("repeats")
    assert [o["valueCoding"]["code"] for o in item["answerOption"]] == ["weet_niet"]
    urls = [e["url"] for e in item["extension"]]
    assert urls.count(v.ITEMS_FROM) == 2
    only_list = Flow.from_model(load(tmp_path, 'items_from = "opties"').model)
    item = next(i for i in build_questionnaire(only_list)["item"] if i["linkId"] == "neiging")
    assert "answerOption" not in item
    expression = next(e for e in item["extension"] if e["url"] == v.ANSWER_EXPRESSION)
    assert "opties" in expression["valueExpression"]["expression"]


def test_the_fhir_round_trip_keeps_items_from(tmp_path):
    from prep_assistant.fhir.exports import to_json
    from prep_assistant.fhir.exports import import_flow
    from prep_assistant.fhir.questionnaire import build_questionnaire

    flow = Flow.from_model(load(tmp_path, 'items_from = "opties"').model)
    source = tmp_path / "q.json"
    source.write_bytes(to_json(build_questionnaire(flow)))
    target = tmp_path / "back.toml"
    result = import_flow(source, target)
    assert not any(d.is_error for d in result.diagnostics), [d.format() for d in result.diagnostics]
    back = load_flow(target, examples=False)
    assert back.ok, [d.format() for d in back.diagnostics]
    node = next(n for n in back.model.nodes if n.id == "neiging")
    assert node.kind == "single_choice" and node.items_from == "opties"
