"""The process: real adapters opened and owned here, the services built once by `bot/bootstrap.py`.

`open_app` applies migrations and opens the database, qBittorrent (an existing one, or a
supervised qbittorrent-nox), the HTTP clients and the secrets under DATA_DIR, hands them to
`build_box`, and closes them in reverse order. `run` adds what runs until a stop signal: the HTTP
server, the Telegram and Discord bots (each if its token is set), the scheduled jobs and, on
PostgreSQL, the listener that wakes this process's outbox for other processes' notices; `console`
puts a terminal in front instead. `serve_files` opens the same box without changing the
database (`open_file_server`) and serves only the public file server, built for both by
`public_app`. Nothing here runs at import.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import shutil
import signal
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager, nullcontext
from datetime import UTC, datetime

import httpx
from aiohttp import web

from bot.bootstrap import Adapters, Box, Keys, Repositories, anilist_link_service, build_box
from bot.console import PROMPT, Console, stdin_reader, write_stdout
from bot.keys import encryption_keys, existing_keys, keys
from bot.qbittorrent_nox import QbConnection, supervised_qbittorrent
from bot.settings import Settings, SettingsError
from bot.streaming.streamer import CACHE_FOLDER, Streamer, tools_installed
from bot.web import anilist_callback
from bot.web.health import add_readiness_routes
from bot.web.server import build_metrics_app, build_public_app, serve
from domain.airing.recent import RecentSearches
from domain.anilist.accounts import AniListAccounts
from domain.anilist.cache import CachedCatalog
from domain.anilist.client import AniListClient
from domain.anilist.limiter import RateLimiter
from domain.feeds.fetcher import FeedFetcher
from domain.http import make_http_client
from domain.models import Platform
from domain.nyaa.client import NyaaClient
from domain.picks import MemoryPickLists
from domain.qbittorrent.gateway import QBittorrentGateway
from domain.security.ratelimit import MemoryRateBuckets
from domain.system import DiskSpace, SystemProbe
from monitoring.metrics import Metrics
from scheduler.jobs import jobs
from scheduler.leader import leader_for
from scheduler.runner import running_jobs
from storage.backup import BackupFolder
from storage.database import open_database
from storage.migrate import migrate, require_migrated
from storage.repositories.accounts import (
    TortoiseAniListLinkRepository,
    TortoiseAuditLog,
    TortoiseInviteRepository,
    TortoiseOAuthStateStore,
    TortoiseQuotaRepository,
)
from storage.repositories.broadcasts import TortoiseBroadcastLog
from storage.repositories.completions import TortoiseCompletionRepository
from storage.repositories.connect_codes import TortoiseConnectCodeStore
from storage.repositories.counts import TortoiseCounts
from storage.repositories.download_requests import TortoiseDownloadRequestRepository
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.feeds import TortoiseFeedRepository
from storage.repositories.outbox import TortoiseOutboxRepository
from storage.repositories.pick_lists import PostgresPickLists
from storage.repositories.playback import TortoisePlaybackPositionRepository
from storage.repositories.rate_buckets import PostgresRateBuckets
from storage.repositories.retention import TortoiseWarningLog
from storage.repositories.send_slots import PostgresSendSlots
from storage.repositories.subscriptions import TortoiseSubscriptionRepository
from storage.repositories.switches import TortoiseSwitchRepository
from storage.repositories.users import TortoiseUserRepository
from storage.urls import direct_connection, parse_database_url

logger = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


def tortoise_repositories() -> Repositories:
    return Repositories(
        users=TortoiseUserRepository(),
        requests=TortoiseDownloadRequestRepository(),
        downloads=TortoiseDownloadRepository(),
        invites=TortoiseInviteRepository(),
        audit=TortoiseAuditLog(),
        broadcasts=TortoiseBroadcastLog(),
        quotas=TortoiseQuotaRepository(),
        anilist_links=TortoiseAniListLinkRepository(),
        oauth_states=TortoiseOAuthStateStore(),
        connect_codes=TortoiseConnectCodeStore(),
        outbox=TortoiseOutboxRepository(),
        completions=TortoiseCompletionRepository(),
        switches=TortoiseSwitchRepository(),
        subscriptions=TortoiseSubscriptionRepository(),
        feeds=TortoiseFeedRepository(),
        warnings=TortoiseWarningLog(),
        counts=TortoiseCounts(),
        positions=TortoisePlaybackPositionRepository(),
    )


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
async def qbittorrent_gateways(
    settings: Settings, metrics: Metrics
) -> AsyncIterator[QBittorrentGateway | dict[str, QBittorrentGateway]]:
    """One gateway per QBITTORRENT_NODES node, by name; without nodes, the one qBittorrent."""
    async with AsyncExitStack() as stack:
        if settings.qbittorrent_nodes:
            gateways = {}
            for node in settings.qbittorrent_nodes:
                gateways[node.name] = await stack.enter_async_context(
                    QBittorrentGateway(
                        node.url, node.username, node.password.reveal(), metrics=metrics
                    )
                )
            yield gateways
            return
        qbittorrent = await stack.enter_async_context(qbittorrent_connection(settings))
        yield await stack.enter_async_context(
            QBittorrentGateway(
                qbittorrent.url, qbittorrent.username, qbittorrent.password, metrics=metrics
            )
        )


def anilist_clients(
    settings: Settings, http: httpx.AsyncClient, limiter: RateLimiter
) -> tuple[AniListClient, AniListAccounts]:
    """Every AniList call, the users' own included, waits on the one limiter."""
    return (
        AniListClient(http, settings.anilist_api_url, limiter=limiter),
        AniListAccounts(
            http,
            api_url=settings.anilist_api_url,
            token_url=settings.anilist_oauth_url + "/token",
            limiter=limiter,
        ),
    )


@asynccontextmanager
async def open_adapters(
    settings: Settings, metrics: Metrics, *, secrets: Keys | None = None
) -> AsyncIterator[Adapters]:
    """`secrets`: the keys to use; by default the settings' or those generated under DATA_DIR."""
    async with AsyncExitStack() as stack:
        started_at = utc_now()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        secrets = secrets if secrets is not None else keys(settings)
        database = await stack.enter_async_context(open_database(settings.database_url))
        torrents = await stack.enter_async_context(qbittorrent_gateways(settings, metrics))
        http = await stack.enter_async_context(make_http_client(metrics=metrics))
        # Feeds follow redirects themselves, hop by hop, so each hop's address is checked.
        feed_http = await stack.enter_async_context(
            make_http_client(metrics=metrics, follow_redirects=False)
        )
        anilist, accounts = anilist_clients(settings, http, RateLimiter())
        # Several processes may share PostgreSQL, and a button pressed under one's reply may
        # reach another: what a user did a moment ago is kept where all of them see it.
        shared = parse_database_url(settings.database_url).dialect == "postgres"
        yield Adapters(
            repositories=tortoise_repositories(),
            torrents=torrents,
            # Detection and every subscriber's ranking repeat the same Nyaa queries within
            # seconds: remembered briefly, they cost Nyaa one request per show and episode.
            index=RecentSearches(NyaaClient(http, settings.nyaa_url)),
            catalog=CachedCatalog(anilist),
            schedule=anilist,
            anilist=anilist,
            anilist_accounts=accounts,
            feed_source=FeedFetcher(feed_http, allow_private=settings.feeds_allow_private),
            free_space=DiskSpace(settings.download_dir),
            system=SystemProbe(settings.download_dir),
            database=database,
            backups=BackupFolder(
                settings.database_url, settings.data_dir / "backups", keep=settings.backup_keep
            ),
            keys=secrets,
            clock=utc_now,
            monotonic=time.monotonic,
            picks=PostgresPickLists() if shared else MemoryPickLists(),
            rate_buckets=PostgresRateBuckets() if shared else MemoryRateBuckets(time.monotonic),
            started_at=started_at,
        )


@asynccontextmanager
async def open_app(settings: Settings) -> AsyncIterator[Box]:
    applied = await migrate(settings.database_url)
    if applied:
        logger.info("applied migrations: %s", ", ".join(applied))
    metrics = Metrics()
    async with open_adapters(settings, metrics) as adapters:
        box = build_box(settings, adapters, metrics=metrics)
        await box.services.accounts.settle_owners()
        yield box


@asynccontextmanager
async def open_file_server(settings: Settings) -> AsyncIterator[Box]:
    """The box as `serve-files` needs it, beside a box that owns the database: it refuses a
    schema behind the code instead of migrating it, makes no keys of its own, and writes nothing
    at start (no owners settled)."""
    if not settings.qbittorrent_url:
        raise SettingsError(
            "serve-files serves the files of an existing qBittorrent: set QBITTORRENT_URL to "
            "this node's qBittorrent Web API"
        )
    secrets = existing_keys(settings)
    await require_migrated(settings.database_url)
    metrics = Metrics()
    async with open_adapters(settings, metrics, secrets=secrets) as adapters:
        yield build_box(settings, adapters, metrics=metrics)


@asynccontextmanager
async def public_app(box: Box) -> AsyncIterator[web.Application]:
    """The public listener's app as `run` and `serve-files` both serve it: the links, the player
    (when ffmpeg is installed; its jobs end with the block), `/healthz` and `/readyz`. Routes
    may be added until it is served."""
    settings, services = box.settings, box.services
    async with AsyncExitStack() as stack:
        streamer = None
        if tools_installed():
            # Owned here: leaving the block cancels every ffmpeg job, which kills its process.
            streamer = await stack.enter_async_context(
                Streamer(
                    settings.data_dir / CACHE_FOLDER,
                    cache_bytes=settings.stream_cache_bytes,
                    transcode_slots=settings.transcode_slots,
                )
            )
        else:
            logger.warning("ffmpeg or ffprobe is not installed: links serve files, no player")
        app = build_public_app(services.files, streamer=streamer, playback=box.playback)
        add_readiness_routes(app, box.operations)  # /metrics: the private listener only
        yield app


def serve_public(app: web.Application, box: Box) -> AbstractAsyncContextManager[int]:
    settings = box.settings
    return serve(
        app,
        settings.http_host,
        settings.http_port,
        connections_per_address=settings.web_connections_per_address,
        metrics=box.metrics,
    )


def hearing_other_processes(box: Box) -> AbstractAsyncContextManager[object]:
    """What rings this process's doorbell when another process writes a notice: on PostgreSQL a
    connection LISTENing for the outbox's NOTIFY; SQLite serves one process, nothing to hear."""
    database_url = box.settings.database_url
    if parse_database_url(database_url).dialect != "postgres":
        return nullcontext()
    # Imported here: asyncpg takes ~0.06 s to import, which a SQLite box never needs.
    from storage.listener import OutboxListener

    return OutboxListener(database_url, box.doorbell.ring)


async def wait_for_stop_signal() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    logger.info("stop signal received, shutting down")


async def run(settings: Settings) -> None:
    async with open_app(settings) as box, AsyncExitStack() as stack:
        services = box.services
        # PostgreSQL may be shared by several processes: one leads (jobs, Telegram polling).
        url = parse_database_url(settings.database_url)
        shared = url.dialect == "postgres"
        leader = leader_for(direct_connection(url) if shared else None)
        picked_up = await services.downloads.resume_unfinished()
        if picked_up:
            logger.info("finished %d requests left over from the last run", picked_up)
        web_app = await stack.enter_async_context(public_app(box))
        # Before the front-ends, which follow its snapshots: it reads the followed torrents
        # itself while this process's completion watcher does not run (it does on the leader).
        await stack.enter_async_context(box.progress)
        if services.anilist.oauth_enabled:
            anilist_callback.register(web_app, services.anilist)
        webhook = receiver = None
        if settings.telegram_bot_token and settings.telegram_webhook_url:
            from bot.telegram.webhook import WebhookReceiver, webhook_mode

            secret = settings.telegram_webhook_secret
            revealed = secret.reveal() if secret is not None else None
            webhook = webhook_mode(
                settings.telegram_webhook_url,
                revealed,
                token=settings.telegram_bot_token.reveal(),
            )
            receiver = WebhookReceiver(webhook)
            receiver.register(web_app)  # before the server starts: its routes freeze then
        await stack.enter_async_context(serve_public(web_app, box))
        await stack.enter_async_context(
            serve(build_metrics_app(box.operations), settings.metrics_host, settings.metrics_port)
        )
        if settings.telegram_bot_token:
            # python-telegram-bot takes ~0.1 s to import: off the loop, so that the HTTP server
            # started above answers (/healthz, links) while the bot starts.
            await asyncio.to_thread(importlib.import_module, "bot.telegram.application")
            from bot.telegram.application import build_application, run_telegram
            from bot.telegram.notifier import TelegramNotifier

            application = build_application(
                settings.telegram_bot_token.reveal(),
                settings.telegram_api_base_url,
                box.dispatcher,
                services,
                box.progress,
                admin_chats=settings.admin_telegram_ids,
                # Every process on one PostgreSQL sends with this token: one pace for them all.
                send_slots=PostgresSendSlots() if shared else None,
            )
            if receiver is not None:
                receiver.attach(application)
            await stack.enter_async_context(
                # Telegram takes one poller per token: with several processes, the leader's.
                run_telegram(application, webhook=webhook, leader=leader if shared else None)
            )
            box.notifiers[Platform.TELEGRAM] = TelegramNotifier(application.bot)
        else:
            logger.info("TELEGRAM_BOT_TOKEN is not set: the Telegram bot stays off")
        if settings.discord_bot_token:
            # Imported only when on: discord.py is about 8 MiB and 0.15 s of every start.
            from bot.discord.client import Shards, run_discord
            from bot.discord.client import build_client as build_discord_client
            from bot.discord.endpoint import use_api_base_url
            from bot.discord.notifier import DiscordNotifier
            from bot.discord.sync import COMMANDS_STATE_FILE

            use_api_base_url(settings.discord_api_base_url)
            discord_client = build_discord_client(
                box.dispatcher,
                services,
                box.progress,
                sync_state=settings.data_dir / COMMANDS_STATE_FILE,
                shards=(
                    Shards(settings.discord_shard_count, settings.discord_shard_ids)
                    if settings.discord_shard_count
                    else None
                ),
            )
            await stack.enter_async_context(
                run_discord(discord_client, settings.discord_bot_token.reveal())
            )
            box.notifiers[Platform.DISCORD] = DiscordNotifier(discord_client)
        else:
            logger.info("DISCORD_BOT_TOKEN is not set: the Discord bot stays off")
        # Listening before the jobs start and until they have stopped: the outbox job hears of
        # every notice written meanwhile, by any process.
        await stack.enter_async_context(hearing_other_processes(box))
        await stack.enter_async_context(
            running_jobs(
                jobs(box.automation()),
                leader=leader,
                metrics=box.metrics,
                history=box.history,
            )
        )
        await wait_for_stop_signal()


async def serve_files(settings: Settings) -> None:
    """`iiitorrent serve-files`: this node's files on HTTP_HOST:HTTP_PORT and nothing else."""
    async with (
        open_file_server(settings) as box,
        public_app(box) as web_app,
        serve_public(web_app, box),
    ):
        await wait_for_stop_signal()


async def console(settings: Settings, *, interactive: bool) -> None:
    async with open_app(settings) as app:
        reader = await stdin_reader()
        await Console(
            app.dispatcher, reader, write_stdout, prompt=PROMPT if interactive else ""
        ).run()


async def reencrypt_tokens(settings: Settings) -> tuple[int, int]:
    """`iiitorrent admin reencrypt`: every stored token under the first key; returns
    (re-encrypted, dropped because no key opens them)."""
    await migrate(settings.database_url)
    async with open_database(settings.database_url), make_http_client() as http:
        _, accounts = anilist_clients(settings, http, RateLimiter())
        service = anilist_link_service(
            settings,
            tortoise_repositories(),
            Keys(link=(), encryption=tuple(encryption_keys(settings))),
            accounts=accounts,
            clock=utc_now,
        )
        return await service.reencrypt()
