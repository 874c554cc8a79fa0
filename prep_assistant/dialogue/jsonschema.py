"""JSON Schema of the file formats, generated from the pydantic models.

Pydantic's schema is reshaped so that an editor (Taplo / Even Better TOML)
or ``check-jsonschema`` names the exact mistake, as ``check`` does:

- a node is ``kind`` (an enum of every kind) plus one ``if``/``then`` per
  kind, instead of a ``oneOf`` of eleven tables. With ``oneOf`` a validator
  can only say "not valid under any of the schemas listed in oneOf"; now it
  says "'singel_choice' is not one of [...]", "'nxt' was unexpected" or
  "'ja' is not of type 'boolean'", for the node's own kind only;
- an optional value (``str | None``) is just its type: TOML has no null, so
  the ``anyOf`` with ``null`` only blurred the error;
- a value of several types (``next``: an id or a list of rules) is one
  schema with a list of types, so a wrong type is named as such.

The models are validated strictly (``parsing.read_file``), as the schema
says: ``"ja"`` is no boolean and ``"200"`` no number, in ``check`` and in
the editor alike.
"""

from __future__ import annotations

from typing import Any

from prep_assistant.dialogue import schema

#: The draft the reshaped schema uses: ``if``/``then`` need draft 7.
DRAFT = "http://json-schema.org/draft-07/schema#"


def json_schema(kind: str = "flow") -> dict[str, Any]:
    model = schema.FlowFile if kind == "flow" else schema.PackFile
    result = model.model_json_schema(by_alias=True, mode="validation")
    result = _simplify(result)
    if kind == "flow":
        _node_by_kind(result)
    result["$schema"] = DRAFT
    result["title"] = f"prep-assistant {kind} file"
    return result


def _node_by_kind(result: dict[str, Any]) -> None:
    """Replace the nodes' ``oneOf`` by ``kind`` as an enum and ``if``/``then`` per kind."""
    defs = result["$defs"]
    items = result["properties"]["nodes"]["items"]
    mapping = items["discriminator"]["mapping"]
    kinds = [k for k in schema.NODE_KINDS if k in mapping]
    defs["Node"] = {
        "title": "Node",
        "description": "A step of the conversation. 'kind' says which, and which keys it has.",
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {"enum": kinds, "description": "What the node does: " + ", ".join(kinds) + "."},
        },
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"$ref": mapping[kind]},
            }
            for kind in kinds
        ],
    }
    result["properties"]["nodes"]["items"] = {"$ref": "#/$defs/Node"}


def _simplify(node: Any) -> Any:
    """Every sub-schema with its ``anyOf`` of types made one schema (see above)."""
    if isinstance(node, list):
        return [_simplify(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _simplify(value) for key, value in node.items()}
    options = node.get("anyOf")
    if isinstance(options, list):
        merged = _merge_types([o for o in options if o != {"type": "null"}])
        if merged is not None:
            del node["anyOf"]
            node = {**merged, **node}
            if node.get("default", "") is None:
                del node["default"]  # TOML has no null: nothing to suggest
    return node


def _merge_types(options: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One schema for alternatives of different JSON types, or None if they
    cannot be merged (two of one type, a reference, a shared keyword).

    Merging is exact: each keyword left (``items``, ``pattern``, ``enum`` of
    strings ...) applies to its own type only.
    """
    if len(options) == 1:
        return dict(options[0])
    types: list[str] = []
    merged: dict[str, Any] = {}
    for option in options:
        kind = option.get("type")
        if not isinstance(kind, str) or kind in types:
            return None
        types.append(kind)
        for key, value in option.items():
            if key == "type":
                continue
            if key in merged or key in ("enum", "const"):
                return None  # an enum would forbid the other types' values
            merged[key] = value
    return {"type": types, **merged}
