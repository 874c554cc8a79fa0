"""A FHIR R4 Questionnaire made elsewhere, read back as a flow.

The subset that maps becomes a flow's data (ready for ``flow_writer``):
non-repeating groups become steps (nested ones are flattened, their
conditions passed on to what they hold), items become nodes (the linkId made
into a node id), ``enableWhen`` and the FHIRPath of ``fhirpath`` become
``when`` conditions, and our own extensions bring back what FHIR has no
word for (a ranking, weights per item, a for_each). Everything else is a
located diagnostic (``import_diagnostics``): an error stops the import, a
warning says what was left out or changed.

The file is read through ``guarded_read`` only: bounded, depth-checked,
strict JSON.
"""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path
from typing import Any

import msgspec

from prep_assistant import guarded_read
from prep_assistant.dialogue import schema
from prep_assistant.dialogue.diagnostics import display_path
from prep_assistant.dialogue.flow import placeholder_call
from prep_assistant.fhir import fhirpath
from prep_assistant.fhir import vocabulary as v
from prep_assistant.fhir.import_diagnostics import ImportDiagnostic
from prep_assistant.fhir.json_locations import Locations

#: A Questionnaire file larger than this is refused unread.
MAX_FILE_BYTES = 5 * 1024 * 1024

_ID_PATTERN = re.compile(schema.ID_PATTERN)
_CARD_SECTIONS = frozenset(typing.get_args(schema.CardSection))
_ROLES = frozenset(typing.get_args(schema.Role))
_R5_ITEM_KEYS = ("answerConstraint", "disabledDisplay")
_R5_ROOT_KEYS = ("versionAlgorithmString", "versionAlgorithmCoding", "copyrightLabel")
_R5_ITEM_TYPES = ("coding", "question")
_KNOWN_EXTENSIONS = frozenset(
    {
        v.NODE_KIND, v.ITEMS_FROM, v.FOR_EACH, v.CARD_SECTION, v.NODE_ROLE, v.REPEAT_WHILE, v.MIN_VALUE, v.MAX_VALUE,
        v.MIN_OCCURS, v.MAX_OCCURS, v.ENTRY_FORMAT, v.ENABLE_WHEN_EXPRESSION,
        v.ANSWER_EXPRESSION, v.ITEM_CONTROL,
    }
)
#: Item keys read here; any other is reported as left out.
_READ_KEYS = frozenset(
    {"linkId", "text", "_text", "type", "required", "repeats", "readOnly", "maxLength",
     "answerOption", "enableWhen", "enableBehavior", "item", "extension"}
)
_PLACEHOLDER_OR_BRACE = re.compile(r"\{([a-z][a-z0-9_]*(?:\([^{}()]*\))?)\}|\{|\}")


class ImportResult(msgspec.Struct):
    """The flow's data (None when there are errors) and what was reported."""

    flow: dict[str, Any] | None
    diagnostics: list[ImportDiagnostic] = msgspec.field(default_factory=list)
    display: str = ""

    @property
    def ok(self) -> bool:
        return self.flow is not None and not any(d.is_error for d in self.diagnostics)


def import_questionnaire(path: Path | str) -> ImportResult:
    """Read the Questionnaire at ``path`` as a flow; never raises on bad input."""
    path = Path(path)
    display = display_path(path)
    result = ImportResult(None, [], display)

    def fail(code: str, message: str, line: int = 1, column: int = 1) -> ImportResult:
        result.diagnostics.append(ImportDiagnostic(display, line, column, code, message))
        return result

    try:
        raw = guarded_read.read_bytes(path, limit=MAX_FILE_BYTES)
    except guarded_read.UnreadableFile as error:
        return fail("FH001", error.message)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return fail("FH002", f"byte {error.start} is not UTF-8")
    try:
        data = guarded_read.loads_json(text)
    except guarded_read.TooDeep as error:
        return fail("FH005", f"nested more than {error.limit} levels deep", error.line, error.column)
    except guarded_read.BadJson as error:
        return fail("FH003" if error.syntax else "FH004", error.reason, error.line, error.column)
    importer = _Importer(data, Locations(text), display)
    result.flow = importer.run()
    result.diagnostics.extend(importer.diagnostics)
    if any(d.is_error for d in result.diagnostics):
        result.flow = None
    return result


def node_id_from(link_id: str) -> str:
    """A linkId as a node id: lower case, ``_`` for anything else, a letter first."""
    slug = re.sub(r"[^a-z0-9_]+", "_", link_id.lower()).strip("_")
    if not slug or not slug[0].isalpha():
        slug = f"q_{slug}" if slug else "q"
    return slug[:64]


class _Item(msgspec.Struct):
    """An item as first seen: where it is, the id it gets, its kind and choices."""

    item: dict[str, Any]
    path: tuple[object, ...]
    node_id: str
    kind: str | None
    choice_ids: dict[Any, str]


class _Importer:
    def __init__(self, data: Any, locations: Locations, display: str) -> None:
        self.data = data
        self.locations = locations
        self.display = display
        self.diagnostics: list[ImportDiagnostic] = []
        self.by_link: dict[str, _Item] = {}
        self.steps: list[dict[str, Any]] = []
        self.nodes: list[dict[str, Any]] = []
        self.reported_translations = False

    def report(self, path: tuple[object, ...], code: str, message: str) -> None:
        line, column = self.locations.find(path)
        self.diagnostics.append(ImportDiagnostic(self.display, line, column, code, message))

    @property
    def failed(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    # -- the whole file ----------------------------------------------------------------

    def run(self) -> dict[str, Any] | None:
        data = self.data
        if not isinstance(data, dict) or not isinstance(data.get("resourceType"), str):
            self.report((), "FH006", "this is not a FHIR resource: it has no resourceType")
            return None
        if data["resourceType"] != "Questionnaire":
            self.report(("resourceType",), "FH007", f"this is a {data['resourceType']}, not a Questionnaire")
            return None
        items = data.get("item")
        if not isinstance(items, list) or not items:
            self.report(("item",) if "item" in data else (), "FH107", "the Questionnaire has no items")
            return None
        if self._is_r5(data):
            return None
        self._index(items)
        if self.failed:
            return None
        for index, item in enumerate(items):
            self._top(item, ("item", index))
        if self.failed:
            return None
        if not self.nodes:
            self.report(("item",), "FH107", "no item of the Questionnaire becomes a question or a message")
            return None
        self._escape_braces()
        return self._flow_data(data)

    def _flow_data(self, data: dict[str, Any]) -> dict[str, Any]:
        name = data.get("name") if isinstance(data.get("name"), str) else None
        resource_id = data.get("id") if isinstance(data.get("id"), str) else None
        flow_id = node_id_from(name or resource_id or "imported")
        info: dict[str, Any] = {"id": flow_id, "title": _text(data.get("title")) or name or flow_id}
        if _text(data.get("description")):
            info["description"] = data["description"]
        version = data.get("version")
        if isinstance(version, str) and version.isdigit() and 1 <= int(version) < 10**9:
            info["version"] = int(version)
        elif version is not None:
            self.report(("version",), "FH104", f"the version {version!r} is not a whole number; the flow gets version 1")
        language = data.get("language")
        if isinstance(language, str) and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*", language):
            info["language"] = language.split("-")[0].lower()
        for key in ("_title", "_description"):
            if key in data:
                self._translations((key,))
        out: dict[str, Any] = {"format": schema.FORMAT_VERSION, "flow": info}
        if self.steps:
            out["steps"] = self.steps
        out["nodes"] = self.nodes
        card = self._declared_card(data)
        if card:
            out["card"] = card
        return out

    def _declared_card(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        """The flow's declared card (our own extension on the Questionnaire), its node ids
        as the import gives them; a card that cannot be read is left out, said where."""
        for index, extension in enumerate(data.get("extension") or []):
            if not isinstance(extension, dict) or extension.get("url") != v.FLOW_CARD:
                continue
            path = ("extension", index)
            try:
                sections = json.loads(extension.get("valueString"))
                if not isinstance(sections, list):
                    raise ValueError("not a list")
                for section in sections:
                    schema.CardSectionSpec.model_validate(section)
            except (TypeError, ValueError, RecursionError):  # pydantic's ValidationError is a ValueError
                self.report(path, "FH104", "the flow's card cannot be read and is left out (the card then shows no answers)")
                return []
            return [self._renamed(section) for section in sections]
        return []

    def _renamed(self, block: dict[str, Any]) -> dict[str, Any]:
        """A card section or part with each answer's linkId as the node id it became."""
        renamed = dict(block)
        for key in ("answers", "pros", "cons", "touches"):
            if key in renamed:
                renamed[key] = [self.by_link[link].node_id if link in self.by_link else link for link in renamed[key]]
        if "parts" in renamed:
            renamed["parts"] = [self._renamed(part) for part in renamed["parts"]]
        return renamed

    def _is_r5(self, data: dict[str, Any]) -> bool:
        for key in _R5_ROOT_KEYS:
            if key in data:
                self.report((key,), "FH008", f"'{key}' is FHIR R5; prep-assistant reads R4 Questionnaires")
                return True
        for item, path in _walk(data["item"], ("item",)):
            for key in _R5_ITEM_KEYS:
                if key in item:
                    self.report((*path, key), "FH008", f"'{key}' is FHIR R5; prep-assistant reads R4 Questionnaires")
                    return True
            if item.get("type") in _R5_ITEM_TYPES:
                self.report((*path, "type"), "FH008", f"the item type {item['type']!r} is FHIR R5; R4 uses 'choice'")
                return True
        return False

    def _index(self, items: list[Any]) -> None:
        """Every linkId once, each with the node id it becomes."""
        taken: set[str] = set()
        for item, path in _walk(items, ("item",)):
            link = item.get("linkId")
            if not isinstance(link, str) or not link:
                self.report(path, "FH101", "an item has no linkId")
                continue
            if link in self.by_link:
                self.report((*path, "linkId"), "FH101", f"the linkId {link!r} is used twice")
                continue
            node_id = node_id_from(link)
            base, number = node_id, 2
            while node_id in taken:
                node_id = f"{base[:60]}_{number}"
                number += 1
            taken.add(node_id)
            self.by_link[link] = _Item(item, path, node_id, _kind_of(item), _choice_ids(item))

    # -- structure -------------------------------------------------------------------------

    def _top(self, item: Any, path: tuple[object, ...]) -> None:
        if not isinstance(item, dict):
            self.report(path, "FH104", "an item that is not an object is left out")
            return
        link = item.get("linkId", "")
        if link == v.CARD_ATTACHMENT:
            return  # the card's place in our own exports: nothing to ask
        if link.startswith("pack."):
            self.report(path, "FH104", "the decision pack's texts are left out: give the pack with --pack when you start")
            return
        if item.get("type") == "group" and _extension(item, v.NODE_KIND) is None:
            self._step(item, path)
            return
        self._node(item, path, step=None, inherited=None, loop=None)

    def _step(self, group: dict[str, Any], path: tuple[object, ...]) -> None:
        link = group["linkId"]
        match = re.fullmatch(r"step\.([a-z][a-z0-9_]*)(?:\.\d+)?", link)
        step_id = match.group(1) if match else node_id_from(link)
        if group.get("repeats"):
            self.report((*path, "repeats"), "FH106", f"the repeating group {link!r} is asked once (a flow repeats only over a list answer)")
        if not any(step["id"] == step_id for step in self.steps):
            self.steps.append({"id": step_id, "title": _text(group.get("text")) or step_id})
        self._unread_keys(group, path)
        condition = self._condition(group, path, loop=None)
        self._children(group, path, step_id, condition, loop=None)

    def _children(self, group: dict[str, Any], path: tuple[object, ...], step: str | None, inherited: str | None, loop: dict[str, Any] | None) -> list[str]:
        ids: list[str] = []
        for index, child in enumerate(group.get("item") or []):
            child_path = (*path, "item", index)
            if not isinstance(child, dict):
                self.report(child_path, "FH104", "an item that is not an object is left out")
                continue
            if child.get("type") == "group" and _extension(child, v.NODE_KIND) is None:
                self.report(child_path, "FH106", f"the group {child.get('linkId')!r} inside a group is flattened into it")
                condition = _both(inherited, self._condition(child, child_path, loop))
                ids.extend(self._children(child, child_path, step, condition, loop))
                continue
            ids.extend(self._node(child, child_path, step=step, inherited=inherited, loop=loop))
        return ids

    # -- one item ---------------------------------------------------------------------------

    def _node(self, item: dict[str, Any], path: tuple[object, ...], *, step: str | None, inherited: str | None, loop: dict[str, Any] | None) -> list[str]:
        seen = self.by_link.get(item.get("linkId", ""))
        if seen is None:
            return []
        kind = seen.kind
        if kind is None:
            self.report((*path, "type"), "FH104", f"the item type {item.get('type')!r} has no counterpart in a flow; the item is left out")
            return []
        if seen.node_id != item["linkId"]:
            self.report((*path, "linkId"), "FH102", f"the linkId {item['linkId']!r} becomes the node id {seen.node_id!r}")
        node: dict[str, Any] = {"id": seen.node_id, "kind": kind}
        text = _text(item.get("text"))
        if kind != "for_each":
            if not text:
                if kind == "info":
                    self.report(path, "FH104", "a display item without text is left out")
                    return []
                self.report(path, "FH104", "a question without text gets its linkId as text")
                text = item["linkId"]
            node["text"] = text
        if "_text" in item:
            self._translations((*path, "_text"))
        if step is not None and loop is None:
            node["step"] = step
        when = _both(inherited, self._condition(item, path, loop))
        if when is not None:
            node["when"] = when
        card = _extension(item, v.CARD_SECTION)
        if isinstance(card, dict):
            if isinstance(card.get("valueCode"), str) and card["valueCode"] in _CARD_SECTIONS:
                node["card"] = card["valueCode"]
            else:
                self.report(path, "FH104", f"the card section {card.get('valueCode')!r} is unknown and left out")
        role = _extension(item, v.NODE_ROLE)
        if isinstance(role, dict):
            if isinstance(role.get("valueCode"), str) and role["valueCode"] in _ROLES and kind != "for_each":
                node["role"] = role["valueCode"]
            else:
                self.report(path, "FH104", f"the role {role.get('valueCode')!r} is unknown and left out")
        if item.get("required") is True and kind not in ("info", "for_each"):
            node["required"] = True
        self._unread_keys(item, path)
        self._unknown_extensions(item, path)
        self.nodes.append(node)  # before what it holds: a for_each precedes its body
        extra = getattr(self, f"_fill_{kind}")(node, item, path, seen, loop)
        return [node["id"], *(extra or [])]

    def _fill_info(self, node, item, path, seen, loop):
        return self._display_children(node, item, path, loop)

    def _fill_text(self, node, item, path, seen, loop):
        if item.get("type") == "text":
            node["multiline"] = True
        if item.get("type") in ("integer", "decimal", "quantity", "url", "time"):
            self.report((*path, "type"), "FH103", f"a {item['type']} question becomes a text question")
        length = item.get("maxLength")
        if isinstance(length, int) and not isinstance(length, bool):
            node["max_length"] = max(1, min(length, 100_000))
        self._hint(node, item)
        self._repeat_while(node, item)
        return self._display_children(node, item, path, loop)

    def _repeat_while(self, node, item):
        """Our own repeat-while extension back to ``repeat_while`` (check validates it)."""
        spec = _extension(item, v.REPEAT_WHILE) or {}
        parts = {e.get("url"): e for e in spec.get("extension") or [] if isinstance(e, dict)}
        more = (parts.get("while") or {}).get("valueString")
        if isinstance(more, str) and more in self.by_link:
            node["repeat_while"] = self.by_link[more].node_id
            rounds = (parts.get("max-rounds") or {}).get("valueInteger")
            if isinstance(rounds, int) and not isinstance(rounds, bool):
                node["max_rounds"] = max(2, min(rounds, 50))

    def _fill_text_list(self, node, item, path, seen, loop):
        suggestions = [o["valueString"] for o in item.get("answerOption") or [] if isinstance(o, dict) and isinstance(o.get("valueString"), str)]
        if suggestions:
            node["suggestions"] = suggestions
        occurs = _extension(item, v.MAX_OCCURS)
        if isinstance(occurs, dict) and isinstance(occurs.get("valueInteger"), int):
            node["max_items"] = max(1, min(occurs["valueInteger"], 200))
        self._hint(node, item)
        self._repeat_while(node, item)
        return self._display_children(node, item, path, loop)

    def _fill_single_choice(self, node, item, path, seen, loop):
        self._sources(node, item, path, loop)
        self._choices(node, item, path, seen, minimum=0 if "items_from" in node else 2)
        if item.get("type") == "open-choice":
            self.report((*path, "type"), "FH103", "an open-choice question that allows one answer becomes a single choice without an answer of one's own")
        return self._display_children(node, item, path, loop)

    def _fill_multiple_choice(self, node, item, path, seen, loop):
        if item.get("type") == "open-choice":
            node["allow_other"] = True
        self._choices(node, item, path, seen, minimum=0)
        self._sources(node, item, path, loop)
        low, high = _extension(item, v.MIN_OCCURS), _extension(item, v.MAX_OCCURS)
        if isinstance(low, dict) and isinstance(low.get("valueInteger"), int) and low["valueInteger"] > 0:
            node["min_selected"] = low["valueInteger"]
        if isinstance(high, dict) and isinstance(high.get("valueInteger"), int) and high["valueInteger"] > 0:
            node["max_selected"] = high["valueInteger"]
        self._needs_items(node, path)
        return self._display_children(node, item, path, loop)

    def _fill_ranking(self, node, item, path, seen, loop):
        self._choices(node, item, path, seen, minimum=0)
        self._sources(node, item, path, loop)
        keep = _extension(item, v.MAX_OCCURS)
        if isinstance(keep, dict) and isinstance(keep.get("valueInteger"), int) and keep["valueInteger"] > 0:
            node["keep"] = keep["valueInteger"]
        self._needs_items(node, path)
        return self._display_children(node, item, path, loop)

    def _fill_rating(self, node, item, path, seen, loop):
        return self._display_children(node, item, path, loop)

    def _fill_ratings(self, node, item, path, seen, loop):
        self._sources(node, item, path, loop)
        if "items_from" not in node:
            self.report(path, "FH105", "a group of weights does not say whose items it weighs")
        for index, child in enumerate(item.get("item") or []):
            if isinstance(child, dict) and child.get("linkId") == v.ratings_weight_link(item["linkId"]):
                self._display_children(node, child, (*path, "item", index), loop)
        return []

    def _fill_yes_no(self, node, item, path, seen, loop):
        return self._display_children(node, item, path, loop)

    def _fill_date(self, node, item, path, seen, loop):
        if item.get("type") == "dateTime":
            self.report((*path, "type"), "FH103", "a dateTime question becomes a date question (the time is not asked)")
        return self._display_children(node, item, path, loop)

    def _fill_for_each(self, node, item, path, seen, loop):
        if loop is not None:
            self.report(path, "FH105", "a for_each inside a for_each cannot be read")
            return []
        spec = _extension(item, v.FOR_EACH) or {}
        parts = {e.get("url"): e.get("valueString") for e in spec.get("extension", []) if isinstance(e, dict)}
        over, name = parts.get("over"), parts.get("as")
        over_item = self.by_link.get(over) if isinstance(over, str) else None
        if over_item is None or not isinstance(name, str) or not _ID_PATTERN.match(name):
            self.report(path, "FH105", "a repeating group without a readable for-each extension (over, as) cannot be read")
            return []
        node["over"] = over_item.node_id
        node["as"] = name
        here = {"link": v.loop_item_link(item["linkId"]), "name": name}
        body_items = {"item": [c for c in item.get("item") or [] if not (isinstance(c, dict) and c.get("linkId") == here["link"])]}
        body = self._children(body_items, path, None, None, here)
        node["body"] = body
        if not body:
            self.report(path, "FH107", "a for_each with nothing to ask in it")
        return []

    # -- pieces -------------------------------------------------------------------------------

    def _choices(self, node: dict[str, Any], item: dict[str, Any], path: tuple[object, ...], seen: _Item, *, minimum: int) -> None:
        if "answerValueSet" in item and not item.get("answerOption"):
            self.report((*path, "answerValueSet"), "FH105", "the choices come from a value set, which the importer does not fetch; list them as answerOption")
            return
        choices = []
        for index, option in enumerate(item.get("answerOption") or []):
            value = _option_value(option)
            if value is None:
                self.report((*path, "answerOption", index), "FH104", "an answer option without a value is left out")
                continue
            code, label = value
            choice_id = seen.choice_ids[code]
            if choice_id != code:
                self.report((*path, "answerOption", index), "FH102", f"the code {code!r} becomes the choice id {choice_id!r}")
            choices.append({"id": choice_id, "label": label})
        if choices:
            node["choices"] = choices
        if len(choices) < minimum:
            self.report(path, "FH105", f"a single-choice question needs at least {minimum} answer options")

    def _sources(self, node: dict[str, Any], item: dict[str, Any], path: tuple[object, ...], loop: dict[str, Any] | None) -> None:
        sources = [e.get("valueString") for e in item.get("extension", []) if isinstance(e, dict) and e.get("url") == v.ITEMS_FROM]
        ids = [self.by_link[s].node_id for s in sources if isinstance(s, str) and s in self.by_link]
        if not ids:
            expression = _extension(item, v.ANSWER_EXPRESSION)
            if isinstance(expression, dict):
                source = (expression.get("valueExpression") or {}).get("expression")
                if isinstance(source, str):
                    try:
                        ids = fhirpath.answer_sources(source, self._resolve)
                    except fhirpath.FhirPathError as error:
                        self.report(path, "FH202", f"answerExpression, column {error.column}: {error.message}")
        if ids:
            node["items_from"] = ids[0] if len(ids) == 1 else ids

    def _needs_items(self, node: dict[str, Any], path: tuple[object, ...]) -> None:
        if not node.get("choices") and "items_from" not in node:
            self.report(path, "FH105", "a choice question without answer options")

    def _display_children(self, node: dict[str, Any], item: dict[str, Any], path: tuple[object, ...], loop: dict[str, Any] | None) -> list[str]:
        """Help and scale labels from child display items; other children follow the node."""
        extra: list[str] = []
        for index, child in enumerate(item.get("item") or []):
            child_path = (*path, "item", index)
            if not isinstance(child, dict):
                continue
            control = _item_control(child)
            text = _text(child.get("text"))
            if child.get("type") == "display" and control in ("help", "lower", "upper") and text:
                field_name = {"help": "help", "lower": "low_label", "upper": "high_label"}[control]
                if field_name == "help" or node["kind"] in ("rating", "ratings"):
                    node[field_name] = text
                    continue
            if node["kind"] == "ratings":
                continue  # the rated item and its weight: read by _fill_ratings
            self.report(child_path, "FH106", "an item inside a question is asked after it")
            extra.extend(self._node(child, child_path, step=node.get("step"), inherited=node.get("when"), loop=loop))
        return extra

    def _hint(self, node: dict[str, Any], item: dict[str, Any]) -> None:
        hint = _extension(item, v.ENTRY_FORMAT)
        if isinstance(hint, dict) and _text(hint.get("valueString")):
            node["hint"] = hint["valueString"]

    def _unread_keys(self, item: dict[str, Any], path: tuple[object, ...]) -> None:
        for key in item:
            if key in _READ_KEYS or key == "answerValueSet":
                continue
            if key == "initial":
                self.report((*path, key), "FH104", "initial answers are left out (a decision pack fills them in)")
            else:
                self.report((*path, key), "FH104", f"'{key}' has no counterpart in a flow and is left out")

    def _unknown_extensions(self, item: dict[str, Any], path: tuple[object, ...]) -> None:
        for index, extension in enumerate(item.get("extension") or []):
            url = extension.get("url") if isinstance(extension, dict) else None
            if url not in _KNOWN_EXTENSIONS:
                self.report((*path, "extension", index), "FH104", f"the extension {url!r} is left out")

    def _translations(self, path: tuple[object, ...]) -> None:
        if not self.reported_translations:
            self.reported_translations = True
            self.report(path, "FH104", "translations are left out: a flow's translations live in the .po catalogs")

    # -- conditions ---------------------------------------------------------------------------

    def _resolve(self, link: str) -> tuple[str, str] | None:
        seen = self.by_link.get(link)
        if seen is None or seen.kind is None:
            return None
        return seen.node_id, seen.kind

    def _choice_id(self, node_id: str, value: Any) -> str | None:
        for seen in self.by_link.values():
            if seen.node_id == node_id:
                return seen.choice_ids.get(value)
        return None

    def _condition(self, item: dict[str, Any], path: tuple[object, ...], loop: dict[str, Any] | None) -> str | None:
        parts: list[str] = []
        entries = item.get("enableWhen")
        if entries is not None:
            if not isinstance(entries, list):
                self.report((*path, "enableWhen"), "FH201", "enableWhen must be a list")
            else:
                read = [self._enable_when(entry, (*path, "enableWhen", index)) for index, entry in enumerate(entries)]
                if all(r is not None for r in read) and read:
                    joiner = " or " if item.get("enableBehavior") == "any" else " and "
                    parts.append(read[0] if len(read) == 1 else "(" + joiner.join(read) + ")")  # type: ignore[arg-type]
        expression = _extension(item, v.ENABLE_WHEN_EXPRESSION)
        if expression is not None:
            source = (expression.get("valueExpression") or {}).get("expression") if isinstance(expression, dict) else None
            language = (expression.get("valueExpression") or {}).get("language") if isinstance(expression, dict) else None
            index = item["extension"].index(expression)
            where = (*path, "extension", index, "valueExpression", "expression")
            if language not in (None, v.FHIRPATH) or not isinstance(source, str):
                self.report(where, "FH202", f"an enableWhenExpression in {language!r}: only FHIRPath is read")
            else:
                try:
                    parts.append(
                        fhirpath.to_condition(
                            source, self._resolve, self._choice_id,
                            loop_name=loop["name"] if loop else None, loop_link=loop["link"] if loop else None,
                        )
                    )
                except fhirpath.FhirPathError as error:
                    self.report(where, "FH202", f"column {error.column} of {source[:80]!r}: {error.message}")
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else f"({parts[0]}) and ({parts[1]})"

    def _enable_when(self, entry: Any, path: tuple[object, ...]) -> str | None:
        if not isinstance(entry, dict):
            self.report(path, "FH201", "an enableWhen entry must be an object")
            return None
        question, operator = entry.get("question"), entry.get("operator")
        target = self._resolve(question) if isinstance(question, str) else None
        if target is None:
            self.report((*path, "question"), "FH201", f"enableWhen points to {question!r}, which is not a question here")
            return None
        name, kind = target
        answers = [(k, val) for k, val in entry.items() if k.startswith("answer")]
        if len(answers) != 1:
            self.report(path, "FH201", "an enableWhen entry needs exactly one answer[x]")
            return None
        key, value = answers[0]
        if operator == "exists" and key == "answerBoolean" and isinstance(value, bool):
            return f"answered({name})" if value else f"not answered({name})"
        if operator not in ("=", "!=", ">", ">=", "<", "<="):
            self.report((*path, "operator"), "FH201", f"the operator {operator!r} cannot be read")
            return None
        test: str | None = None
        if key == "answerCoding" and isinstance(value, dict) and operator in ("=", "!="):
            choice = self._choice_id(name, value.get("code"))
            if choice is not None:
                test = f"selected({name}, {_quote(choice)})"
        elif key == "answerBoolean" and isinstance(value, bool) and operator in ("=", "!="):
            test = f"{name} == {'true' if value else 'false'}"
        elif key == "answerInteger" and isinstance(value, int) and not isinstance(value, bool):
            test = f"{name} {'==' if operator == '=' else operator} {value}" if operator != "!=" else f"{name} == {value}"
        elif key in ("answerString", "answerDate") and isinstance(value, str):
            if kind in ("single_choice", "multiple_choice", "ranking", "text_list") and operator in ("=", "!="):
                choice = self._choice_id(name, value) or value
                test = f"selected({name}, {_quote(choice)})"
            else:
                test = f"{name} {'==' if operator in ('=', '!=') else operator} {_quote(value)}"
        if test is None:
            self.report(path, "FH201", f"{key} with {operator!r} on this question cannot be read")
            return None
        # R4: "!=" holds when no answer equals the value (also with no answer).
        return f"not ({test})" if operator == "!=" else test

    # -- texts ----------------------------------------------------------------------------------

    def _escape_braces(self) -> None:
        """A brace in a text is literal unless it names an answer: ``{{`` in a flow."""
        names = {n["id"] for n in self.nodes if n["kind"] not in ("info", "for_each")}
        names |= {n["as"] for n in self.nodes if n["kind"] == "for_each"}

        def escape(text: str) -> str:
            def one(match: re.Match[str]) -> str:
                if match.group(1) is not None and (match.group(1) in names or placeholder_call(match.group(1)) is not None):
                    return match.group()  # an answer, or a count such as {count_true(a, b)}
                return match.group().replace("{", "{{").replace("}", "}}")

            return _PLACEHOLDER_OR_BRACE.sub(one, text)

        for node in self.nodes:
            for key in ("text", "help", "hint", "low_label", "high_label"):
                if isinstance(node.get(key), str):
                    node[key] = escape(node[key])
            for choice in node.get("choices", []):
                choice["label"] = escape(choice["label"])
            if "suggestions" in node:
                node["suggestions"] = [escape(s) for s in node["suggestions"]]


# -- helpers ------------------------------------------------------------------------------------


def _walk(items: Any, path: tuple[object, ...]):
    """Every item (as a dict) with its path, in document order, without recursion."""
    stack = [(items, path)]
    while stack:
        current, where = stack.pop()
        if not isinstance(current, list):
            continue
        for index in range(len(current) - 1, -1, -1):
            item = current[index]
            if isinstance(item, dict):
                stack.append((item.get("item"), (*where, index, "item")))
        for index, item in enumerate(current):
            if isinstance(item, dict):
                yield item, (*where, index)


def _extension(item: dict[str, Any], url: str) -> Any:
    for extension in item.get("extension") or []:
        if isinstance(extension, dict) and extension.get("url") == url:
            return extension
    return None


def _item_control(item: dict[str, Any]) -> str | None:
    control = _extension(item, v.ITEM_CONTROL)
    if not isinstance(control, dict):
        return None
    for coding in (control.get("valueCodeableConcept") or {}).get("coding") or []:
        if isinstance(coding, dict) and isinstance(coding.get("code"), str):
            return coding["code"]
    return None


def _kind_of(item: dict[str, Any]) -> str | None:
    """The node kind an item becomes (None: it does not become a node)."""
    marked = _extension(item, v.NODE_KIND)
    if isinstance(marked, dict) and marked.get("valueCode") in schema.NODE_KINDS:
        return marked["valueCode"]
    kind = item.get("type")
    repeats = item.get("repeats") is True
    if kind == "display":
        return "info"
    if kind in ("string", "text"):
        return "text_list" if repeats else "text"
    if kind in ("choice", "open-choice"):
        return "multiple_choice" if repeats else "single_choice"
    if kind == "boolean":
        return "yes_no"
    if kind in ("date", "dateTime"):
        return "date"
    if kind == "integer":
        low, high = _extension(item, v.MIN_VALUE), _extension(item, v.MAX_VALUE)
        if isinstance(low, dict) and isinstance(high, dict) and low.get("valueInteger") == 0 and high.get("valueInteger") == 5:
            return "rating"
        return "text"
    if kind in ("decimal", "quantity", "url", "time"):
        return "text"
    return None


def _option_value(option: Any) -> tuple[Any, str] | None:
    """(code, label) of an answerOption."""
    if not isinstance(option, dict):
        return None
    coding = option.get("valueCoding")
    if isinstance(coding, dict) and isinstance(coding.get("code"), str) and coding["code"]:
        return coding["code"], _text(coding.get("display")) or coding["code"]
    for key in ("valueString", "valueDate", "valueTime"):
        if isinstance(option.get(key), str) and option[key].strip():
            return option[key], option[key]
    value = option.get("valueInteger")
    if isinstance(value, int) and not isinstance(value, bool):
        return value, str(value)
    return None


def _choice_ids(item: dict[str, Any]) -> dict[Any, str]:
    """Each answer option's code as a choice id, unique within the question."""
    ids: dict[Any, str] = {}
    taken: set[str] = set()
    for option in item.get("answerOption") or []:
        value = _option_value(option)
        if value is None or value[0] in ids:
            continue
        code = value[0]
        choice_id = code if isinstance(code, str) and _ID_PATTERN.match(code) and len(code) <= 64 else node_id_from(str(code))
        base, number = choice_id, 2
        while choice_id in taken:
            choice_id = f"{base[:60]}_{number}"
            number += 1
        taken.add(choice_id)
        ids[code] = choice_id
    return ids


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _both(left: str | None, right: str | None) -> str | None:
    if left is None:
        return right
    if right is None:
        return left
    return f"({left}) and ({right})"


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
