"""The Host and Origin checks of the workshop server, as pure functions."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from prep_assistant.web.guard import Guard

GUARD = Guard(frozenset({"localhost", "laptop", "laptop.local"}))


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "192.168.1.20:8000", "[::1]:8000",
                                  "LAPTOP.local:8000", "10.0.0.5", "laptop"])
def test_own_names_and_addresses_are_allowed(host):
    assert GUARD.host_allowed(host)


@pytest.mark.parametrize("host", [None, "", "attacker.example:8000", "127.0.0.1.nip.io:8000",
                                  "localhost.attacker.example", "127.0.0.1:80x", "local\x00host", "é:80",
                                  "a" * 400])
def test_other_names_are_refused(host):
    assert not GUARD.host_allowed(host)


@pytest.mark.parametrize("origin, host", [
    ("http://127.0.0.1:8000", "127.0.0.1:8000"),
    ("http://localhost:8000", "localhost:8000"),
    ("HTTP://LAPTOP.LOCAL:8000", "laptop.local:8000"),
    ("http://192.168.1.20:8000/", "192.168.1.20:8000"),
])
def test_a_page_of_this_server_may_open_a_websocket(origin, host):
    assert GUARD.origin_allowed(origin, host)


@pytest.mark.parametrize("origin, host", [
    ("http://attacker.example", "127.0.0.1:8000"),
    ("null", "127.0.0.1:8000"),
    (None, "127.0.0.1:8000"),
    ("http://127.0.0.1:9999", "127.0.0.1:8000"),
    ("http://localhost:8000", "127.0.0.1:8000"),
    ("file://", "127.0.0.1:8000"),
    ("http://attacker.example:8000", "attacker.example:8000"),  # DNS rebinding
    ("http://127.0.0.1:8000/path", "127.0.0.1:8000"),
])
def test_other_origins_are_refused(origin, host):
    assert not GUARD.origin_allowed(origin, host)


def test_a_public_url_behind_a_proxy_is_trusted():
    guard = Guard.for_public_url("https://workshop.example.org")
    assert guard.host_allowed("workshop.example.org")
    assert guard.origin_allowed("https://workshop.example.org", "workshop.example.org")
    assert not guard.origin_allowed("https://other.example.org", "workshop.example.org")


@given(st.text(max_size=400), st.text(max_size=400))
def test_any_header_values_give_an_answer_never_an_error(origin, host):
    assert GUARD.origin_allowed(origin, host) in (True, False)
    assert GUARD.host_allowed(host) in (True, False)
