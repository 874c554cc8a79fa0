"""Checks on the nodes' roles (``role = "..."``): codes PA806 and PA807.

An unknown role is a shape error (the schema's ``Role`` literal: PA103 with
"did you mean"). Here: does the role fit the node's kind (the code that
reads it can read that answer), and is a role the program reads once given
to one node only. ``roles.py`` says what each role is for.
"""

from __future__ import annotations

from prep_assistant.dialogue import schema
from prep_assistant.dialogue.parsing import Loaded
from prep_assistant.dialogue.roles import ROLE_KINDS, UNIQUE_ROLES


def check_roles(loaded: Loaded, flow: schema.FlowFile) -> None:
    """Report every role that does not fit its node, and every unique role given twice."""
    first: dict[str, str] = {}
    for i, node in enumerate(flow.nodes):
        role = getattr(node, "role", None)
        if role is None:
            continue
        kinds = ROLE_KINDS[role]
        if node.kind not in kinds:
            fits = ", ".join(sorted(kinds))
            loaded.at(
                ("nodes", i, "role"),
                "PA806",
                f"node {node.id!r} is a {node.kind} node, which cannot have role = {role!r}",
                f"role = {role!r} fits {fits} nodes; remove the role or put it on such a node",
            )
        if role in UNIQUE_ROLES:
            if role in first:
                loaded.at(
                    ("nodes", i, "role"),
                    "PA807",
                    f"node {node.id!r} has role = {role!r}, and so has node {first[role]!r}; the program reads one",
                    f"keep role = {role!r} on one node",
                )
            else:
                first[role] = node.id
