"""Building, merging, writing and compiling the catalogs (Babel's API).

Used by the update tool and by ``check``; the app itself only reads ``.mo``
files and never imports this module (except to read a translator's ``.po``
that has no ``.mo`` yet).

Stable output: files are sorted by source file, the header carries no year,
and the volatile header lines (creation and revision dates, Babel's version)
are ignored when deciding whether a file changed, so an update that changes
nothing rewrites nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import gettext
import io
import re
from pathlib import Path
from typing import Iterable

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from prep_assistant.i18n.languages import CODE_LANGUAGE, DEFAULT_LANGUAGE, DOMAIN
from prep_assistant.i18n.placeholders import placeholders

PROJECT = "prep-assistant"
TEMPLATE_HEADER = (
    "# Interface and dialogue texts of prep-assistant.\n"
    "# Made by `python -m prep_assistant.translations.update`: do not edit\n"
    "# this template; translate in locales/<lang>/LC_MESSAGES/messages.po."
)
CATALOG_HEADER = (
    "# {language} texts of prep-assistant.\n"
    "# Kept in step by `python -m prep_assistant.translations.update`;\n"
    "# translate the empty and fuzzy entries (Poedit, Weblate or any .po editor)."
)

_VOLATILE = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date|Generated-By): .*\n', re.M)


def template_path(locales: Path) -> Path:
    return Path(locales) / f"{DOMAIN}.pot"


def po_path(locales: Path, lang: str) -> Path:
    return Path(locales) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(locales: Path, lang: str) -> Path:
    return Path(locales) / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def language_dirs(locales: Path) -> list[str]:
    root = Path(locales)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if po_path(root, p.name).is_file())


# -- reading and writing -----------------------------------------------------


def read_catalog(data: bytes, locale: str | None = None) -> Catalog:
    """Parse a .po/.pot; raises ValueError (with a line if known) if it is broken."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    if "\0" in text:
        raise ValueError("binary data, not a .po file")
    try:
        return read_po(io.StringIO(text), locale=locale, abort_invalid=True)
    except Exception as exc:  # babel.messages.pofile.PoFileError and others
        raise ValueError(str(exc)) from exc


def render(catalog: Catalog) -> bytes:
    """The catalog as .po text, stable across runs."""
    for message in catalog:
        if not message.id:
            continue
        # Our texts use {placeholders}, never %-formats; Babel's guess of
        # python-format (e.g. on "50% kans") would only mislead .po editors.
        message.flags.discard("python-format")
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        if any(placeholders(i) for i in ids):
            message.flags.add("python-brace-format")
        else:
            message.flags.discard("python-brace-format")
    out = io.BytesIO()
    write_po(out, catalog, width=76, sort_by_file=True, ignore_obsolete=True)
    return out.getvalue()


def normalized(data: bytes) -> bytes:
    return _VOLATILE.sub(b"", data.replace(b"\r\n", b"\n"))


def same_content(a: bytes | None, b: bytes | None) -> bool:
    if a is None or b is None:
        return a is b
    return normalized(a) == normalized(b)


def compile_catalog(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_po_bytes(data: bytes) -> bytes:
    return compile_catalog(read_catalog(data))


def mo_messages(data: bytes) -> dict:
    """The messages of a compiled catalog, header left out (it names the
    Babel version, which differs between machines)."""
    catalog = dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)  # type: ignore[attr-defined]
    catalog.pop("", None)
    return catalog


def mo_matches_po(po_data: bytes, mo_data: bytes) -> bool:
    try:
        return mo_messages(mo_data) == mo_messages(compile_po_bytes(po_data))
    except Exception:
        return False


# -- the template --------------------------------------------------------------


def build_template(extraction) -> Catalog:
    """The .pot catalog of an ``extract.Extraction``."""
    template = Catalog(
        domain=DOMAIN,
        project=PROJECT,
        version="1",
        header_comment=TEMPLATE_HEADER,
        msgid_bugs_address="",
        fuzzy=False,
        charset="utf-8",
    )
    for item in extraction.messages:
        template.add(
            item.id,
            None,
            locations=sorted(set(item.locations)),
            auto_comments=item.comments,
            context=item.context,
        )
    return template


def source_languages(extraction) -> dict[tuple[str, str | None], str]:
    """(msgid, msgctxt) -> the language the text is written in."""
    result: dict[tuple[str, str | None], str] = {}
    for item in extraction.messages:
        msgid = item.id[0] if isinstance(item.id, tuple) else item.id
        result[(msgid, item.context)] = source_language_of(item.locations, extraction.file_languages)
    return result


def source_language_of(locations: Iterable[tuple[str, int | None]], file_languages: dict[str, str]) -> str:
    """Python code is written in English; a dialogue file in its own language."""
    for filename, _line in locations:
        if filename.endswith(".py"):
            return CODE_LANGUAGE
        if filename in file_languages:
            return file_languages[filename]
        if filename.endswith(".toml"):
            return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


# -- updating a language's catalog ---------------------------------------------


def _msgid(message: Message) -> str:
    return message.id[0] if isinstance(message.id, (list, tuple)) else message.id


def new_catalog(lang: str, template: Catalog) -> Catalog:
    catalog = Catalog(
        locale=lang,
        domain=DOMAIN,
        project=PROJECT,
        version="1",
        header_comment=CATALOG_HEADER.format(language=Locale.parse(lang).english_name),
        msgid_bugs_address="",
        creation_date=template.creation_date,
        fuzzy=False,
        charset="utf-8",
    )
    catalog.language_team = f"{Locale.parse(lang).english_name} <>"
    return catalog


def reference_texts(catalog: Catalog) -> dict[tuple[str, str | None], str]:
    """(msgid, msgctxt) -> the reviewed translation, of the English catalog:
    what a translator of a third language reads beside a Dutch text."""
    found: dict[tuple[str, str | None], str] = {}
    for message in catalog:
        if message.id and not message.fuzzy and isinstance(message.string, str) and message.string:
            found[(_msgid(message), message.context)] = message.string
    return found


#: The translator comment that carries the English text of a Dutch entry.
REFERENCE_PREFIX = "English: "


def update_catalog(
    catalog: Catalog,
    template: Catalog,
    languages: dict[tuple[str, str | None], str],
    reference: dict[tuple[str, str | None], str] | None = None,
) -> Catalog:
    """Merge ``template`` into ``catalog`` like ``pybabel update``, but:

    - a changed dialogue text keeps its translation as *fuzzy* when its
      msgctxt is unchanged (Babel would look for a similar text anywhere);
      an interface string (no msgctxt) keeps the translation of a similar
      text that disappeared, also fuzzy;
    - entries written in the catalog's own language get the source text as
      their translation (identity), so "complete" is checkable;
    - obsolete entries are dropped (git keeps the history);
    - with ``reference`` (the English catalog's texts), an entry written in
      another language than English (the conversation, in Dutch) carries its
      English text as a comment ``English: ...``, so a translator into a
      third language needs no Dutch.
    """
    # Babel's update inserts the template's own Message objects; filling
    # them in must not leak into the next language.
    template = copy.deepcopy(template)
    old = {(_msgid(m), m.context): m for m in catalog if m.id}
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    lang = str(catalog.locale_identifier or catalog.locale)
    leftovers = [m for m in catalog.obsolete.values() if m.string and _has_text(m.string)]
    by_context: dict[str | None, list[Message]] = {}
    for message in leftovers:
        by_context.setdefault(message.context, []).append(message)

    for message in catalog:
        if not message.id:
            continue
        key = (_msgid(message), message.context)
        source_language = languages.get(key, DEFAULT_LANGUAGE)
        if source_language == lang:
            _fill_identity(message, catalog.num_plurals)
            continue
        english = (reference or {}).get(key)
        if english and source_language != CODE_LANGUAGE and lang != CODE_LANGUAGE:
            message.auto_comments = [*message.auto_comments, REFERENCE_PREFIX + english]
        if key in old or _has_text(message.string):
            continue
        candidates = by_context.get(message.context, [])
        if message.context is not None and len(candidates) == 1:
            previous = candidates[0]
        else:
            ids = {_msgid(c): c for c in candidates}
            close = difflib.get_close_matches(key[0], list(ids), n=1, cutoff=0.6)
            previous = ids[close[0]] if close else None
        if previous is None:
            continue
        _carry_over(message, previous, catalog.num_plurals)
    catalog.obsolete.clear()
    return catalog


def _has_text(string: str | tuple | list | None) -> bool:
    if isinstance(string, (list, tuple)):
        return any(string)
    return bool(string)


def _fill_identity(message: Message, num_plurals: int) -> None:
    if isinstance(message.id, (list, tuple)):
        singular, plural = message.id[0], message.id[1]
        message.string = tuple([singular] + [plural] * (num_plurals - 1))
    else:
        message.string = message.id
    message.flags.discard("fuzzy")


def _carry_over(message: Message, previous: Message, num_plurals: int) -> None:
    string = previous.string
    if isinstance(message.id, (list, tuple)):
        if not isinstance(string, (list, tuple)):
            string = (string,)
        string = tuple(list(string)[:num_plurals] + [""] * (num_plurals - len(string)))
    elif isinstance(string, (list, tuple)):
        string = string[0]
    message.string = string
    # Not written as "#| msgid": Babel cannot read it back, so every later
    # update would drop it and a --check would never pass.
    message.flags.add("fuzzy")


def stamp(catalog: Catalog, now: dt.datetime | None = None) -> None:
    catalog.revision_date = now or dt.datetime.now(dt.timezone.utc)
