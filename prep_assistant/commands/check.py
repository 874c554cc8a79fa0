"""``prep-assistant check [PATH ...]``: validate flows and decision packs."""

from __future__ import annotations

import argparse
import json
import sys

from prep_assistant.guarded_read import safe_resolve
from prep_assistant.paths import dialogues_dir


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        help="validate flows and decision packs; exit 1 on errors",
        description="Check flows and decision packs and report every problem in one run, "
        "as file:line:col CODE severity message (hint). Exit 0 when there are no errors, "
        "1 when there are, 2 when the command is misused.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the shipped dialogues)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--translations",
        choices=("auto", "yes", "no"),
        default="auto",
        help="also check the shipped catalogs (auto: when checking the shipped dialogues)",
    )
    parser.add_argument("--codes", action="store_true", help="list every diagnostic code with its fix, and exit")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # on use: cli.py builds every command's parser at each start
    from prep_assistant.dialogue.check import check_paths
    from prep_assistant.dialogue.diagnostics import CATALOGUE

    if args.codes:
        for code in CATALOGUE.values():
            print(f"{code.code} {code.severity:7} {code.title}. Fix: {code.fix}")
        return 0
    paths = args.paths or [dialogues_dir()]
    report = check_paths(paths)
    shipped = dialogues_dir().resolve()
    names_shipped = any(safe_resolve(p) == shipped for p in paths)
    languages = []
    if args.translations == "yes" or (args.translations == "auto" and names_shipped):
        # on use: cli.py builds every command's parser at each start
        from prep_assistant.dialogue.diagnostics import sort_key
        from prep_assistant.translations.check import shipped_catalog_report, summarized
        from prep_assistant.dialogue.compiled import check_compiled

        catalogs = shipped_catalog_report()
        languages = catalogs.languages
        # People get one line per language; a tool gets every entry.
        report.diagnostics.extend(catalogs.diagnostics if args.format == "json" else summarized(catalogs))
        report.diagnostics.extend(check_compiled())
        report.diagnostics.sort(key=sort_key)
    if args.format == "json":
        json.dump(
            {
                "files": [f.display for f in report.files],
                "errors": report.errors,
                "warnings": report.warnings,
                "diagnostics": [d.as_dict() for d in report.diagnostics],
                "languages": [
                    {"language": s.lang, "file": s.file, "translated": s.translated,
                     "fuzzy": s.fuzzy, "missing": s.missing}
                    for s in languages
                ],
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
    else:
        for diagnostic in report.diagnostics:
            print(diagnostic.format())
        # An incomplete language has its line above (PA601/PA603); a
        # complete one is no problem, so its line goes with the totals.
        for status in languages:
            if status.complete:
                print(f"{status.file}: {status.describe()}", file=sys.stderr)
        files = len(report.files)
        print(
            f"{files} file{'s' if files != 1 else ''} checked: "
            f"{report.errors} error{'s' if report.errors != 1 else ''}, "
            f"{report.warnings} warning{'s' if report.warnings != 1 else ''}",
            file=sys.stderr,
        )
    failed = report.errors > 0 or (args.strict and report.warnings > 0)
    return 1 if failed else 0
