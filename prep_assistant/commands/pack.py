"""``prep-assistant pack new|edit|sheet``: a clinician makes a decision pack, or its sheet.

``new`` and ``edit`` open a form in the app (``ui/pack_form.py``), or ask
line by line with ``--plain`` or when input or output is not a terminal
(as the main app falls back to plain mode), and write a pack that ``check``
reads; what ``check`` still warns about is printed after writing. ``edit``
changes only the values that changed: the clinician's comments stay.
``sheet`` prints the one-page companion the clinician hands over with it.

Exit codes: 0 done, 1 it could not be done (a clear message, no traceback),
2 the command was misused (argparse).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from prep_assistant.launch import wants_plain


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "pack",
        help="make or change a decision pack, or print its sheet for clinicians",
        description="A clinician makes a decision pack without writing TOML (new), changes one "
        "(edit), or prints the one-page sheet to hand over with it (sheet).",
    )
    actions = parser.add_subparsers(dest="pack_action", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="ask for the decision, options, source and dates; write a pack")
    new.add_argument("-o", "--output", required=True, metavar="FILE", help="the pack file to write (.toml)")
    new.add_argument("--plain", action="store_true", help="line by line instead of the form in the app")
    new.add_argument("--force", action="store_true", help="replace FILE if it exists")
    new.set_defaults(handler=run_new)
    edit = actions.add_parser("edit", help="change a pack: every answer shown, Enter keeps it")
    edit.add_argument("file", metavar="FILE")
    edit.add_argument("--plain", action="store_true", help="line by line instead of the form in the app")
    edit.set_defaults(handler=run_edit)
    sheet = actions.add_parser("sheet", help="the one-page sheet for the clinician, as PDF")
    sheet.add_argument("file", metavar="FILE")
    sheet.add_argument("-o", "--output", required=True, metavar="FILE", help="the PDF to write")
    sheet.set_defaults(handler=run_sheet)


def _set_language(args: argparse.Namespace) -> None:
    # on use: cli.py builds every command's parser at each start
    from prep_assistant import i18n

    language, warning = i18n.negotiate_language(getattr(args, "lang", None))
    i18n.set_language(language)
    if warning:
        print(warning, file=sys.stderr)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def run_new(args: argparse.Namespace) -> int:
    # on use: cli.py builds every command's parser at each start
    from prep_assistant.dialogue.pack_writer import make_id

    _set_language(args)
    target = Path(args.output)
    if target.exists() and not args.force:
        return _fail(f"{target} exists already. Use 'prep-assistant pack edit {target}' to change it, or --force.")
    if target.suffix != ".toml":
        return _fail("A pack file name ends in .toml.")
    return _make(target, make_id(target.stem, fallback="pack"), None, None, plain=args.plain)


def run_edit(args: argparse.Namespace) -> int:
    # on use: cli.py builds every command's parser at each start
    from prep_assistant.dialogue import schema
    from prep_assistant.dialogue.parsing import read_file

    _set_language(args)
    target = Path(args.file)
    loaded = read_file(target, expect="pack")
    if not isinstance(loaded.model, schema.PackFile):
        print(f"{loaded.display} cannot be read as a pack:", file=sys.stderr)
        for diagnostic in loaded.diagnostics:
            print("  " + diagnostic.format(), file=sys.stderr)
        return 1
    # Only the values that change are written: comments and layout stay.
    return _make(target, loaded.model.pack.id, loaded.model, loaded.text, plain=args.plain)


def _in_a_terminal() -> bool:
    """The form needs a full terminal both ways, as the main app does (one rule: ``wants_plain``)."""
    return not wants_plain(os.environ, sys.stdin, sys.stdout)


def _make(target: Path, pack_id: str, start, original: str | None, *, plain: bool) -> int:
    """Ask (the form in the app, or line by line), write, then report what ``check`` says."""
    # on use: cli.py builds every command's parser at each start
    from prep_assistant.dialogue.pack_writer import pack_from_answers, pack_file_text
    from prep_assistant.errors import UserError
    from prep_assistant.plain.pack_questions import PackQuestions

    def save(text: str) -> None:
        # on use: cli.py builds every command's parser at each start
        from prep_assistant.session.private_files import write_private

        write_private(target, text.encode("utf-8"))

    if not plain and _in_a_terminal():
        # on use: only the form needs Textual; ``--plain`` and pipes never load it
        from prep_assistant.ui.pack_form import run_pack_form

        if not run_pack_form(target, pack_id, start, original, save):
            print("Nothing was written.", file=sys.stderr)
            return 1
        return _report(target)
    try:
        data = PackQuestions(sys.stdin, sys.stdout).ask(pack_id, start)
        save(pack_file_text(pack_from_answers(data), original))
    except UserError as error:
        return _fail(error.message)
    return _report(target)


def _report(target: Path) -> int:
    # on use: cli.py builds every command's parser at each start
    from prep_assistant.dialogue.check import check_paths

    print(f"Written: {target}")
    report = check_paths([target])
    for diagnostic in report.diagnostics:
        print(diagnostic.format())
    print(f"check: {report.errors} errors, {report.warnings} warnings")
    return 1 if report.errors else 0


def run_sheet(args: argparse.Namespace) -> int:
    # on use: cli.py builds every command's parser at each start
    from prep_assistant.dialogue.library import LibraryError, load_pack_file
    from prep_assistant.errors import UserError
    from prep_assistant.session.private_files import write_private
    from prep_assistant.summary.pack_sheet import render_sheet_pdf

    _set_language(args)
    try:
        pack = load_pack_file(args.file)
        write_private(Path(args.output), render_sheet_pdf(pack))
    except LibraryError as error:
        print(error.message, file=sys.stderr)
        for diagnostic in error.diagnostics:
            print("  " + diagnostic.format(), file=sys.stderr)
        return 1
    except UserError as error:
        return _fail(error.message)
    print(f"Written: {args.output}")
    return 0
