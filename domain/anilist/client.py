"""The AniList GraphQL client. Implements `domain.ports.AnimeCatalog`."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx

from domain.anilist.limiter import RateLimiter, retry_after_seconds
from domain.anilist.parse import (
    error_messages,
    parse_airing_page,
    parse_media_page,
    parse_relations,
    unwrap_response,
)
from domain.anilist.queries import AIRING_SCHEDULE, MEDIA_RELATIONS, SEARCH_MEDIA
from domain.errors import CatalogError, RateLimited, RelinkNeeded
from domain.http import HttpReply, fetch
from domain.models import AiringEpisode, Media, MediaRelations

logger = logging.getLogger(__name__)

MAX_PER_PAGE = 50  # AniList's cap on Page(perPage:)
MAX_AIRING_PAGES = 10  # a schedule longer than 500 entries is cut, not paged for ever


class AniListClient:
    """Talks to AniList through one shared `RateLimiter`.

    Each HTTP exchange is bounded by `total_timeout` seconds. A 429 pauses the limiter for its
    `Retry-After` and is retried once when that is at most `max_wait` seconds; waiting for a slot
    is bounded by `max_wait` too. Past either bound the caller gets `RateLimited` at once rather
    than a long silence.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        api_url: str = "https://graphql.anilist.co",
        *,
        limiter: RateLimiter | None = None,
        total_timeout: float = 10.0,
        max_bytes: int = 2 * 1024 * 1024,
        max_wait: float = 60.0,
    ) -> None:
        self._http = http
        self._api_url = api_url
        self._limiter = limiter or RateLimiter()
        self._total_timeout = total_timeout
        self._max_bytes = max_bytes
        self._max_wait = max_wait

    async def search_media(self, title: str, *, limit: int = 5) -> list[Media]:
        """Anime matching the title (AniList searches romaji, English, native and synonyms),
        best match first. A blank title finds nothing without asking."""
        words = " ".join(title.split())
        if not words:
            return []
        per_page = max(1, min(limit, MAX_PER_PAGE))
        data = await self.query(SEARCH_MEDIA, {"search": words, "perPage": per_page})
        return parse_media_page(data)[:per_page]

    async def relations(self, media_id: int) -> MediaRelations:
        return parse_relations(await self.query(MEDIA_RELATIONS, {"id": media_id}))

    async def airing_schedule(
        self, media_ids: Sequence[int], *, after: datetime, before: datetime | None = None
    ) -> list[AiringEpisode]:
        """Episodes of these shows airing after `after` (and before `before`), by air time, in
        one request per 50 entries. No shows, no request."""
        ids = sorted(set(media_ids))
        if not ids:
            return []
        variables: dict[str, Any] = {
            "mediaIds": ids,
            "after": int(after.timestamp()),
            "before": int(before.timestamp()) if before is not None else None,
            "perPage": MAX_PER_PAGE,
        }
        episodes: list[AiringEpisode] = []
        for page in range(1, MAX_AIRING_PAGES + 1):
            found, has_next = parse_airing_page(
                await self.query(AIRING_SCHEDULE, {**variables, "page": page})
            )
            episodes += found
            if not has_next:
                break
        return episodes

    async def query(
        self,
        document: str,
        variables: Mapping[str, Any] | None = None,
        *,
        token: str | None = None,
    ) -> dict[str, Any]:
        """Run one GraphQL document and return its `data`.

        Raises RelinkNeeded when AniList refuses `token`, CatalogError (AniList's messages for
        GraphQL errors; 5xx, timeouts, garbage) or
        RateLimited (a 429 twice, or a `Retry-After` longer than `max_wait`).
        """
        payload = {"query": document, "variables": dict(variables or {})}
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        reply = await self._send(payload, headers)
        if reply.status == 429:
            retry_after = self._rate_limited(reply)
            if retry_after > self._max_wait:
                raise RateLimited(f"AniList said 429, retry after {retry_after:g} s", retry_after)
            logger.warning("AniList said 429; retrying in %.0f s", retry_after)
            reply = await self._send(payload, headers)  # the limiter waits out the pause
            if reply.status == 429:
                retry_after = self._rate_limited(reply)
                raise RateLimited(
                    f"AniList said 429 twice, retry after {retry_after:g} s", retry_after
                )
        if token and _token_refused(reply):
            raise RelinkNeeded(f"AniList refused the token (HTTP {reply.status}): {_said(reply)}")
        try:
            decoded = json.loads(reply.body)
        except (ValueError, RecursionError) as exc:  # RecursionError: absurdly nested JSON
            raise CatalogError(
                f"AniList answered HTTP {reply.status} with a body that is not JSON"
            ) from exc
        return unwrap_response(decoded, status=reply.status)

    async def _send(self, payload: dict[str, Any], headers: dict[str, str]) -> HttpReply:
        paused = self._limiter.paused_for()
        if paused > self._max_wait:
            raise RateLimited(f"AniList calls are paused for {paused:.0f} s", paused)
        try:
            # A second of slack so a pause of exactly max_wait is waited out, not raced.
            async with asyncio.timeout(self._max_wait + 1.0):
                await self._limiter.acquire()
        except TimeoutError as exc:
            raise RateLimited(
                f"no AniList request slot within {self._max_wait:g} s",
                self._limiter.paused_for() or self._max_wait,
            ) from exc
        return await fetch(
            self._http,
            "POST",
            self._api_url,
            error=CatalogError,
            max_bytes=self._max_bytes,
            total_timeout=self._total_timeout,
            headers=headers,
            json=payload,
        )

    def _rate_limited(self, reply: HttpReply) -> float:
        retry_after = retry_after_seconds(reply.headers.get("retry-after"), now=datetime.now(UTC))
        self._limiter.pause(retry_after)
        return retry_after


def _token_refused(reply: HttpReply) -> bool:
    """AniList answers a dead token with 401, or 400 "Invalid token"."""
    return reply.status == 401 or (reply.status == 400 and b"invalid token" in reply.body.lower())


def _said(reply: HttpReply) -> str:
    try:
        errors = json.loads(reply.body).get("errors")
    except (ValueError, AttributeError, RecursionError):
        return "no message"
    return "; ".join(error_messages(errors)) if errors else "no message"
