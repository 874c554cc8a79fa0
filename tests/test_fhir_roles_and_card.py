"""FHIR: a node's role and the flow's declared card go out and come back.

The role rides on its item as our own extension (``node-role``); the flow's
``[[card]]`` sections ride on the Questionnaire as one JSON string
(``flow-card``), their texts in the Questionnaire's language. The importer
restores both: a shipped flow exported and imported gives the same card for
a recorded session. An unknown role, or a card that cannot be read, is left
out with a located FH104 warning, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prep_assistant import i18n
from prep_assistant.conversation.opening import translator
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.library import find_flow, load_pack_file
from prep_assistant.dialogue.loader import load_flow
from prep_assistant.dialogue.roles import role_of
from prep_assistant.fhir import vocabulary as v
from prep_assistant.fhir.exports import import_flow
from prep_assistant.fhir.questionnaire import build_questionnaire
from prep_assistant.summary import build_card, render_html, render_markdown, render_text
from tests.companion_helpers import COMPANION, PATIENT
from tests.test_card_declared import EVERY_AFTER_ANSWER
from tests.test_summary_model import TODAY, drive, recorded


@pytest.fixture(autouse=True)
def _dutch():
    yield
    i18n.set_language("nl")


def round_trip(tmp_path: Path, flow, language: str | None = None) -> Flow:
    source = tmp_path / "q.json"
    source.write_text(json.dumps(build_questionnaire(flow, language=language)), encoding="utf-8")
    target = tmp_path / "flow.toml"
    result = import_flow(source, target)
    assert result.written == target, [d.format() for d in result.diagnostics]
    loaded = load_flow(target, examples=False)
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    return Flow.from_model(loaded.model, str(target))


def the_roles(flow) -> dict[str, str | None]:
    return {node.id: role_of(node) for node in flow.model.nodes}


def test_the_export_carries_each_role_and_the_declared_card():
    resource = build_questionnaire(find_flow("voorbereiding"))
    [card] = [e for e in resource["extension"] if e["url"] == v.FLOW_CARD]
    sections = json.loads(card["valueString"])
    assert sections[0] == {"id": "keuze", "heading": "De keuze", "how": "decision", "answers": ["beslissing"]}
    roles = {}

    def walk(items):
        for item in items:
            for extension in item.get("extension", []):
                if extension["url"] == v.NODE_ROLE:
                    roles[item["linkId"]] = extension["valueCode"]
            walk(item.get("item", []))

    walk(resource["item"])
    assert roles["beslissing"] == "decision" and roles["opties"] == "options" and roles["voorkeur"] == "lean"
    assert roles == {k: r for k, r in the_roles(find_flow("voorbereiding")).items() if r}


def test_the_declared_card_is_exported_in_the_questionnaires_language():
    sections = json.loads(build_questionnaire(find_flow("voorbereiding"), language="en")["extension"][0]["valueString"])
    headings = {s["id"]: s["heading"] for s in sections}
    assert headings["keuze"] == "The decision" and headings["belangrijk"] == "What matters to me"
    assert sections[7]["parts"][0]["heading"] == "My goals for my health"


def same_card(shipped_flow, back, answers, pack=None) -> None:
    cards = [
        build_card(drive(flow, answers, pack, translate=translator(flow)), made_on=TODAY) for flow in (shipped_flow, back)
    ]
    assert cards[1].declared is not None
    for render in (render_markdown, render_text, render_html):
        assert render(cards[1]) == render(cards[0]), render.__name__


@pytest.mark.parametrize("name", ["typical", "long", "empty"])
def test_a_shipped_preparation_keeps_its_card_through_export_and_import(tmp_path, name):
    shipped = find_flow("voorbereiding")
    back = round_trip(tmp_path, shipped)
    assert the_roles(back) == the_roles(shipped)
    data = recorded(name)
    pack = load_pack_file(data["pack"]) if data.get("pack") else None
    same_card(shipped, back, data["answers"], pack)


@pytest.mark.parametrize(
    ("flow_id", "answers"),
    [
        ("na_het_gesprek", EVERY_AFTER_ANSWER),
        ("voorbereiding_naaste", {**COMPANION, "opties": PATIENT["opties"]}),
        ("workshop", {"eigen_vragen": ["Mag ik iemand meenemen?"]}),
    ],
)
def test_every_shipped_flow_keeps_its_card_and_roles(tmp_path, flow_id, answers):
    shipped = find_flow(flow_id)
    back = round_trip(tmp_path, shipped)
    assert the_roles(back) == the_roles(shipped)
    same_card(shipped, back, answers)


def test_an_english_export_imports_with_an_english_card(tmp_path):
    back = round_trip(tmp_path, find_flow("na_het_gesprek"), language="en")
    i18n.set_language("en")
    shown = render_text(build_card(drive(back, EVERY_AFTER_ANSWER), made_on=TODAY))
    assert "What was decided" in shown and "Wat er besloten is" not in shown


def _import(tmp_path: Path, resource: dict):
    source = tmp_path / "q.json"
    source.write_text(json.dumps(resource, indent=1), encoding="utf-8")
    target = tmp_path / "flow.toml"
    return import_flow(source, target), target


def _small(role: object = "decision", card: object = None) -> dict:
    item = {"linkId": "keuze", "text": "Welke keuze?", "type": "string",
            "extension": [{"url": v.NODE_KIND, "valueCode": "text"}, {"url": v.NODE_ROLE, "valueCode": role}]}
    resource = {"resourceType": "Questionnaire", "status": "draft", "name": "klein", "item": [item]}
    if card is not None:
        resource["extension"] = [{"url": v.FLOW_CARD, "valueString": card}]
    return resource


def test_an_unknown_role_is_left_out_with_a_located_warning(tmp_path):
    result, target = _import(tmp_path, _small(role="desicion"))
    assert result.written == target
    [warning] = [d for d in result.diagnostics if "role" in d.message]
    assert warning.code == "FH104" and not warning.is_error and "'desicion'" in warning.message
    assert warning.line > 1  # at the item, not the top of the file
    assert "role = " not in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "card",
    ["not json", "{}", json.dumps([{"id": "a", "heading": "A", "how": "tabel", "answers": ["keuze"]}]), json.dumps([1]), 5],
)
def test_a_card_that_cannot_be_read_is_left_out_with_a_warning(tmp_path, card):
    result, target = _import(tmp_path, _small(card=card))
    assert result.written == target
    [warning] = [d for d in result.diagnostics if "card" in d.message]
    assert warning.code == "FH104" and not warning.is_error and warning.line > 1
    assert "[[card]]" not in target.read_text(encoding="utf-8")


def test_a_card_names_the_node_ids_the_import_gives(tmp_path):
    resource = _small(card=json.dumps([{"id": "k", "heading": "Keuze", "how": "decision", "answers": ["Keuze-1"]}]))
    resource["item"][0]["linkId"] = "Keuze-1"
    result, target = _import(tmp_path, resource)
    assert result.written == target, [d.format() for d in result.diagnostics]
    loaded = load_flow(target, examples=False)
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    assert loaded.model.card[0].answers == [loaded.model.nodes[0].id]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "heading", "how", "answers", "parts", "x"]), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(card=_JSON, role=_JSON, tag=_JSON)
def test_any_card_or_role_is_reported_never_raised(tmp_path, card, role, tag):
    resource = _small(role=role, card=json.dumps(card))
    resource["item"][0]["extension"].append({"url": v.CARD_SECTION, "valueCode": tag})  # a list here raised before
    result, _target = _import(tmp_path, resource)
    assert all(d.code.startswith("FH") and d.message for d in result.diagnostics)
