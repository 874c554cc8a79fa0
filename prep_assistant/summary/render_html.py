"""The card as one self-contained HTML file.

No scripts, no external files: the CSS is inline, with a print stylesheet
for A4 and a layout that reads on a phone. Every text goes through
``html.escape`` (``e()`` below) and patient texts carry ``dir="auto"`` so
Arabic or Hebrew answers run right to left.
"""

from __future__ import annotations

from html import escape as _escape

from prep_assistant.summary.model import MAX_WEIGHT, Card, OptionView


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


def _list(items: list[str], *, ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    inner = "".join(f"<li>{_text(item)}</li>" for item in items)
    return f"<{tag}>{inner}</{tag}>"


def _dots(weight: int) -> str:
    return "●" * weight + "○" * (MAX_WEIGHT - weight)


def _option(card: Card, option: OptionView) -> str:
    labels = card.labels
    parts = [f'<section class="option"><h3>{_text(option.name)}</h3>']
    if option.empty:
        parts.append(f"<p><em>{e(labels.nothing_noted)}</em></p>")
    for heading, weighted, weight in option.sides(labels):
        items = [text for text, _own in weighted]
        if not items and weight is None:
            continue
        title = e(heading)
        if weight is not None:
            title += (
                f' <span class="weight"><span class="dots" aria-hidden="true">{_dots(weight)}</span> '
                f"{e(labels.weight(weight))}</span>"
            )
        parts.append(f"<h4>{title}</h4>")
        if items:
            lis = "".join(
                f"<li>{_text(text)}"
                + (f' <span class="weight">({e(labels.weight(own))})</span>' if own is not None else "")
                + "</li>"
                for text, own in weighted
            )
            parts.append(f"<ul>{lis}</ul>")
    if option.touches:
        parts.append(f"<h4>{e(labels.touches)}</h4>")
        parts.append(_list(option.touches))
    parts.append("</section>")
    return "".join(parts)


def render_html(card: Card, *, large_print: bool = False) -> str:
    labels = card.labels
    body: list[str] = []
    body.append(f'<header><p class="kicker">{e(labels.title)}</p>')
    decision = card.decision or labels.not_filled_in
    body.append(
        f'<h1><span class="label">{e(labels.decision)}</span>{_text(decision)}</h1>'
    )
    if card.facts:
        body.append('<dl class="facts">')
        for fact in card.facts:
            body.append(f"<dt>{e(fact.label)}</dt><dd>{_text(fact.value)}</dd>")
        body.append("</dl>")
    body.append("</header><main>")

    def block(heading: str, texts: list[str], *, ordered: bool = False) -> None:
        if texts:
            body.append(f"<h3>{e(heading)}</h3>{_list(texts, ordered=ordered)}")

    if card.has_matters:
        body.append(f"<section><h2>{e(labels.matters)}</h2>")
        block(labels.goals, card.goals)
        block(card.activities_heading, card.top_activities, ordered=True)
        block(labels.other_activities if card.top_activities else labels.activities, card.other_activities)
        block(labels.worries, card.worries)
        block(labels.wishes, card.wishes)
        body.append("</section>")

    body.append(f"<section><h2>{e(labels.questions)}</h2>")
    if not card.questions:
        body.append(f"<p><em>{e(labels.no_questions)}</em></p>")
    box = '<span class="box" aria-hidden="true"></span>'
    if card.top_questions:
        if card.other_questions:
            body.append(f"<h3>{e(labels.top_questions)}</h3>")
        items = "".join(f'<li>{box}{_text(q, cls="answer top")}</li>' for q in card.top_questions)
        body.append(f'<ul class="check">{items}</ul>')
    if card.other_questions:
        if card.top_questions:
            body.append(f"<h3>{e(labels.other_questions)}</h3>")
        items = "".join(f"<li>{box}{_text(q)}</li>" for q in card.other_questions)
        body.append(f'<ul class="check">{items}</ul>')
    body.append("</section>")

    if card.known:
        body.append(f"<section><h2>{e(labels.known)}</h2>")
        for entry in card.known:
            body.append(f'<p class="entry-label">{e(entry.label)}</p>{_list(list(entry.texts))}')
        body.append("</section>")

    if card.options:
        body.append(f'<section><h2>{e(labels.options)}</h2><div class="options">')
        body.extend(_option(card, option) for option in card.options)
        body.append("</div></section>")
    if card.shows_lean:
        body.append(f'<section><h2>{e(labels.lean)}</h2><p>{_text(card.lean_text, cls="answer lean")}</p></section>')

    if card.has_still_need:
        body.append(f"<section><h2>{e(labels.still_need)}</h2>")
        if card.still_need:
            body.append(_list(card.still_need))
        block(labels.to_arrange, card.to_arrange)
        body.append("</section>")

    for heading, entries in ((labels.outcome, card.outcome), (labels.after, card.after)):
        if entries:
            body.append(f"<section><h2>{e(heading)}</h2>")
            for entry in entries:
                body.append(f'<p class="entry-label">{e(entry.label)}</p>{_list(list(entry.texts))}')
            body.append("</section>")

    for heading in (labels.notes, labels.agreed):
        body.append(f'<section><h2>{e(heading)}</h2><div class="lines" role="presentation"></div></section>')

    if card.earlier:
        body.append(f"<section><h2>{e(labels.earlier)}</h2><p><em>{e(labels.earlier_help)}</em></p>")
        for entry in card.earlier:
            body.append(f'<p class="entry-label">{e(entry.label)}</p>{_list(list(entry.texts))}')
        body.append("</section>")
    body.append("</main><footer>")
    small = card.footer_lines()
    pack = card.pack_line()
    if pack:
        small.append(pack)
    if card.session_id:
        small.append(labels.session.format(id=card.session_id))
    body.extend(f"<p>{e(line)}</p>" for line in small)
    body.append("</footer>")

    body_class = ' class="large"' if large_print else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(card.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(labels.title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body{body_class}>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
