"""The card as Markdown, for e-mail or a patient portal.

Every text is escaped so that what a patient typed stays text: ``*word*``,
``[link](x)``, ``<script>``, ``# heading`` or ``1. item`` at the start of an
answer come out as the characters typed, in CommonMark and GitHub Markdown.
"""

from __future__ import annotations

import re

from prep_assistant.summary.model import Card, OptionView

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


def _option(card: Card, option: OptionView) -> list[str]:
    labels = card.labels
    out = [f"### {escape(option.name)}", ""]
    if option.empty:
        out += [f"*{escape(labels.nothing_noted)}*", ""]
        return out
    for heading, items, weight in option.sides(labels):
        if not items and weight is None:
            continue
        title = f"**{escape(heading)}**"
        if weight is not None:
            title += f" ({escape(labels.weight(weight))})"
        out += [title, ""]
        for text, own in items:
            extra = f" ({escape(labels.weight(own))})" if own is not None else ""
            out.append(f"- {_item(text)}{extra}")
        out.append("")
    if option.touches:
        out += [f"**{escape(labels.touches)}**", ""]
        out += [f"- {_item(text)}" for text in option.touches]
        out.append("")
    return out


def render_markdown(card: Card) -> str:
    labels = card.labels
    out: list[str] = [f"# {escape(labels.title)}", ""]
    decision = card.decision or labels.not_filled_in
    out += [f"## {escape(labels.decision)}: {escape(decision)}", ""]
    for fact in card.facts:
        out.append(f"- **{escape(fact.label)}:** {_item(fact.value)}")
    if card.facts:
        out.append("")

    def block(heading: str, texts: list[str], *, numbered: bool = False) -> None:
        if not texts:
            return
        out.extend([f"**{escape(heading)}**", ""])
        for index, text in enumerate(texts, start=1):
            marker = f"{index}." if numbered else "-"
            out.append(f"{marker} {_item(text)}")
        out.append("")

    if card.has_matters:
        out += [f"## {escape(labels.matters)}", ""]
        block(labels.goals, card.goals)
        block(card.activities_heading, card.top_activities, numbered=True)
        block(labels.other_activities if card.top_activities else labels.activities, card.other_activities)
        block(labels.worries, card.worries)
        block(labels.wishes, card.wishes)

    out += [f"## {escape(labels.questions)}", ""]
    if not card.questions:
        out += [f"*{escape(labels.no_questions)}*", ""]
    if card.top_questions:
        out += [f"**{escape(labels.top_questions)}**", ""]
        out += [f"- [ ] **{_item(q)}**" for q in card.top_questions]
        out.append("")
    if card.other_questions:
        if card.top_questions:
            out += [f"**{escape(labels.other_questions)}**", ""]
        out += [f"- [ ] {_item(q)}" for q in card.other_questions]
        out.append("")

    if card.known:
        out += [f"## {escape(labels.known)}", ""]
        for entry in card.known:
            block(entry.label, list(entry.texts))

    if card.options:
        out += [f"## {escape(labels.options)}", ""]
        for option in card.options:
            out += _option(card, option)
    if card.shows_lean:
        out += [f"## {escape(labels.lean)}", "", escape(card.lean_text), ""]

    if card.has_still_need:
        out += [f"## {escape(labels.still_need)}", ""]
        out += [f"- {_item(tip)}" for tip in card.still_need]
        if card.still_need:
            out.append("")
        block(labels.to_arrange, card.to_arrange)

    for heading, entries in ((labels.outcome, card.outcome), (labels.after, card.after)):
        if entries:
            out += [f"## {escape(heading)}", ""]
            for entry in entries:
                block(entry.label, list(entry.texts))

    leader = ". " * 30
    for heading in (labels.notes, labels.agreed):
        out += [f"## {escape(heading)}", "", leader.strip() + "  ", leader.strip() + "  ", leader.strip(), ""]

    if card.earlier:
        out += [f"## {escape(labels.earlier)}", "", f"*{escape(labels.earlier_help)}*", ""]
        for entry in card.earlier:
            block(entry.label, list(entry.texts))

    out += ["---", ""]
    small = card.footer_lines()
    pack = card.pack_line()
    if pack:
        small.append(pack)
    if card.session_id:
        small.append(labels.session.format(id=card.session_id))
    out.append("  \n".join(escape(line) for line in small))
    return "\n".join(out).rstrip() + "\n"
