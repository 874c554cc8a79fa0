"""The translatable texts of flows and packs, each with its gettext context.

One walk serves three users: the Babel extractor (``.pot``), the engine's
look-up of a translation, and the check for missing translations. The
context (msgctxt) is ``flow.node.field``; list items (suggestions, a pack's
pros and cons) share their field's context and differ by their text.

    voorbereiding.welkom.text
    voorbereiding.wie.choices.alleen
    voorbereiding.opties.suggestions
    voorbereiding._flow.title          (ids never start with "_")
    voorbereiding._steps.stap0
    voorbereiding._steps.stap0.helper  (a stage's prompt for the helper)
    voorbereiding._card.vragen.heading (a declared card section)
    pack.knie_artrose.decision
    pack.knie_artrose.oefentherapie.pros
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

import msgspec

from prep_assistant.dialogue.names import TRANSLATABLE_NODE_FIELDS

if TYPE_CHECKING:  # pragma: no cover
    from prep_assistant.dialogue.schema import FlowFile, PackFile


class Text(msgspec.Struct, frozen=True):
    context: str
    source: str
    note: str | None
    #: Key path into the TOML file, for source locations.
    path: tuple[object, ...]


def node_context(flow_id: str, node_id: str, field: str) -> str:
    return f"{flow_id}.{node_id}.{field}"


def choice_context(flow_id: str, node_id: str, choice_id: str) -> str:
    return f"{flow_id}.{node_id}.choices.{choice_id}"


def flow_context(flow_id: str, field: str) -> str:
    return f"{flow_id}._flow.{field}"


def step_context(flow_id: str, step_id: str) -> str:
    return f"{flow_id}._steps.{step_id}"


def step_helper_context(flow_id: str, step_id: str) -> str:
    """A stage's prompt for the helper (helper mode)."""
    return f"{step_context(flow_id, step_id)}.helper"


def card_context(flow_id: str, section_id: str, field: str) -> str:
    """A card section's text; a part's texts share ``parts`` and differ by their text."""
    return f"{flow_id}._card.{section_id}.{field}"


#: The translatable texts of a card section and of its parts.
CARD_TEXT_FIELDS = ("heading", "top_heading", "more_heading", "yes", "no")


def pack_context(pack_id: str, *parts: str) -> str:
    return ".".join(("pack", pack_id, *parts))


def flow_texts(flow: FlowFile) -> Iterator[Text]:
    fid = flow.flow.id
    yield Text(flow_context(fid, "title"), flow.flow.title, None, ("flow", "title"))
    if flow.flow.description:
        yield Text(
            flow_context(fid, "description"),
            flow.flow.description,
            None,
            ("flow", "description"),
        )
    for i, step in enumerate(flow.steps):
        yield Text(step_context(fid, step.id), step.title, None, ("steps", i, "title"))
        helper = getattr(step, "helper", None)
        if helper:
            yield Text(step_helper_context(fid, step.id), helper, None, ("steps", i, "helper"))
    for i, node in enumerate(flow.nodes):
        note = getattr(node, "note", None)
        for field in TRANSLATABLE_NODE_FIELDS:
            value = getattr(node, field, None)
            if value:
                yield Text(node_context(fid, node.id, field), value, note, ("nodes", i, field))
        for j, choice in enumerate(getattr(node, "choices", ())):
            yield Text(
                choice_context(fid, node.id, choice.id),
                choice.label,
                note,
                ("nodes", i, "choices", j, "label"),
            )
        for j, suggestion in enumerate(getattr(node, "suggestions", ())):
            yield Text(
                node_context(fid, node.id, "suggestions"),
                suggestion,
                note,
                ("nodes", i, "suggestions", j),
            )


    for i, section in enumerate(getattr(flow, "card", ())):
        for field in CARD_TEXT_FIELDS:
            value = getattr(section, field, None)
            if value:
                yield Text(card_context(fid, section.id, field), value, None, ("card", i, field))
        for j, part in enumerate(section.parts):
            for field in CARD_TEXT_FIELDS:
                value = getattr(part, field, None)
                if value:
                    yield Text(card_context(fid, section.id, "parts"), value, None, ("card", i, "parts", j, field))


def pack_texts(pack: PackFile) -> Iterator[Text]:
    pid = pack.pack.id
    for field in ("decision", "description", "wait_reason", "author_role", "funding"):
        value = getattr(pack.pack, field)
        if value:
            yield Text(pack_context(pid, field), value, None, ("pack", field))
    for i, option in enumerate(pack.options):
        for field in ("name", "description"):
            yield Text(
                pack_context(pid, option.id, field),
                getattr(option, field),
                None,
                ("options", i, field),
            )
        for field in ("pros", "cons"):
            for j, item in enumerate(getattr(option, field)):
                yield Text(
                    pack_context(pid, option.id, field), item, None, ("options", i, field, j)
                )
