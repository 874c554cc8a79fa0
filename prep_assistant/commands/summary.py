"""``prep-assistant summary``: the gesprekskaart of a saved session.

Exit codes: 0 done, 1 it could not be done (one line on stderr, no
traceback), 2 the command was misused (argparse).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prep_assistant import i18n
from prep_assistant.errors import UserError
from prep_assistant.i18n import _

from prep_assistant.card_formats import FORMAT_NAMES


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "summary",
        help="make the card to bring to the consultation (PDF, HTML, Markdown, text)",
        description="Make the gesprekskaart of a saved session: the card to bring to the "
        "consultation. Without --session: the most recently changed session. Markdown, HTML "
        "and text go to standard output unless -o is given; a PDF is saved as "
        "gesprekskaart-DATE.pdf in the current folder unless -o is given.",
    )
    parser.add_argument("--session", dest="summary_session", metavar="ID", help="the session (see: sessions list)")
    parser.add_argument(
        "--format", dest="card_format", choices=FORMAT_NAMES, default="pdf",
        help="pdf (default), html, md (Markdown) or text (plain, reads aloud well)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="the file to write ('-' for standard output)")
    parser.add_argument("--large-print", action="store_true", help="large type, for people with poor eyesight")
    parser.add_argument(
        "--print", dest="send_to_printer", action="store_true",
        help="send the PDF to the printer (lp or lpr); the PDF is saved instead if there is none",
    )
    parser.set_defaults(handler=run)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except KeyboardInterrupt:
        raise
    except BrokenPipeError:
        raise
    except Exception as exc:  # the promise: one clear line, never a traceback
        if isinstance(exc, UserError):
            _say(exc.message)
        else:
            _say(_("The card could not be made: {problem}").format(problem=str(exc) or type(exc).__name__))
        return 1


def _run(args: argparse.Namespace) -> int:
    # on use: cli.py builds every command's parser at each start
    from prep_assistant.session import Store, database_path
    from prep_assistant.conversation.saved_card import card_of, open_for_card
    from prep_assistant.summary.output import CardError, print_card, render_bytes, save_card

    requested = getattr(args, "lang", None)
    language, warning = i18n.negotiate_language(requested)
    i18n.set_language(language)
    if warning:
        _say(warning)
    if getattr(args, "guest", False):
        _say(_("In guest mode nothing is saved, so there is no card to make from a saved session."))
        return 1
    session_id = args.summary_session or getattr(args, "session", None)
    if not database_path().exists():
        # Do not create a database just to say it is empty.
        if session_id:
            _say(
                _("There is no saved session {id}. To see the saved sessions, run: "
                  "prep-assistant sessions list").format(id=session_id)
            )
        else:
            _say(_("There are no saved sessions yet, so there is no card to make. Start with: prep-assistant"))
        return 1
    # Read only: the card can be made from a read-only disk, and never changes the store.
    with Store.open(read_only=True) as store:
        opened, notices = open_for_card(store, session_id)
        info = opened.session
        if requested is None:
            i18n.set_language(info.language)
        for notice in notices:
            _say(notice)
        card = card_of(store, opened.run, info)
        if session_id is None:
            decision = " ".join((card.decision or "").split())
            if len(decision) > 60:
                decision = decision[:59] + "…"
            changed = info.updated_at.astimezone()
            # The long date comes from our own small table; the medium date
            # time this line had loaded Babel's date data: a quarter of the
            # whole command (python -X importtime), for one line on stderr.
            when = f"{i18n.format_date(changed.date())}, {changed:%H:%M}"
            _say(
                _("The card of session {id} ({decision}), last changed {when}.").format(
                    id=info.id, decision=decision or _("no decision written down"), when=when
                )
            )

    fmt = args.card_format
    if args.send_to_printer:
        sent, message = print_card(card, large_print=args.large_print)
        _say(message)
        if args.output:
            _write(card, fmt, args.output, args.large_print)
        return 0 if sent else 1

    if args.output == "-" or (args.output is None and fmt != "pdf"):
        data = render_bytes(card, fmt, large_print=args.large_print)
        if fmt == "pdf" and sys.stdout.isatty():
            raise CardError(_("A PDF cannot be shown in the terminal. Save it with -o FILE."))
        out = getattr(sys.stdout, "buffer", None)
        if out is None:  # a replaced stdout (tests): text only
            sys.stdout.write(data.decode("utf-8", "replace"))
        else:
            out.write(data)
            out.flush()
        return 0
    path = save_card(card, fmt, Path(args.output) if args.output else None, large_print=args.large_print)
    _say(_("Saved the card as {path}").format(path=path))
    return 0


def _write(card, fmt: str, output: str, large_print: bool) -> None:
    # on use: cli.py builds every command's parser at each start
    from prep_assistant.summary.output import save_card

    path = save_card(card, fmt, Path(output), large_print=large_print)
    _say(_("Saved the card as {path}").format(path=path))
