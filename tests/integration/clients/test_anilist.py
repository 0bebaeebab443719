"""The real AniListClient (and its cache), over real httpx, against the loopback stand-in."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from domain.anilist.cache import CachedCatalog
from domain.anilist.client import AniListClient
from domain.anilist.limiter import RateLimiter
from domain.anilist.queries import SEARCH_MEDIA
from domain.anilist.seasons import season_chain
from domain.errors import CatalogError, RateLimited
from domain.models import AiringEpisode, Media
from tests.standins.anilist import (
    AniListStandIn,
    Garbage,
    GraphQLErrors,
    Hang,
    RateLimit,
    ServerError,
)

FRIEREN = Media(
    id=154587,
    romaji="Sousou no Frieren",
    english="Frieren: Beyond Journey's End",
    native="葬送のフリーレン",
    synonyms=("Frieren at the Funeral", "장송의 프리렌"),
    episodes=28,
    status="FINISHED",
    season_year=2023,
    format="TV",
)
DUNGEON_MESHI = Media(id=153518, romaji="Dungeon Meshi", english="Delicious in Dungeon")


async def test_search_by_any_title_or_synonym(http: httpx.AsyncClient) -> None:
    async with AniListStandIn([FRIEREN, DUNGEON_MESHI]) as anilist:
        client = AniListClient(http, anilist.url)
        assert await client.search_media("frieren") == [FRIEREN]  # every field survives
        assert await client.search_media("AT THE FUNERAL") == [FRIEREN]
        assert await client.search_media("delicious") == [DUNGEON_MESHI]
        assert await client.search_media("no such show") == []
        first = anilist.requests[0]
        assert first.query == SEARCH_MEDIA
        assert first.variables == {"search": "frieren", "perPage": 5}
        assert first.authorization is None


async def test_seasons_chain_through_the_real_client(http: httpx.AsyncClient) -> None:
    season_2 = Media(id=182255, romaji="Sousou no Frieren 2nd Season", english=None, episodes=10)
    async with AniListStandIn([FRIEREN, season_2]) as anilist:
        anilist.relations = {
            FRIEREN.id: {"SEQUEL": (season_2.id,)},
            season_2.id: {"PREQUEL": (FRIEREN.id,)},
        }
        catalog = CachedCatalog(AniListClient(http, anilist.url))
        chain = await season_chain(catalog, season_2.id)
        assert chain is not None and (chain.lengths, chain.season) == ((28, 10), 2)
        asked = len(anilist.requests)
        await season_chain(catalog, season_2.id)
        assert len(anilist.requests) == asked, "relations are cached"


async def test_429_with_retry_after_is_honoured_then_succeeds(http: httpx.AsyncClient) -> None:
    async with AniListStandIn([FRIEREN]) as anilist:
        anilist.fail_next(RateLimit(retry_after="1"))
        client = AniListClient(http, anilist.url, limiter=RateLimiter())
        started = time.monotonic()
        assert await client.search_media("frieren") == [FRIEREN]
        assert time.monotonic() - started >= 0.95
        assert len(anilist.requests) == 2


async def test_429_twice_is_rate_limited(http: httpx.AsyncClient) -> None:
    async with AniListStandIn([FRIEREN]) as anilist:
        anilist.fail_next(RateLimit(retry_after="1"), RateLimit(retry_after="2"))
        limiter = RateLimiter()
        with pytest.raises(RateLimited) as caught:
            await AniListClient(http, anilist.url, limiter=limiter).search_media("frieren")
        assert caught.value.retry_after == 2.0
        assert limiter.paused_for() > 1.0  # everyone else holds off too
        assert len(anilist.requests) == 2


async def test_a_lockout_longer_than_max_wait_fails_at_once(http: httpx.AsyncClient) -> None:
    async with AniListStandIn([FRIEREN]) as anilist:
        anilist.fail_next(RateLimit(retry_after="60"))
        client = AniListClient(http, anilist.url, max_wait=5.0)
        started = time.monotonic()
        with pytest.raises(RateLimited) as caught:
            await client.search_media("frieren")
        assert caught.value.retry_after == 60.0
        assert time.monotonic() - started < 2
        assert len(anilist.requests) == 1


@pytest.mark.parametrize(
    ("failure", "match"),
    [
        (GraphQLErrors("Invalid token", 400), "Invalid token"),
        (GraphQLErrors("Not Found.", 404), "Not Found."),
        (ServerError(500), "Internal Server Error"),
        (ServerError(503), "HTTP 503"),
        (Garbage(), "not JSON"),
    ],
)
async def test_failures_are_catalog_errors(
    http: httpx.AsyncClient, failure: GraphQLErrors | ServerError | Garbage, match: str
) -> None:
    async with AniListStandIn([FRIEREN]) as anilist:
        anilist.fail_next(failure)
        client = AniListClient(http, anilist.url)
        with pytest.raises(CatalogError, match=match) as caught:
            await client.search_media("frieren")
        assert not isinstance(caught.value, RateLimited)
        assert await client.search_media("frieren") == [FRIEREN]  # and the next call is fine


async def test_hanging_anilist_fails_within_the_total_timeout(http: httpx.AsyncClient) -> None:
    async with AniListStandIn([FRIEREN]) as anilist:
        anilist.fail_next(Hang())
        started = time.monotonic()
        with pytest.raises(CatalogError, match="within"):
            await AniListClient(http, anilist.url, total_timeout=0.5).search_media("frieren")
        assert time.monotonic() - started < 2


async def test_token_travels_as_a_bearer_header(http: httpx.AsyncClient) -> None:
    async with AniListStandIn([FRIEREN]) as anilist:
        await AniListClient(http, anilist.url).query(
            SEARCH_MEDIA, {"search": "x", "perPage": 1}, token="t0k"
        )
        assert anilist.requests[0].authorization == "Bearer t0k"


async def test_cache_coalesces_concurrent_lookups_into_one_request(
    http: httpx.AsyncClient,
) -> None:
    async with AniListStandIn([FRIEREN]) as anilist:
        cached = CachedCatalog(AniListClient(http, anilist.url))
        results = await asyncio.gather(
            *(cached.search_media(title) for title in ["Frieren", "frieren", " FRIEREN "] * 4)
        )
        assert results == [[FRIEREN]] * 12
        assert len(anilist.requests) == 1
        assert await cached.search_media("frieren") == [FRIEREN]
        assert len(anilist.requests) == 1


async def test_the_airing_schedule_of_many_shows_comes_in_pages(http: httpx.AsyncClient) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    async with AniListStandIn([FRIEREN, DUNGEON_MESHI]) as anilist:
        anilist.airing = [
            AiringEpisode(media, n, start + timedelta(days=n, hours=media % 7))
            for media in (FRIEREN.id, DUNGEON_MESHI.id, 999)
            for n in range(1, 41)
        ]
        client = AniListClient(http, anilist.url)
        episodes = await client.airing_schedule(
            [DUNGEON_MESHI.id, FRIEREN.id], after=start + timedelta(days=2, hours=12)
        )
        assert len(episodes) == 2 * 38  # 76 entries: two pages of 50
        assert [e.airs_at for e in episodes] == sorted(e.airs_at for e in episodes)
        assert {e.media_id for e in episodes} == {FRIEREN.id, DUNGEON_MESHI.id}
        assert len(anilist.requests) == 2
        bounded = await client.airing_schedule(
            [FRIEREN.id], after=start, before=start + timedelta(days=3, hours=23)
        )
        assert [e.episode for e in bounded] == [1, 2, 3]
        assert await client.airing_schedule([], after=start) == []
        assert len(anilist.requests) == 3  # no shows, no request
