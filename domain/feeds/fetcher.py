"""Fetching a user's feed: only http(s) to public addresses, under a total deadline and a size
cap, with a conditional GET. The one module of the feed feature that does I/O.

A URL is checked when it is added and again at every fetch, since DNS answers change: the host
is resolved and every address must be public (no loopback, private, link-local or multicast),
unless the box allows private addresses (self-hosted indexers, tests). Redirects are followed by
hand so that each hop is checked the same way. What stays open is a host that resolves to a
public address here and to a private one a moment later when the connection resolves it again;
closing that needs pinning the address in the transport.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urljoin, urlsplit

import httpx

from domain.errors import FeedError, InvalidTorrent, UnsafeUrl
from domain.feeds.models import Fetched
from domain.http import HttpReply, fetch
from domain.security.torrent_files import parse_torrent
from domain.security.urls import check_addresses, check_url

logger = logging.getLogger(__name__)

Resolver = Callable[[str, int], Awaitable[list[str]]]

_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8"
_REDIRECTS = {301, 302, 303, 307, 308}
MAX_FEED_BYTES = 4 * 1024 * 1024
MAX_TORRENT_BYTES = 4 * 1024 * 1024


async def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host; UnsafeUrl when it gives none."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeUrl(f"{host} does not resolve") from exc
    return [str(info[4][0]) for info in infos]


class FeedFetcher:
    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        allow_private: bool = False,
        resolver: Resolver = system_resolver,
        max_bytes: int = MAX_FEED_BYTES,
        total_timeout: float = 20.0,
        max_redirects: int = 5,
    ) -> None:
        self._http = http
        self._allow_private = allow_private
        self._resolve = resolver
        self._max_bytes = max_bytes
        self._total_timeout = total_timeout
        self._max_redirects = max_redirects

    @property
    def total_timeout(self) -> float:
        return self._total_timeout

    async def check(self, url: str) -> None:
        """UnsafeUrl unless the bot may fetch `url` now."""
        host = check_url(url)
        if self._allow_private:
            return
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        check_addresses(await self._resolve(host, port))

    async def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """The feed's body, or a 304 (body None) when it has not changed since etag or
        last_modified. Raises UnsafeUrl for an address the bot may not fetch and FeedError for
        anything else that goes wrong, all within `total_timeout` seconds."""
        headers = {"Accept": _ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        reply = await self._follow(url, headers, self._max_bytes)
        if reply.status == 304:
            return Fetched(body=None, etag=etag, last_modified=last_modified, url=reply.url)
        if not reply.ok:
            raise FeedError(f"the feed answered HTTP {reply.status}")
        return Fetched(
            body=reply.body,
            etag=reply.headers.get("etag") or None,
            last_modified=reply.headers.get("last-modified") or None,
            url=reply.url,
        )

    async def torrent_hash(self, url: str) -> str:
        """The info hash of the .torrent at `url`, read safely; FeedError or InvalidTorrent."""
        reply = await self._follow(url, {"Accept": "application/x-bittorrent"}, MAX_TORRENT_BYTES)
        if not reply.ok:
            raise FeedError(f"the torrent link answered HTTP {reply.status}")
        try:
            return parse_torrent(reply.body).info_hash
        except InvalidTorrent:
            raise
        except ValueError as exc:
            raise InvalidTorrent(str(exc)) from exc

    async def _follow(self, url: str, headers: dict[str, str], max_bytes: int) -> HttpReply:
        deadline = time.monotonic() + self._total_timeout
        try:
            async with asyncio.timeout(self._total_timeout):
                for _ in range(self._max_redirects + 1):
                    await self.check(url)
                    remaining = max(0.1, deadline - time.monotonic())
                    reply = await fetch(
                        self._http,
                        "GET",
                        url,
                        error=FeedError,
                        max_bytes=max_bytes,
                        total_timeout=remaining,
                        headers=headers,
                    )
                    location = reply.headers.get("location")
                    if reply.status not in _REDIRECTS or not location:
                        return reply
                    url = urljoin(reply.url, location)
        except TimeoutError as exc:  # resolving counted against the same deadline
            raise FeedError(f"no complete answer within {self._total_timeout:g} s") from exc
        raise FeedError(f"more than {self._max_redirects} redirects")
