"""The one composition root: every resource the process uses is built and owned here.

`open_app` applies migrations and opens the database, qBittorrent (an existing one, or a
supervised qbittorrent-nox), the HTTP clients and every service, and closes them in reverse order.
`run` adds what runs until a stop signal: the HTTP server, the Telegram and Discord bots (each if
its token is set) and the scheduled jobs; `console` puts a terminal in front instead. Nothing here
runs at import.
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

from bot.accounts_wiring import build_account_services
from bot.automation import build_completion_watcher, running_automation
from bot.commands import Dispatcher, Services
from bot.console import PROMPT, Console, stdin_reader, write_stdout
from bot.discord.client import build_client as build_discord_client
from bot.discord.client import run_discord
from bot.discord.notifier import DiscordNotifier
from bot.feeds_wiring import feed_service
from bot.operations import OperationsParts, build_operations, build_retention
from bot.qbittorrent_nox import QbConnection, supervised_qbittorrent
from bot.settings import Settings, SettingsError
from bot.subscriptions_wiring import build_subscriptions
from bot.telegram.application import build_application, run_telegram
from bot.telegram.notifier import TelegramNotifier
from bot.telegram.webhook import WebhookReceiver, webhook_mode
from bot.web import anilist_callback
from bot.web.health import add_operations_routes
from bot.web.link_setup import build_file_service, link_server
from bot.web.server import build_web_app, serve
from domain.anilist.cache import CachedCatalog
from domain.anilist.client import AniListClient
from domain.anilist.limiter import RateLimiter
from domain.http import make_http_client
from domain.models import Platform
from domain.nyaa.client import NyaaClient
from domain.ports import Notifier
from domain.qbittorrent.gateway import QBittorrentGateway
from domain.services.airing import AiringWatcher
from domain.services.completions import CompletionWatcher
from domain.services.downloads import DownloadService
from domain.services.preferences import PreferenceService
from domain.services.retention import RetentionService
from domain.services.search import SearchService
from domain.services.watchlist import WatchlistService
from monitoring.metrics import Metrics
from storage.database import open_database
from storage.migrate import migrate
from storage.repositories.accounts import TortoiseAniListLinkRepository
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
    operations: OperationsParts
    completions: CompletionWatcher
    metrics: Metrics
    airing: AiringWatcher
    retention: RetentionService


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
        started_at = utc_now()
        metrics = Metrics()
        database = await stack.enter_async_context(open_database(settings.database_url))
        qbittorrent = await stack.enter_async_context(qbittorrent_connection(settings))
        torrents = await stack.enter_async_context(
            QBittorrentGateway(
                qbittorrent.url, qbittorrent.username, qbittorrent.password, metrics=metrics
            )
        )
        http = await stack.enter_async_context(make_http_client(metrics=metrics))
        operations = build_operations(
            settings,
            database=database,
            torrents=torrents,
            metrics=metrics,
            clock=utc_now,
            started_at=started_at,
        )
        anilist_client = AniListClient(http, settings.anilist_api_url, limiter=RateLimiter())
        catalog = CachedCatalog(anilist_client)
        nyaa = NyaaClient(http, settings.nyaa_url)
        search = SearchService(nyaa, catalog)
        users = TortoiseUserRepository()
        download_rows = TortoiseDownloadRepository()
        account_services = build_account_services(
            settings,
            users=users,
            downloads=download_rows,
            torrents=torrents,
            http=http,
            clock=utc_now,
            console_operator=CONSOLE_OPERATOR,
        )
        await account_services.accounts.settle_owners()
        downloads = DownloadService(
            users=users,
            requests=TortoiseDownloadRequestRepository(),
            downloads=download_rows,
            torrents=torrents,
            search=search,
            clock=utc_now,
            quotas=account_services.quotas,
            disk=operations.disk,
        )
        feeds = await stack.enter_async_context(
            feed_service(
                settings,
                users=users,
                downloads=downloads,
                download_rows=download_rows,
                clock=utc_now,
                metrics=metrics,
            )
        )
        subscriptions = build_subscriptions(
            schedule=anilist_client,
            catalog=catalog,
            index=nyaa,
            torrents=torrents,
            quotas=account_services.quotas,
            clock=utc_now,
        )
        services = Services(
            accounts=account_services.accounts,
            admin=account_services.admin,
            quotas=account_services.quotas,
            rate_limiter=account_services.rate_limiter,
            anilist=account_services.anilist,
            preferences=PreferenceService(users),
            search=search,
            downloads=downloads,
            stats=operations.stats,
            files=build_file_service(
                settings, users=users, downloads=download_rows, torrents=torrents, clock=utc_now
            ),
            feeds=feeds,
            subscriptions=subscriptions.service,
            watchlist=WatchlistService(
                anilist=anilist_client,  # the one client, so the one rate limiter
                links=account_services.anilist,
                link_rows=TortoiseAniListLinkRepository(),
                users=users,
                clock=utc_now,
            ),
        )
        yield App(
            settings=settings,
            services=services,
            dispatcher=Dispatcher(services, metrics=metrics),
            operations=operations,
            completions=build_completion_watcher(
                settings,
                torrents,
                utc_now,
                downloads=services.downloads,
                search=search,
                links=services.files.notice_link if services.files else None,
            ),
            metrics=metrics,
            airing=subscriptions.watcher,
            retention=build_retention(
                settings,
                downloads=services.downloads,
                torrents=torrents,
                disk=operations.disk,
                clock=utc_now,
            ),
        )


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
        web_app = build_web_app(links=link_server(app.services.files, settings))
        if app.services.anilist is not None and app.services.anilist.oauth_enabled:
            anilist_callback.register(web_app, app.services.anilist)
        add_operations_routes(web_app, app.operations.operations)
        webhook = receiver = None
        if settings.telegram_bot_token and settings.telegram_webhook_url:
            secret = settings.telegram_webhook_secret
            revealed = secret.reveal() if secret is not None else None
            webhook = webhook_mode(settings.telegram_webhook_url, revealed)
            receiver = WebhookReceiver(webhook)
            receiver.register(web_app)  # before the server starts: its routes freeze then
        await stack.enter_async_context(serve(web_app, settings.http_host, settings.http_port))
        notifiers: dict[Platform, Notifier] = {}
        if settings.telegram_bot_token:
            application = build_application(
                settings.telegram_bot_token.reveal(),
                settings.telegram_api_base_url,
                app.dispatcher,
                app.services,
                admin_chats=settings.admin_telegram_ids,
            )
            if receiver is not None:
                receiver.attach(application)
            await stack.enter_async_context(run_telegram(application, webhook=webhook))
            notifiers[Platform.TELEGRAM] = TelegramNotifier(application.bot)
        else:
            logger.info("TELEGRAM_BOT_TOKEN is not set: the Telegram bot stays off")
        if settings.discord_bot_token:
            discord_client = build_discord_client(app.dispatcher, app.services)
            await stack.enter_async_context(
                run_discord(discord_client, settings.discord_bot_token.reveal())
            )
            notifiers[Platform.DISCORD] = DiscordNotifier(discord_client)
        else:
            logger.info("DISCORD_BOT_TOKEN is not set: the Discord bot stays off")
        await stack.enter_async_context(
            running_automation(
                settings,
                completions=app.completions,
                notifiers=notifiers,
                clock=utc_now,
                metrics=app.metrics,
                feeds=app.services.feeds,
                airing=app.airing,
                backup=app.operations.backup_job,
                retention=app.retention,
                history=app.operations.history,
                watchlist=app.services.watchlist,
            )
        )
        await wait_for_stop_signal()


async def console(settings: Settings, *, interactive: bool) -> None:
    async with open_app(settings) as app:
        reader = await stdin_reader()
        await Console(
            app.dispatcher, reader, write_stdout, prompt=PROMPT if interactive else ""
        ).run()
