"""A saved session as a FHIR R4 QuestionnaireResponse, as a plain dict.

The response follows the structure of the session's Questionnaire (the same
flow, made for the same pack): the step groups, one group per for_each
round (its first answer names the round's item), one group per weighed
item. Only answers on the patient's path are written, each typed (a choice
as a Coding with the label the patient saw, an answer of their own as a
string). Answers are read the one way every reader uses: ``reading`` for the
path, ``wording`` for the labels.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any, Iterable

import msgspec

from prep_assistant.dialogue import reading
from prep_assistant.dialogue.wording import is_skipped, rating_of, words_of
from prep_assistant.fhir import vocabulary as v
from prep_assistant.fhir.questionnaire import build_questionnaire

#: The statuses we write (FHIR R4 QuestionnaireResponse.status).
IN_PROGRESS, COMPLETED, AMENDED = "in-progress", "completed", "amended"


class SessionFacts(msgspec.Struct, frozen=True):
    """What the response says about the session besides its answers."""

    id: str
    status: str
    authored: dt.datetime
    language: str
    flow_version: int


def status_of(finished: bool, updated_at: dt.datetime, consultation_began: Iterable[dt.datetime]) -> str:
    """``completed`` when finished, ``in-progress`` when not, and ``amended``
    when a finished preparation was changed after the consultation: after a
    later "after the consultation" session began (``consultation_began``)."""
    if not finished:
        return IN_PROGRESS
    if any(_aware(began) < _aware(updated_at) for began in consultation_began):
        return AMENDED
    return COMPLETED


def build_response(run: Any, facts: SessionFacts, *, card_pdf: bytes | None = None) -> dict[str, Any]:
    """The answers of ``run`` (an opened session's run) as a QuestionnaireResponse."""
    flow, pack = run.flow, run.pack
    questionnaire = build_questionnaire(flow, pack=pack, language=facts.language)
    answers = _Answers.read(run)
    items = _items(questionnaire["item"], answers, run, card_pdf)
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": v.resource_id(facts.id),
        "questionnaire": f"{questionnaire['url']}|{facts.flow_version}",
        "status": facts.status,
        "authored": _aware(facts.authored).isoformat(timespec="seconds"),
        "language": facts.language,
    }
    if items:
        resource["item"] = items
    return resource


class _Answers(msgspec.Struct):
    """The path read out: top-level answers, and for_each rounds in order."""

    top: dict[str, Any]
    texts: dict[str, str]
    rounds: dict[str, list[tuple[str, dict[str, Any]]]]

    @classmethod
    def read(cls, run: Any) -> "_Answers":
        top: dict[str, Any] = {}
        texts: dict[str, str] = {}
        rounds: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for asked in reading.whole_path(run):
            if asked.loop_id is None:
                # A repeated question: every round's answers, as conditions see them.
                top[asked.node_id] = reading.answer(run, asked.node_id)
            else:
                loop_rounds = rounds.setdefault(asked.loop_id, [])
                if not loop_rounds or loop_rounds[-1][0] != asked.item:
                    loop_rounds.append((asked.item, {}))
                loop_rounds[-1][1][asked.node_id] = asked.value
            texts[asked.key] = reading.question_text(run, asked)
        return cls(top, texts, rounds)


def _items(q_items: list[dict[str, Any]], answers: _Answers, run: Any, card_pdf: bytes | None, round_answers: dict[str, Any] | None = None, item: str | None = None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for q_item in q_items:
        link = q_item["linkId"]
        kind = _node_kind(q_item)
        if link == v.CARD_ATTACHMENT:
            if card_pdf is not None:
                out.append({"linkId": link, "answer": [{"valueAttachment": _attachment(card_pdf)}]})
            continue
        if kind is None:
            if q_item.get("type") == "group":  # a step or the pack
                children = _items(q_item.get("item", []), answers, run, card_pdf, round_answers, item)
                if children:
                    out.append({"linkId": link, "item": children})
            continue
        if kind == "for_each":
            for round_item, round_values in answers.rounds.get(link, []):
                label = {"linkId": v.loop_item_link(link), "answer": [{"valueString": round_item}]}
                body = [q for q in q_item.get("item", []) if q["linkId"] != v.loop_item_link(link)]
                out.append({"linkId": link, "item": [label, *_items(body, answers, run, card_pdf, round_values, round_item)]})
            continue
        if kind == "info":
            continue
        value = (round_answers if round_answers is not None else answers.top).get(link)
        if is_skipped(value):
            continue
        key = link if item is None else f"{link}[{item}]"
        if kind == "ratings":
            out.extend(_weights(link, value))
            continue
        typed = _typed(run, q_item, kind, value)
        if typed:
            entry: dict[str, Any] = {"linkId": link}
            if answers.texts.get(key):
                entry["text"] = answers.texts[key]
            entry["answer"] = typed
            out.append(entry)
    return out


def _node_kind(q_item: dict[str, Any]) -> str | None:
    for extension in q_item.get("extension", ()):
        if extension.get("url") == v.NODE_KIND:
            return extension.get("valueCode")
    return None


def _typed(run: Any, q_item: dict[str, Any], kind: str, value: Any) -> list[dict[str, Any]]:
    node_id = q_item["linkId"]
    if kind in ("text", "text_list"):
        values = value if isinstance(value, list) else [value]
        return [{"valueString": str(text)} for text in values if not is_skipped(text)]
    if kind in ("single_choice", "multiple_choice", "ranking"):
        values = value if isinstance(value, list) else [value]
        return [_choice(run, node_id, str(chosen)) for chosen in values if not is_skipped(chosen)]
    if kind == "rating":
        rating = rating_of(value)
        return [] if rating is None else [{"valueInteger": rating}]
    if kind == "yes_no" and isinstance(value, bool):
        return [{"valueBoolean": value}]
    if kind == "date" and isinstance(value, str):
        try:
            return [{"valueDate": dt.date.fromisoformat(value).isoformat()}]
        except ValueError:
            return [{"valueString": value}]
    return [{"valueString": words_of(run, node_id, value).text()}]


def _choice(run: Any, node_id: str, chosen: str) -> dict[str, Any]:
    node = reading.node(run, node_id)
    label = words_of(run, node_id, chosen).text() or chosen
    if node is not None and run.flow.choice(node, chosen) is not None:
        return {"valueCoding": {"system": v.choice_system(run.flow.id, node_id), "code": chosen, "display": label}}
    return {"valueString": chosen}


def _weights(node_id: str, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, dict):
        return []
    out = []
    for rated, weight in value.items():
        rating = rating_of(weight)
        parts: list[dict[str, Any]] = [{"linkId": v.ratings_item_link(node_id), "answer": [{"valueString": str(rated)}]}]
        if rating is not None:
            parts.append({"linkId": v.ratings_weight_link(node_id), "answer": [{"valueInteger": rating}]})
        out.append({"linkId": node_id, "item": parts})
    return out


def _attachment(pdf: bytes) -> dict[str, Any]:
    return {
        "contentType": "application/pdf",
        "data": base64.b64encode(pdf).decode("ascii"),
        "size": len(pdf),
        "title": "gesprekskaart.pdf",
    }


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc)
