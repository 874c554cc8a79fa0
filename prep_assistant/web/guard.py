"""Who may talk to the workshop server: the Host and Origin checks.

Two attacks matter on a laptop that serves the app:

- a page on another site, open in a participant's browser, opens a
  websocket to the laptop and starts sessions (cross-site websocket
  hijacking). Browsers always send ``Origin`` with a websocket, so the
  websocket must come from a page of this server: same scheme-less host and
  port as the ``Host`` it was sent to;
- DNS rebinding: an attacker's name resolves to the laptop's address, so
  ``Origin`` and ``Host`` agree but name the attacker's domain. Refusing any
  ``Host`` that is not an IP address, ``localhost``, this computer's own name
  or a name the volunteer gave (``--public-url``) stops that.

Pure functions of header values, so they are tested without a server.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import msgspec

#: Longest Host or Origin header we look at; longer is refused.
MAX_HEADER_LENGTH = 300


def split_host(host: str) -> tuple[str, str]:
    """``"name:port"`` or ``"[::1]:port"`` -> (name, port); port may be ''."""
    host = host.strip().lower()
    if host.startswith("["):
        name, _, rest = host[1:].partition("]")
        return name, rest.removeprefix(":")
    if host.count(":") > 1:  # a bare IPv6 address without a port
        return host, ""
    name, _, port = host.partition(":")
    return name, port


def is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def own_names() -> set[str]:
    """This computer's names, as a browser on the room's network may type them."""
    names = {"localhost"}
    try:
        hostname = socket.gethostname().lower()
    except OSError:  # pragma: no cover - no hostname at all
        return names
    if hostname:
        names.update({hostname, hostname + ".local"})
    return names


class Guard(msgspec.Struct, frozen=True):
    """The names this server answers to (besides any IP address)."""

    names: frozenset[str] = msgspec.field(default_factory=lambda: frozenset(own_names()))
    #: Origins allowed besides the page's own (e.g. ``https://workshop.example``).
    origins: frozenset[str] = frozenset()

    @classmethod
    def for_public_url(cls, public_url: str | None) -> "Guard":
        names = set(own_names())
        origins: set[str] = set()
        if public_url:
            parts = urlsplit(public_url)
            if parts.hostname:
                names.add(parts.hostname.lower())
                origins.add(f"{parts.scheme}://{parts.netloc}".lower())
        return cls(frozenset(names), frozenset(origins))

    def host_allowed(self, host: str | None) -> bool:
        if not host or len(host) > MAX_HEADER_LENGTH or not host.isascii() or not host.isprintable():
            return False
        name, port = split_host(host)
        if port and not port.isdigit():
            return False
        return is_ip_address(name) or name in self.names

    def origin_allowed(self, origin: str | None, host: str | None) -> bool:
        """A websocket may only come from a page of this very server."""
        if not origin or not self.host_allowed(host):
            return False
        if len(origin) > MAX_HEADER_LENGTH or not origin.isascii() or not origin.isprintable():
            return False
        origin = origin.strip().lower()
        if origin in self.origins:
            return True
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or parts.path not in ("", "/"):
            return False
        return parts.netloc == (host or "").strip().lower()
