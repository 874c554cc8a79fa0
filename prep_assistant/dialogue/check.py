"""``check`` as a function: every flow and pack under some paths, one report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from prep_assistant.dialogue import schema
from prep_assistant.dialogue.diagnostics import Diagnostic, display_path, sort_key
from prep_assistant.dialogue.parsing import Loaded, read_file
from prep_assistant.dialogue.validate import validate_flow, validate_pack


@dataclass
class Report:
    files: list[Loaded] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if not d.is_error)

    @property
    def flows(self) -> list[Loaded]:
        return [f for f in self.files if isinstance(f.model, schema.FlowFile)]

    @property
    def packs(self) -> list[Loaded]:
        return [f for f in self.files if isinstance(f.model, schema.PackFile)]


def toml_files(paths: Iterable[str | Path]) -> Iterable[Path]:
    """Files named, and *.toml files below folders named, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.toml") if p.is_file())
        else:
            yield path


def check_paths(paths: Iterable[str | Path]) -> Report:
    report = Report()
    named = list(paths)
    for raw in named:
        path = Path(raw)
        if path.is_dir() and not any(path.rglob("*.toml")):
            report.diagnostics.append(
                Diagnostic(display_path(path), 1, 1, "PA001", "this folder holds no .toml files", None)
            )
    for path in toml_files(named):
        loaded = read_file(path)
        if isinstance(loaded.model, schema.FlowFile):
            validate_flow(loaded)
        elif isinstance(loaded.model, schema.PackFile):
            validate_pack(loaded)
        report.files.append(loaded)
        report.diagnostics.extend(loaded.diagnostics)
    _check_across_files(report)
    report.diagnostics.sort(key=sort_key)
    return report


def _check_across_files(report: Report) -> None:
    flows = _unique_ids(report, report.flows, "flow")
    for loaded in report.packs:
        target = loaded.model.pack.flow
        if target and flows and target not in flows:
            report.diagnostics.append(
                loaded.at(("pack", "flow"), "PA201", f"the pack is for the flow {target!r}, which is not among the files checked")
            )
    _unique_ids(report, report.packs, "pack")


def _unique_ids(report: Report, files: list[Loaded], kind: str) -> dict[str, Loaded]:
    """Each flow (or pack) id once across the files checked; id -> first file."""
    first: dict[str, Loaded] = {}
    for loaded in files:
        ident = getattr(loaded.model, kind).id
        if ident in first:
            report.diagnostics.append(
                loaded.at((kind, "id"), "PA105", f"the {kind} id {ident!r} is also used by {first[ident].display}")
            )
        first.setdefault(ident, loaded)
    return first
