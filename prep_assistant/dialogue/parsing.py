"""Parse a flow or pack file into models, with diagnostics that point at lines.

This is the shape only (TOML, then the pydantic models); ``validate`` checks
what the shape cannot (references, paths, conditions) on the ``Loaded`` this
returns, and ``loader`` puts the two together. Nothing here raises on bad
input: every problem becomes a ``Diagnostic``, and the model is None when
the file cannot be used.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path
from typing import Any, Union

import msgspec
from pydantic import BaseModel, ValidationError

from prep_assistant import guarded_read, safe_text
from prep_assistant.dialogue import schema
from prep_assistant.dialogue.diagnostics import Diagnostic, display_path
from prep_assistant.dialogue.locations import Locations, scan
from prep_assistant.safe_text import show_unsafe

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

MAX_FILE_BYTES = 2 * 1024 * 1024

Model = Union[schema.FlowFile, schema.PackFile]


class Loaded(msgspec.Struct):
    """A file as read: its model (None if unusable) and what is wrong with it."""

    path: Path
    display: str
    model: Model | None = None
    text: str = ""
    diagnostics: list[Diagnostic] = msgspec.field(default_factory=list)
    #: The cache behind ``locations`` (in the repr too: msgspec has no repr=False).
    _locations: Locations | None = None

    @property
    def locations(self) -> Locations:
        """Where each key stands; scanned only when a diagnostic needs it,
        so a clean file costs no scan."""
        if self._locations is None:
            self._locations = scan(self.text) if self.text else Locations()
        return self._locations

    @property
    def ok(self) -> bool:
        return self.model is not None and not any(d.is_error for d in self.diagnostics)

    def at(self, path: tuple[object, ...], code: str, message: str, hint: str | None = None) -> Diagnostic:
        line, column = self.locations.find(path)
        diagnostic = Diagnostic(self.display, line, column, code, message, hint)
        self.diagnostics.append(diagnostic)
        return diagnostic


def read_file(path: str | Path, expect: str | None = None) -> Loaded:
    """Load a flow or a pack; ``expect`` ("flow" or "pack") refuses the other."""
    path = Path(path)
    loaded = Loaded(path=path, display=display_path(path))
    text = _read_text(loaded)
    if text is None:
        return loaded
    return _parse(loaded, text, expect)


def read_text(text: str, path: str | Path, expect: str | None = None) -> Loaded:
    """As ``read_file``, for a file's text that is not written yet (``pack
    new`` checks a pack before it writes it); ``path`` names it in diagnostics."""
    path = Path(path)
    return _parse(Loaded(path=path, display=display_path(path)), text, expect)


def _parse(loaded: Loaded, text: str, expect: str | None) -> Loaded:
    if not text.strip():
        loaded.at((), "PA005", "the file is empty")
        return loaded
    try:
        guarded_read.check_toml_depth(text)
        data = tomllib.loads(text)
    except guarded_read.TooDeep as error:
        loaded.diagnostics.append(
            Diagnostic(loaded.display, error.line, error.column, "PA007", f"arrays or tables nested more than {error.limit} levels deep", None)
        )
        return loaded
    except tomllib.TOMLDecodeError as error:
        line, column, message = _toml_error_position(error)
        loaded.diagnostics.append(
            Diagnostic(loaded.display, line, column, "PA004", message, None)
        )
        return loaded
    except ValueError:
        # Python refuses to turn thousands of digits into an int (a guard
        # against quadratic work); tomllib lets that error through.
        line, column = _long_number_position(text)
        loaded.diagnostics.append(
            Diagnostic(loaded.display, line, column, "PA004", "a number is far too long", None)
        )
        return loaded
    loaded.text = text
    if guarded_read.data_depth(data) > guarded_read.MAX_DEPTH:
        # Dotted keys (a.b.c...) nest without brackets; the models and the
        # location scanner must never see such a tree.
        loaded.at((), "PA007", f"keys nested more than {guarded_read.MAX_DEPTH} levels deep")
        return loaded
    _clean_strings(loaded, data)
    kind = "flow" if "flow" in data else "pack" if "pack" in data else None
    if kind is None or (expect and kind != expect):
        wanted = expect or "flow or pack"
        hint = "a flow starts with a [flow] table, a pack with a [pack] table"
        loaded.at((), "PA006", f"this is not a {wanted} file", hint)
        return loaded
    model_class = schema.FlowFile if kind == "flow" else schema.PackFile
    try:
        # Strict, as the JSON Schema is: "ja" is no boolean, "200" no number,
        # so an editor and check agree on every file.
        loaded.model = model_class.model_validate(data, strict=True)
    except ValidationError as error:
        _report_validation(loaded, model_class, data, error)
    return loaded


def _read_text(loaded: Loaded) -> str | None:
    try:
        raw = guarded_read.read_bytes(loaded.path, limit=MAX_FILE_BYTES)
    except guarded_read.UnreadableFile as error:
        if error.problem == "too_large":
            size = f"{error.size / 1024 / 1024:.1f} MB" if error.size else "larger than that"
            loaded.at((), "PA003", f"the file is {size}; the limit is 2 MB")
        elif error.problem == "folder":
            loaded.at((), "PA001", error.message, "give a .toml file, or use check on the folder")
        else:
            loaded.at((), "PA001", error.message)
        return None
    if b"\x00" in raw:
        loaded.at((), "PA002", "the file holds binary data, not text")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        loaded.diagnostics.append(
            Diagnostic(loaded.display, line, column, "PA002", "the file is not valid UTF-8 text", "save it as UTF-8")
        )
        return None
    return text.removeprefix("\ufeff")


def _clean_strings(loaded: Loaded, data: Any) -> None:
    """Apply ``safe_text.clean`` to every string value, in place, and report
    each one that held control characters or bidi overrides (PA008): the
    app then shows the cleaned text, whatever the author meant."""
    stack: list[tuple[Any, tuple[object, ...]]] = [(data, ())]
    while stack:
        container, path = stack.pop()
        items = container.items() if isinstance(container, dict) else enumerate(container)
        for key, value in items:
            if isinstance(value, str):
                if safe_text.has_unsafe(value):
                    loaded.at(
                        path + (key,),
                        "PA008",
                        f"{_dotted(path + (key,))} holds control characters or bidi overrides: {show_unsafe(value)[:80]!s}",
                        "they are removed before the text is shown",
                    )
                container[key] = safe_text.clean(value)
            elif isinstance(value, (dict, list)):
                stack.append((value, path + (key,)))


_LONG_NUMBER = re.compile(r"[0-9_]{1000,}")


def _long_number_position(text: str) -> tuple[int, int]:
    match = _LONG_NUMBER.search(text)
    if match is None:
        return 1, 1
    start = match.start()
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def _toml_error_position(error: Exception) -> tuple[int, int, str]:
    message = str(error)
    match = _TOML_POSITION.search(message)
    if match:
        message = message[: match.start()].strip()
        return int(match.group(1)), int(match.group(2)), message
    if "end of document" in message:
        return 1, 1, message
    return 1, 1, message


# -- pydantic errors -> diagnostics ------------------------------------------------

_TYPE_SEGMENT = re.compile(r"[\[\]()]|^(str|int|bool|list|dict|float|date)$")


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union and tag segments, keeping the TOML key path."""
    out: list[Any] = []
    for i, part in enumerate(loc):
        if isinstance(part, str) and _TYPE_SEGMENT.search(part):
            continue
        # A node's tag follows its index: ("nodes", 3, "text", "nxt")
        if (
            isinstance(part, str)
            and i >= 2
            and loc[i - 2] == "nodes"
            and isinstance(loc[i - 1], int)
            and part in schema.NODE_KINDS
        ):
            continue
        out.append(part)
    return tuple(out)


def _model_at(root: type[BaseModel], data: Any, path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that describes the table at ``path``, to suggest its keys."""
    current: type[BaseModel] | None = root
    value: Any = data
    i = 0
    while i < len(path) and current is not None:
        part = path[i]
        if isinstance(part, int):
            value = value[part] if isinstance(value, list) and 0 <= part < len(value) else None
            i += 1
            continue
        value = value.get(part) if isinstance(value, dict) else None
        if current is schema.FlowFile and part == "nodes":
            if i + 1 >= len(path) or not isinstance(path[i + 1], int):
                return None
            index = path[i + 1]
            item = value[index] if isinstance(value, list) and index < len(value) else None
            current = _NODE_BY_KIND.get(item.get("kind")) if isinstance(item, dict) else None
            value = item
            i += 2
            continue
        field_info = current.model_fields.get(part)
        current = _first_model(field_info.annotation) if field_info else None
        i += 1
    return current


_NODE_CLASSES = (
    schema.InfoNode,
    schema.TextNode,
    schema.TextListNode,
    schema.SingleChoiceNode,
    schema.MultipleChoiceNode,
    schema.RankingNode,
    schema.RatingNode,
    schema.RatingsNode,
    schema.YesNoNode,
    schema.DateNode,
    schema.ForEachNode,
)
_NODE_BY_KIND = {cls.model_fields["kind"].annotation.__args__[0]: cls for cls in _NODE_CLASSES}


def _first_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _first_model(arg)
        if found is not None:
            return found
    return None


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _report_validation(
    loaded: Loaded, root: type[BaseModel], data: dict[str, Any], error: ValidationError
) -> None:
    """One diagnostic per problem, written for the author: the node (or
    step, option, choice, example) named by its id, the bad value shown, and
    what would be right ("did you mean ...?" where a near name exists)."""
    seen: set[tuple[Any, ...]] = set()
    for item in error.errors(include_url=False):
        loc = _clean_loc(tuple(item["loc"]))
        kind = item["type"]
        if loc in seen and kind not in ("extra_forbidden", "missing"):
            continue  # one message per place: unions repeat themselves
        seen.add(loc)
        if kind == "extra_forbidden":
            key = loc[-1] if loc else "?"
            parent = _model_at(root, data, loc[:-1])
            close = difflib.get_close_matches(str(key), _keys_of(parent), n=1) if parent else []
            loaded.at(
                loc,
                "PA101",
                f"unknown key {key!r}{_in(loc[:-1], data)}",
                f"did you mean {close[0]!r}?" if close else _allowed_keys_hint(parent),
            )
        elif kind == "missing":
            loaded.at(loc[:-1], "PA102", f"missing key {loc[-1]!r}{_in(loc[:-1], data)}")
        elif kind == "union_tag_invalid":
            tag = item.get("input", {}).get("kind") if isinstance(item.get("input"), dict) else None
            close = difflib.get_close_matches(str(tag), schema.NODE_KINDS, n=1)
            loaded.at(
                loc + ("kind",),
                "PA104",
                f"unknown node kind {tag!r}{_in(loc, data)}",
                f"did you mean {close[0]!r}? Kinds: {', '.join(schema.NODE_KINDS)}" if close
                else "one of " + ", ".join(schema.NODE_KINDS),
            )
        elif kind == "union_tag_not_found":
            loaded.at(loc, "PA102", f"missing key 'kind'{_in(loc, data)}", "one of " + ", ".join(schema.NODE_KINDS))
        else:
            message, hint = _wrong_value(loc, item)
            loaded.at(loc, "PA103", f"{_field_in(loc, data)} {message}", hint)


def _shown(value: Any) -> str:
    """A value as the author wrote it in TOML, shortened."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = '"' + value.replace('"', '\\"') + '"'
    elif isinstance(value, (int, float)):
        text = str(value)
    elif isinstance(value, list):
        text = "a list"
    elif isinstance(value, dict):
        text = "a table"
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


#: What a value of a pydantic type looks like in TOML, for the author.
_EXPECTED = {
    "bool_type": "must be true or false (without quotes)",
    "bool_parsing": "must be true or false (without quotes)",
    "int_type": "must be a whole number (without quotes)",
    "int_parsing": "must be a whole number (without quotes)",
    "int_from_float": "must be a whole number",
    "string_type": "must be text in quotes",
    "list_type": "must be a list in brackets, [ ... ]",
    "dict_type": "must be a table, { ... }",
    "model_type": "must be a table, { ... }",
    "model_attributes_type": "must be a table, { ... }",
    "date_type": "must be a date, like 2026-11-22",
    "date_from_datetime_inexact": "must be a date without a time, like 2026-11-22",
}


def _wrong_value(loc: tuple[Any, ...], item: dict[str, Any]) -> tuple[str, str | None]:
    """(what is wrong, a hint) for a value of the wrong type or out of range."""
    kind = item["type"]
    value = item.get("input")
    ctx = item.get("ctx") or {}
    if "next" in loc and loc[-1] != "to":
        return f"must be a node id, 'end', or a list of {{ when, to }} rules, not {_shown(value)}", None
    if kind in _EXPECTED:
        return f"{_EXPECTED[kind]}, not {_shown(value)}", None
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = difflib.get_close_matches(str(value), allowed, n=1)
        hint = f"did you mean {close[0]!r}?" if close else None
        return f"is {_shown(value)}, which is not one of: {', '.join(allowed)}", hint
    if kind == "string_pattern_mismatch" and loc and loc[-1] in ("id", "as"):
        return f"is {_shown(value)}; an id is lower-case letters, digits and _, starting with a letter", None
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} item(s) (a text: at least 1 letter)", None
    if kind == "too_long":
        return f"may have at most {ctx.get('max_length')} item(s) or characters", None
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bounds = {"greater_than_equal": "at least {ge}", "less_than_equal": "at most {le}",
                  "greater_than": "more than {gt}", "less_than": "less than {lt}"}
        return f"is {_shown(value)}; it must be " + bounds[kind].format(**{k: ctx.get(k) for k in ("ge", "le", "gt", "lt")}), None
    message = item["msg"]
    return f"is {_shown(value)}: {message[0].lower()}{message[1:]}", None


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")


#: The lists of tables whose items an author names, and the key that names them.
_NAMED_ITEMS = {
    "nodes": ("node", "id"),
    "steps": ("step", "id"),
    "options": ("option", "id"),
    "choices": ("choice", "id"),
    "examples": ("example", "name"),
    "next": ("rule", None),
}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _item_name(singular: str, name_key: str | None, items: list[Any], index: int) -> str:
    """``node 'wie'``; without an id, by its place: ``the node after 'wie'``."""
    item = items[index] if 0 <= index < len(items) else None
    if name_key and isinstance(item, dict) and isinstance(item.get(name_key), str):
        return f"{singular} {item[name_key]!r}"
    if name_key:
        for back in range(index - 1, -1, -1):
            earlier = items[back]
            if isinstance(earlier, dict) and isinstance(earlier.get(name_key), str):
                steps = index - back
                which = "the" if steps == 1 else f"the {_ordinal(steps)}"
                return f"{which} {singular} after {earlier[name_key]!r}"
    return f"the {_ordinal(index + 1)} {singular}"


def _split_owner(loc: tuple[Any, ...], data: Any) -> tuple[list[str], tuple[Any, ...]]:
    """(the named items along ``loc``, innermost first; the key path left in the last one)."""
    owners: list[str] = []
    value = data
    rest_start = 0
    i = 0
    while i < len(loc):
        part = loc[i]
        child = value.get(part) if isinstance(value, dict) and isinstance(part, str) else None
        if (
            part in _NAMED_ITEMS
            and i + 1 < len(loc)
            and isinstance(loc[i + 1], int)
            and isinstance(child, list)
        ):
            singular, name_key = _NAMED_ITEMS[part]
            owners.insert(0, _item_name(singular, name_key, child, loc[i + 1]))
            index = loc[i + 1]
            value = child[index] if 0 <= index < len(child) else None
            i += 2
            rest_start = i
            continue
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            value = None
        i += 1
    return owners, loc[rest_start:]


def _in(loc: tuple[Any, ...], data: Any) -> str:
    """`` in choice 'x' of node 'd'``, or `` in flow.id`` outside named items."""
    owners, rest = _split_owner(loc, data)
    if owners:
        where = " of ".join(owners)
        return f" in {_dotted(rest)} of {where}" if rest else f" in {where}"
    return f" in {_dotted(loc)}" if loc else ""


def _field_in(loc: tuple[Any, ...], data: Any) -> str:
    """``'required' in node 'a'``, ``'label' of choice 'x' of node 'd'``, ``'flow.id'``."""
    owners, rest = _split_owner(loc, data)
    field = f"{_dotted(rest)!r}" if rest else "the value"
    if owners:
        return f"{field} in {' of '.join(owners)}"
    return f"{_dotted(loc)!r}" if loc else "the file"


def _allowed_keys_hint(model: type[BaseModel] | None) -> str | None:
    if model is None:
        return None
    return "allowed: " + ", ".join(_keys_of(model))
