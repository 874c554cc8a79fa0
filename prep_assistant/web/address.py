"""What the volunteer is told at the start: the address, a QR code, who can reach it."""

from __future__ import annotations

import io
import ipaddress
import socket

import segno

from prep_assistant.i18n import _

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
#: Any address in a private range works for this trick; no packet is sent.
_PROBE_ADDRESS = ("10.254.254.254", 1)


def listens_on_all(host: str) -> bool:
    return host in ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def room_address() -> str | None:
    """This laptop's address on the room's network, or None without one.

    Connecting a UDP socket sends nothing; it only makes the system choose
    the outgoing interface, whose address is the one phones can reach.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBE_ADDRESS)
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if is_loopback(address) else address


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def participant_url(host: str, port: int, public_url: str | None = None) -> str:
    """The address participants open in their browser."""
    if public_url:
        return public_url
    if listens_on_all(host):
        host = room_address() or "127.0.0.1"
    return f"http://{url_host(host)}:{port}/"


def who_can_reach(host: str, public_url: str | None = None) -> str:
    if public_url:
        return _("Participants open the address above. It must lead to this computer through your web server.")
    if is_loopback(host):
        return _(
            "Only this computer can open the address. To let participants join from their own phone or "
            "laptop on this room's network, start with: prep-assistant serve --host 0.0.0.0"
        )
    return _(
        "Everyone on this network can open the address, also people outside the room who use the same "
        "network. The connection is not encrypted: use it only on a network you trust."
    )


def qr_code(url: str) -> str:
    """The address as a QR code drawn with text blocks, for phones to scan."""
    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()
