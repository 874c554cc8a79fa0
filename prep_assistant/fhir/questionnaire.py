"""A flow as a FHIR R4 Questionnaire (with SDC extensions), as a plain dict.

Every node becomes an item whose ``linkId`` is the node id; the steps become
groups (``step.<id>``); a for_each becomes a repeating group whose first
item (``<loop>.item``) names the round's item. Answer kinds map to item
types (see ``ITEM_TYPES``); what FHIR has no word for (a ranking, weights per
item, where an answer goes on the card) is kept in our own extensions, so
that ``import`` can read the flow back. A clinician's pack fills in
``initial`` values and a group of display items with its options.

Texts are data: they go into the dict as they are and ``json.dumps``
escapes them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from prep_assistant import i18n
from prep_assistant.conversation.opening import PACK_LANGUAGE
from prep_assistant.dialogue import texts as contexts
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.names import sources_of
from prep_assistant.dialogue.wording import MAX_RATING
from prep_assistant.fhir import vocabulary as v
from prep_assistant.fhir.enable import TRUE, Scope, both, enabling, fold_pack, reach_conditions, values
from prep_assistant.fhir.texts import Texts, text_in

if TYPE_CHECKING:  # pragma: no cover
    from prep_assistant.dialogue import schema

#: The keys of a card section or part, in the order a flow file writes them.
_CARD_KEYS = (
    "id", "heading", "how", "column", "answers", "top_heading", "more_heading", "pros", "cons", "touches", "yes", "no",
)
#: The keys of a card section or part that are texts (translated).
_CARD_TEXTS = ("heading", "top_heading", "more_heading", "yes", "no")


def _card_block(block: Any) -> dict[str, Any]:
    """A card section or part (a model or a compiled record) as plain data, without empty keys."""
    data: dict[str, Any] = {}
    for key in _CARD_KEYS:
        value = getattr(block, key, None)
        if value is not None and value != []:
            data[key] = list(value) if isinstance(value, (list, tuple)) else value
    parts = getattr(block, "parts", None) or ()
    if parts:
        data["parts"] = [_card_block(part) for part in parts]
    return data

#: Node kind -> FHIR item type (before ``repeats`` and ``allow_other``).
ITEM_TYPES = {
    "info": "display",
    "text": "string",
    "text_list": "string",
    "single_choice": "choice",
    "multiple_choice": "choice",
    "ranking": "choice",
    "rating": "integer",
    "ratings": "group",
    "yes_no": "boolean",
    "date": "date",
    "for_each": "group",
}


def build_questionnaire(flow: Flow, *, pack: schema.PackFile | None = None, language: str | None = None) -> dict[str, Any]:
    """``flow`` (made for ``pack``, or for none) as a Questionnaire in ``language``."""
    return _Builder(flow, pack, language or flow.language).build()


def questionnaire_url(flow_id: str, pack_id: str | None) -> str:
    return v.canonical_url(flow_id, pack_id)


class _Builder:
    def __init__(self, flow: Flow, pack: schema.PackFile | None, language: str) -> None:
        self.flow = flow
        self.pack = pack
        self.language = language
        self.texts = Texts(language, flow.language)
        self.pack_texts = Texts(language, PACK_LANGUAGE, braces_doubled=False)
        self.reach = reach_conditions(flow, pack is not None)

    def build(self) -> dict[str, Any]:
        flow, info = self.flow, self.flow.model.flow
        pack_id = self.pack.pack.id if self.pack else None
        resource: dict[str, Any] = {
            "resourceType": "Questionnaire",
            "id": v.resource_id(flow.id if pack_id is None else f"{flow.id}.{pack_id}"),
            "url": questionnaire_url(flow.id, pack_id),
            "version": str(flow.version),
            "status": "active",
            "subjectType": ["Patient"],
            "language": self.language,
        }
        self.texts.put(resource, "title", contexts.flow_context(flow.id, "title"), info.title)
        if info.description:
            self.texts.put(resource, "description", contexts.flow_context(flow.id, "description"), info.description)
        items: list[dict[str, Any]] = []
        if self.pack is not None:
            items.append(self._pack_group(self.pack))
        items.extend(self._top_level())
        items.append(self._card_item())
        resource["item"] = items
        card = self._declared_card()
        if card:
            resource["extension"] = [{"url": v.FLOW_CARD, "valueString": json.dumps(card, ensure_ascii=False)}]
        return resource

    def _card_text(self, context: str, source: str) -> str:
        # A card's texts have no placeholders, so no braces to undouble (as Texts.main does).
        return text_in(self.texts.language, context, source, self.texts.source_language)

    def _declared_card(self) -> list[dict[str, Any]]:
        """The flow's ``[[card]]`` sections as plain data, their texts in the main language."""
        fid = self.flow.id
        sections = []
        for section in getattr(self.flow.model, "card", None) or ():
            data = _card_block(section)
            for field in _CARD_TEXTS:
                if field in data:
                    data[field] = self._card_text(contexts.card_context(fid, section.id, field), data[field])
            for part in data.get("parts", []):
                for field in _CARD_TEXTS:
                    if field in part:
                        part[field] = self._card_text(contexts.card_context(fid, section.id, "parts"), part[field])
            sections.append(data)
        return sections

    # -- structure ---------------------------------------------------------------

    def _top_level(self) -> list[dict[str, Any]]:
        """Top-level nodes in file order, in one group per run of a step."""
        flow = self.flow
        steps = {step.id: step for step in flow.steps}
        out: list[dict[str, Any]] = []
        runs: dict[str, int] = {}
        group: dict[str, Any] | None = None
        current: str | None = None
        for node_id in flow.order:
            step_id = flow.step_of.get(node_id)
            item = self._item(flow.nodes[node_id], None)
            if step_id is None or step_id not in steps:
                group, current = None, None
                out.append(item)
                continue
            if step_id != current or group is None:
                runs[step_id] = runs.get(step_id, 0) + 1
                group = {"linkId": v.step_link(step_id, runs[step_id]), "type": "group", "item": []}
                self.texts.put(group, "text", contexts.step_context(flow.id, step_id), steps[step_id].title)
                out.append(group)
                current = step_id
            group["item"].append(item)
        return out

    def _item(self, node: Any, loop_id: str | None) -> dict[str, Any]:
        fid = self.flow.id
        item: dict[str, Any] = {"linkId": node.id}
        if getattr(node, "text", None):
            self.texts.put(item, "text", contexts.node_context(fid, node.id, "text"), node.text)
        item["type"] = ITEM_TYPES[node.kind]
        extensions: list[dict[str, Any]] = [{"url": v.NODE_KIND, "valueCode": node.kind}]
        if getattr(node, "card", None):
            extensions.append({"url": v.CARD_SECTION, "valueCode": node.card})
        if getattr(node, "role", None):
            extensions.append({"url": v.NODE_ROLE, "valueCode": node.role})
        item["extension"] = extensions
        children: list[dict[str, Any]] = []
        getattr(self, f"_kind_{node.kind}")(node, item, children, loop_id)
        self._repeat(node, item)
        if getattr(node, "required", False):
            item["required"] = True
        if getattr(node, "help", None):
            children.insert(0, self._control_display(v.help_link(node.id), "help", contexts.node_context(fid, node.id, "help"), node.help))
        if children:
            item.setdefault("item", [])
            item["item"][:0] = children
        self._condition(node, item, loop_id)
        return item

    def _condition(self, node: Any, item: dict[str, Any], loop_id: str | None) -> None:
        has_pack = self.pack is not None
        condition = self.reach.get(node.id, TRUE) if loop_id is None else TRUE
        when = self.flow.when.get(node.id)
        if when is not None:
            condition = both(condition, fold_pack(when, has_pack))
        enabling(condition, Scope(self.flow, loop_id)).apply(item)

    # -- one method per node kind ---------------------------------------------------

    def _kind_info(self, node: Any, item: dict[str, Any], children: list, loop_id: str | None) -> None:
        if node.help:
            item["type"] = "group"  # a display item cannot hold its help (que-1)

    def _kind_text(self, node: Any, item: dict[str, Any], children: list, loop_id: str | None) -> None:
        item["type"] = "text" if node.multiline else "string"
        item["maxLength"] = node.max_length
        self._hint(node, item)
        if node.prefill == "pack.decision" and self.pack is not None:
            decision = self.pack_texts.main(contexts.pack_context(self.pack.pack.id, "decision"), self.pack.pack.decision)
            item["initial"] = [{"valueString": decision}]

    def _kind_text_list(self, node: Any, item: dict[str, Any], children: list, loop_id: str | None) -> None:
        item["repeats"] = True
        item["extension"].append({"url": v.MAX_OCCURS, "valueInteger": node.max_items})
        self._hint(node, item)
        if node.suggestions:
            item["type"] = "open-choice"
            context = contexts.node_context(self.flow.id, node.id, "suggestions")
            item["answerOption"] = [{"valueString": self.texts.main(context, s)} for s in node.suggestions]
        initial = self._initial_list(node)
        if initial:
            item["initial"] = [{"valueString": text} for text in initial]

    def _kind_single_choice(self, node: Any, item: dict[str, Any], children: list, loop_id: str | None) -> None:
        # Choices as answerOption; items of an earlier list (items_from) as an
        # SDC answerExpression, exactly as for a multiple choice.
        self._choices_and_sources(node, item, loop_id)

    def _kind_multiple_choice(self, node: Any, item: dict[str, Any], children: list, loop_id: str | None) -> None:
        item["repeats"] = True
        if node.allow_other:
            item["type"] = "open-choice"
        if node.min_selected:
            item["extension"].append({"url": v.MIN_OCCURS, "valueInteger": node.min_selected})
        if node.max_selected:
            item["extension"].append({"url": v.MAX_OCCURS, "valueInteger": node.max_selected})
        self._choices_and_sources(node, item, loop_id)

    def _kind_ranking(self, node: Any, item: dict[str, Any], children: list, loop_id: str | None) -> None:
        item["repeats"] = True
        if node.keep:
            item["extension"].append({"url": v.MAX_OCCURS, "valueInteger": node.keep})
        self._choices_and_sources(node, item, loop_id)

    def _kind_rating(self, node: Any, item: dict[str, Any], children: list, loop_id: str | None) -> None:
        item["extension"].extend(_range())
        children.extend(self._scale_labels(node, node.id))

    def _kind_ratings(self, node: Any, item: dict[str, Any], children: list, loop_id: str | None) -> None:
        item["repeats"] = True
        item["extension"].extend(self._sources(node, loop_id, answer_expression=False))
        rated = {"linkId": v.ratings_item_link(node.id), "type": "string", "readOnly": True}
        sources = sources_of(node)
        if sources:
            rated["extension"] = [_answer_expression(_union(sources, self.flow, loop_id))]
        weight = {
            "linkId": v.ratings_weight_link(node.id),
            "type": "integer",
            "extension": _range(),
        }
        labels = self._scale_labels(node, node.id)
        if labels:
            weight["item"] = labels
        children.extend([rated, weight])

    def _kind_yes_no(self, node: Any, item: dict[str, Any], children: list, loop_id: str | None) -> None:
        pass

    def _kind_date(self, node: Any, item: dict[str, Any], children: list, loop_id: str | None) -> None:
        pass

    def _kind_for_each(self, node: Any, item: dict[str, Any], children: list, loop_id: str | None) -> None:
        item["repeats"] = True
        item["extension"].append(
            {
                "url": v.FOR_EACH,
                "extension": [
                    {"url": "over", "valueString": node.over},
                    {"url": "as", "valueString": node.as_},
                ],
            }
        )
        label = {
            "linkId": v.loop_item_link(node.id),
            "type": "string",
            "readOnly": True,
            "extension": [_answer_expression(_union([node.over], self.flow, None))],
        }
        children.append(label)
        children.extend(self._item(self.flow.nodes[body_id], node.id) for body_id in node.body)

    # -- pieces ---------------------------------------------------------------------

    def _repeat(self, node: Any, item: dict[str, Any]) -> None:
        """A repeated question (``repeat_while``): one item whose answers are
        every round's; the yes/no that asks for another round is its own item."""
        more = getattr(node, "repeat_while", None)
        if not more:
            return
        item["repeats"] = True
        item["extension"].append(
            {
                "url": v.REPEAT_WHILE,
                "extension": [
                    {"url": "while", "valueString": more},
                    {"url": "max-rounds", "valueInteger": node.max_rounds},
                ],
            }
        )

    def _options(self, node: Any) -> list[dict[str, Any]]:
        options = []
        for choice in node.choices:
            coding: dict[str, Any] = {"system": v.choice_system(self.flow.id, node.id), "code": choice.id}
            self.texts.put(coding, "display", contexts.choice_context(self.flow.id, node.id, choice.id), choice.label)
            options.append({"valueCoding": coding})
        return options

    def _choices_and_sources(self, node: Any, item: dict[str, Any], loop_id: str | None) -> None:
        if node.choices:
            item["answerOption"] = self._options(node)
        item["extension"].extend(self._sources(node, loop_id, answer_expression=True))

    def _sources(self, node: Any, loop_id: str | None, *, answer_expression: bool) -> list[dict[str, Any]]:
        sources = sources_of(node)
        if not sources:
            return []
        out = [{"url": v.ITEMS_FROM, "valueString": source} for source in sources]
        if answer_expression and not node.choices:
            out.append(_answer_expression(_union(sources, self.flow, loop_id)))
        return out

    def _hint(self, node: Any, item: dict[str, Any]) -> None:
        if node.hint:
            hint = self.texts.main(contexts.node_context(self.flow.id, node.id, "hint"), node.hint)
            item["extension"].append({"url": v.ENTRY_FORMAT, "valueString": hint})

    def _initial_list(self, node: Any) -> list[str]:
        items: list[str] = []
        if node.prefill == "pack.options" and self.pack is not None:
            pid = self.pack.pack.id
            items = [self.pack_texts.main(contexts.pack_context(pid, o.id, "name"), o.name) for o in self.pack.options]
        wait_allowed = self.pack is None or self.pack.pack.wait_is_option is not False
        if node.wait_item and wait_allowed:
            items.append(self.texts.main(contexts.node_context(self.flow.id, node.id, "wait_item"), node.wait_item))
        return items

    def _scale_labels(self, node: Any, link_base: str) -> list[dict[str, Any]]:
        labels = []
        for field, end in (("low_label", "lower"), ("high_label", "upper")):
            text = getattr(node, field, None)
            if text:
                context = contexts.node_context(self.flow.id, node.id, field)
                labels.append(self._control_display(v.label_link(link_base, end), end, context, text))
        return labels

    def _control_display(self, link_id: str, control: str, context: str, source: str) -> dict[str, Any]:
        item: dict[str, Any] = {"linkId": link_id}
        self.texts.put(item, "text", context, source)
        item["type"] = "display"
        item["extension"] = [
            {
                "url": v.ITEM_CONTROL,
                "valueCodeableConcept": {"coding": [{"system": v.ITEM_CONTROL_SYSTEM, "code": control}]},
            }
        ]
        return item

    def _pack_group(self, pack: schema.PackFile) -> dict[str, Any]:
        info, pid = pack.pack, pack.pack.id
        group: dict[str, Any] = {"linkId": v.PACK_GROUP, "type": "group"}
        self.pack_texts.put(group, "text", contexts.pack_context(pid, "decision"), info.decision)
        children: list[dict[str, Any]] = []
        source = {"linkId": f"{v.PACK_GROUP}.source", "type": "display", "text": f"{info.author} \u00b7 {info.source} \u00b7 {info.date.isoformat()}"}
        children.append(source)
        for option in pack.options:
            option_group: dict[str, Any] = {"linkId": f"pack.option.{option.id}", "type": "group"}
            self.pack_texts.put(option_group, "text", contexts.pack_context(pid, option.id, "name"), option.name)
            lines: list[dict[str, Any]] = []
            description = {"linkId": f"pack.option.{option.id}.description", "type": "display"}
            self.pack_texts.put(description, "text", contexts.pack_context(pid, option.id, "description"), option.description)
            lines.append(description)
            for field, mark in (("pros", "+"), ("cons", "\u2212")):
                for number, text in enumerate(getattr(option, field), 1):
                    words = self.pack_texts.main(contexts.pack_context(pid, option.id, field), text)
                    lines.append({"linkId": f"pack.option.{option.id}.{field}.{number}", "type": "display", "text": f"{mark} {words}"})
            option_group["item"] = lines
            children.append(option_group)
        group["item"] = children
        return group

    def _card_item(self) -> dict[str, Any]:
        return {
            "linkId": v.CARD_ATTACHMENT,
            "text": i18n._("The conversation card (PDF)"),
            "type": "attachment",
            "readOnly": True,
        }


def _range() -> list[dict[str, Any]]:
    return [{"url": v.MIN_VALUE, "valueInteger": 0}, {"url": v.MAX_VALUE, "valueInteger": MAX_RATING}]


def _answer_expression(expression: str) -> dict[str, Any]:
    return {"url": v.ANSWER_EXPRESSION, "valueExpression": {"language": v.FHIRPATH, "expression": expression}}


def _union(sources: list[str], flow: Flow, loop_id: str | None) -> str:
    """The answers of several list questions as one FHIRPath collection."""
    scope = Scope(flow, loop_id)
    parts = [values(source, scope) for source in sources]
    return parts[0] if len(parts) == 1 else ".combine(".join(parts) + ")" * (len(parts) - 1)
