"""Which URLs the bot may fetch for a user: http(s) only, to public addresses only. Pure: the
caller resolves the host and passes the addresses, so a DNS answer is checked, not a name."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from domain.errors import UnsafeUrl

MAX_URL_LENGTH = 2048


def check_url(url: str) -> str:
    """The host to resolve; UnsafeUrl for anything but a plain http(s) URL."""
    if len(url) > MAX_URL_LENGTH or any(c.isspace() or ord(c) < 32 for c in url):
        raise UnsafeUrl("malformed or oversized URL")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeUrl("malformed URL") from exc
    if parts.scheme not in ("http", "https"):
        raise UnsafeUrl("only http and https addresses")
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl("addresses with credentials")
    if not parts.hostname:
        raise UnsafeUrl("no host")
    if port is not None and port == 0:
        raise UnsafeUrl("port 0")
    return parts.hostname


def check_addresses(addresses: Iterable[str]) -> None:
    """Every address the host resolved to must be public: no loopback, private, link-local
    (cloud metadata), multicast or reserved ranges."""
    found = False
    for text in addresses:
        found = True
        try:
            address = ipaddress.ip_address(text.split("%", 1)[0])
        except ValueError as exc:
            raise UnsafeUrl("unreadable address") from exc
        address = getattr(address, "ipv4_mapped", None) or address
        if not address.is_global or address.is_multicast:
            raise UnsafeUrl(f"{address} is not a public address")
    if not found:
        raise UnsafeUrl("the host has no address")
