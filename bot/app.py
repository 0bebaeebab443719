"""The one composition root: every resource the process uses is built and owned here.

`open_app` opens the database, qBittorrent (an existing one, or a supervised qbittorrent-nox), the
HTTP clients and the services, and closes them in reverse order. `run` adds the long-running front
ends (HTTP server, Telegram) and waits for a stop signal; `console` puts a terminal in front
instead. Nothing here runs at import.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import signal
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.commands import Dispatcher, Services
from bot.console import PROMPT, Console, stdin_reader, write_stdout
from bot.qbittorrent_nox import QbConnection, supervised_qbittorrent
from bot.settings import Settings, SettingsError
from bot.telegram.application import build_application, run_telegram
from bot.web.server import build_web_app, serve
from domain.anilist.cache import CachedCatalog
from domain.anilist.client import AniListClient
from domain.anilist.limiter import RateLimiter
from domain.http import make_http_client
from domain.models import Platform
from domain.nyaa.client import NyaaClient
from domain.qbittorrent.gateway import QBittorrentGateway
from domain.services.accounts import AccountService
from domain.services.downloads import DownloadService
from domain.services.search import SearchService
from storage.database import open_database
from storage.migrate import migrate
from storage.repositories.download_requests import TortoiseDownloadRequestRepository
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.users import TortoiseUserRepository

logger = logging.getLogger(__name__)

CONSOLE_OPERATOR = "operator"


@dataclass(frozen=True, slots=True)
class App:
    settings: Settings
    services: Services
    dispatcher: Dispatcher


def utc_now() -> datetime:
    return datetime.now(UTC)


@asynccontextmanager
async def qbittorrent_connection(settings: Settings) -> AsyncIterator[QbConnection]:
    """The configured qBittorrent, or a qbittorrent-nox of our own when none is configured."""
    if settings.qbittorrent_url:
        yield QbConnection(
            url=settings.qbittorrent_url,
            username=settings.qbittorrent_username,
            password=settings.qbittorrent_password.reveal(),
        )
        return
    if shutil.which("qbittorrent-nox") is None:
        raise SettingsError(
            "QBITTORRENT_URL is not set and qbittorrent-nox is not on the PATH: "
            "set QBITTORRENT_URL or install qbittorrent-nox"
        )
    async with supervised_qbittorrent(
        settings.data_dir, settings.download_dir, dht=settings.qbittorrent_dht
    ) as connection:
        yield connection


@asynccontextmanager
async def open_app(settings: Settings) -> AsyncIterator[App]:
    async with AsyncExitStack() as stack:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        applied = await migrate(settings.database_url)
        if applied:
            logger.info("applied migrations: %s", ", ".join(applied))
        await stack.enter_async_context(open_database(settings.database_url))
        qbittorrent = await stack.enter_async_context(qbittorrent_connection(settings))
        torrents = await stack.enter_async_context(
            QBittorrentGateway(qbittorrent.url, qbittorrent.username, qbittorrent.password)
        )
        http = await stack.enter_async_context(make_http_client())
        catalog = CachedCatalog(
            AniListClient(http, settings.anilist_api_url, limiter=RateLimiter())
        )
        search = SearchService(NyaaClient(http, settings.nyaa_url), catalog)
        users = TortoiseUserRepository()
        services = Services(
            accounts=AccountService(
                users,
                {
                    Platform.TELEGRAM: settings.admin_telegram_ids,
                    Platform.DISCORD: settings.admin_discord_ids,
                    Platform.CONSOLE: frozenset({CONSOLE_OPERATOR}),
                },
            ),
            search=search,
            downloads=DownloadService(
                users=users,
                requests=TortoiseDownloadRequestRepository(),
                downloads=TortoiseDownloadRepository(),
                torrents=torrents,
                search=search,
                clock=utc_now,
            ),
        )
        yield App(settings=settings, services=services, dispatcher=Dispatcher(services))


async def wait_for_stop_signal() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    logger.info("stop signal received, shutting down")


async def run(settings: Settings) -> None:
    async with open_app(settings) as app, AsyncExitStack() as stack:
        picked_up = await app.services.downloads.resume_unfinished()
        if picked_up:
            logger.info("finished %d requests left over from the last run", picked_up)
        await stack.enter_async_context(
            serve(build_web_app(), settings.http_host, settings.http_port)
        )
        if settings.telegram_bot_token:
            application = build_application(
                settings.telegram_bot_token.reveal(),
                settings.telegram_api_base_url,
                app.dispatcher,
                app.services,
            )
            await stack.enter_async_context(run_telegram(application))
        else:
            logger.info("TELEGRAM_BOT_TOKEN is not set: the Telegram bot stays off")
        await wait_for_stop_signal()


async def console(settings: Settings, *, interactive: bool) -> None:
    async with open_app(settings) as app:
        reader = await stdin_reader()
        await Console(
            app.dispatcher, reader, write_stdout, prompt=PROMPT if interactive else ""
        ).run()
