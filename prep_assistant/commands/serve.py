"""``prep-assistant serve``: the app in browsers, for a workshop room.

The parser lives in ``cli.py``; this module is loaded only when ``serve``
runs (``cli`` finds it by name), so the server's libraries are imported here
at the top like anywhere else.

Exit codes: 0 stopped with Ctrl+C, 1 it could not start (one plain line on
stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from urllib.parse import urlsplit

from prep_assistant import i18n
from prep_assistant.dialogue.flow import Flow
from prep_assistant.dialogue.library import WORKSHOP_FLOW, LibraryError, find_flow, load_pack_file
from prep_assistant.errors import UserError
from prep_assistant.i18n import _
from prep_assistant.web.address import participant_url, qr_code, who_can_reach
from prep_assistant.web.facilitator import Facilitator
from prep_assistant.web.participant import participant_command
from prep_assistant.web.server import WorkshopServer
from prep_assistant.web.statement_channel import StatementChannel

MAX_PARTICIPANTS_LIMIT = 200


class ServeError(UserError):
    """``serve`` cannot start; ``message`` says why and what to do."""


def check_host(host: str) -> str:
    if host == "localhost":
        return host
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        raise ServeError(
            _("--host must be an address such as 127.0.0.1 (only this computer) or 0.0.0.0 (the whole network), not {value}.")
            .format(value=ascii(host)[1:-1][:60])
        ) from None


def check_public_url(url: str | None) -> str | None:
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ServeError(
            _("--public-url must be an address such as https://workshop.example.org, not {value}.")
            .format(value=ascii(url)[1:-1][:80])
        )
    return url.rstrip("/")


def check_limits(port: int, max_participants: int) -> None:
    if not 1 <= port <= 65535:
        raise ServeError(_("--port must be a number from 1 to 65535."))
    if not 1 <= max_participants <= MAX_PARTICIPANTS_LIMIT:
        raise ServeError(
            _("--max-participants must be a number from 1 to {limit}.").format(limit=MAX_PARTICIPANTS_LIMIT)
        )


def check_flow_and_pack(flow: str | None, pack: str | None) -> Flow:
    """Refuse a broken flow or pack before anyone joins, with every problem listed."""
    try:
        found = find_flow(flow)
        if pack:
            load_pack_file(pack)
    except LibraryError as error:
        lines = [error.message] + ["  " + diagnostic.format() for diagnostic in error.diagnostics]
        raise ServeError("\n".join(lines)) from None
    return found


def check_statements(flow: Flow) -> None:
    if not flow.statements():
        raise ServeError(
            _("The flow {flow} has no statements, so the facilitator would see nothing. "
              "Use --flow {workshop}, or a flow of your own with statement = true on its statements.")
            .format(flow=flow.id, workshop=WORKSHOP_FLOW)
        )


def facilitator_url(url: str, code: str) -> str:
    return f"{url.rstrip('/')}/facilitator?code={code}"


def announce_facilitator(url: str) -> None:
    print(_("The workshop leader sees the answers to the statements, as numbers only, at this address:"))
    print()
    print("    " + url)
    print()
    print(_("Keep this address to yourself: the code in it is the key to the overview."))
    print()
    sys.stdout.flush()


def announce(url: str, host: str, public_url: str | None, max_participants: int) -> None:
    print(_("prep-assistant is ready for the workshop. Participants open this address in their browser:"))
    print()
    print("    " + url)
    print()
    print(qr_code(url), end="")
    print(who_can_reach(host, public_url))
    print(_("Each participant gets an own, empty conversation. Nothing is kept on this computer."))
    print(_("At most {count} participants at the same time.").format(count=max_participants))
    print(_("Press Ctrl+C to stop. Conversations that are still open then end."))
    sys.stdout.flush()


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except UserError as error:
        print(error.message, file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    language, warning = i18n.negotiate_language(args.serve_lang or args.lang)
    i18n.set_language(language)
    if warning:
        print(warning, file=sys.stderr)
    host = check_host(args.host)
    public_url = check_public_url(args.public_url)
    check_limits(args.port, args.max_participants)
    flow = args.serve_flow or args.flow
    if args.facilitator and not flow:
        flow = WORKSHOP_FLOW  # statements are what a facilitator watches
    pack = args.serve_pack or args.pack
    found = check_flow_and_pack(flow, pack)

    url = participant_url(host, args.port, public_url)
    facilitator = channel = None
    if args.facilitator:
        check_statements(found)
        facilitator = Facilitator(found)
        channel = StatementChannel(facilitator.tally)

    def ready() -> None:
        announce(url, host, public_url, args.max_participants)
        if facilitator is not None:
            print()
            announce_facilitator(facilitator_url(url, facilitator.code))

    server = WorkshopServer(
        participant_command(
            language, flow=flow, pack=pack, statement_socket=str(channel.socket_path) if channel else None
        ),
        host=host,
        port=args.port,
        public_url=public_url,
        max_participants=args.max_participants,
        language=language,
        on_ready=ready,
        facilitator=facilitator,
        channel=channel,
    )
    try:
        server.serve()
    except OSError as error:
        raise ServeError(
            _("The workshop cannot start on {host} port {port}: {reason}. Try another port with --port.")
            .format(host=host, port=args.port, reason=error.strerror or error)
        ) from None
    return 0
