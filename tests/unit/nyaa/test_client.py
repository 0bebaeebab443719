"""NyaaClient over httpx.MockTransport: what it asks for and how each failure surfaces."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from domain.errors import IndexerError
from domain.http import make_http_client
from domain.nyaa.client import NyaaClient
from domain.ports import ReleaseIndex

Handler = Callable[[httpx.Request], httpx.Response]


def client(handler: object, **kwargs: float) -> NyaaClient:
    http = make_http_client(transport=httpx.MockTransport(handler))  # type: ignore[arg-type]
    return NyaaClient(http, "https://nyaa.example", **kwargs)  # type: ignore[arg-type]


async def endless() -> AsyncIterator[bytes]:
    while True:
        yield b"<item>" + b"x" * 65_536
        await asyncio.sleep(0)


async def test_search_asks_for_the_rss_and_parses_it(corpora: Path) -> None:
    body = (corpora / "nyaa/nomercy_nyaa_frieren_S01E13_search.xml").read_bytes()
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=body, headers={"Content-Type": "application/xml"})

    nyaa: ReleaseIndex = client(handler)
    releases = await nyaa.search("Frieren S01E13")
    assert len(releases) == 16
    [request] = seen
    assert str(request.url) == "https://nyaa.example/?page=rss&q=Frieren+S01E13&c=1_2&f=0"
    assert request.headers["User-Agent"] == "IIITorrent/0.1"


@pytest.mark.parametrize("status", [301, 403, 404, 429, 500, 502, 503])
async def test_non_2xx_is_an_indexer_error(status: int) -> None:
    nyaa = client(lambda request: httpx.Response(status, text="<html>nope</html>"))
    with pytest.raises(IndexerError, match=str(status)):
        await nyaa.search("x")


async def test_html_with_200_is_an_indexer_error() -> None:
    nyaa = client(lambda request: httpx.Response(200, text="<html><body>maintenance</body></html>"))
    with pytest.raises(IndexerError, match="not RSS"):
        await nyaa.search("x")


async def test_announced_oversize_body_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": str(50 * 1024**2)}, content=endless())

    with pytest.raises(IndexerError, match="announced"):
        await client(handler, max_bytes=1024**2).search("x")


async def test_streamed_oversize_body_is_cut_at_the_cap() -> None:
    nyaa = client(lambda request: httpx.Response(200, content=endless()), max_bytes=256 * 1024)
    with pytest.raises(IndexerError, match="more than 262144 bytes"):
        await nyaa.search("x")


async def test_a_hanging_server_is_bounded_by_the_total_timeout() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    started = time.monotonic()
    with pytest.raises(IndexerError, match=r"within 0\.2 s") as caught:
        await client(handler, total_timeout=0.2).search("x")
    assert time.monotonic() - started < 2
    assert isinstance(caught.value.__cause__, TimeoutError)


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectError("connection refused"),
        httpx.ReadTimeout("read timed out"),
        httpx.RemoteProtocolError("peer closed connection"),
    ],
)
async def test_transport_errors_become_indexer_errors(exc: httpx.HTTPError) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    with pytest.raises(IndexerError) as caught:
        await client(handler).search("x")
    assert caught.value.__cause__ is exc
