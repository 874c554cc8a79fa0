"""Starting a conversation: language, store, flow and pack, then a front end.

``prep-assistant`` without a subcommand lands here. Everything that can go
wrong before the first question (an unknown language, a damaged store, a pack
with errors) is said in one plain line on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Mapping, TextIO

from prep_assistant.errors import UserError
from prep_assistant.session.helper_role import checked_role

#: textual-serve (and ``textual serve``) start the app with this driver; its
#: stdin and stdout are pipes that carry the browser's terminal.
WEB_DRIVER_ENV = "TEXTUAL_DRIVER"


def runs_in_browser() -> bool:
    """True when Textual's web driver draws the app in a browser.

    Then stdin and stdout are pipes on purpose, so they say nothing about
    whether a person sits at a terminal: the app must not fall into plain mode.
    """
    return "web_driver" in os.environ.get(WEB_DRIVER_ENV, "")


def launch(args: argparse.Namespace) -> int:
    # on use: cli.py imports this module for every command; the app's path only
    from prep_assistant import i18n
    from prep_assistant.session import Store, StoreError

    language, warning = i18n.negotiate_language(args.lang)
    i18n.set_language(language)
    if warning:
        print(warning, file=sys.stderr)
    for message in i18n.translation_warnings():
        print(message, file=sys.stderr)
    try:
        helper_role = helper_role_of(args)
    except UserError as error:
        print(error.message, file=sys.stderr)
        return 2

    flow = None
    try:
        # The library (and pydantic) loads only when asked for here; otherwise
        # the app loads it after its first frame, so start-up stays quick.
        if args.flow or args.pack or args.plain:
            # only when asked: the library loads pydantic (~0.1 s); the app loads it after its first frame
            from prep_assistant.dialogue.library import LibraryError, find_flow, load_pack_file, pack_fits_flow
        else:
            LibraryError = ()  # type: ignore[assignment]
        if args.flow:
            flow = find_flow(args.flow)
        if args.pack:
            # Refuse a broken pack, or one for another flow, before anything starts.
            pack_fits_flow(load_pack_file(args.pack), flow or find_flow())
    except LibraryError as error:
        print(error.message, file=sys.stderr)
        for diagnostic in error.diagnostics:
            print("  " + diagnostic.format(), file=sys.stderr)
        return 1

    try:
        store = Store.guest() if args.guest else Store.open()
    except StoreError as error:
        print(str(error), file=sys.stderr)
        return 1

    if runs_in_browser():
        # on use, like the imports above: only a participant's process in a
        # workshop with a facilitator has a statement socket to send counts to
        from prep_assistant.web.statement_sender import send_from_environment

        send_from_environment(os.environ)

    # In a browser plain lines would corrupt the web driver's packets on stdout.
    plain = not runs_in_browser() and (args.plain or wants_plain(os.environ, sys.stdin, sys.stdout))
    try:
        if plain:
            # only the chosen front end loads: plain mode never imports Textual
            from prep_assistant.plain.runner import PlainRunner

            return PlainRunner(
                store,
                flow=flow,
                pack_path=args.pack,
                session_id=args.session,
                new=args.new,
                helper_role=helper_role,
            ).run()
        # only the chosen front end loads: Textual (~0.2 s) only for the app
        from prep_assistant.ui.app import PrepAssistantApp

        app = PrepAssistantApp(
            store,
            flow_id=args.flow,
            pack_path=args.pack,
            session_id=args.session,
            new=args.new,
            helper_role=helper_role,
            owns_process=True,
        )
        app.run()
        return app.return_code or 0
    finally:
        store.close()


def helper_role_of(args: argparse.Namespace) -> str | None:
    """``--helper [ROLE]``: None without it, "" without a role, else the role
    checked (HelperRoleError when it is empty or too long for the card)."""
    given = getattr(args, "helper", None)
    if given is None:
        return None
    if given is True:  # --helper alone: a helper whose role is not given
        return ""
    return checked_role(given)


def wants_plain(environ: Mapping[str, str], stdin: TextIO, stdout: TextIO) -> bool:
    """Plain mode without --plain: not a terminal both ways, or a terminal
    that can only print lines (``TERM=dumb``: Emacs shells, some screen
    reader set-ups), where a full-screen app would be unusable."""
    if environ.get("TERM", "").strip().casefold() == "dumb":
        return True
    return not (stdin.isatty() and stdout.isatty())
