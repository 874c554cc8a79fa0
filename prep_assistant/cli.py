"""The command surface: ``prep-assistant [options] [command]``.

Exit codes: 0 fine, 1 the work found errors (e.g. ``check``), 2 the command
itself was misused (argparse's convention).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Sequence

from prep_assistant import __version__
from prep_assistant.commands import COMMAND_MODULES


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prep-assistant",
        description="Prepare for a conversation with your doctor about a decision.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--lang", metavar="CODE", help="language: nl, en, or any other with a catalog in locales/, e.g. de or pt_BR (default: from the system, else nl)")
    parser.add_argument("--pack", metavar="FILE", help="start with a clinician's decision pack")
    parser.add_argument("--guest", action="store_true", help="write nothing to disk")
    parser.add_argument("--plain", action="store_true", help="line-by-line mode for screen readers and pipes")
    parser.add_argument("--flow", metavar="ID_OR_FILE", help="which flow to run (default: the preparation)")
    parser.add_argument("--session", metavar="ID", help="continue this session")
    parser.add_argument("--new", action="store_true", help="start a new session, do not offer to continue")
    parser.add_argument("--helper", nargs="?", const=True, metavar="ROLE",
                        help="a helper sits with the patient (a volunteer, a nurse, family): shows "
                        "short prompts for them; ROLE (e.g. vrijwilliger) goes on the card")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    add_serve_parser(sub)
    return parser


#: Commands whose module is loaded by name only when they run (their
#: libraries are big and no other command needs them).
SERVE_MODULE = "prep_assistant.commands.serve"


def add_serve_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve",
        help="the app in browsers, for a workshop (nothing is kept)",
        description="Serve the app to browsers for a workshop. Each participant gets an own, "
        "empty conversation in guest mode: nothing is written to disk. Listens on 127.0.0.1 "
        "(this computer only) unless --host says otherwise.",
    )
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on: 127.0.0.1 (default, this computer only) or 0.0.0.0 (the whole network)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument("--max-participants", type=int, default=30, metavar="N",
                        help="at most N conversations at the same time (default: 30)")
    parser.add_argument("--public-url", metavar="URL",
                        help="the address participants use when a web server with TLS sits in front")
    parser.add_argument("--lang", dest="serve_lang", metavar="CODE", help="language of the page and the app: nl or en")
    parser.add_argument("--flow", dest="serve_flow", metavar="ID_OR_FILE", help="serve this flow to everyone")
    parser.add_argument("--pack", dest="serve_pack", metavar="FILE", help="serve this decision pack to everyone")
    parser.add_argument("--facilitator", action="store_true",
                        help="a live overview of the statements' answers (counts only) at an address with a code; "
                        "serves the workshop flow unless --flow says otherwise")
    parser.set_defaults(handler_module=SERVE_MODULE)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _refuse_a_command_read_as_the_helpers_role(parser, args)
    handler = getattr(args, "handler", None)
    if hasattr(args, "handler_module"):
        handler = importlib.import_module(args.handler_module).run
    if handler is None:
        # on use: the app's start-up path; the commands never load it
        from prep_assistant.launch import launch

        handler = launch
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``| head -1``): what was answered is saved.
        # Point stdout at /dev/null so Python's own flush at exit stays quiet.
        _silence_stdout()
        return 0


def _refuse_a_command_read_as_the_helpers_role(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """``--helper summary``: argparse takes the command's name as the role
    (ROLE is optional), so the app would start instead of the command."""
    role = getattr(args, "helper", None)
    if not isinstance(role, str) or args.command is not None:
        return
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    if role in commands:
        parser.error(
            f"--helper took {role!r} as the helper's role. Helper mode is for the app, not for a command: "
            f"run 'prep-assistant {role}' without --helper, or give the role: --helper volunteer"
        )


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
