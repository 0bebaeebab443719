"""A loopback server of RSS feeds, good and hostile, for the feed poller.

Each feed lives at `/feeds/<name>` with its own items and mode. A good feed is Nyaa's RSS (see
`tests.standins.nyaa.build_feed`) with an `ETag` and a `Last-Modified`, and answers a matching
`If-None-Match` or `If-Modified-Since` with 304. The hostile modes: one that never answers, one
that sends a byte at a time, one whose body never ends, malformed XML, an XML bomb (billion
laughs), an absurdly deep tree, an error status, and a redirect.

    async with FeedStandIn() as server:
        server.feed("good").releases = [make_release("[Group] Show - 05 (1080p)")]
        server.feed("stuck").mode = FeedMode.HANG
        url = server.url_of("good")
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from enum import StrEnum
from types import TracebackType

from aiohttp import web

from domain.models import Release
from tests.standins.nyaa import build_feed, feed_head, make_release, render_item

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>
<guid>x</guid></item></channel></rss>"""

EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
MALFORMED = b'<rss version="2.0"><channel><item><title>half an item</title></channel>'


def deep_tree(depth: int = 5000) -> bytes:
    return b'<rss version="2.0">' + b"<a>" * depth + b"</a>" * depth + b"</rss>"


class FeedMode(StrEnum):
    OK = "ok"
    HANG = "hang"  # accept the request, never answer
    TRICKLE = "trickle"  # the real feed, one byte every `trickle_interval` seconds
    HUGE = "huge"  # a 200 RSS body that never ends
    MALFORMED = "malformed"
    BOMB = "bomb"  # entity expansion ("billion laughs")
    DEEP = "deep"  # thousands of nested elements
    STATUS = "status"  # `status_code` with an HTML page
    REDIRECT = "redirect"  # 302 to `location`
    RAW = "raw"  # `body` as it is


@dataclass(slots=True)
class ServedFeed:
    releases: list[Release] = field(default_factory=list)
    mode: FeedMode = FeedMode.OK
    status_code: int = 503
    location: str = ""
    body: bytes = b""
    trickle_interval: float = 0.05
    validators: bool = True  # send ETag and Last-Modified, and honour them
    requests: int = 0
    not_modified: int = 0  # answers of 304
    etag: str = ""
    version: int = 0


class FeedStandIn:
    """Feeds on a free loopback port, for as long as the `async with` lasts."""

    def __init__(self, *, host: str = "127.0.0.1") -> None:
        self.feeds: dict[str, ServedFeed] = {}
        self.torrent_files: dict[str, bytes] = {}
        self._host = host
        self._port = 0
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()

    @property
    def url(self) -> str:
        if not self._port:
            raise RuntimeError("the stand-in is not running")
        return f"http://{self._host}:{self._port}"

    def feed(self, name: str) -> ServedFeed:
        return self.feeds.setdefault(name, ServedFeed())

    def url_of(self, name: str) -> str:
        self.feed(name)
        return f"{self.url}/feeds/{name}"

    async def __aenter__(self) -> FeedStandIn:
        app = web.Application()
        app.router.add_get("/feeds/{name}", self._serve)
        app.router.add_get("/torrents/{name}", self._torrent)
        self._closing = asyncio.Event()
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, 0, backlog=512)
        await site.start()
        self._port = self._runner.addresses[0][1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._closing.set()  # lets hanging, trickling and endless answers end
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None
        self._port = 0

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        served = self.feeds.get(request.match_info["name"])
        if served is None:
            raise web.HTTPNotFound()
        served.requests += 1
        mode = FeedMode(served.mode)
        if mode is FeedMode.HANG:
            await self._closing.wait()
            raise web.HTTPServiceUnavailable()
        if mode is FeedMode.STATUS:
            return web.Response(status=served.status_code, text="<html>down</html>")
        if mode is FeedMode.REDIRECT:
            raise web.HTTPFound(served.location)
        if mode is FeedMode.MALFORMED:
            return _xml(MALFORMED)
        if mode is FeedMode.BOMB:
            return _xml(BILLION_LAUGHS)
        if mode is FeedMode.DEEP:
            return _xml(deep_tree())
        if mode is FeedMode.RAW:
            return _xml(served.body)
        if mode is FeedMode.HUGE:
            return await self._endless(request)
        body = build_feed(served.releases, base_url=self.url)
        if mode is FeedMode.TRICKLE:
            return await self._stream(request, body, served.trickle_interval)
        headers = {"Content-Type": "application/xml"}
        if served.validators:
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if etag != served.etag:  # a new version of the feed, a second later than the last
                served.etag = etag
                served.version += 1
            modified = format_datetime(EPOCH + timedelta(seconds=served.version), usegmt=True)
            headers["ETag"] = etag
            headers["Last-Modified"] = modified
            if (
                request.headers.get("If-None-Match") == etag
                or request.headers.get("If-Modified-Since") == modified
            ):
                served.not_modified += 1
                return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=body, headers=headers)

    async def _torrent(self, request: web.Request) -> web.Response:
        data = self.torrent_files.get(request.match_info["name"])
        if data is None:
            raise web.HTTPNotFound()
        return web.Response(body=data, headers={"Content-Type": "application/x-bittorrent"})

    async def _stream(
        self, request: web.Request, body: bytes, interval: float
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/xml"})
        await response.prepare(request)
        try:
            for index in range(len(body)):
                if self._closing.is_set():
                    break
                await response.write(body[index : index + 1])
                await asyncio.sleep(interval)
        except ConnectionError:
            pass  # the client gave up, as it should
        return response

    async def _endless(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/xml"})
        await response.prepare(request)
        filler = "".join(render_item(make_release(f"Filler {n}")) for n in range(100)).encode()
        try:
            await response.write(feed_head(None, self.url).encode())
            while not self._closing.is_set():
                await response.write(filler)
        except ConnectionError:
            pass
        return response


def _xml(body: bytes) -> web.Response:
    return web.Response(body=body, headers={"Content-Type": "application/xml"})


def releases(prefix: str, count: int, *, start: int = 0) -> Sequence[Release]:
    """`count` distinct releases of a show called `prefix`, episodes from `start + 1`."""
    return [
        make_release(f"[SubsPlease] {prefix} - {n:02d} (1080p) [ABCD{n:04d}].mkv")
        for n in range(start + 1, start + count + 1)
    ]
