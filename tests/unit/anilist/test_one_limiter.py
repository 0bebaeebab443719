"""Every AniList call waits on one limiter, a user's `/link` included: AniList counts them all
against the box, and one 429 locks the box out for everyone."""

from __future__ import annotations

import json

import httpx
import pytest

from bot.app import anilist_clients
from domain.anilist.limiter import RateLimiter
from domain.errors import RateLimited
from tests.unit.anilist.fakes import FakeTime
from tests.world import box_settings

USER = {"data": {"User": {"id": 7, "name": "alice"}}}
MEDIA = {"data": {"Page": {"media": []}}}


def anilist(statuses: list[int], asked: list[str]) -> httpx.AsyncClient:
    """AniList answering each request with the next status (200 once they run out)."""

    def answer(request: httpx.Request) -> httpx.Response:
        query = json.loads(request.content)["query"]
        asked.append("User" if "User(" in query else "Media")
        status = statuses.pop(0) if statuses else 200
        if status == 429:
            return httpx.Response(429, headers={"Retry-After": "60"}, json={"errors": []})
        return httpx.Response(status, json=USER if "User(" in query else MEDIA)

    return httpx.AsyncClient(transport=httpx.MockTransport(answer))


async def test_an_account_lookup_waits_its_turn_behind_catalog_searches() -> None:
    time, asked = FakeTime(), []
    async with anilist([], asked) as http:
        catalog, accounts = anilist_clients(
            box_settings(), http, RateLimiter(2, 60.0, clock=time, sleep=time.sleep)
        )
        await catalog.search_media("frieren")
        await catalog.search_media("dungeon meshi")
        assert time.slept == []
        assert (await accounts.user("alice")).name == "alice"
    assert time.slept == [60.0]  # the window was full: the lookup waited instead of going over
    assert asked == ["Media", "Media", "User"]


async def test_a_429_on_an_account_call_holds_every_other_anilist_caller() -> None:
    time, asked = FakeTime(), []
    async with anilist([429], asked) as http:
        limiter = RateLimiter(30, 60.0, clock=time, sleep=time.sleep)
        catalog, accounts = anilist_clients(box_settings(), http, limiter)
        with pytest.raises(RateLimited) as caught:
            await accounts.user("alice")
        assert caught.value.retry_after == 60.0
        assert limiter.paused_for() == 60.0
        await catalog.search_media("frieren")  # waits the lockout out before asking again
    assert time.slept == [60.0] and asked == ["User", "Media"]
