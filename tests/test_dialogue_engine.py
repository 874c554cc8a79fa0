from __future__ import annotations

import datetime as dt

import pytest

from prep_assistant.dialogue.answers import AnswerError
from prep_assistant.dialogue.engine import Run, replay
from prep_assistant.dialogue.flow import Flow, split_address
from prep_assistant.dialogue.library import load_pack_file
from prep_assistant.dialogue.loader import load_flow

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def flow(fixtures) -> Flow:
    loaded = load_flow(fixtures / "mini_flow.toml")
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    return Flow.from_model(loaded.model)


def walk(run: Run, *answers):
    for value in answers:
        step = run.current
        assert step is not None
        run.answer(value)
    return run.current


def test_starts_at_the_first_node_and_walks(flow):
    run = Run(flow, today=TODAY)
    assert run.current.node_id == "welkom"
    assert run.current.is_info
    step = walk(run, True, "Mijn knie", "alleen")
    assert step.node_id == "opties"
    # placeholders are filled with earlier answers
    assert step.text == "Welke opties zijn er voor Mijn knie?"
    # without a pack, the list starts with just the wait item
    assert step.value == ["Afwachten"] and not step.answered


def test_branch_follows_the_answer(flow):
    run = Run(flow, today=TODAY)
    assert walk(run, True, None, "naaste").node_id == "naam"


def test_for_each_runs_the_body_per_item(flow):
    run = Run(flow, today=TODAY)
    walk(run, True, None, "alleen", ["Operatie", "Afwachten"])
    step = run.current
    assert (step.node_id, step.item) == ("voordelen", "Operatie")
    assert step.key == "voordelen[Operatie]"
    assert step.text == "Wat zijn de voordelen van Operatie?"
    step = walk(run, ["Minder pijn"])
    assert (step.node_id, step.item) == ("gewicht", "Operatie")
    # a body node's condition sees the current item's answers
    step = walk(run, 4, [])
    assert step.node_id == "zeker"  # gewicht[Afwachten] skipped: no pros
    assert run.answers["gewicht[Operatie]"] == 4


def test_change_an_earlier_answer_reevaluates_the_path(flow):
    run = Run(flow, today=TODAY)
    walk(run, True, None, "naaste", "Ans", ["A"], [], False)
    assert run.current.node_id == "tip"
    assert run.go_to("wie")
    assert run.current.value == "naaste" and run.current.answered
    run.answer("alleen")
    keys = [e.key for e in run.path]
    assert "naam" not in keys
    # the old answer is kept, but off the path it does not count
    assert run.answers["naam"] == "Ans"
    assert run.value_of("naam") is None
    run.resume()
    assert run.current.node_id == "tip"


def test_back_shows_the_previous_answer(flow):
    run = Run(flow, today=TODAY)
    walk(run, True, "Knie")
    assert run.back()
    assert run.current.node_id == "beslissing"
    assert run.current.value == "Knie"
    run.answer("Heup")
    assert run.current.node_id == "wie"
    assert run.back() and run.back() and not run.back()


def test_finishes_and_reads_out_all_answers(flow):
    run = Run(flow, today=TODAY)
    walk(run, True, "Knie", "alleen", ["A"], ["x"], 2, True, "24-12-2026", ["wandelen", "Tuinieren"], ["Tuinieren", "wandelen"])
    assert run.current is None and run.done
    answers = dict((e.key, v) for e, v in run.answered_steps())
    assert answers["datum"] == "2026-12-24"
    assert answers["activiteiten"] == ["wandelen", "Tuinieren"]
    assert run.display("top", answers["top"]) == "Tuinieren, Wandelen"
    assert run.progress() == (9, 9)


def test_resume_from_stored_answers(flow):
    first = Run(flow, today=TODAY)
    walk(first, True, "Knie", "naaste")
    again = Run(flow, answers=dict(first.answers), today=TODAY)
    assert again.current.node_id == "naam"
    assert again.step_index() == 0


def test_ranking_keeps_top_n_and_refuses_bad_orders(flow):
    run = Run(flow, today=TODAY)
    walk(run, True, None, "alleen", [], True, None, ["wandelen", "fietsen", "lezen"])
    step = run.current
    assert step.node_id == "top"
    assert [o.label for o in step.question.options] == ["Wandelen", "Fietsen", "Lezen"]
    with pytest.raises(AnswerError):
        run.answer(["wandelen"])
    with pytest.raises(AnswerError):
        run.answer(["wandelen", "wandelen"])
    with pytest.raises(AnswerError):
        run.answer(["zwemmen", "wandelen"])
    run.answer(["lezen", "fietsen"])
    assert run.done


def test_required_question_cannot_be_skipped(flow):
    run = Run(flow, today=TODAY)
    walk(run, True, None)
    with pytest.raises(AnswerError) as info:
        run.answer(None)
    assert "choose" in info.value.message
    with pytest.raises(AnswerError):
        run.answer("misschien")


def test_pack_prefills_decision_and_options(flow, fixtures):
    pack = load_pack_file(fixtures / "mini_pack.toml")
    run = Run(flow, pack=pack, today=TODAY)
    run.answer(True)
    assert run.current.value == "Behandeling van iets"
    walk(run, run.current.value, "alleen")
    # the pack rules waiting out, so no wait item
    assert run.current.value == ["Optie A", "Optie B"]


def test_translate_is_used_for_texts(flow):
    seen = []

    def translate(context, source):
        seen.append(context)
        return "EN: " + source

    run = Run(flow, translate=translate, today=TODAY)
    assert run.current.text == "EN: Welkom."
    assert "mini.welkom.text" in seen


def test_orphan_answers_are_kept(flow):
    run = Run(flow, answers={"weg_vraag": "oud antwoord", "welkom": True}, today=TODAY)
    assert run.orphans() == {"weg_vraag": "oud antwoord"}
    assert run.current.node_id == "beslissing"


def test_answer_cost_does_not_grow_with_the_path(flow):
    # Answering at the frontier only extends the path: the walk is not redone.
    run = Run(flow, today=TODAY)
    calls = 0
    original = run._settle

    def counting(*args):
        nonlocal calls
        calls += 1
        return original(*args)

    run._settle = counting
    walk(run, True, "Knie", "alleen")
    assert calls <= 3


def test_split_address():
    assert split_address("a") == ("a", None)
    assert split_address("a[b[c]]") == ("a", "b[c]")


def test_replay_reports_bad_answers(flow):
    with pytest.raises(AnswerError) as info:
        replay(flow, {"wie": "niemand"})
    assert info.value.message.startswith("wie:")


def test_ranking_over_several_lists_in_the_shipped_flow():
    from prep_assistant.dialogue.library import find_flow

    flow = find_flow()
    answers = {
        "mogelijkheden_vragen": ["Wat als ik wacht?"],
        "voor_nadelen_vragen": ["Hoe lang herstel?", "Wat als ik wacht?"],
        "mijn_vragen": ["Wie helpt?"],
    }
    run = Run(flow, today=TODAY)
    replay_until = "top_vragen"
    while run.current is not None and run.current.node_id != replay_until:
        step = run.current
        run.answer(answers.get(step.key) if not step.is_info else True)
    step = run.current
    assert [o.value for o in step.question.options] == ["Wat als ik wacht?", "Hoe lang herstel?", "Wie helpt?"]
    run.answer(["Wie helpt?", "Wat als ik wacht?", "Hoe lang herstel?"])
    assert run.display("top_vragen", run.answers["top_vragen"]).startswith("Wie helpt?")


RATINGS_FLOW = """
format = 1
[flow]
id = "w"
title = "W"

[[nodes]]
id = "opties"
kind = "text_list"
text = "Opties?"

[[nodes]]
id = "lus"
kind = "for_each"
over = "opties"
as = "optie"
body = ["voordelen", "gewicht"]

[[nodes]]
id = "voordelen"
kind = "text_list"
text = "Voordelen van {optie}?"

[[nodes]]
id = "gewicht"
kind = "ratings"
items_from = "voordelen"
when = "answered(voordelen)"
text = "Hoe belangrijk is elk voordeel van {optie}?"

[[nodes]]
id = "klaar"
kind = "info"
text = "Klaar."
"""


def test_ratings_weigh_each_item_of_this_rounds_list(tmp_path):
    path = tmp_path / "w.toml"
    path.write_text(RATINGS_FLOW, encoding="utf-8")
    loaded = load_flow(path)
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    run = Run(Flow.from_model(loaded.model), today=TODAY)
    walk(run, ["A", "B"], ["snel", "dichtbij"])
    step = run.current
    assert step.key == "gewicht[A]"
    assert [o.value for o in step.question.options] == ["snel", "dichtbij"]
    with pytest.raises(AnswerError):
        run.answer({"snel": 9})
    with pytest.raises(AnswerError):
        run.answer({"ver weg": 2})
    with pytest.raises(AnswerError):
        run.answer_text("3")
    run.answer_text("3 5")
    assert run.answers["gewicht[A]"] == {"snel": 3, "dichtbij": 5}
    assert run.display("gewicht", run.answers["gewicht[A]"]) == "snel (3/5), dichtbij (5/5)"
    step = walk(run, ["goedkoop"])
    assert [o.value for o in step.question.options] == ["goedkoop"]
    run.answer({"goedkoop": 0})
    assert run.current.node_id == "klaar"


def test_ratings_answers_can_be_stored_and_exported(tmp_path):
    from prep_assistant.session import Store, export_session, import_session

    with Store.open(tmp_path) as store:
        info = store.create_session(flow_id="w", flow_version=1, flow_kind="preparation", language="nl")
        store.save_answer(info.id, "gewicht[A]", {"snel": 3})
        export_session(store, info.id, tmp_path / "x.json")
        result = import_session(store, tmp_path / "x.json")
        assert store.answers(result.session.id)["gewicht[A]"] == {"snel": 3}


def test_pack_pros_are_offered_for_the_option_being_weighed():
    from prep_assistant.dialogue.library import find_flow, load_pack_file

    pack = load_pack_file("knie_artrose")
    run = Run(find_flow(), pack=pack, today=TODAY)
    while run.current is not None and run.current.node_id != "voordelen":
        step = run.current
        run.answer(step.value if step.kind in ("text_list", "text") and step.value else (True if step.is_info else None))
    step = run.current
    option = next(o for o in pack.options if o.name == step.item)
    assert step.suggestions[-len(option.pros):] == option.pros
