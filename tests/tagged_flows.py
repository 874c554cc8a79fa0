"""The shipped flows in the short form: card tags in place of their ``[[card]]`` sections.

The shipped flows declare their card. Authors' own flows may still place
answers with a ``card`` tag on each node, read by the card built from tags
(``summary/model.py``). To keep that builder tested against the real cards,
``tagged_copy`` writes a shipped flow back in the short form: its ``[[card]]``
tables dropped, and ``card = "tag"`` put after each node's id, from
``tests/fixtures/cards/<flow>_tags.toml`` (the tags the flow had before it
declared its card). The nodes keep their ``role``s.
"""

from __future__ import annotations

import atexit
import functools
import re
import shutil
import tempfile
import tomllib
from pathlib import Path

from prep_assistant.dialogue.library import flow_from_file

ROOT = Path(__file__).resolve().parent.parent
CARDS = Path(__file__).parent / "fixtures" / "cards"
#: The shipped flows, each with its tags in tests/fixtures/cards/<flow>_tags.toml.
SHIPPED = ("voorbereiding", "na_het_gesprek", "workshop", "voorbereiding_naaste")

_HEADER = re.compile(r"^\[\[?([a-z_.]+)\]\]?\s*$")
_ID = re.compile(r'^id = "([a-z0-9_]+)"$')


def tags_of(flow_id: str) -> dict[str, str]:
    return tomllib.loads((CARDS / f"{flow_id}_tags.toml").read_text(encoding="utf-8"))


def short_form(text: str, tags: dict[str, str]) -> str:
    """``text`` (a flow file) without its ``[[card]]`` tables, each tagged node's tag after its id."""
    out: list[str] = []
    table = None
    placed: set[str] = set()
    for line in text.splitlines(keepends=True):
        header = _HEADER.match(line.rstrip("\n"))
        if header:
            table = header.group(1)
        if table in ("card", "card.parts"):
            continue
        out.append(line)
        found = _ID.match(line.rstrip("\n"))
        if table == "nodes" and found and found.group(1) in tags:
            out.append(f'card = "{tags[found.group(1)]}"\n')
            placed.add(found.group(1))
    missing = set(tags) - placed
    assert not missing, f"tags for nodes the flow does not have: {sorted(missing)}"
    return "".join(out)


def tagged_copy(flow_id: str, folder: Path) -> Path:
    """The shipped flow ``flow_id`` in the short form, written in ``folder``."""
    text = (ROOT / "dialogues" / f"{flow_id}.toml").read_text(encoding="utf-8")
    assert "\n[[card]]\n" in text and not re.search(r"^card = ", text, re.MULTILINE), "the shipped flow declares its card"
    path = folder / f"{flow_id}.toml"
    path.write_text(short_form(text, tags_of(flow_id)), encoding="utf-8")
    return path


@functools.cache
def _folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="tagged-flows-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@functools.cache
def tagged_flow(flow_id: str):
    """The compiled tagged copy of a shipped flow (made once per test run)."""
    return flow_from_file(tagged_copy(flow_id, _folder()))
