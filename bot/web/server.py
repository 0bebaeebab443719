"""The aiohttp server, run by hand in the process's one loop."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web

from bot.web.files import LinkServer
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


@asynccontextmanager
async def serve(app: web.Application, host: str, port: int) -> AsyncIterator[int]:
    """Serve until the block ends; yields the port actually bound (useful when port is 0)."""
    runner = web.AppRunner(
        app,
        access_log=None,  # access logs would carry signed link URLs
        logger=QuietServerLog(logging.getLogger("aiohttp.server"), {}),
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
