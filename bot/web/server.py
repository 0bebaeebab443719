"""The aiohttp server, run by hand in the process's one loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web

from bot.streaming.streamer import Streamer
from bot.web.connection_cap import DEFAULT_PER_ADDRESS, CappedProtocol, ConnectionCap
from bot.web.files import LinkServer
from bot.web.health import Operations, add_operations_routes
from bot.web.player import PlayerServer
from bot.web.quiet_log import QuietServerLog
from domain.services.files import FileService
from domain.services.playback import PlaybackService
from monitoring.metrics import Metrics

logger = logging.getLogger(__name__)


async def healthz(request: web.Request) -> web.Response:
    """Liveness: the loop answers. Readiness checks come with the operations work."""
    return web.Response(text="ok\n")


def build_web_app(
    *, links: LinkServer | None = None, player: PlayerServer | None = None
) -> web.Application:
    app = web.Application(client_max_size=64 * 1024)
    app.router.add_get("/healthz", healthz)
    if links is not None:
        links.register(app)
    if player is not None:
        player.register(app)  # the page, its streams and assets; links hand over to it
    return app


def build_public_app(
    files: FileService,
    *,
    streamer: Streamer | None = None,
    playback: PlaybackService | None = None,
) -> web.Application:
    """The public listener's app: /healthz, the links, and with a streamer the player (its page,
    streams and assets, and with `playback` its positions and "Mark watched"). The process and
    the tests both build it here, so they serve the same routes."""
    player = None
    if streamer is not None:
        player = PlayerServer(files, streamer, playback=playback)
    return build_web_app(links=LinkServer(files, player=player), player=player)


def build_metrics_app(operations: Operations) -> web.Application:
    """The private listener's app (METRICS_HOST:METRICS_PORT): /metrics, /readyz, /healthz."""
    app = build_web_app()
    add_operations_routes(app, operations)
    return app


# How long a connection may sit without a whole request's headers: from when it opens, and
# again from the end of each answer (keep-alive). aiohttp has one timer for both, and bytes
# trickling in do not restart it, so a client sending nothing and one sending a header byte a
# second are both shed. A download in progress is never cut: the timer waits for its answer.
IDLE_TIMEOUT = 15.0


@asynccontextmanager
async def serve(
    app: web.Application,
    host: str,
    port: int,
    *,
    idle_timeout: float = IDLE_TIMEOUT,
    connections_per_address: int = DEFAULT_PER_ADDRESS,
    metrics: Metrics | None = None,
) -> AsyncIterator[int]:
    """Serve until the block ends; yields the port actually bound (useful when port is 0).

    At most `connections_per_address` connections per peer address are open at once (0: no
    cap); further ones are closed on arrival, and counted in `metrics` when given.
    """
    runner = web.AppRunner(
        app,
        access_log=None,  # access logs would carry signed link URLs
        logger=QuietServerLog(logging.getLogger("aiohttp.server"), {}),
        keepalive_timeout=idle_timeout,  # aiohttp's default is an hour
    )
    await runner.setup()
    # The listener is made here, not by web.TCPSite, so each connection can be refused before
    # aiohttp's handler exists. `runner.server` (aiohttp's low-level web.Server) is the protocol
    # factory TCPSite itself passes to loop.create_server; closing is runner.cleanup's as before.
    handlers = runner.server
    assert handlers is not None  # set by setup()
    cap = ConnectionCap(connections_per_address)
    refused = metrics.http_connections_refused_total.inc if metrics is not None else None
    try:
        listener = await asyncio.get_running_loop().create_server(
            lambda: CappedProtocol(handlers, cap, on_refused=refused),
            host,
            port,
            backlog=128,  # TCPSite's
        )
    except BaseException:
        await runner.cleanup()
        raise
    sockets = listener.sockets
    bound = sockets[0].getsockname()[1] if sockets else port
    logger.info("HTTP server listening on %s:%d", host, bound)
    try:
        yield bound
    finally:
        listener.close()  # stop accepting; open connections are runner.cleanup's to close
        await runner.cleanup()
