"""Compiled copies of the shipped flows: the app runs them without pydantic.

Validating a flow with the pydantic models costs about 12 MB and a few
hundred milliseconds on an old laptop, every time the app starts. The
shipped flows are checked by ``prep-assistant check`` and the tests anyway,
so the validated model is written once as JSON beside them
(``dialogues/compiled/<flow>.json``), with the SHA-256 of the TOML it came
from. At start-up the app reads that copy into plain read-only records that
have the same fields as the models.

A compiled copy is used only when its hash matches the TOML file as it is
now and its format version is this program's; otherwise the flow is
validated as usual. An edited flow is therefore never run from a stale
copy: it is only slower until ``python -m prep_assistant.dialogue.compiled``
is run again (a test fails until then).

    python -m prep_assistant.dialogue.compiled [--check]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from prep_assistant.dialogue.diagnostics import Diagnostic, display_path
from prep_assistant.dialogue.names import FORMAT_VERSION
from prep_assistant.dialogue.shipped import shipped_flow_files

#: Bump when the shape of a compiled file changes.
COMPILED_VERSION = 1
_MODEL = "~model"
_DATE = "~date"


class Record:
    """A read-only record with a validated model's fields as attributes."""

    __slots__ = ("_model", "__dict__")

    def __init__(self, model: str, fields: dict[str, Any]) -> None:
        object.__setattr__(self, "_model", model)
        self.__dict__.update(fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{self._model} is read-only")

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{self._model}({fields})"


def compiled_path(toml_path: Path) -> Path:
    return toml_path.parent / "compiled" / f"{toml_path.stem}.json"


def source_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- writing (needs the validated pydantic model) ------------------------------------


def _plain(value: Any) -> Any:
    # pydantic: the cost this module exists to spare the app (see above);
    # only writing a compiled copy needs it.
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        fields = {name: _plain(getattr(value, name)) for name in type(value).model_fields}
        return {_MODEL: type(value).__name__, **fields}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    return value


def compile_flow(toml_path: Path) -> str:
    """The compiled copy of a flow file, as JSON text (the flow must be valid)."""
    # The loader brings pydantic (see above): only writing a compiled copy
    # needs it, never the app reading one.
    from prep_assistant.dialogue.loader import load_flow

    loaded = load_flow(toml_path, examples=False)
    if not loaded.ok:
        raise ValueError(f"{toml_path} has errors; run 'prep-assistant check' on it")
    model = _plain(loaded.model)
    model.pop("examples", None)  # the app never replays them
    document = {
        "compiled": COMPILED_VERSION,
        "format": FORMAT_VERSION,
        "source_sha256": source_hash(Path(toml_path).read_bytes()),
        "model": model,
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


# -- reading (no pydantic) ---------------------------------------------------------------


def _revive(value: Any) -> Any:
    if isinstance(value, list):
        return [_revive(item) for item in value]
    if isinstance(value, dict):
        if _DATE in value:
            return dt.date.fromisoformat(value[_DATE])
        if _MODEL in value:
            model = value[_MODEL]
            return Record(model, {k: _revive(v) for k, v in value.items() if k != _MODEL})
        return {key: _revive(item) for key, item in value.items()}
    return value


def load_compiled(toml_path: Path) -> Any | None:
    """The flow as records, or None when there is no up-to-date compiled copy."""
    try:
        source = Path(toml_path).read_bytes()
        document = json.loads(compiled_path(Path(toml_path)).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(document, dict):
        return None
    if (
        document.get("compiled") != COMPILED_VERSION
        or document.get("format") != FORMAT_VERSION
        or document.get("source_sha256") != source_hash(source)
    ):
        return None
    try:
        flow = _revive(document["model"])
    except (KeyError, TypeError, ValueError, RecursionError):
        return None
    if not isinstance(flow, Record) or flow._model != "FlowFile":
        return None
    object.__setattr__(flow, "examples", [])
    return flow


# -- check and update ----------------------------------------------------------------------


def _stale_flows() -> list[Path]:
    stale = []
    for toml_path in shipped_flow_files():
        target = compiled_path(toml_path)
        try:
            text = compile_flow(toml_path)
        except ValueError:
            continue  # the flow's own errors are reported by check
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            stale.append(toml_path)
    return stale


def check_compiled() -> list:
    """PA701 for each shipped flow whose compiled copy is missing or out of date."""
    return [
        Diagnostic(display_path(path), 1, 1, "PA701", f"the compiled copy of {path.name} is missing or out of date",
                   "python -m prep_assistant.dialogue.compiled")
        for path in _stale_flows()
    ]


def update(check: bool = False) -> int:
    """Write (or with ``check``, compare) the compiled copy of every shipped flow."""
    try:
        stale = _stale_flows()
        if check and stale:
            names = ", ".join(str(compiled_path(p)) for p in stale)
            print(f"out of date: {names} (python -m prep_assistant.dialogue.compiled)", file=sys.stderr)
            return 1
        for toml_path in stale:
            target = compiled_path(toml_path)
            target.parent.mkdir(exist_ok=True)
            target.write_text(compile_flow(toml_path), encoding="utf-8")
            print(f"wrote {target}")
    except OSError as error:
        print(f"cannot write a compiled copy: {error}", file=sys.stderr)
        return 1
    if not stale:
        print("compiled flows are up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(update(check="--check" in sys.argv[1:]))
