"""Keep the catalogs in step with the code and the dialogue files.

    python -m prep_assistant.translations.update            extract, merge, fill, compile
    python -m prep_assistant.translations.update --check    exit 1 if anything is out of date
    python -m prep_assistant.translations.update --init de  start a catalog for a new language

One run: extract every message (``babel.cfg``: the Python code and every
flow and pack under dialogues/) into ``locales/messages.pot``; merge it into
each ``locales/<lang>/LC_MESSAGES/messages.po`` (keeping translations, a
changed text keeps its old translation marked fuzzy); give entries written
in the catalog's own language their source text as translation; compile each
``.po`` to the ``.mo`` the app reads. Files whose content did not change are
not rewritten, so dates in headers do not make diffs noisy.

Exit codes: 0 done (or, with --check, up to date); 1 --check found stale
files; 2 the tool cannot do its work (a broken .po or flow file, no
babel.cfg) and wrote nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path
from typing import Sequence

from babel import Locale, UnknownLocaleError
import msgspec

from prep_assistant.errors import UserError
from prep_assistant.i18n import catalogs as cats
from prep_assistant.i18n import dates
from prep_assistant.i18n.languages import CODE_LANGUAGE, SUPPORTED_LANGUAGES
from prep_assistant.translations.extract import extract_tree

REPO_ROOT = Path(__file__).resolve().parents[2]


class UpdateError(UserError):
    """The update cannot be done safely; nothing was written."""


class Plan(msgspec.Struct):
    """The files an update would write: path -> new content (bytes)."""

    writes: dict[Path, bytes] = msgspec.field(default_factory=dict)
    unchanged: list[Path] = msgspec.field(default_factory=list)
    languages: list[str] = msgspec.field(default_factory=list)
    messages: int = 0


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def plan_update(
    root: Path = REPO_ROOT,
    locales: Path | None = None,
    init: Sequence[str] = (),
    config: Path | None = None,
) -> Plan:
    """Work out every file's new content, writing nothing."""
    root = Path(root)
    locales = Path(locales) if locales is not None else root / "locales"
    config = Path(config) if config is not None else root / "babel.cfg"
    if not config.is_file():
        raise UpdateError(f"{config} not found: run the update in a checkout of the repository")

    extraction = extract_tree(root, config)
    if extraction.failures:
        lines = "\n".join(f"  {name}: {why}" for name, why in extraction.failures)
        raise UpdateError(
            "these dialogue files cannot be read, so their texts (and translations) "
            f"would be dropped; fix them first (prep-assistant check):\n{lines}"
        )

    now = dt.datetime.now(dt.timezone.utc)
    plan = Plan(messages=len(extraction.messages))

    # The template; keep its creation date if nothing else changed.
    template = cats.build_template(extraction)
    template.creation_date = now
    pot = cats.template_path(locales)
    pot_old = _read(pot)
    pot_new = cats.render(template)
    if pot_old is not None and cats.same_content(pot_old, pot_new):
        try:
            template.creation_date = cats.read_catalog(pot_old).creation_date
        except ValueError:
            pass
        plan.unchanged.append(pot)
    else:
        plan.writes[pot] = pot_new

    languages = sorted(set(cats.language_dirs(locales)) | set(SUPPORTED_LANGUAGES) | set(init))
    for lang in init:
        try:
            Locale.parse(lang)
        except (UnknownLocaleError, ValueError) as exc:
            raise UpdateError(f"--init {lang}: not a language Babel knows ({exc})") from exc
        if cats.po_path(locales, lang).exists():
            raise UpdateError(f"--init {lang}: {cats.po_path(locales, lang)} already exists")
    plan.languages = languages
    source_languages = cats.source_languages(extraction)

    # English first: its texts go beside the Dutch ones in every other catalog.
    reference: dict = {}
    for lang in sorted(languages, key=lambda code: (code != CODE_LANGUAGE, code)):
        po = cats.po_path(locales, lang)
        mo = cats.mo_path(locales, lang)
        po_old = _read(po)
        if po_old is None:
            catalog = cats.new_catalog(lang, template)
        else:
            try:
                catalog = cats.read_catalog(po_old, locale=lang)
            except ValueError as exc:
                raise UpdateError(f"{po}: cannot be read ({exc}); fix or restore it first") from exc
        catalog = cats.update_catalog(catalog, template, source_languages, reference)
        if lang == CODE_LANGUAGE:
            reference = cats.reference_texts(catalog)
        po_new = cats.render(catalog)
        if po_old is not None and cats.same_content(po_old, po_new):
            plan.unchanged.append(po)
            po_final = po_old
        else:
            cats.stamp(catalog, now)
            po_final = cats.render(catalog)
            plan.writes[po] = po_final
        mo_old = _read(mo)
        if mo_old is None or not cats.mo_matches_po(po_final, mo_old):
            plan.writes[mo] = cats.compile_po_bytes(po_final)
        else:
            plan.unchanged.append(mo)
        # Long dates for the app, from Babel's data (see i18n/dates.py).
        dates_path = dates.table_path(locales, lang)
        dates_new = dates.render_table(dates.build_table(lang))
        if _read(dates_path) == dates_new:
            plan.unchanged.append(dates_path)
        else:
            plan.writes[dates_path] = dates_new
    return plan


def apply(plan: Plan) -> None:
    for path, data in plan.writes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m prep_assistant.translations.update",
        description="Extract texts into locales/messages.pot, update and compile the catalogs.",
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is out of date")
    parser.add_argument("--init", metavar="LANG", action="append", default=[], help="start a catalog for a new language (repeatable)")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="the source tree (default: this checkout)")
    parser.add_argument("--locales", type=Path, default=None, help="the catalogs (default: ROOT/locales)")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        plan = plan_update(args.root, args.locales, init=args.init)
    except UpdateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    root = Path(args.root).resolve()

    def show(path: Path) -> str:
        try:
            return str(path.resolve().relative_to(root))
        except ValueError:
            return str(path)

    if args.check:
        if plan.writes:
            for path in plan.writes:
                print(f"out of date: {show(path)}")
            print("run: python -m prep_assistant.translations.update", file=sys.stderr)
            return 1
        if not args.quiet:
            print(f"catalogs up to date ({plan.messages} messages; {', '.join(plan.languages)})")
        return 0

    apply(plan)
    if not args.quiet:
        for path in plan.writes:
            print(f"wrote {show(path)}")
        print(f"{plan.messages} messages; languages {', '.join(plan.languages)}; "
              f"{len(plan.writes)} file(s) written, {len(plan.unchanged)} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
