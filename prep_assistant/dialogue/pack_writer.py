"""A decision pack written back as TOML, safe for any text a clinician types.

``pack new`` and ``pack edit`` build a ``PackFile`` from answers and write it
here. Every string is written as a TOML basic string with backslash escapes
for quotes, backslashes and every control or bidi character, so no typed
text can end the string early, add keys or hide characters in the file;
reading the file back gives exactly the text that was typed. The writer is
ours (a few lines) rather than a new dependency; the tests read every output
back with ``tomllib``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from prep_assistant.dialogue import schema

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_string(text: str) -> str:
    """``text`` as a one-line TOML basic string."""
    out = ['"']
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            # Control, format (bidi overrides, zero-width), surrogate, private
            # and unassigned characters: written out, never raw in the file.
            code = ord(char)
            out.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + "".join(f"  {_value(item)},\n" for item in value) + "]"
    raise TypeError(f"no TOML for {type(value).__name__}")


_PACK_KEYS = (
    "id", "decision", "description", "author", "author_role", "source", "date",
    "review_date", "funding", "flow", "wait_is_option", "wait_reason",
)
_OPTION_KEYS = ("id", "name", "description", "pros", "cons")


def pack_toml(pack: schema.PackFile) -> str:
    """The pack as a TOML file (keys in a fixed, readable order)."""
    lines = [
        "# A decision pack for prep-assistant. Check it with: prep-assistant check FILE",
        "",
        f"format = {pack.format}",
        "",
        "[pack]",
    ]
    for key in _PACK_KEYS:
        value = getattr(pack.pack, key)
        if value is not None:
            lines.append(f"{key} = {_value(value)}")
    for option in pack.options:
        lines += ["", "[[options]]"]
        lines += [f"{key} = {_value(getattr(option, key))}" for key in _OPTION_KEYS]
    return "\n".join(lines) + "\n"


def make_id(text: str, taken: set[str] | frozenset[str] = frozenset(), fallback: str = "item") -> str:
    """An id (``^[a-z][a-z0-9_]*$``, at most 64 characters) made from a name, not in ``taken``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    base = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:40].strip("_")
    if not base or not base[0].isalpha():
        base = f"{fallback}_{base}".strip("_") if base else fallback
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}_{n}", n + 1
    return ident
