"""A run's answers read by their role (``dialogue/roles.py``), not by their place on the card.

The companion's view sets the patient's options beside the companion's:
which answers those are is the nodes' role (``options``, ``pros``,
``cons``, ``touches``, ``lean``, ``goals``), whatever either flow's card
shows and however it is declared. The options are read the way a card's
options table reads them (``declared.py``), so both agree.

Pure: no textual, no PDF library, no I/O.
"""

from __future__ import annotations

from typing import Any

import msgspec

from prep_assistant.dialogue import reading
from prep_assistant.dialogue.roles import role_of
from prep_assistant.summary.card_parts import OptionView, _show
from prep_assistant.summary.declared import _Reader

#: The roles of the answers given for each option.
_SIDES = ("pros", "cons", "touches")


class RoleAnswers(msgspec.Struct, frozen=True):
    """What one run says about the options, its leaning and what matters."""

    options: list[OptionView]
    #: The first leaning given, as written.
    lean: str | None
    #: Every answer with the role ``goals``, as words.
    goals: tuple[str, ...]


def read_roles(run: Any, labels: Any) -> RoleAnswers:
    """The options (with their pros, cons and weights), leaning and goals of ``run``."""
    reader = _Reader(run, labels)
    nodes = reading.nodes(run)
    lists = {node.id for node in nodes if role_of(node) == "options"}
    sides = {node.id: role for node in nodes if (role := role_of(node)) in _SIDES}
    lean: str | None = None
    goals: list[str] = []
    for asked in reader.asked:
        role = role_of(asked.node)
        if role == "lean" and lean is None:
            lean = "\n".join(_show(run, asked.node, asked.value)) or None
        elif role == "goals":
            goals += _show(run, asked.node, asked.value)
    return RoleAnswers(reader.options_of(lists, sides), lean, tuple(goals))
