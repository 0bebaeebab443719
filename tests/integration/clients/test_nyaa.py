"""The real NyaaClient, over real httpx, against the loopback Nyaa stand-in."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from domain.errors import IndexerError
from domain.http import make_http_client
from domain.nyaa.client import NyaaClient
from tests.standins.nyaa import NyaaMode, NyaaQuery, NyaaStandIn, make_release


async def test_search_returns_the_listed_releases_and_the_query_is_recorded(
    http: httpx.AsyncClient,
) -> None:
    async with NyaaStandIn() as nyaa:
        wanted = make_release(
            "[SubsPlease] Sousou no Frieren - 05 (1080p) [ABCD1234].mkv",
            base_url=nyaa.url,
            trusted=True,
        )
        nyaa.releases = [
            wanted,
            make_release(
                "[SubsPlease] Sousou no Frieren - 05 (720p) [ABCD1235].mkv",
                base_url=nyaa.url,
                remake=True,
            ),
            make_release("[Erai-raws] Dungeon Meshi - 05 [1080p].mkv", base_url=nyaa.url),
            make_release(
                "[Raws] Sousou no Frieren - 05 (1080p)", base_url=nyaa.url, category="1_4"
            ),
        ]
        client = NyaaClient(http, nyaa.url)
        releases = await client.search("frieren 05")
        assert [r.title for r in releases] == [nyaa.releases[0].title, nyaa.releases[1].title]
        assert releases[0] == wanted  # every field survives the wire
        assert nyaa.queries == [
            NyaaQuery(
                q="frieren 05", c="1_2", f="0", query_string="page=rss&q=frieren+05&c=1_2&f=0"
            )
        ]
        assert await client.search("frieren 05 -720p") == [wanted]
        assert len(await client.search("frieren", category="1_0")) == 3
        assert await client.search("no such show") == []


async def test_the_listed_torrent_file_is_served(http: httpx.AsyncClient) -> None:
    async with NyaaStandIn() as nyaa:
        release = make_release("[Group] Show - 01 (1080p)", base_url=nyaa.url, torrent_id=42)
        nyaa.releases = [release]
        nyaa.torrent_files[42] = b"d4:infod4:name4:testee"
        [found] = await NyaaClient(http, nyaa.url).search("show")
        response = await http.get(found.torrent_url)
        assert response.content == b"d4:infod4:name4:testee"
        assert response.headers["content-type"] == "application/x-bittorrent"


async def test_hanging_nyaa_fails_within_the_total_timeout(http: httpx.AsyncClient) -> None:
    async with NyaaStandIn() as nyaa:
        nyaa.mode = NyaaMode.HANG
        started = time.monotonic()
        with pytest.raises(IndexerError, match="within"):
            await NyaaClient(http, nyaa.url, total_timeout=0.5).search("frieren")
        assert 0.4 < time.monotonic() - started < 2
        assert len(nyaa.queries) == 1  # it did reach the server


async def test_trickling_nyaa_is_cut_by_the_total_deadline_not_the_read_timeout() -> None:
    # Each byte comes well within the read timeout, so only the total deadline can end this.
    async with (
        NyaaStandIn([make_release("[G] Show - 01")]) as nyaa,
        make_http_client(read=0.5) as http,
    ):
        nyaa.mode = NyaaMode.TRICKLE
        nyaa.trickle_interval = 0.02
        started = time.monotonic()
        with pytest.raises(IndexerError, match=r"within 1 s"):
            await NyaaClient(http, nyaa.url, total_timeout=1.0).search("show")
        assert time.monotonic() - started < 3


async def test_garbage_is_an_indexer_error(http: httpx.AsyncClient) -> None:
    async with NyaaStandIn() as nyaa:
        nyaa.mode = NyaaMode.GARBAGE  # an HTML page, DOCTYPE and all
        with pytest.raises(IndexerError, match="DOCTYPE"):
            await NyaaClient(http, nyaa.url).search("frieren")


@pytest.mark.parametrize("status", [403, 429, 500, 503])
async def test_error_status_is_an_indexer_error(http: httpx.AsyncClient, status: int) -> None:
    async with NyaaStandIn() as nyaa:
        nyaa.mode = NyaaMode.STATUS
        nyaa.status_code = status
        with pytest.raises(IndexerError, match=f"HTTP {status}"):
            await NyaaClient(http, nyaa.url).search("frieren")


async def test_endless_body_is_cut_at_the_cap(http: httpx.AsyncClient) -> None:
    async with NyaaStandIn() as nyaa:
        nyaa.mode = NyaaMode.HUGE
        started = time.monotonic()
        with pytest.raises(IndexerError, match="more than 1048576 bytes"):
            await NyaaClient(http, nyaa.url, max_bytes=1024 * 1024).search("frieren")
        assert time.monotonic() - started < 5


async def test_nyaa_down_is_an_indexer_error(http: httpx.AsyncClient) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # nothing listens on the port now
    with pytest.raises(IndexerError, match="unreachable") as caught:
        await NyaaClient(http, f"http://127.0.0.1:{port}").search("frieren")
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


async def test_the_client_recovers_when_nyaa_does(http: httpx.AsyncClient) -> None:
    async with NyaaStandIn([make_release("[G] Show - 01")]) as nyaa:
        client = NyaaClient(http, nyaa.url, total_timeout=0.5)
        nyaa.mode = NyaaMode.HANG
        with pytest.raises(IndexerError):
            await client.search("show")
        nyaa.mode = NyaaMode.OK
        assert len(await client.search("show")) == 1
