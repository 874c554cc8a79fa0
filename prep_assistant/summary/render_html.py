"""The card as one self-contained HTML file.

No scripts, no external files: the CSS is inline, with a print stylesheet
for A4 and a layout that reads on a phone. Every text goes through
``html.escape`` (``e()`` below) and patient texts carry ``dir="auto"`` so
Arabic or Hebrew answers run right to left.
"""

from __future__ import annotations

from html import escape as _escape

from prep_assistant.summary.model import MAX_WEIGHT, Card
from prep_assistant.summary.sections import (
    Block,
    Entries,
    Facts,
    Items,
    Line,
    Note,
    OptionRow,
    OptionsTable,
    Ranked,
    Section,
    WritingSpace,
    build_sections,
)


def e(text: str) -> str:
    return _escape(text, quote=True)


_CSS = """
:root { --ink: #111; --muted: #555; --line: #bbb; --accent: #1d4e89; --soft: #f3f6fa; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 52rem; padding: 1rem 1.1rem 2rem; color: var(--ink);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif;
  font-size: 1.05rem; line-height: 1.45; background: #fff; }
.large body, body.large { font-size: 1.5rem; max-width: 60rem; }
.kicker { margin: 0; font-size: .85em; letter-spacing: .08em; text-transform: uppercase; color: var(--muted); }
h1 { margin: .15em 0 .5em; font-size: 1.9em; line-height: 1.2; }
h1 .label { display: block; font-size: .45em; font-weight: 600; color: var(--muted); }
h2 { margin: 1.3em 0 .4em; padding-bottom: .15em; font-size: 1.25em; color: var(--accent);
  border-bottom: 2px solid var(--accent); }
h3 { margin: 0 0 .3em; font-size: 1.08em; }
h4 { margin: .6em 0 .15em; font-size: .95em; }
p { margin: .2em 0 .5em; }
ul, ol { margin: .2em 0 .6em; padding-left: 1.4em; }
li { margin: .1em 0; }
.answer { white-space: pre-line; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; margin: 0 0 .5em; }
dl.facts dt { font-weight: 700; }
dl.facts dd { margin: 0; }
ul.check { list-style: none; padding-left: 0; }
ul.check li { display: flex; gap: .55em; align-items: flex-start; margin: .25em 0; }
.box { flex: none; display: inline-block; width: 1em; height: 1em; margin-top: .2em;
  border: 2px solid var(--ink); border-radius: 2px; }
.top { font-weight: 700; }
.options { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: .7em; }
.option { border: 1px solid var(--line); border-radius: 6px; padding: .6em .75em; background: var(--soft);
  break-inside: avoid; page-break-inside: avoid; }
.weight { font-weight: 400; color: var(--muted); white-space: nowrap; }
.dots { letter-spacing: .1em; color: var(--accent); }
.lean { font-size: 1.1em; font-weight: 700; }
.entry-label { font-style: italic; color: var(--muted); margin-bottom: 0; }
.lines { height: 6.5em; margin: .3em 0 .8em;
  background: repeating-linear-gradient(to bottom, transparent 0, transparent 2.1em, var(--line) 2.1em, var(--line) calc(2.1em + 1px)); }
footer { margin-top: 1.5em; padding-top: .5em; border-top: 1px solid var(--line); font-size: .8em; color: var(--muted); }
footer p { margin: .1em 0; }
@media (max-width: 30rem) {
  body { padding: .7rem .8rem 1.5rem; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: .35em; }
  h1 { font-size: 1.6em; }
}
@media print {
  @page { size: A4; margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 10pt; line-height: 1.3; }
  body.large { font-size: 16pt; }
  h1 { font-size: 20pt; }
  body.large h1 { font-size: 26pt; }
  h2 { margin-top: .9em; break-after: avoid; page-break-after: avoid; }
  .option { background: none; }
  .options { grid-template-columns: repeat(auto-fit, minmax(42mm, 1fr)); }
  body.large .options { grid-template-columns: 1fr; }
  footer { font-size: 8pt; }
  body.large footer { font-size: 12pt; }
}
"""


def _text(text: str, tag: str = "span", cls: str = "answer") -> str:
    return f'<{tag} class="{cls}" dir="auto">{e(text)}</{tag}>'


def _list(items: tuple[str, ...], *, ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    inner = "".join(f"<li>{_text(item)}</li>" for item in items)
    return f"<{tag}>{inner}</{tag}>"


def _dots(weight: int) -> str:
    return "●" * weight + "○" * (MAX_WEIGHT - weight)


def _option(table: OptionsTable, row: OptionRow) -> str:
    parts = [f'<section class="option"><h3>{_text(row.name)}</h3>']
    if row.empty:
        parts.append(f"<p><em>{e(table.nothing_noted)}</em></p>")
    for side in row.sides:
        if not side.items and side.weight is None:
            continue
        title = e(side.heading)
        if side.weight is not None:
            title += (
                f' <span class="weight"><span class="dots" aria-hidden="true">{_dots(side.weight)}</span> '
                f"{e(table.weight(side.weight))}</span>"
            )
        parts.append(f"<h4>{title}</h4>")
        if side.items:
            lis = "".join(
                f"<li>{_text(text)}"
                + (f' <span class="weight">({e(table.weight(own))})</span>' if own is not None else "")
                + "</li>"
                for text, own in side.items
            )
            parts.append(f"<ul>{lis}</ul>")
    if row.touches:
        parts.append(f"<h4>{e(table.touches_heading)}</h4>")
        parts.append(_list(row.touches))
    parts.append("</section>")
    return "".join(parts)


_BOX = '<span class="box" aria-hidden="true"></span>'


def _checks(items: tuple[str, ...], cls: str = "answer") -> str:
    inner = "".join(f"<li>{_BOX}{_text(item, cls=cls)}</li>" for item in items)
    return f'<ul class="check">{inner}</ul>'


def _headed(heading: str | None, items: tuple[str, ...], *, ordered: bool = False) -> list[str]:
    if not items:
        return []
    title = f"<h3>{e(heading)}</h3>" if heading is not None else ""
    return [title + _list(items, ordered=ordered)]


def _facts(block: Facts) -> list[str]:
    if not block.facts:
        return []
    rows = [f"<dt>{e(fact.label)}</dt><dd>{_text(fact.value)}</dd>" for fact in block.facts]
    return ['<dl class="facts">', *rows, "</dl>"]


def _ranked(block: Ranked) -> list[str]:
    if not block.tick:
        return _headed(block.top_heading, block.top, ordered=True) + _headed(block.more_heading, block.more)
    # Tick boxes: the top part needs its own heading only when more follow.
    out: list[str] = []
    if block.top:
        if block.more:
            out.append(f"<h3>{e(block.top_heading)}</h3>")
        out.append(_checks(block.top, cls="answer top"))
    if block.more:
        if block.more_heading is not None:
            out.append(f"<h3>{e(block.more_heading)}</h3>")
        out.append(_checks(block.more))
    return out


def _block(block: Block) -> list[str]:
    """The block as HTML fragments (the page puts one on each line)."""
    if isinstance(block, Facts):
        return _facts(block)
    if isinstance(block, Items):
        return _headed(block.heading, block.texts)
    if isinstance(block, Ranked):
        return _ranked(block)
    if isinstance(block, Entries):
        return [f'<p class="entry-label">{e(entry.label)}</p>{_list(entry.texts)}' for entry in block.entries]
    if isinstance(block, OptionsTable):
        return ['<div class="options">', *(_option(block, row) for row in block.rows), "</div>"]
    if isinstance(block, Line):
        return [f'<p>{_text(block.text, cls="answer lean")}</p>']
    if isinstance(block, Note):
        return [f"<p><em>{e(block.text)}</em></p>"]
    if isinstance(block, WritingSpace):
        return ['<div class="lines" role="presentation"></div>']
    raise TypeError(f"no HTML for {type(block).__name__}")


#: A section made of one of these opens and closes on the lines of its block.
_ONE_PIECE = (Line, WritingSpace, OptionsTable)


def _section(section: Section) -> list[str]:
    opening = f"<section><h2>{e(section.heading)}</h2>"
    if section.intro:
        opening += f"<p><em>{e(section.intro)}</em></p>"
    fragments = [fragment for block in section.body for fragment in _block(block)]
    if len(section.body) == 1 and isinstance(section.body[0], _ONE_PIECE) and fragments:
        fragments[0] = opening + fragments[0]
        fragments[-1] += "</section>"
        return fragments
    return [opening, *fragments, "</section>"]


def render_html(card: Card, *, large_print: bool = False) -> str:
    sheet = build_sections(card)
    header = sheet.header
    body: list[str] = [f'<header><p class="kicker">{e(header.title)}</p>']
    body.append(f'<h1><span class="label">{e(header.decision_label)}</span>{_text(header.decision_shown)}</h1>')
    body += _facts(header.facts)
    body.append("</header><main>")
    for section in sheet.sections:
        body += _section(section)
    body.append("</main><footer>")
    body.extend(f"<p>{e(line)}</p>" for line in sheet.footer.lines)
    body.append("</footer>")

    body_class = ' class="large"' if large_print else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(sheet.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(header.title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body{body_class}>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
