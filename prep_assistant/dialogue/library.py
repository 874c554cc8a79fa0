"""The shipped flows and packs, found by id or by path."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from prep_assistant.dialogue.compiled import load_compiled
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.shipped import shipped_flow_files, shipped_pack_files
from prep_assistant.errors import UserError
from prep_assistant.guarded_read import safe_resolve
from prep_assistant.paths import dialogues_dir

if TYPE_CHECKING:  # pragma: no cover
    from prep_assistant.dialogue import schema
    from prep_assistant.dialogue.parsing import Loaded

# The loader (and with it pydantic) is imported where a file is validated:
# a shipped flow with an up-to-date compiled copy needs neither.

__all__ = [
    "AFTER_FLOW",
    "DEFAULT_FLOW",
    "LibraryError",
    "WORKSHOP_FLOW",
    "find_flow",
    "flow_from_file",
    "load_pack_file",
    "pack_fits_flow",
    "shipped_flow_files",
    "shipped_pack_files",
]

DEFAULT_FLOW = "voorbereiding"
AFTER_FLOW = "na_het_gesprek"
WORKSHOP_FLOW = "workshop"


class LibraryError(UserError, LookupError):
    """A flow or pack that cannot be used; ``diagnostics`` say why."""

    def __init__(self, message: str, loaded: Loaded | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = loaded.diagnostics if loaded else []


def _usable(loaded: Loaded, what: str) -> Loaded:
    if not loaded.ok:
        errors = [d for d in loaded.diagnostics if d.is_error]
        first = errors[0].format() if errors else ""
        raise LibraryError(f"The {what} {loaded.display} has errors. Run 'prep-assistant check' on it. {first}", loaded)
    return loaded


@lru_cache(maxsize=16)
def _flow_from_file(path: str, mtime: float) -> Flow:
    if safe_resolve(path).parent == dialogues_dir():
        compiled = load_compiled(Path(path))
        if compiled is not None:
            return Flow.from_model(compiled, path)
    # The loader brings pydantic (about 12 MB, and the slowest import of the
    # app): only a flow without an up-to-date compiled copy needs it.
    from prep_assistant.dialogue.loader import load_flow

    loaded = _usable(load_flow(path, examples=False), "flow")
    return Flow.from_model(loaded.model, path)


def flow_from_file(path: str | Path) -> Flow:
    path = Path(path)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _flow_from_file(str(path), mtime)


def find_flow(id_or_path: str | None = None) -> Flow:
    """A shipped flow by id (default: the preparation), or a flow file."""
    wanted = id_or_path or DEFAULT_FLOW
    if wanted.endswith(".toml") or "/" in wanted or "\\" in wanted:
        return flow_from_file(wanted)
    candidate = dialogues_dir() / f"{wanted}.toml"
    if candidate.is_file():
        return flow_from_file(candidate)
    known = ", ".join(p.stem for p in shipped_flow_files()) or "none"
    raise LibraryError(f"There is no flow called {wanted!r}. Known flows: {known}.")


def load_pack_file(path: str | Path) -> schema.PackFile:
    """A clinician's pack; LibraryError (with diagnostics) if it has errors."""
    path = Path(path)
    if not path.suffix and not path.exists():
        candidate = dialogues_dir() / "packs" / f"{path.name}.toml"
        if candidate.is_file():
            path = candidate
    # The loader brings pydantic (see _flow_from_file): only a pack needs it.
    from prep_assistant.dialogue.loader import load_pack

    return _usable(load_pack(path), "decision pack").model


def pack_fits_flow(pack: schema.PackFile, flow: Flow) -> None:
    """Refuse a pack written for another flow (LibraryError).

    A pack fills in the questions of the flow it names; with another flow its
    decision and options would land on the wrong questions or nowhere. So
    ``--pack`` refuses it, as ``check flow.toml pack.toml`` reports it as an
    error. A pack that names no flow is used (``check`` warns about it).
    """
    wanted = pack.pack.flow
    if wanted and wanted != flow.id:
        raise LibraryError(
            f"The decision pack {pack.pack.id!r} is for the flow {wanted!r}, not for {flow.id!r}. "
            f"Start it with: prep-assistant --flow {wanted} --pack FILE"
        )
