"""A decision pack written back as TOML, safe for any text a clinician types.

``pack new`` and ``pack edit`` build a ``PackFile`` from answers and write it
here. Every string is written as a TOML basic string with backslash escapes
for quotes, backslashes and every control or bidi character, so no typed
text can end the string early, add keys or hide characters in the file;
reading the file back gives exactly the text that was typed. A new file is
written by these few lines; an edit goes through tomlkit (it keeps the
comments and layout) but every changed value is still quoted here. The
tests read every output back with ``tomllib``.

This module is the one place where answers become a pack file, for both
ways of asking (line by line, and the form in the app): ``pack_from_answers``
validates them with the pack model, ``pack_file_text`` makes the file's text
(for ``pack edit`` with the clinician's comments and layout kept, through
tomlkit), and ``check_pack_text`` runs the checks of ``check`` on that text
before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pydantic
import tomlkit
import tomlkit.exceptions

from prep_assistant.dialogue import schema
from prep_assistant.dialogue.diagnostics import Diagnostic
from prep_assistant.dialogue.parsing import read_text
from prep_assistant.dialogue.validate import validate_pack
from prep_assistant.errors import UserError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

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


class PackNotValid(UserError):
    """The answers do not make a pack (a required text empty, a bad value)."""


def pack_from_answers(data: dict[str, Any]) -> schema.PackFile:
    """The answers as a pack, or ``PackNotValid`` naming the first problem in plain words."""
    try:
        return schema.PackFile.model_validate(data)
    except pydantic.ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise PackNotValid(f"The pack cannot be written: {where}: {first['msg']}. Nothing was written.") from None


def check_pack_text(text: str, target: str | Path) -> list[Diagnostic]:
    """What ``check`` says about this pack text, as if it were written at ``target``."""
    loaded = read_text(text, target, expect="pack")
    if isinstance(loaded.model, schema.PackFile):
        validate_pack(loaded)
    return loaded.diagnostics


def prepared(pack: schema.PackFile, target: str | Path, original: str | None = None) -> tuple[str, list[Diagnostic]]:
    """The text to write for ``pack`` and what ``check`` will say about it."""
    text = pack_file_text(pack, original)
    return text, check_pack_text(text, target)


def pack_file_text(pack: schema.PackFile, original: str | None = None) -> str:
    """The text to write: a new file, or ``original`` with only the changed values changed.

    An edit keeps the clinician's comments, key order and layout. Should the
    edited text not read back as exactly ``pack`` (a layout tomlkit cannot
    edit in place), the whole file is written afresh, so a file is never
    written wrong.
    """
    if original is None:
        return pack_toml(pack)
    try:
        edited = _edited(original, pack)
        if _reads_as(edited, pack):
            return edited
    except (tomlkit.exceptions.TOMLKitError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, AttributeError):
        pass
    return pack_toml(pack)


def _reads_as(text: str, pack: schema.PackFile) -> bool:
    try:
        return schema.PackFile.model_validate(tomllib.loads(text), strict=True) == pack
    except (tomllib.TOMLDecodeError, pydantic.ValidationError):
        return False


def _item(value: object) -> Any:
    """A tomlkit value written by our own quoting (``_value``), so every text is escaped alike."""
    return tomlkit.parse(f"x = {_value(value)}\n")["x"]


def _unwrapped(item: Any) -> Any:
    # tomlkit hands back a bool as a plain bool, other values as items
    return item.unwrap() if hasattr(item, "unwrap") else item


def _update(table: Any, model: pydantic.BaseModel, keys: tuple[str, ...]) -> None:
    for key in keys:
        value = getattr(model, key)
        if value is None:
            if key in table:
                del table[key]
        elif key not in table or _unwrapped(table[key]) != value:
            table[key] = _item(value)


def _edited(original: str, pack: schema.PackFile) -> str:
    document = tomlkit.parse(original)
    if document.get("format") != pack.format:
        document["format"] = pack.format
    _update(document["pack"], pack.pack, _PACK_KEYS)
    tables = document.get("options")
    if not isinstance(tables, tomlkit.items.AoT):
        raise TypeError("options are not an array of tables")
    wanted = {option.id: option for option in pack.options}
    for index in reversed(range(len(tables))):
        if tables[index].get("id") not in wanted:
            del tables[index]
    kept = [table.get("id") for table in tables]
    for option in pack.options:
        if option.id in kept:
            _update(tables[kept.index(option.id)], option, _OPTION_KEYS)
        else:
            table = tomlkit.table()
            _update(table, option, _OPTION_KEYS)
            tables.append(table)
    return tomlkit.dumps(document)
