"""The Nyaa client: one RSS search over HTTP. Implements `domain.ports.ReleaseIndex`."""

from __future__ import annotations

import asyncio
import logging

import httpx

from domain.errors import IndexerError
from domain.http import fetch
from domain.models import Release
from domain.nyaa.feed import parse_feed
from domain.nyaa.urls import nyaa_search_url

logger = logging.getLogger(__name__)

_ACCEPT = "application/rss+xml, application/xml;q=0.9, text/xml;q=0.8"


class NyaaClient:
    """Searches Nyaa's RSS with a total deadline and a body cap.

    The injected `httpx.AsyncClient` carries the per-phase timeouts (see
    `domain.http.make_http_client`); this adds `total_timeout` seconds for the whole exchange,
    so a server that trickles bytes cannot hold a request forever.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str = "https://nyaa.si",
        *,
        max_bytes: int = 4 * 1024 * 1024,
        total_timeout: float = 15.0,
    ) -> None:
        self._http = http
        self._base_url = base_url.rstrip("/")
        self._max_bytes = max_bytes
        self._total_timeout = total_timeout

    @property
    def base_url(self) -> str:
        return self._base_url

    async def search(self, query: str, *, category: str = "1_2") -> list[Release]:
        """Releases matching the words, newest first: at most 75, Nyaa's page size. Nyaa's RSS
        has that one page (it ignores `p=`), so what lies past it is reached by narrower words.

        Raises IndexerError when Nyaa is unreachable, slow past the deadline, answers a non-2xx
        status, too large a body, or something that is not its RSS.
        """
        url = nyaa_search_url(self._base_url, query, category=category)
        reply = await fetch(
            self._http,
            "GET",
            url,
            error=IndexerError,
            max_bytes=self._max_bytes,
            total_timeout=self._total_timeout,
            headers={"Accept": _ACCEPT},
        )
        if not reply.ok:
            raise IndexerError(f"Nyaa answered HTTP {reply.status} for {url}")
        # feedparser is pure Python and slow on hostile input; keep it off the event loop.
        releases = await asyncio.to_thread(parse_feed, reply.body, base_url=reply.url)
        logger.debug("Nyaa search %r in %s: %d releases", query, category, len(releases))
        return releases
