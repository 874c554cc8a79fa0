"""The card as plain text that reads aloud well (plain mode, screen readers).

No tables, no box drawing, no symbols standing for words: every line says
what it is about ("Operatie. Voordelen voor mij: ..."), so a listener who
hears one line alone still knows where it belongs. The spaces for notes are
left out: they are for paper.
"""

from __future__ import annotations

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
    Section,
    WritingSpace,
    build_sections,
)

_END = ".!?;:…)\"'»”’؟"


def _flat(text: str) -> str:
    """One line: an answer's own line breaks become spaces."""
    return " ".join(part.strip() for part in text.split("\n") if part.strip())


def _sentence(text: str) -> str:
    text = _flat(text)
    if text and text[-1] not in _END:
        text += "."
    return text


def _labelled(label: str, text: str) -> str:
    """ "Label: text", or "Question? text" when the label ends a sentence itself."""
    label = label.rstrip()
    joint = " " if label and label[-1] in "?!\u061f" else ": "
    return f"{label}{joint}{text}"


def _each(lines: list[str], label: str, texts: tuple[str, ...], *, numbered: bool = False) -> None:
    """One line per text, each saying what it is: "My worries: ...";
    numbered ("..., 2: ...") when the order matters and there is more than one."""
    for index, text in enumerate(texts, start=1):
        prefix = f"{label}, {index}" if numbered and len(texts) > 1 else label
        lines.append(_sentence(_labelled(prefix, text)))


def _facts(lines: list[str], block: Facts) -> None:
    lines.extend(_sentence(f"{fact.label}: {fact.value}") for fact in block.facts)


def _options(lines: list[str], table: OptionsTable) -> None:
    for row in table.rows:
        name = _flat(row.name)
        if row.empty:
            lines.append(_sentence(f"{name}: {table.nothing_noted}"))
            continue
        for side in row.sides:
            if side.weight is not None:
                lines.append(_sentence(f"{name}. {side.heading}: {table.weight(side.weight)}"))
            for item, own in side.items:
                extra = f", {table.weight(own)}" if own is not None else ""
                lines.append(_sentence(f"{name}. {side.heading}: {_flat(item)}{extra}"))
        for item in row.touches:
            lines.append(_sentence(f"{name}. {table.touches_heading}: {item}"))


def _block(lines: list[str], block: Block, section: Section) -> None:
    if isinstance(block, Facts):
        _facts(lines, block)
    elif isinstance(block, Items):
        if block.heading is None:
            lines.extend(_sentence(text) for text in block.texts)
        else:
            _each(lines, block.heading, block.texts)
    elif isinstance(block, Ranked):
        _each(lines, block.top_heading, block.top, numbered=True)
        _each(lines, block.more_heading or section.heading, block.more)
    elif isinstance(block, Entries):
        for entry in block.entries:
            # The line adds its own colon after the label.
            _each(lines, entry.label.rstrip(":"), entry.texts)
    elif isinstance(block, OptionsTable):
        _options(lines, block)
    elif isinstance(block, Line):
        lines.append(_sentence(f"{section.heading}: {block.text}"))
    elif isinstance(block, Note):
        lines.append(_sentence(block.text))
    elif not isinstance(block, WritingSpace):  # writing space is for paper: left out
        raise TypeError(f"no text for {type(block).__name__}")


def render_text(card: Card) -> str:
    sheet = build_sections(card)
    header = sheet.header
    lines: list[str] = [_sentence(header.title)]
    lines.append(_sentence(f"{header.decision_label}: {header.decision_shown}"))
    _facts(lines, header.facts)
    for section in sheet.sections:
        if all(isinstance(block, WritingSpace) for block in section.body):
            continue  # a heading over space to write in means nothing read aloud
        lines.append("")
        lines.append(_sentence(section.heading))
        if section.intro:
            lines.append(_sentence(section.intro))
        for block in section.body:
            _block(lines, block, section)
    lines.append("")
    lines += [_sentence(line) for line in sheet.footer.lines]
    return "\n".join(lines) + "\n"
