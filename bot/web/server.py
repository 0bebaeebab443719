"""The aiohttp server, run by hand in the process's one loop."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web

from bot.web.files import LinkServer
from bot.web.health import Operations, add_operations_routes
from bot.web.quiet_log import QuietServerLog

logger = logging.getLogger(__name__)


async def healthz(request: web.Request) -> web.Response:
    """Liveness: the loop answers. Readiness checks come with the operations work."""
    return web.Response(text="ok\n")


def build_web_app(*, links: LinkServer | None = None) -> web.Application:
    app = web.Application(client_max_size=64 * 1024)
    app.router.add_get("/healthz", healthz)
    if links is not None:
        links.register(app)
    return app


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
    app: web.Application, host: str, port: int, *, idle_timeout: float = IDLE_TIMEOUT
) -> AsyncIterator[int]:
    """Serve until the block ends; yields the port actually bound (useful when port is 0)."""
    runner = web.AppRunner(
        app,
        access_log=None,  # access logs would carry signed link URLs
        logger=QuietServerLog(logging.getLogger("aiohttp.server"), {}),
        keepalive_timeout=idle_timeout,  # aiohttp's default is an hour
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    server = site._server
    sockets = getattr(server, "sockets", None) or []
    bound = sockets[0].getsockname()[1] if sockets else port
    logger.info("HTTP server listening on %s:%d", host, bound)
    try:
        yield bound
    finally:
        await runner.cleanup()
