"""The card as plain text that reads aloud well (plain mode, screen readers).

No tables, no box drawing, no symbols standing for words: every line says
what it is about ("Operatie. Voordelen voor mij: ..."), so a listener who
hears one line alone still knows where it belongs. The spaces for notes are
left out: they are for paper.
"""

from __future__ import annotations

from prep_assistant.summary.model import Card

_END = ".!?;:…)\"'»”’؟"


def _flat(text: str) -> str:
    """One line: an answer's own line breaks become spaces."""
    return " ".join(part.strip() for part in text.split("\n") if part.strip())


def _sentence(text: str) -> str:
    text = _flat(text)
    if text and text[-1] not in _END:
        text += "."
    return text


def render_text(card: Card) -> str:
    labels = card.labels
    lines: list[str] = [_sentence(labels.title)]
    lines.append(_sentence(f"{labels.decision}: {card.decision or labels.not_filled_in}"))
    for fact in card.facts:
        lines.append(_sentence(f"{fact.label}: {fact.value}"))

    def part(heading: str) -> None:
        lines.append("")
        lines.append(_sentence(heading))

    def each(label: str, texts: list[str], *, numbered: bool = False) -> None:
        for index, text in enumerate(texts, start=1):
            prefix = f"{label}, {index}" if numbered and len(texts) > 1 else label
            lines.append(_sentence(f"{prefix}: {text}"))

    if card.has_matters:
        part(labels.matters)
        each(labels.goals, card.goals)
        each(card.activities_heading, card.top_activities, numbered=True)
        each(labels.other_activities if card.top_activities else labels.activities, card.other_activities)
        each(labels.worries, card.worries)
        each(labels.wishes, card.wishes)

    part(labels.questions)
    if not card.questions:
        lines.append(_sentence(labels.no_questions))
    each(labels.top_questions, card.top_questions, numbered=True)
    each(labels.other_questions if card.top_questions else labels.questions, card.other_questions)

    if card.known:
        part(labels.known)
        for entry in card.known:
            each(entry.label.rstrip(":"), list(entry.texts))

    if card.options:
        part(labels.options)
        for option in card.options:
            name = _flat(option.name)
            if option.empty:
                lines.append(_sentence(f"{name}: {labels.nothing_noted}"))
                continue
            for heading, items, weight in option.sides(labels):
                if weight is not None:
                    lines.append(_sentence(f"{name}. {heading}: {labels.weight(weight)}"))
                for item, own in items:
                    extra = f", {labels.weight(own)}" if own is not None else ""
                    lines.append(_sentence(f"{name}. {heading}: {_flat(item)}{extra}"))
            for item in option.touches:
                lines.append(_sentence(f"{name}. {labels.touches}: {item}"))
    if card.shows_lean:
        part(labels.lean)
        lines.append(_sentence(f"{labels.lean}: {card.lean_text}"))

    if card.has_still_need:
        part(labels.still_need)
        for tip in card.still_need:
            lines.append(_sentence(tip))
        each(labels.to_arrange, card.to_arrange)

    for heading, entries in ((labels.outcome, card.outcome), (labels.after, card.after)):
        if entries:
            part(heading)
            for entry in entries:
                each(entry.label, list(entry.texts))

    if card.earlier:
        part(labels.earlier)
        lines.append(_sentence(labels.earlier_help))
        for entry in card.earlier:
            each(entry.label, list(entry.texts))

    lines.append("")
    lines += [_sentence(line) for line in card.footer_lines()]
    pack = card.pack_line()
    if pack:
        lines.append(_sentence(pack))
    if card.session_id:
        lines.append(_sentence(labels.session.format(id=card.session_id)))
    return "\n".join(lines) + "\n"
