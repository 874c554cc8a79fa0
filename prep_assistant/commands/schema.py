"""``prep-assistant schema``: the JSON Schema of flow and pack files."""

from __future__ import annotations

import argparse
import json
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "schema",
        help="print the JSON Schema of the file format (for editors)",
        description="Print the JSON Schema of flow or pack files, for Taplo / Even Better TOML.",
    )
    parser.add_argument("kind", nargs="?", choices=("flow", "pack"), default="flow", help="which file format (default: flow)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the screen")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # on use: cli.py builds every command's parser at each start
    from prep_assistant.dialogue.jsonschema import json_schema

    text = json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            print(f"prep-assistant: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0
