"""The ``{placeholders}`` of a text, as the app fills them in.

``{naam}`` is a placeholder; ``{{`` and ``}}`` are a literal brace. Babel's
own checks compare %-style formats only, so a translator who renames
``{optie}`` to ``{option}`` would pass them and crash the app at run time.
This module is the one definition the run-time guard and ``check`` share.
"""

from __future__ import annotations

import re

_ESCAPED = re.compile(r"\{\{|\}\}")
_FIELD = re.compile(r"\{([^{}]*)\}")


def placeholders(text: str) -> frozenset[str]:
    """The placeholder names in ``text`` (``{n:,}`` counts as ``n``)."""
    if "{" not in text:
        return frozenset()
    names = set()
    for field in _FIELD.findall(_ESCAPED.sub("", text)):
        name = re.split(r"[!:]", field, maxsplit=1)[0].strip()
        names.add(name)
    return frozenset(names)


def same_placeholders(source: str, translation: str) -> bool:
    return placeholders(source) == placeholders(translation)


def plural_placeholders_ok(sources: tuple[str, ...], forms: tuple[str, ...]) -> bool:
    """Each plural form may use a subset of the source's placeholders (the
    singular often leaves out ``{n}``), but together they must use them all."""
    allowed = frozenset().union(*(placeholders(s) for s in sources))
    used = [placeholders(f) for f in forms if f]
    if not used:
        return True
    return all(u <= allowed for u in used) and frozenset().union(*used) == allowed
