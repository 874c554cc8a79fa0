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
    parser.add_argument("--lang", metavar="CODE", help="language: nl or en (default: from the system, else nl)")
    parser.add_argument("--pack", metavar="FILE", help="start with a clinician's decision pack")
    parser.add_argument("--guest", action="store_true", help="write nothing to disk")
    parser.add_argument("--plain", action="store_true", help="line-by-line mode for screen readers and pipes")
    parser.add_argument("--flow", metavar="ID_OR_FILE", help="which flow to run (default: the preparation)")
    parser.add_argument("--session", metavar="ID", help="continue this session")
    parser.add_argument("--new", action="store_true", help="start a new session, do not offer to continue")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
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


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
