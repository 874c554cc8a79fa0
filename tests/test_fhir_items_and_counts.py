"""FHIR: name['item'], name[*] and count_true() mean in FHIRPath what they
mean to the engine; repeated questions and single choices from a list export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from prep_assistant.dialogue import conditions, reading
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.library import find_flow
from prep_assistant.dialogue.loader import load_flow
from prep_assistant.fhir import fhirpath
from prep_assistant.fhir import vocabulary as v
from prep_assistant.fhir.enable import Scope, enabling
from prep_assistant.fhir.questionnaire import build_questionnaire
from prep_assistant.fhir.response import COMPLETED, SessionFacts, build_response
from tests.fhir_paths import answered_run, enabled, evaluate, fhir_path

FIXTURES = Path(__file__).parent / "fixtures"
_FLOW = find_flow(str(FIXTURES / "mini_flow.toml"))
GUIDE = FIXTURES / "flows" / "ottawa_personal_decision_guide.toml"


def _facts(flow: Flow) -> SessionFacts:
    return SessionFacts("20261130-1200-abcd", COMPLETED, dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.timezone.utc), "nl", flow.version)


class _RunEnv:
    """Conditions read against a run, by name, as the engine reads them."""

    def __init__(self, run):
        self.run = run

    def value(self, name):
        return reading.answer(self.run, name)

    def has_pack(self):
        return False

    def item_value(self, name, item):
        return reading.answer(self.run, name, item)

    def every_item(self, name):
        return self.run.every_item(name)


_ATOMS = [
    "gewicht['A'] >= 3", "gewicht['B'] == 2", "gewicht['A'] != 4", "answered(gewicht['A'])", "gewicht['B']",
    "'rust' in voordelen['A']", "'rust' in voordelen[*]", "'tijd' in voordelen[*]", "count(voordelen[*]) >= 2",
    "count(gewicht[*]) == 1", "4 in gewicht[*]", "gewicht[*]", "voordelen['B']", "voordelen[*] == 'rust'",
    "count_true(zeker) >= 1", "count_true(zeker, zeker) == 2", "count_true(zeker)", "gewicht['Z'] == 1",
]


@st.composite
def _conditions(draw, depth=0):
    if depth > 2 or draw(st.booleans()):
        return draw(st.sampled_from(_ATOMS))
    op = draw(st.sampled_from(["and", "or", "not"]))
    if op == "not":
        return f"not ({draw(_conditions(depth + 1))})"
    return f"({draw(_conditions(depth + 1))} {op} {draw(_conditions(depth + 1))})"


_PROS = st.lists(st.sampled_from(["rust", "tijd", "geld"]), max_size=2, unique=True)
_ANSWERS = st.fixed_dictionaries(
    {"wie": st.just("alleen"), "opties": st.just(["A", "B"])},
    optional={
        "voordelen[A]": _PROS,
        "voordelen[B]": _PROS,
        "gewicht[A]": st.integers(0, 5),
        "gewicht[B]": st.integers(0, 5),
        "zeker": st.booleans(),
    },
)


@settings(max_examples=300, deadline=None)
@given(_conditions(), _ANSWERS)
def test_items_and_counts_mean_the_same_in_fhir(condition, answers):
    expr = conditions.parse(condition)
    run = answered_run(_FLOW, answers)
    expected = conditions.evaluate(expr, _RunEnv(run))
    response = build_response(run, _facts(_FLOW))
    written = enabling(expr, Scope(_FLOW))
    if written.expression is not None:
        assert evaluate(written.expression, response, None) == [expected], written.expression
        # and the importer reads the expression back as a condition that means the same
        names = {n.id: (n.id, n.kind) for n in _FLOW.model.nodes}
        back = fhirpath.to_condition(written.expression, names.get, lambda n, code: code)
        assert conditions.evaluate(conditions.parse(back), _RunEnv(run)) == expected, back
    else:
        item = {"linkId": "x"}
        written.apply(item)
        assert enabled(item, response, None) == expected


def test_the_agreement_check_can_fail():
    run = answered_run(_FLOW, {"wie": "alleen", "opties": ["A", "B"], "gewicht[A]": 4, "voordelen[A]": ["rust"]})
    response = build_response(run, _facts(_FLOW))
    written = enabling(conditions.parse("gewicht['A'] >= 3"), Scope(_FLOW))
    assert evaluate(written.expression, response, None) == [True]
    assert evaluate(written.expression.replace("'A'", "'B'"), response, None) == [False]


def test_the_guide_exports_and_a_form_filler_walks_its_examples():
    flow = Flow.from_model(load_flow(GUIDE).model)
    questionnaire = build_questionnaire(flow)
    items = {}

    def index(found):
        for item in found:
            items[item["linkId"]] = item
            index(item.get("item", []))

    index(questionnaire["item"])
    opties = items["opties"]
    assert opties["repeats"] is True
    repeat = next(e for e in opties["extension"] if e["url"] == v.REPEAT_WHILE)
    assert {e["url"]: list(e.values())[1] for e in repeat["extension"]} == {"while": "meer_opties", "max-rounds": 5}
    assert items["personen"]["repeats"] is True
    for example in flow.model.examples:
        run = answered_run(flow, example.answers)
        response = build_response(run, _facts(flow))
        shown = fhir_path(questionnaire, response)
        # A form filler shows a repeated question once, with every round's
        # answers; the engine's path asks it once per round.
        once: list[str] = []
        for node in example.path:
            if node in ("opties", "meer_opties", "personen", "nog_iemand") and node in once:
                continue
            once.append(node)
        assert shown == once


def test_the_response_gives_every_round_of_a_repeated_question():
    flow = Flow.from_model(load_flow(GUIDE).model)
    run = answered_run(flow, flow.model.examples[0].answers)
    response = build_response(run, _facts(flow))
    found = {}

    def index(items):
        for item in items:
            found.setdefault(item["linkId"], []).append(item)
            index(item.get("item", []))

    index(response["item"])
    assert [a["valueString"] for a in found["opties"][0]["answer"]] == ["Behandeling A", "Afwachten"]
    assert [a["valueString"] for a in found["personen"][0]["answer"]] == ["Mijn partner", "Mijn dochter"]
    assert len(found["opties"]) == 1


def test_the_guide_survives_the_round_trip(tmp_path):
    from prep_assistant.dialogue.engine import replay
    from prep_assistant.fhir.exports import import_flow, to_json

    flow = Flow.from_model(load_flow(GUIDE).model)
    source = tmp_path / "q.json"
    source.write_bytes(to_json(build_questionnaire(flow)))
    target = tmp_path / "back.toml"
    result = import_flow(source, target)
    assert result.written == target, [d.format() for d in result.diagnostics]
    back = load_flow(target, examples=False)
    assert back.ok and back.diagnostics == [], [d.format() for d in back.diagnostics]
    nodes = {n.id: n for n in back.model.nodes}
    assert nodes["opties"].repeat_while == "meer_opties" and nodes["opties"].max_rounds == 5
    assert nodes["personen"].repeat_while == "nog_iemand"
    assert nodes["neiging"].items_from == "opties"
    assert nodes["over_druk"].when == "true in druk[*]"
    assert "{count_true(zeker_weten, kent_opties, weet_wat_telt, genoeg_steun)}" in nodes["score"].text
    again = Flow.from_model(back.model)
    for example in flow.model.examples:
        assert replay(again, dict(example.answers)) == list(example.path)
