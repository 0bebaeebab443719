"""The list query and the progress mutation against the AniList stand-in: a refused token is
RelinkNeeded, a 429 is waited out and retried."""

from __future__ import annotations

import httpx
import pytest

from domain.anilist.client import AniListClient
from domain.anilist.lists import parse_list_chunk
from domain.anilist.queries import SAVE_PROGRESS, WATCHING
from domain.errors import RelinkNeeded
from tests.fakes_watchlist import list_entry
from tests.standins.anilist import AniListStandIn, RateLimit

CHUNK = {"userId": 7, "chunk": 1, "perChunk": 500}


async def test_a_refused_token_asks_to_link_again() -> None:
    async with AniListStandIn() as anilist, httpx.AsyncClient() as http:
        anilist.lists[7] = [list_entry(1, "Show", 0, 12, 3)]
        client = AniListClient(http, anilist.url)
        with pytest.raises(RelinkNeeded):
            await client.query(WATCHING, CHUNK, token="revoked")
        with pytest.raises(RelinkNeeded):
            await client.query(SAVE_PROGRESS, {"mediaId": 1, "progress": 1}, token="revoked")
        assert anilist.lists[7][0]["progress"] == 0


async def test_a_429_is_waited_out_and_the_list_read() -> None:
    async with AniListStandIn() as anilist, httpx.AsyncClient() as http:
        anilist.lists[7] = [list_entry(1, "Show", 0, 12, 3)]
        anilist.fail_next(RateLimit(retry_after="0"))
        client = AniListClient(http, anilist.url)
        entries, more = parse_list_chunk(await client.query(WATCHING, CHUNK))
        assert [e.media_id for e in entries] == [1] and not more
        assert len(anilist.requests) == 2
