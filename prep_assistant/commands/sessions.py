"""``prep-assistant sessions list|export|import|delete``: the saved sessions.

Exit codes: 0 done, 1 it could not be done (message on stderr), 2 the command
was misused (e.g. ``delete`` without an id, or without ``--yes`` when no one
can be asked).
"""

from __future__ import annotations

import argparse
import json
import sys

from prep_assistant.i18n import nformat
from prep_assistant.safe_text import clean

DESCRIPTION = (
    "Saved sessions live only on this computer, in the data directory "
    "(PREP_ASSISTANT_DATA_DIR overrides it). List them, move one to another "
    "computer (export, import), or delete them for good."
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sessions",
        help="list, export, import or delete saved sessions",
        description=DESCRIPTION,
    )
    actions = parser.add_subparsers(dest="sessions_action", metavar="ACTION")

    listing = actions.add_parser("list", help="show the saved sessions, newest first")
    listing.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")

    export = actions.add_parser("export", help="write one session, with its history, to a JSON file")
    export.add_argument("session_id", metavar="ID", help="the session's id (see: sessions list)")
    export.add_argument("-o", "--output", metavar="FILE", required=True, help="the file to write")

    imp = actions.add_parser("import", help="add a session from a file made by 'sessions export'")
    imp.add_argument("file", metavar="FILE", help="the export file")

    delete = actions.add_parser("delete", help="delete one session, or all, for good")
    delete.add_argument("session_id", metavar="ID", nargs="?", help="the session's id (see: sessions list)")
    delete.add_argument("--all", action="store_true", help="delete every saved session")
    delete.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")

    parser.set_defaults(handler=run, sessions_parser=parser)


def run(args: argparse.Namespace) -> int:
    # on use: cli.py builds every command's parser at each start
    from prep_assistant.session.errors import StoreError, _

    action = getattr(args, "sessions_action", None)
    if action is None:
        args.sessions_parser.print_help(sys.stderr)
        return 2
    if getattr(args, "guest", False):
        if action == "list":
            print(_("In guest mode nothing is saved, so there are no sessions to show."))
            return 0
        print(_("In guest mode nothing is saved; run this command without --guest."), file=sys.stderr)
        return 2
    try:
        return _ACTIONS[action](args)
    except StoreError as exc:
        print(exc.message, file=sys.stderr)
        return 1


# -- the actions ---------------------------------------------------------------------


def _list(args: argparse.Namespace) -> int:
    # on use: cli.py builds every command's parser at each start
    from prep_assistant.session.errors import _
    from prep_assistant.session import Store, database_path

    if not database_path().exists():
        # Do not create a database just to say it is empty.
        sessions = []
    else:
        # Read only: listing works on a read-only disk and never changes a file.
        with Store.open(read_only=True) as store:
            sessions = store.list_sessions()
    if args.format == "json":
        # Texts from the store may come from an imported file: the one
        # cleaning rule applies to JSON output too (it reaches terminals).
        rows = [
            {
                "id": s.id,
                "flow_id": clean(s.flow_id),
                "flow_version": s.flow_version,
                "flow_kind": s.flow_kind,
                "pack_id": clean(s.pack_id) if s.pack_id is not None else None,
                "language": clean(s.language),
                "decision": clean(s.decision) if s.decision is not None else None,
                "progress_done": s.progress_done,
                "progress_total": s.progress_total,
                "finished": s.finished,
                "created_at": s.created_at.isoformat(),
                "updated_at": s.updated_at.isoformat(),
            }
            for s in sessions
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not sessions:
        print(_("No sessions yet."))
        return 0
    header = [_("ID"), _("LAST CHANGED"), _("FLOW"), _("PROGRESS"), _("FINISHED"), _("DECISION")]
    table = [header]
    for s in sessions:
        table.append(
            [
                s.id,
                f"{s.updated_at.astimezone():%Y-%m-%d %H:%M}",
                _one_line(s.flow_id, 24),
                f"{s.progress_done}/{s.progress_total}",
                _("yes") if s.finished else _("no"),
                _one_line(s.decision or "", 50),
            ]
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row, widths)] + [row[-1]]
        print("  ".join(cells).rstrip())
    print()
    print(_("Saved only on this computer, in {path}").format(path=database_path().parent))
    return 0


def _export(args: argparse.Namespace) -> int:
    store = _open_existing(args.session_id, read_only=True)
    with store:
        # on use: cli.py builds every command's parser at each start
        from prep_assistant.session.export import export_session

        unreadable: list[int] = []
        target = export_session(store, args.session_id, args.output, unreadable=unreadable)
        count = store.answer_count(args.session_id) - len(unreadable)
    print(
        nformat(
            "Exported session {id} ({n} saved answer) to {path}. The file holds "
            "the answers as plain text: keep it somewhere private.",
            "Exported session {id} ({n} saved answers) to {path}. The file holds "
            "the answers as plain text: keep it somewhere private.",
            count,
            id=args.session_id,
            path=target,
        )
    )
    if unreadable:
        print(
            nformat(
                "{n} saved answer could not be read (the file is damaged there) and is not in the export.",
                "{n} saved answers could not be read (the file is damaged there) and are not in the export.",
                len(unreadable),
            ),
            file=sys.stderr,
        )
    return 0


def _import(args: argparse.Namespace) -> int:
    # on use: cli.py builds every command's parser at each start
    from prep_assistant.session.errors import _
    from prep_assistant.session.export import import_session, read_export
    from prep_assistant.session import Store

    read_export(args.file)  # check the file before creating a store for it
    with Store.open() as store:
        result = import_session(store, args.file)
    if result.renamed:
        print(
            _("A session {old} already exists here, so the imported one is saved as {new}.").format(
                old=result.original_id, new=result.session.id
            )
        )
    print(
        nformat(
            "Imported session {id} ({n} saved answer).",
            "Imported session {id} ({n} saved answers).",
            result.answer_count,
            id=result.session.id,
        )
    )
    if result.companion_answer_count:
        print(
            nformat(
                "The view of the person who decided with the patient came along too ({n} saved answer).",
                "The view of the person who decided with the patient came along too ({n} saved answers).",
                result.companion_answer_count,
            )
        )
    if result.pack_dropped:
        print(
            _("The session was made with a decision pack. The pack file itself is not "
              "in the export, so it is not used here; every answer is kept.")
        )
    if result.link_dropped:
        print(
            _("This part after the consultation belonged to a preparation that is not on this "
              "computer, so it is no longer linked to one; every answer is kept. To keep the two "
              "together, import the preparation first, then this part.")
        )
    return 0


def _delete(args: argparse.Namespace) -> int:
    # on use: cli.py builds every command's parser at each start
    from prep_assistant.session.errors import _
    from prep_assistant.session import Store, database_path

    if args.all == (args.session_id is not None):
        print(_("Give a session id, or --all (not both)."), file=sys.stderr)
        return 2
    if args.all and not database_path().exists():
        print(_("No sessions to delete."))
        return 0
    store = Store.open() if args.all else _open_existing(args.session_id)
    with store:
        if args.all:
            count = len(store.list_sessions())
            if count == 0:
                print(_("No sessions to delete."))
                return 0
            question = nformat(
                "Delete the {n} saved session, with every answer? This cannot be undone.",
                "Delete all {n} saved sessions, with every answer? This cannot be undone.",
                count,
            )
        else:
            info = store.get(args.session_id)
            what = info.id + (f" ({_one_line(info.decision, 50)})" if info.decision else "")
            question = _("Delete session {what}, with every answer? This cannot be undone.").format(what=what)
        if not args.yes:
            if not sys.stdin.isatty():
                print(
                    _("Not deleted: confirm with --yes (there is no one to ask here)."),
                    file=sys.stderr,
                )
                return 2
            try:
                reply = input(f"{question} [y/N] ")
            except EOFError:
                reply = ""
            if reply.strip().lower() not in {"y", "yes", "j", "ja"}:
                print(_("Nothing deleted."))
                return 1
        if args.all:
            store.delete_all()
            print(nformat("Deleted {n} session.", "Deleted {n} sessions.", count))
        else:
            store.delete(args.session_id)
            print(_("Deleted session {id}.").format(id=args.session_id))
        if store.scrub_pending:
            print(
                _("Another prep-assistant is open; the last traces are removed when it closes.")
            )
    return 0


_ACTIONS = {"list": _list, "export": _export, "import": _import, "delete": _delete}


# -- helpers -----------------------------------------------------------------------


def _open_existing(session_id: str, *, read_only: bool = False):  # -> Store
    """The store, if it exists; else the same error an unknown id gives."""
    # on use: cli.py builds every command's parser at each start
    from prep_assistant.session.errors import UnknownSession, _
    from prep_assistant.session import Store, database_path

    if not database_path().exists():
        raise UnknownSession(
            _("There is no saved session {id}. To see the saved sessions, run: "
              "prep-assistant sessions list").format(id=session_id),
            session_id,
        )
    return Store.open(read_only=read_only)


def _one_line(text: str, width: int) -> str:
    """Text a patient typed, safe for a terminal table: no control characters."""
    # Every non-printable character (C0, C1, bidi controls: stricter than
    # safe_text.clean) becomes a space, so a table cell stays one line.
    flat = "".join(ch if ch.isprintable() else " " for ch in text)
    flat = " ".join(flat.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
