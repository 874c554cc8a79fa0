"""Extraction: the Babel extractor for flow and pack TOML files, and the
extraction of a whole source tree as ``babel.cfg`` describes it.

``extract_toml`` is registered in pyproject.toml as the ``babel.extractors``
entry point ``prep_assistant_toml``, so ``pybabel extract -F babel.cfg``
finds it. It walks a file with ``prep_assistant.dialogue.texts`` (the same
walk the app uses to look texts up), so extractor and app always agree on
the msgctxt ``flow.node.field``. A node's ``note`` becomes a ``#.`` comment
for translators.

A file that cannot be read or is not a valid flow or pack yields nothing and
logs a warning: ``prep-assistant check`` is where authors learn what is
wrong with it. The update tool, which would otherwise drop that file's
translations, refuses to write in that case.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import IO, Any, Collection, Iterator, Mapping

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
import msgspec
from pydantic import ValidationError

from prep_assistant.dialogue.locations import scan
from prep_assistant.dialogue.schema import FlowFile, PackFile
from prep_assistant.dialogue.texts import flow_texts, pack_texts
from prep_assistant.errors import UserError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

log = logging.getLogger(__name__)

#: Comment tag for translator comments in the Python code:
#: ``# Translators: shown on the card's footer``.
COMMENT_TAGS = ("Translators:",)

#: The keywords of the Python code (besides Babel's defaults).
EXTRA_KEYWORDS = {"nformat": (1, 2)}

#: ``babel.cfg`` names the extractor by its entry point; the update tool
#: resolves it directly, so it works even before the package is installed.
ENTRY_POINT = "prep_assistant_toml"
EXTRACTOR = "prep_assistant.translations.extract:extract_toml"


class DialogueFileError(UserError, ValueError):
    """A TOML file that is not a readable flow or pack."""


class Dialogue(msgspec.Struct, frozen=True):
    kind: str  # "flow" or "pack"
    id: str
    language: str
    texts: tuple  # of prep_assistant.dialogue.texts.Text
    model: Any


def read_dialogue(text: str) -> Dialogue:
    """Parse a flow or pack file's text; raises DialogueFileError."""
    try:
        data = tomllib.loads(text)
    except Exception as exc:  # tomllib.TOMLDecodeError and friends
        raise DialogueFileError(f"TOML syntax error: {exc}") from exc
    try:
        if "flow" in data:
            flow = FlowFile.model_validate(data, strict=True)
            return Dialogue(
                "flow", flow.flow.id, flow.flow.language, tuple(flow_texts(flow)), flow
            )
        if "pack" in data:
            pack = PackFile.model_validate(data, strict=True)
            # Packs have no language field: clinicians write them in Dutch.
            return Dialogue("pack", pack.pack.id, "nl", tuple(pack_texts(pack)), pack)
    except ValidationError as exc:
        count = exc.error_count()
        raise DialogueFileError(
            f"not a valid flow or pack ({count} problem{'s' if count != 1 else ''}; "
            "run 'prep-assistant check' on it)"
        ) from exc
    raise DialogueFileError("neither a [flow] nor a [pack] table")


def read_dialogue_file(path: Path) -> Dialogue:
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DialogueFileError(f"cannot be read as UTF-8 text: {exc}") from exc
    return read_dialogue(text)


def extract_toml(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extractor: ``(lineno, "pgettext", (msgctxt, text), [note])``."""
    name = getattr(fileobj, "name", "<toml>")
    try:
        raw = fileobj.read()
        text = raw.decode(options.get("encoding", "utf-8")) if isinstance(raw, bytes) else raw
        dialogue = read_dialogue(text)
    except (DialogueFileError, UnicodeDecodeError, LookupError) as exc:
        log.warning("%s: skipped, %s", name, exc)
        failures = options.get("failures")
        if isinstance(failures, list):
            failures.append((str(name), str(exc)))
        return
    locations = scan(text)
    for item in dialogue.texts:
        line, _column = locations.find(item.path)
        yield line, "pgettext", (item.context, item.source), [item.note] if item.note else []


# -- a whole tree ------------------------------------------------------------


class Extracted(msgspec.Struct):
    """One message as found in the sources."""

    id: str | tuple[str, str]
    context: str | None
    locations: list[tuple[str, int]] = msgspec.field(default_factory=list)
    comments: list[str] = msgspec.field(default_factory=list)


class Extraction(msgspec.Struct):
    messages: list[Extracted]
    #: Source language per file (relative posix path) that holds dialogue texts.
    file_languages: dict[str, str]
    #: Files skipped because they are not readable flows or packs.
    failures: list[tuple[str, str]]


def read_mapping(config: Path) -> tuple[list[tuple[str, str]], dict[str, dict]]:
    # Babel's frontend costs about 50 ms to import (-X importtime); only the
    # update tool reads babel.cfg, not check or the extractor.
    from babel.messages.frontend import parse_mapping_cfg

    with config.open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, str(config))
    method_map = [(pattern, EXTRACTOR if m == ENTRY_POINT else m) for pattern, m in method_map]
    return method_map, options_map


def extract_tree(root: Path, config: Path | None = None) -> Extraction:
    """Extract every message under ``root`` as its ``babel.cfg`` says."""
    root = Path(root)
    method_map, options_map = read_mapping(config or root / "babel.cfg")
    failures: list[tuple[str, str]] = []
    toml_files: list[str] = []
    for pattern, method in method_map:
        if method == EXTRACTOR:
            options_map[pattern] = {**options_map.get(pattern, {}), "failures": failures}

    def note_file(filename: str, method: str, options: Mapping[str, Any]) -> None:
        if method == EXTRACTOR:
            toml_files.append(filename.replace("\\", "/"))

    keywords = {**DEFAULT_KEYWORDS, **EXTRA_KEYWORDS}
    found: dict[tuple[Any, str | None], Extracted] = {}
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root),
        method_map,
        options_map,
        keywords=keywords,
        comment_tags=COMMENT_TAGS,
        callback=note_file,
        strip_comment_tags=True,
    ):
        filename = filename.replace("\\", "/")
        if isinstance(message, (list, tuple)):
            message = message[0] if len(message) == 1 else tuple(message[:2])
        key = (message[0] if isinstance(message, tuple) else message, context)
        entry = found.get(key)
        if entry is None:
            entry = found[key] = Extracted(message, context)
        elif isinstance(message, tuple) and not isinstance(entry.id, tuple):
            entry.id = message
        entry.locations.append((filename, lineno))
        for comment in comments:
            if comment not in entry.comments:
                entry.comments.append(comment)

    languages: dict[str, str] = {}
    failed = {Path(name).resolve() for name, _ in failures}
    for name in toml_files:
        path = root / name
        if path.resolve() in failed:
            continue
        try:
            languages[name] = read_dialogue_file(path).language
        except DialogueFileError:
            pass
    return Extraction(list(found.values()), languages, failures)
