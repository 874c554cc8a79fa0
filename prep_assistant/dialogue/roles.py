"""What an answer IS, for the program: a node's ``role``.

Where an answer shows on the card is the card's business (``[[card]]``
sections, or a node's ``card`` tag in the short form). What the program
does with an answer is the role's: the decision names the session, the
options are handed to a companion, the leaning and the readiness checks are
set beside the part after the consultation, and so on (the README's table).

``role_of(node)`` is the one way to ask: the node's ``role``, or, in a flow
written in the short form, its ``card`` tag when that tag is one of the
roles (the tags did both jobs before roles existed). Every reader of a
role goes through it; only the card built from tags reads the tags for
placement.

No pydantic here: the running app reads compiled records as well as models.
"""

from __future__ import annotations

from typing import Any, Iterable

#: Every role, each a meaning some part of the program reads. The schema's
#: ``Role`` literal is made from this tuple, so the two cannot drift apart.
ROLES: tuple[str, ...] = (
    "decision",
    "options",
    "pros",
    "cons",
    "touches",
    "lean",
    "goals",
    "readiness",
    "outcome",
    "next_steps",
    "after",
)

#: Roles at most one node of a flow may have: the program reads one answer.
UNIQUE_ROLES: frozenset[str] = frozenset({"decision", "options", "lean"})

#: Question kinds (every kind with an answer).
_QUESTIONS = frozenset(
    {"text", "text_list", "single_choice", "multiple_choice", "ranking", "rating", "ratings", "yes_no", "date"}
)

#: Per role, the node kinds it fits: what the code that reads it can read.
ROLE_KINDS: dict[str, frozenset[str]] = {
    # The session's name: words, typed or chosen.
    "decision": frozenset({"text", "single_choice"}),
    # A list the companion is handed and every option is weighed over.
    "options": frozenset({"text_list", "multiple_choice"}),
    "pros": frozenset({"text", "text_list", "multiple_choice", "rating", "ratings"}),
    "cons": frozenset({"text", "text_list", "multiple_choice", "rating", "ratings"}),
    "touches": _QUESTIONS,
    "lean": frozenset({"text", "single_choice"}),
    "goals": frozenset({"text", "text_list", "multiple_choice", "ranking"}),
    # Asked again after the consultation and set beside the answer before.
    "readiness": frozenset({"yes_no"}),
    "outcome": _QUESTIONS,
    # The tips (messages) and what is still to arrange.
    "next_steps": frozenset({"info", "yes_no", "text", "text_list"}),
    "after": _QUESTIONS,
}


def role_of(node: Any) -> str | None:
    """The node's role: its ``role``, else its card tag when that is a role."""
    role = getattr(node, "role", None)
    if role is not None:
        return role
    tag = getattr(node, "card", None)
    return tag if tag in ROLES else None


def with_role(nodes: Iterable[Any], *roles: str) -> list[Any]:
    """The nodes (in their order) that have one of ``roles``."""
    return [node for node in nodes if role_of(node) in roles]


def on_card(flow: Any, node: Any) -> bool:
    """Whether the flow's card shows the node's answer (a section names it, or its tag places it)."""
    if getattr(node, "card", None) is not None:
        return True
    for section in getattr(flow, "card", None) or ():
        for block in (section, *(getattr(section, "parts", None) or ())):
            for field in ("answers", "pros", "cons", "touches"):
                if node.id in (getattr(block, field, None) or ()):
                    return True
    return False
