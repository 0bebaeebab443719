"""Nyaa's RSS lists the newest 75 matches and has no further pages: `p=` is ignored for RSS
(nyaadevs/nyaa, nyaa/search.py: "Only show first RESULTS_PER_PAGE items for RSS", in both the
Elasticsearch and the database search). So an episode past the window of a show's name is reached
by a narrower query, the name with the episode number, never by paging."""

from __future__ import annotations

import httpx

from domain.models import Media, Preferences, Release
from domain.nyaa.client import NyaaClient
from domain.services.search import SearchService
from tests.fakes import FakeCatalog
from tests.standins.nyaa import PAGE_SIZE, NyaaStandIn, make_release

FRIEREN = Media(154587, "Sousou no Frieren", "Frieren: Beyond Journey's End", episodes=28,
                status="FINISHED", format="TV")  # fmt: skip


def one_per_episode(base_url: str, count: int) -> list[Release]:
    """`count` releases of one show, newest (highest episode) first, as Nyaa lists them."""
    return [
        make_release(
            f"[SubsPlease] Sousou no Frieren - {n:02d} (1080p) [ABCD1234].mkv", base_url=base_url
        )
        for n in range(count, 0, -1)
    ]


async def test_the_rss_window_is_one_page_whatever_p_asks(http: httpx.AsyncClient) -> None:
    async with NyaaStandIn() as nyaa:
        nyaa.releases = one_per_episode(nyaa.url, 200)
        first = await http.get(f"{nyaa.url}/?page=rss&q=frieren&c=1_2&f=0")
        third = await http.get(f"{nyaa.url}/?page=rss&q=frieren&c=1_2&f=0&p=3")
        assert first.content == third.content
        assert first.content.count(b"<item>") == PAGE_SIZE


async def test_an_episode_past_the_window_of_the_shows_name_is_found(
    http: httpx.AsyncClient,
) -> None:
    async with NyaaStandIn() as nyaa:
        nyaa.releases = one_per_episode(nyaa.url, 200)
        client = NyaaClient(http, nyaa.url)
        assert len(await client.search("Sousou no Frieren")) == PAGE_SIZE  # 200..126 only
        search = SearchService(client, FakeCatalog([FRIEREN]))
        result = await search.search("Sousou no Frieren", Preferences(), episode=30)
        assert result.ranking.best is not None
        assert " - 30 " in result.ranking.best.release.title
        assert [q.q for q in nyaa.queries][-1:] == ["Sousou no Frieren 30"]
