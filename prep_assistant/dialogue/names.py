"""Names of the file format that the running app needs, without pydantic.

``schema.py`` (the pydantic models) imports these too, so each is written
once. The engine, the texts and the app import this module only: pydantic
is loaded for ``check``, for a flow or pack file given by path, and for a
shipped flow whose compiled copy is missing or out of date.
"""

from __future__ import annotations

FORMAT_VERSION = 1

#: The target that ends a flow.
END = "end"

#: Node fields whose text is translated (msgctxt ``flow.node.field``).
TRANSLATABLE_NODE_FIELDS = ("text", "help", "helper", "hint", "low_label", "high_label", "wait_item")


def sources_of(node: object) -> list[str]:
    """The earlier list answers a node takes its items from (``items_from``:
    one id or several). Works on a validated model and on a compiled record."""
    items_from = getattr(node, "items_from", None)
    if items_from is None:
        return []
    return [items_from] if isinstance(items_from, str) else list(items_from)
