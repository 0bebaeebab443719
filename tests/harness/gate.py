"""A loopback gate in front of a real qbittorrent-nox's Web API, to stop one call mid-way.

Everything passes through unchanged, except the first `torrents/add` after `hold(...)`:

- `hold("before")` keeps the add from qBittorrent: the caller is inside its add, qBittorrent has
  not heard of the torrent;
- `hold("after")` passes the add on and keeps qBittorrent's answer from the caller: qBittorrent
  has taken the torrent, the caller does not know it yet.

`reached` is set the moment either point is reached, so a test can kill the caller exactly there
(no sleeping); `release()` lets the held call end (with a 503, to a caller that is usually dead by
then). Later adds pass, as for the restarted process.

    async with QbittorrentGate(qbittorrent.url) as gate:
        gate.hold("after")
        ...  # point the box at gate.url and make it add a torrent
        await gate.wait_reached()
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Literal, Self

from aiohttp import ClientSession, ClientTimeout, web
from multidict import CIMultiDict

ADD_PATH = "/api/v2/torrents/add"
# Per hop, not passed on (RFC 9110 §7.6.1), and what aiohttp sets itself.
_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        "content-encoding",
    }
)
Point = Literal["before", "after"]


class QbittorrentGate:
    def __init__(self, upstream: str, *, host: str = "127.0.0.1") -> None:
        self.upstream = upstream.rstrip("/")
        self.adds = 0  # `torrents/add` calls passed on to qBittorrent
        self.reached = asyncio.Event()
        self._point: Point | None = None
        self._released = asyncio.Event()
        self._host = host
        self._port = 0
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None

    @property
    def url(self) -> str:
        if not self._port:
            raise RuntimeError("the gate is not running")
        return f"http://{self._host}:{self._port}"

    def hold(self, point: Point) -> None:
        """Hold the next `torrents/add` at `point`."""
        self._point = point
        self.reached.clear()
        self._released.clear()

    async def wait_reached(self, *, within: float = 60.0) -> None:
        await asyncio.wait_for(self.reached.wait(), within)

    def release(self) -> None:
        self._point = None
        self._released.set()

    async def __aenter__(self) -> Self:
        self._session = ClientSession(timeout=ClientTimeout(total=60))
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()
        self._runner = self._session = None
        self._port = 0

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        assert self._session is not None
        body = await request.read()
        point = self._point if request.path == ADD_PATH else None
        if point is not None:
            self._point = None  # one add only
        if point == "before":
            await self._held()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP}
        async with self._session.request(
            request.method,
            self.upstream + request.rel_url.raw_path_qs,
            headers=headers,
            data=body,
            allow_redirects=False,
        ) as answer:
            content = await answer.read()
            status = answer.status
            answer_headers = [(k, v) for k, v in answer.headers.items() if k.lower() not in _HOP]
        if request.path == ADD_PATH:
            self.adds += 1
        if point == "after":
            await self._held()
        return web.Response(status=status, body=content, headers=CIMultiDict(answer_headers))

    async def _held(self) -> None:
        self.reached.set()
        await self._released.wait()
        raise web.HTTPServiceUnavailable(text="the gate held this call")
