"""Our own checks of the catalogs, for ``prep-assistant check`` and the tests.

Babel's checks compare %-formats only, and ``pybabel update --check``
misreports with msgctxt, so we check:

- PA601 an entry without translation in a catalog;
- PA602 a translation whose ``{placeholders}`` differ from the source's
  (``{{`` is a literal brace);
- PA603 a fuzzy entry (not used by the app until reviewed);
- PA604 a stale catalog: a text of a flow, pack or the code that is not in
  it, an entry whose text is gone but is still active, a ``.mo`` that does
  not match its ``.po``;
- PA605 a catalog that is missing or cannot be read.

Diagnostics point at the ``.po`` file and the line of the entry.

Every catalog on disk is checked, not only the shipped languages: a
translator's new catalog is offered by the app as soon as it is there. For
people, ``summarized`` folds the entries without (or with a fuzzy)
translation into one line per language, with the counts; ``--format json``
keeps every entry.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import unescape
import msgspec

from prep_assistant.dialogue.diagnostics import Diagnostic, sort_key
from prep_assistant.dialogue.schema import FlowFile, PackFile
from prep_assistant.dialogue.texts import flow_texts, pack_texts
from prep_assistant.i18n import catalogs as cats
from prep_assistant.i18n.languages import CODE_LANGUAGE, DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES
from prep_assistant.i18n.locale_data import language_name
from prep_assistant.i18n.placeholders import placeholders, plural_placeholders_ok
from prep_assistant.paths import dialogues_dir
from prep_assistant.paths import locales_dir as shipped_locales
from prep_assistant.translations.extract import (
    COMMENT_TAGS,
    EXTRA_KEYWORDS,
    DialogueFileError,
    read_dialogue_file,
)

Key = tuple[str, "str | None"]

#: How many missing texts a PA604 names before it says "and N more".
_EXAMPLES = 3


class Expected(msgspec.Struct, frozen=True):
    """The texts the catalogs must hold, and the scope they cover."""

    texts: dict[Key, str]  # (msgid, msgctxt) -> source language
    flow_ids: frozenset[str]
    pack_ids: frozenset[str]
    code: bool


def _model(item: Any) -> Any:
    return getattr(item, "model", item)


def expected_texts(
    flows: Iterable[Any] = (), packs: Iterable[Any] = (), code: bool | Path = False
) -> Expected:
    """What ``check_catalogs`` compares against.

    ``flows``/``packs``: FlowFile/PackFile models, or loaded files with a
    ``.model`` (``dialogue.parsing.Loaded``). ``code``: True for the package's
    Python code, or a directory of Python files.
    """
    texts: dict[Key, str] = {}
    flow_ids, pack_ids = set(), set()
    for item in [*flows, *packs]:
        model = _model(item)
        if isinstance(model, FlowFile):
            flow_ids.add(model.flow.id)
            for text in flow_texts(model):
                texts.setdefault((text.source, text.context), model.flow.language)
        elif isinstance(model, PackFile):
            pack_ids.add(model.pack.id)
            for text in pack_texts(model):
                texts.setdefault((text.source, text.context), DEFAULT_LANGUAGE)
    if code:
        for key in code_messages(None if code is True else Path(code)):
            texts.setdefault(key, CODE_LANGUAGE)
    return Expected(texts, frozenset(flow_ids), frozenset(pack_ids), bool(code))


def code_messages(package_dir: Path | None = None) -> set[Key]:
    """The marked strings of the Python code, as the update tool extracts them."""
    if package_dir is None:
        package_dir = Path(__file__).resolve().parents[1]
    found: set[Key] = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(package_dir),
        [("**.py", "python")],
        {},
        keywords={**DEFAULT_KEYWORDS, **EXTRA_KEYWORDS},
        comment_tags=COMMENT_TAGS,
    ):
        msgid = message[0] if isinstance(message, (list, tuple)) else message
        found.add((msgid, context))
    return found


# -- where entries are in a .po file -------------------------------------------


def entry_lines(text: str) -> dict[Key, int]:
    """(msgid, msgctxt) -> line of the entry's msgctxt or msgid, obsolete ones left out."""
    lines: dict[Key, int] = {}
    field: str | None = None
    parts: dict[str, list[str]] = {}
    start = 0

    def flush() -> None:
        if "msgid" in parts:
            msgid = "".join(unescape(p) for p in parts["msgid"])
            ctxt = "".join(unescape(p) for p in parts["msgctxt"]) if "msgctxt" in parts else None
            lines.setdefault((msgid, ctxt), start)

    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("#") or not stripped:
            field = None
            continue
        match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", stripped)
        if match:
            name, value = match.groups()
            if name in ("msgctxt", "msgid") and ("msgstr" in field_names(parts) or name in parts):
                flush()
                parts = {}
            if name == "msgctxt" or (name == "msgid" and "msgctxt" not in parts):
                start = number
            parts.setdefault(name, []).append(value)
            field = name
        elif stripped.startswith('"') and field is not None:
            parts[field].append(stripped)
    flush()
    return lines


def field_names(parts: dict[str, list[str]]) -> set[str]:
    return {name.split("[")[0] for name in parts}


# -- the check -----------------------------------------------------------------


class LanguageStatus(msgspec.Struct, frozen=True):
    """How far one catalog is: entries translated, fuzzy, and without translation."""

    lang: str
    file: str
    translated: int
    fuzzy: int
    missing: int

    @property
    def complete(self) -> bool:
        return self.fuzzy == 0 and self.missing == 0

    def describe(self) -> str:
        """``de (Deutsch): 12 translated, 3 fuzzy, 385 missing``."""
        name = language_name(self.lang, self.lang)
        named = f"{self.lang} ({name})" if name != self.lang else self.lang
        return f"{named}: {self.translated} translated, {self.fuzzy} fuzzy, {self.missing} missing"


class CatalogReport(msgspec.Struct):
    diagnostics: list[Diagnostic]
    languages: list[LanguageStatus]


#: The per-entry codes that ``summarized`` folds into one line per language.
_COUNTED = ("PA601", "PA603")


def summarized(report: CatalogReport) -> list[Diagnostic]:
    """The diagnostics with the entries lacking a (reviewed) translation
    folded into one line per incomplete language (PA601 when entries are
    missing, else PA603); every other diagnostic as it is."""
    kept = [d for d in report.diagnostics if d.code not in _COUNTED]
    for status in report.languages:
        if status.complete:
            continue
        code = "PA601" if status.missing else "PA603"
        hint = "translate the empty and fuzzy entries in a .po editor; check --format json lists each one"
        kept.append(Diagnostic(status.file, 1, 1, code, status.describe(), hint))
    return sorted(kept, key=sort_key)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _owner(message: Any, expected: Expected) -> bool:
    """Whether the given sources cover this entry, so that its absence there
    means it is obsolete (a flow id, a pack id, or the code)."""
    files = [name for name, _ in message.locations]
    if any(name.endswith(".py") for name in files):
        return expected.code
    context = message.context or ""
    if context.startswith("pack."):
        return context.split(".")[1] in expected.pack_ids
    return context.split(".")[0] in expected.flow_ids


def check_catalogs(
    locales_dir: Path | str | None = None,
    flows: Iterable[Any] = (),
    packs: Iterable[Any] = (),
    *,
    code: bool | Path = False,
    languages: Iterable[str] | None = None,
) -> list[Diagnostic]:
    """Every problem of every catalog, entry by entry (see ``catalog_report``)."""
    return catalog_report(locales_dir, flows, packs, code=code, languages=languages).diagnostics


def catalog_report(
    locales_dir: Path | str | None = None,
    flows: Iterable[Any] = (),
    packs: Iterable[Any] = (),
    *,
    code: bool | Path = False,
    languages: Iterable[str] | None = None,
) -> CatalogReport:
    """Check every catalog under ``locales_dir`` against the given sources.

    ``flows``/``packs``: models or loaded files (see ``expected_texts``);
    obsolete entries are only judged for the flows and packs given (and the
    code, with ``code=True``), so checking one file does not call every
    other file's entries obsolete. ``languages``: default the shipped ones
    plus every catalog on disk.
    """
    root = Path(locales_dir) if locales_dir is not None else shipped_locales()
    expected = expected_texts(flows, packs, code)
    if languages is None:
        languages = sorted(set(SUPPORTED_LANGUAGES) | set(cats.language_dirs(root)))
    found: list[Diagnostic] = []
    statuses: list[LanguageStatus] = []
    for lang in languages:
        diagnostics, status = _check_language(root, lang, expected)
        found.extend(diagnostics)
        if status is not None:
            statuses.append(status)
    return CatalogReport(sorted(found, key=sort_key), statuses)


def _check_language(root: Path, lang: str, expected: Expected) -> tuple[list[Diagnostic], LanguageStatus | None]:
    po = cats.po_path(root, lang)
    shown = _display(po)
    out: list[Diagnostic] = []
    try:
        data = po.read_bytes()
    except OSError as exc:
        reason = "missing" if isinstance(exc, FileNotFoundError) else str(exc)
        return [Diagnostic(shown, 1, 1, "PA605", f"the {lang} catalog cannot be read: {reason}")], None
    try:
        catalog = cats.read_catalog(data, locale=lang)
    except ValueError as exc:
        line = re.search(r"line (\d+)|on (\d+)|(\d+):", str(exc))
        number = int(next(g for g in line.groups() if g)) if line else 1
        return [Diagnostic(shown, number, 1, "PA605", f"the {lang} catalog cannot be read: {exc}")], None
    lines = entry_lines(data.decode("utf-8"))
    translated = fuzzy = untranslated = 0

    present: set[Key] = set()
    for message in catalog:
        if not message.id:
            continue
        plural = isinstance(message.id, (list, tuple))
        msgid = message.id[0] if plural else message.id
        key = (msgid, message.context)
        present.add(key)
        line = lines.get(key, 1)
        name = message.context or _short(msgid)
        if key not in expected.texts and _owner(message, expected):
            out.append(Diagnostic(shown, line, 1, "PA604", f"'{name}' is no longer in the sources but still active in the catalog"))
        strings = tuple(message.string) if plural else (message.string,)
        if not all(strings):
            untranslated += 1
            out.append(Diagnostic(shown, line, 1, "PA601", f"'{name}' has no {lang} translation", _short(msgid)))
            continue
        if message.fuzzy:
            fuzzy += 1
            out.append(Diagnostic(shown, line, 1, "PA603", f"'{name}' is fuzzy: its source text changed", _short(msgid)))
        else:
            translated += 1
        if plural:
            ok = plural_placeholders_ok(tuple(message.id), strings)
        else:
            ok = placeholders(message.string) == placeholders(msgid)
        if not ok:
            wanted = sorted(frozenset().union(*(placeholders(i) for i in (message.id if plural else (msgid,)))))
            got = sorted(frozenset().union(*(placeholders(s) for s in strings)))
            out.append(
                Diagnostic(
                    shown, line, 1, "PA602",
                    f"'{name}': the {lang} translation has placeholders "
                    f"{_names(got)} but the source has {_names(wanted)}",
                    "write exactly the source's {names}; {{ and }} are a literal brace",
                )
            )

    missing = [key for key in expected.texts if key not in present]
    if missing:
        names = ", ".join(ctx or _short(msgid) for msgid, ctx in missing[:_EXAMPLES])
        more = f" and {len(missing) - _EXAMPLES} more" if len(missing) > _EXAMPLES else ""
        out.append(
            Diagnostic(
                shown, 1, 1, "PA604",
                f"{len(missing)} text(s) are not in the {lang} catalog: {names}{more}",
                "python -m prep_assistant.translations.update",
            )
        )

    mo = cats.mo_path(root, lang)
    try:
        mo_data = mo.read_bytes()
    except OSError:
        out.append(Diagnostic(_display(mo), 1, 1, "PA604", f"the compiled {lang} catalog is missing", "python -m prep_assistant.translations.update"))
    else:
        if not cats.mo_matches_po(data, mo_data):
            out.append(Diagnostic(_display(mo), 1, 1, "PA604", f"the compiled {lang} catalog does not match its .po", "python -m prep_assistant.translations.update"))
    return out, LanguageStatus(lang, shown, translated, fuzzy, untranslated)


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _names(names: list[str]) -> str:
    return ", ".join("{" + n + "}" for n in names) if names else "none"


def check_shipped_catalogs() -> list[Diagnostic]:
    """Every catalog on disk against every shipped flow and pack and the code,
    entry by entry (see ``shipped_catalog_report``)."""
    return shipped_catalog_report().diagnostics


def shipped_catalog_report() -> CatalogReport:
    """Every catalog on disk (the shipped languages and any other) against
    every shipped flow and pack and the code.

    Files that are not valid flows or packs are left out: ``check`` reports
    those on their own.
    """
    flows, packs = [], []
    for path in sorted(dialogues_dir().rglob("*.toml")):
        try:
            dialogue = read_dialogue_file(path)
        except DialogueFileError:
            continue
        (flows if dialogue.kind == "flow" else packs).append(dialogue.model)
    return catalog_report(shipped_locales(), flows, packs, code=True)
