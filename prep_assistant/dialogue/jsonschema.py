"""JSON Schema of the file formats, generated from the pydantic models."""

from __future__ import annotations

from typing import Any

from prep_assistant.dialogue import schema


def json_schema(kind: str = "flow") -> dict[str, Any]:
    model = schema.FlowFile if kind == "flow" else schema.PackFile
    result = model.model_json_schema(by_alias=True, mode="validation")
    result["$schema"] = "http://json-schema.org/draft-07/schema#"
    result["title"] = f"prep-assistant {kind} file"
    return result
