"""The names FHIR gives things, and the few we add: one place for every URL.

Our own extensions live under ``BASE``, a ``.invalid`` domain (RFC 2606):
it can never resolve, which says plainly that nothing is fetched from it.
"""

from __future__ import annotations

import re

#: Base of our canonical URLs and extension definitions.
BASE = "https://prep-assistant.invalid/fhir"

FHIR_VERSION = "4.0.1"

# -- standard extensions (FHIR R4 core and SDC) -----------------------------------
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
MIN_OCCURS = "http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs"
MAX_OCCURS = "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs"
ENTRY_FORMAT = "http://hl7.org/fhir/StructureDefinition/entryFormat"
ENABLE_WHEN_EXPRESSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
ANSWER_EXPRESSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerExpression"
SDC_QUESTIONNAIRE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire"
FHIRPATH = "text/fhirpath"

# -- our own extensions: what FHIR has no word for, kept for the way back ---------
NODE_KIND = f"{BASE}/StructureDefinition/node-kind"
ITEMS_FROM = f"{BASE}/StructureDefinition/items-from"
FOR_EACH = f"{BASE}/StructureDefinition/for-each"
CARD_SECTION = f"{BASE}/StructureDefinition/card-section"
#: What an answer is, for the program (a node's ``role``: ``dialogue/roles.py``).
NODE_ROLE = f"{BASE}/StructureDefinition/node-role"
#: On the Questionnaire: the flow's declared card (its ``[[card]]`` sections)
#: as a JSON string, its texts in the Questionnaire's language.
FLOW_CARD = f"{BASE}/StructureDefinition/flow-card"
#: A question asked again while its yes/no says yes (``repeat_while``); the
#: item repeats, each round's answers are its answers.
REPEAT_WHILE = f"{BASE}/StructureDefinition/repeat-while"

# -- linkIds of items that are not nodes --------------------------------------------
# Node ids match ``[a-z][a-z0-9_]*``: a linkId with a dot or a dash is never one.
PACK_GROUP = "pack.info"
CARD_ATTACHMENT = "card.pdf"


def step_link(step_id: str, run: int) -> str:
    """The linkId of a step's group; a step that comes back later gets a number."""
    return f"step.{step_id}" if run == 1 else f"step.{step_id}.{run}"


def loop_item_link(loop_id: str) -> str:
    """The linkId of the item a for_each round is about ("{optie}")."""
    return f"{loop_id}.item"


def ratings_item_link(node_id: str) -> str:
    return f"{node_id}.item"


def ratings_weight_link(node_id: str) -> str:
    return f"{node_id}.weight"


def help_link(node_id: str) -> str:
    return f"{node_id}.help"


def label_link(node_id: str, end: str) -> str:
    """``lower`` / ``upper``: what 0 and 5 mean on a rating."""
    return f"{node_id}.{end}"


def canonical_url(flow_id: str, pack_id: str | None = None) -> str:
    """A flow's Questionnaire; made with a pack, it is another Questionnaire."""
    tail = flow_id if pack_id is None else f"{flow_id}.{pack_id}"
    return f"{BASE}/Questionnaire/{tail}"


def choice_system(flow_id: str, node_id: str) -> str:
    """The code system of a question's choices (the codes are the choice ids)."""
    return f"{BASE}/CodeSystem/{flow_id}.{node_id}"


_NOT_ID = re.compile(r"[^A-Za-z0-9\-.]")


def resource_id(text: str) -> str:
    """A FHIR id (letters, digits, '-' and '.', at most 64) made from ``text``."""
    cleaned = _NOT_ID.sub("-", text)[:64]
    return cleaned or "x"
