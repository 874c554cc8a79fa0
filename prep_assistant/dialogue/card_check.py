"""Checks on a flow's declared card sections (``[[card]]``): codes PA801-PA805.

The shape (keys, types) is checked by the schema; here: do the answers a
section names exist, does it name any, and does its ``how`` fit them. The
card builder (``summary/declared.py``) relies on what passes here.
"""

from __future__ import annotations

import difflib
from typing import Any, Iterable

from prep_assistant.dialogue import schema
from prep_assistant.dialogue.parsing import Loaded

Path_ = tuple[object, ...]

#: The kinds whose answer is a list of items.
_LIST_KINDS = schema.LIST_KINDS

#: Per how, the node kinds its answers may have (None: any question).
_FITS: dict[str, frozenset[str] | None] = {
    "decision": frozenset({"text", "single_choice"}),
    "fact": None,
    "list": None,
    "line": None,
    "entries": None,
    "ranked": _LIST_KINDS,
    "questions": _LIST_KINDS,
    "options_table": _LIST_KINDS,
    "next_steps": frozenset({"info", "yes_no", "text", "text_list"}),
    "writing_space": frozenset(),
}

#: Fields that only one or two hows use.
_ONLY_FOR: dict[str, tuple[str, ...]] = {
    "top_heading": ("ranked",),
    "more_heading": ("ranked", "next_steps"),
    "pros": ("options_table",),
    "cons": ("options_table",),
    "touches": ("options_table",),
    "yes": ("fact",),
    "no": ("fact",),
}

#: Hows that fill the card's header, not its body.
_HEADER_HOWS = ("decision", "fact")


def check_card(loaded: Loaded, flow: schema.FlowFile) -> None:
    """Report every problem of the flow's ``[[card]]`` sections."""
    if flow.card:
        _CardChecker(loaded, flow).run()


class _CardChecker:
    def __init__(self, loaded: Loaded, flow: schema.FlowFile) -> None:
        self.loaded = loaded
        self.flow = flow
        self.nodes: dict[str, Any] = {}
        for node in flow.nodes:
            self.nodes.setdefault(node.id, node)
        #: node id -> the for_each whose body it is in.
        self.loop_of: dict[str, Any] = {}
        for node in flow.nodes:
            if node.kind == "for_each":
                for member in node.body:
                    self.loop_of.setdefault(member, node)

    def at(self, path: Path_, code: str, message: str, hint: str | None = None) -> None:
        self.loaded.at(path, code, message, hint)

    def run(self) -> None:
        seen: set[str] = set()
        for i, node in enumerate(self.flow.nodes):
            if getattr(node, "card", None) is not None:
                self.at(("nodes", i, "card"), "PA805", f"node {node.id!r} has card = {node.card!r}, but the flow declares [[card]] sections", "remove it; the sections say where answers go")
        for i, section in enumerate(self.flow.card):
            path: Path_ = ("card", i)
            if section.id in seen:
                self.at((*path, "id"), "PA105", f"the card section id {section.id!r} is used more than once")
            seen.add(section.id)
            self.check_section(path, section)

    def check_section(self, path: Path_, section: schema.CardSectionSpec) -> None:
        name = f"card section {section.id!r}"
        if section.parts and section.how is not None:
            self.at((*path, "how"), "PA804", f"{name} has both 'how' and parts", "keep one: 'how' for one block, parts for several")
            return
        if not section.parts and section.how is None:
            self.at(path, "PA804", f"{name} has neither 'how' nor parts", "add how = \"list\" and answers = [...], or [[card.parts]]")
            return
        if section.how is None:
            for field in ("answers", *_ONLY_FOR):
                if getattr(section, field):
                    self.at((*path, field), "PA804", f"{name} has parts, so {field!r} belongs in a part", "move it into one of its [[card.parts]]")
            for j, part in enumerate(section.parts):
                part_path = (*path, "parts", j)
                if part.how not in schema.CARD_PART_HOWS:
                    allowed = ", ".join(repr(h) for h in schema.CARD_PART_HOWS)
                    self.at((*part_path, "how"), "PA803", f"a part of {name} has how = {part.how!r}, which only a whole section can have", f"a part can be {allowed}; make it a section of its own")
                self.check_block(part_path, part, f"a part of {name}")
            return
        if section.how in _HEADER_HOWS and section.column is not None:
            self.at((*path, "column"), "PA803", f"{name} goes to the card's header (how = {section.how!r}), which has no columns", "remove 'column'")
        self.check_block(path, section, name)

    def check_block(self, path: Path_, block: schema.CardPart, name: str) -> None:
        how = block.how
        for field, hows in _ONLY_FOR.items():
            if getattr(block, field) and how not in hows:
                self.at((*path, field), "PA803", f"{name} has {field!r}, which only how = {' or '.join(map(repr, hows))} uses", f"remove {field!r}, or use how = {hows[0]!r}")
        if how == "writing_space":
            if block.answers:
                self.at((*path, "answers"), "PA803", f"{name} is space to write by hand (how = 'writing_space'); it shows no answers", "remove 'answers', or use how = \"list\"")
            return
        if not block.answers:
            self.at(path, "PA802", f"{name} shows no answers", "list the node ids whose answers it shows: answers = [\"...\"]")
        for k, node_id in enumerate(block.answers):
            node = self.known((*path, "answers", k), node_id)
            if node is not None:
                self.check_fit((*path, "answers", k), name, how, node)
        if how == "options_table":
            self.check_option_roles(path, block, name)

    def known(self, path: Path_, node_id: str) -> Any | None:
        node = self.nodes.get(node_id)
        if node is None:
            self.at(path, "PA801", f"there is no node {node_id!r}", self.suggest(node_id, self.nodes) or "use the id of a node in this flow")
            return None
        if node.kind == "for_each":
            body = ", ".join(repr(b) for b in node.body)
            self.at(path, "PA803", f"{node_id!r} is a for_each, which has no answer of its own", f"name the nodes in its body: {body}")
            return None
        return node

    def check_fit(self, path: Path_, name: str, how: str, node: Any) -> None:
        kinds = _FITS[how]
        if node.kind == "info" and how != "next_steps":
            self.at(path, "PA803", f"{node.id!r} is a message (info), which has no answer to show in {name}", "only how = \"next_steps\" shows messages (as tips)")
        elif kinds is not None and node.kind not in kinds:
            self.at(path, "PA803", f"{name} (how = {how!r}) cannot show {node.id!r}, a {node.kind} node", f"how = {how!r} fits {_kinds(kinds)}; for other answers use how = \"list\" or \"entries\"")
        elif how == "options_table" and node.id in self.loop_of:
            self.at(path, "PA803", f"{node.id!r} is asked for each item of a for_each; the options come from the list itself", f"name the list, e.g. {self.loop_of[node.id].over!r}")

    def check_option_roles(self, path: Path_, block: schema.CardPart, name: str) -> None:
        lists = set(block.answers)
        for role in ("pros", "cons", "touches"):
            for k, node_id in enumerate(getattr(block, role)):
                role_path = (*path, role, k)
                node = self.known(role_path, node_id)
                if node is None:
                    continue
                loop = self.loop_of.get(node_id)
                if node.kind == "info":
                    self.at(role_path, "PA803", f"{node_id!r} is a message (info), which has no answer to show in {name}", "name a question asked for each option")
                elif loop is None or loop.over not in lists:
                    over = ", ".join(repr(a) for a in block.answers) or "the options"
                    self.at(role_path, "PA803", f"{name} shows {role} per option, but {node_id!r} is not asked for each item of {over}", "name a node in the body of a for_each over the options list")

    def suggest(self, name: str, candidates: Iterable[str]) -> str | None:
        close = difflib.get_close_matches(name, sorted(candidates), n=1)
        return f"did you mean {close[0]!r}?" if close else None


def _kinds(kinds: frozenset[str]) -> str:
    return ", ".join(sorted(kinds)) + " nodes"
