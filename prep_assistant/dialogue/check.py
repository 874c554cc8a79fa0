"""``check`` as a function: every flow and pack under some paths, one report."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Iterable

import msgspec

from prep_assistant import guarded_read
from prep_assistant.dialogue.collector import collector_paused
from prep_assistant.dialogue import schema
from prep_assistant.dialogue.diagnostics import Diagnostic, display_path, sort_key
from prep_assistant.dialogue.parsing import Loaded, read_file
from prep_assistant.dialogue.shipped import shipped_flow_files
from prep_assistant.dialogue.validate import validate_flow, validate_pack


class Report(msgspec.Struct):
    files: list[Loaded] = msgspec.field(default_factory=list)
    diagnostics: list[Diagnostic] = msgspec.field(default_factory=list)

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


def toml_files(paths: Iterable[str | Path], skipped: list[tuple[Path, str]] | None = None) -> Iterable[Path]:
    """Files named, and *.toml files below folders named, in a stable order.

    Below a folder only regular files are taken, and links to folders are not
    followed (no loops); what is passed over is added to ``skipped`` as
    (path, reason), so ``check`` can say so instead of skipping silently.
    A path named on its own is always given to the reader, which refuses
    what is not a regular file with its own diagnostic.
    """
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path
            continue
        found: list[Path] = []
        for folder, subfolders, names in os.walk(path, followlinks=False):
            subfolders.sort()
            for name in names:
                if name.endswith(".toml"):
                    candidate = Path(folder) / name
                    if guarded_read.is_regular_file(candidate):
                        found.append(candidate)
                    elif skipped is not None:
                        skipped.append((candidate, _why_skipped(candidate)))
        yield from sorted(found)


def _why_skipped(path: Path) -> str:
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a loop of symbolic links"
        return "a link to nothing" if os.path.islink(path) else f"unreadable ({error.strerror or error})"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file (a pipe, device or socket)"


def check_paths(paths: Iterable[str | Path]) -> Report:
    report = Report()
    named = list(paths)
    skipped: list[tuple[Path, str]] = []
    for raw in named:
        path = Path(raw)
        if path.is_dir() and not any(path.rglob("*.toml")):
            report.diagnostics.append(
                Diagnostic(display_path(path), 1, 1, "PA001", "this folder holds no .toml files", None)
            )
    for path in toml_files(named, skipped):
        # Pause the cyclic garbage collector while one file is read and checked.
        #
        # Reading a flow makes many objects (parsed TOML, models, diagnostics) and
        # nearly all of them live until the file is checked, so the collections
        # that their number sets off find nothing to free: about a tenth of checking
        # a 20,000-node flow (benchmarks/bench_engine.py). Files are bounded in size
        # by guarded_read, so the garbage one file can leave is bounded too, and it
        # is collected as usual once the collector runs again.
        with collector_paused():
            loaded = read_file(path)
            if isinstance(loaded.model, schema.FlowFile):
                validate_flow(loaded)
            elif isinstance(loaded.model, schema.PackFile):
                validate_pack(loaded)
        report.files.append(loaded)
        report.diagnostics.extend(loaded.diagnostics)
    for path, reason in skipped:
        report.diagnostics.append(
            Diagnostic(display_path(path), 1, 1, "PA009", f"skipped: {reason}", None)
        )
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
        elif target and not flows and target not in _shipped_flow_ids():
            # Checked on its own, a pack is held to the flows the app ships,
            # as ``prep-assistant --pack`` is: the two agree on what fits.
            report.diagnostics.append(
                loaded.at(
                    ("pack", "flow"),
                    "PA412",
                    f"the pack is for the flow {target!r}, which is not a shipped flow",
                    "check the pack together with its flow file, or name a shipped flow",
                )
            )
    _unique_ids(report, report.packs, "pack")


def _shipped_flow_ids() -> set[str]:
    return {path.stem for path in shipped_flow_files()}


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
