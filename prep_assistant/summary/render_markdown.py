"""The card as Markdown, for e-mail or a patient portal.

Every text is escaped so that what a patient typed stays text: ``*word*``,
``[link](x)``, ``<script>``, ``# heading`` or ``1. item`` at the start of an
answer come out as the characters typed, in CommonMark and GitHub Markdown.
"""

from __future__ import annotations

import re
from typing import Callable

from prep_assistant.summary.model import Card
from prep_assistant.summary.sections import (
    Block,
    Entries,
    Facts,
    Items,
    Line,
    Note,
    OptionsTable,
    Ranked,
    WritingSpace,
    build_sections,
)

# Characters that mean something anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# An entity (&amp; &#123;) would be decoded: escape its ampersand.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What a line may start with to become a heading, quote, list or rule.
_BLOCK_START = re.compile(r"^([#>+\-=]|\d+[.)])")


def escape(text: str) -> str:
    """``text`` as Markdown that shows exactly these characters.

    Lines are kept (joined with a hard line break); leading spaces are
    dropped so no line becomes a code block.
    """
    lines = []
    for raw in text.split("\n"):
        line = raw.strip()
        line = _INLINE.sub(r"\\\1", line)
        line = _ENTITY.sub(r"\\&", line)
        match = _BLOCK_START.match(line)
        if match:
            start = match.group(1)
            line = start[:-1] + "\\" + start[-1] + line[len(start):]
        lines.append(line)
    return "  \n".join(line for line in lines if line) or ""


def _item(text: str, indent: str = "") -> str:
    # A list item's continuation lines are indented to stay in the item.
    return escape(text).replace("  \n", "  \n" + indent + "  ")


def _list(heading: str | None, texts: tuple[str, ...], marker: Callable[[int, str], str]) -> list[str]:
    """A list under a bold sub-heading (or none), ending in a blank line."""
    if not texts:
        return []
    out = [f"**{escape(heading)}**", ""] if heading is not None else []
    out += [marker(index, text) for index, text in enumerate(texts, start=1)]
    return out + [""]


def _bullet(_index: int, text: str) -> str:
    return f"- {_item(text)}"


def _number(index: int, text: str) -> str:
    return f"{index}. {_item(text)}"


def _tick(_index: int, text: str) -> str:
    return f"- [ ] {_item(text)}"


def _tick_bold(_index: int, text: str) -> str:
    return f"- [ ] **{_item(text)}**"


def _facts(block: Facts) -> list[str]:
    out = [f"- **{escape(fact.label)}:** {_item(fact.value)}" for fact in block.facts]
    return out + [""] if out else []


def _options(table: OptionsTable) -> list[str]:
    out: list[str] = []
    for row in table.rows:
        out += [f"### {escape(row.name)}", ""]
        if row.empty:
            out += [f"*{escape(table.nothing_noted)}*", ""]
            continue
        for side in row.sides:
            if not side.items and side.weight is None:
                continue
            title = f"**{escape(side.heading)}**"
            if side.weight is not None:
                title += f" ({escape(table.weight(side.weight))})"
            out += [title, ""]
            for text, own in side.items:
                extra = f" ({escape(table.weight(own))})" if own is not None else ""
                out.append(f"- {_item(text)}{extra}")
            out.append("")
        out += _list(table.touches_heading, row.touches, _bullet)
    return out


def _block(block: Block) -> list[str]:
    if isinstance(block, Facts):
        return _facts(block)
    if isinstance(block, Items):
        return _list(block.heading, block.texts, _bullet)
    if isinstance(block, Ranked):
        top, more = (_tick_bold, _tick) if block.tick else (_number, _bullet)
        return _list(block.top_heading, block.top, top) + _list(block.more_heading, block.more, more)
    if isinstance(block, Entries):
        return [line for entry in block.entries for line in _list(entry.label, entry.texts, _bullet)]
    if isinstance(block, OptionsTable):
        return _options(block)
    if isinstance(block, Line):
        return [escape(block.text), ""]
    if isinstance(block, Note):
        return [f"*{escape(block.text)}*", ""]
    if isinstance(block, WritingSpace):
        leader = (". " * 30).strip()
        return [leader + "  ", leader + "  ", leader, ""]
    raise TypeError(f"no Markdown for {type(block).__name__}")


def render_markdown(card: Card) -> str:
    sheet = build_sections(card)
    header = sheet.header
    out: list[str] = [f"# {escape(header.title)}", ""]
    out += [f"## {escape(header.decision_label)}: {escape(header.decision_shown)}", ""]
    out += _facts(header.facts)
    for section in sheet.sections:
        out += [f"## {escape(section.heading)}", ""]
        if section.intro:
            out += [f"*{escape(section.intro)}*", ""]
        for block in section.body:
            out += _block(block)
    out += ["---", ""]
    out.append("  \n".join(escape(line) for line in sheet.footer.lines))
    return "\n".join(out).rstrip() + "\n"
