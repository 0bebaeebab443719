"""Every service of the process, built exactly once, from the settings and the adapters.

`build_box` is the one place a service is made. It takes what the services run on — the
repositories, the outside systems, time and keys, gathered in `Adapters` — and returns the `Box`:
each service once, each wired to the same adapters, so a guard (the disk floor, the AniList rate
limit, quotas) holds on every path. Production hands it Tortoise repositories and real clients
(`bot/app.py`, which owns their lifetimes); tests hand it fakes (`tests/world.py`). It does no I/O,
so a box is built instantly and never half-way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Protocol

from bot.commands import Dispatcher, Services, StrangerRefusals
from bot.settings import Settings
from bot.web import anilist_callback
from bot.web.health import Check, Operations
from domain.links.tokens import LinkKey, LinkSigner
from domain.models import DEFAULT_NODE, Platform
from domain.notifications.dispatcher import OutboxDispatcher
from domain.notifications.doorbell import (
    Doorbell,
    RingingBroadcasts,
    RingingCompletions,
    RingingOutbox,
)
from domain.ports import (
    AiringSource,
    AniListLinkRepository,
    AnimeCatalog,
    AuditLog,
    BroadcastLog,
    Clock,
    CompletionRepository,
    ConnectCodeStore,
    DownloadRepository,
    DownloadRequestRepository,
    FeedRepository,
    FeedSource,
    InviteRepository,
    Notifier,
    OAuthStateStore,
    OutboxRepository,
    PickLists,
    PlaybackPositionRepository,
    QuotaRepository,
    RateBuckets,
    ReleaseIndex,
    SubscriptionRepository,
    SwitchRepository,
    TorrentBackend,
    UserRepository,
)
from domain.qbittorrent.pool import NodePool, PoolNode
from domain.retention import RetentionPolicy
from domain.security.crypto import TokenCipher
from domain.security.ratelimit import Rate, UserRateLimiter
from domain.security.states import derive_key
from domain.services.accounts import AccountService
from domain.services.admin import AdminService
from domain.services.airing import AiringWatcher
from domain.services.anilist_link import AniListIdentity, AniListLinkService, OAuthApp
from domain.services.completions import CompletionWatcher
from domain.services.disk import DiskGuard, FreeSpace
from domain.services.downloads import DownloadService
from domain.services.fallback import StallFallback
from domain.services.feeds import FeedService
from domain.services.files import FileService, FileSite
from domain.services.identities import IdentityLinks
from domain.services.playback import PlaybackService
from domain.services.preferences import PreferenceService
from domain.services.progress_feed import ProgressFeed
from domain.services.quotas import Limits, QuotaService
from domain.services.retention import RetentionService, WarningLog
from domain.services.search import SearchService
from domain.services.stats import BackupInfo, Counts, HealthCheck, StatsService, SystemReader
from domain.services.subscriptions import SubscriptionService
from domain.services.watchlist import GraphQL, WatchlistService
from domain.services.watchlist_auto import WatchlistAutomation
from monitoring.metrics import Metrics
from scheduler.backups import BackupJob
from scheduler.history import RunHistory
from scheduler.jobs import Automation

CONSOLE_OPERATOR = "operator"


class Backups(Protocol):
    """The database's backups under DATA_DIR/backups."""

    async def latest(self) -> BackupInfo | None: ...

    async def make(self) -> BackupInfo: ...

    async def prune(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Repositories:
    """Every store the services keep state in."""

    users: UserRepository
    requests: DownloadRequestRepository
    downloads: DownloadRepository
    invites: InviteRepository
    audit: AuditLog
    broadcasts: BroadcastLog
    quotas: QuotaRepository
    anilist_links: AniListLinkRepository
    oauth_states: OAuthStateStore
    connect_codes: ConnectCodeStore
    outbox: OutboxRepository
    completions: CompletionRepository
    switches: SwitchRepository
    subscriptions: SubscriptionRepository
    feeds: FeedRepository
    warnings: WarningLog
    counts: Counts
    positions: PlaybackPositionRepository  # where each user stopped in each file (the player)


@dataclass(frozen=True, slots=True)
class Keys:
    """Secrets the services sign and encrypt with, newest first; never shown in a repr."""

    link: tuple[str, ...] = field(repr=False)
    encryption: tuple[str, ...] = field(repr=False)


@dataclass(frozen=True, slots=True)
class Adapters:
    """What the services run on. Production opens real ones (`bot/app.py`); tests pass fakes."""

    repositories: Repositories
    # The one qBittorrent, or each node's by name (QBITTORRENT_NODES); `build_box` pools them.
    torrents: TorrentBackend | Mapping[str, TorrentBackend]
    index: ReleaseIndex  # Nyaa, with recent searches remembered briefly
    catalog: AnimeCatalog  # AniList's titles and seasons, cached
    schedule: AiringSource  # AniList's airing schedule
    anilist: GraphQL  # AniList itself, for users' lists
    anilist_accounts: AniListIdentity
    feed_source: FeedSource
    free_space: FreeSpace  # on the DOWNLOAD_DIR disk
    system: SystemReader
    database: HealthCheck
    backups: Backups
    keys: Keys
    clock: Clock
    monotonic: Callable[[], float]  # seconds, for rate limits
    # Kept in memory for one process, in the database for several (`bot/app.py` chooses).
    picks: PickLists  # search results the buttons under them pick from
    rate_buckets: RateBuckets  # every user's command budgets
    started_at: datetime


@dataclass(frozen=True, slots=True)
class Box:
    """Every service, each built once, and the jobs that drive them."""

    settings: Settings
    adapters: Adapters
    metrics: Metrics
    services: Services
    dispatcher: Dispatcher
    operations: Operations  # what /healthz, /readyz and /metrics read
    completions: CompletionWatcher
    airing: AiringWatcher
    retention: RetentionService
    outbox: OutboxDispatcher
    backup: BackupJob
    history: RunHistory  # the scheduler records every job's runs here; /stats reads them
    doorbell: Doorbell  # rung as notices are written; the outbox job wakes on it
    playback: PlaybackService  # the player's positions and its "Mark watched" button
    nodes: NodePool  # every qBittorrent node; what the services call `torrents`
    # What progress messages follow, the leader's or not; `async with` it while they are kept.
    progress: ProgressFeed
    # Filled by the front-ends as they start; the outbox delivers through whichever are here.
    notifiers: dict[Platform, Notifier] = field(default_factory=dict)

    def automation(self) -> Automation:
        """The scheduled jobs' view of the box (see `scheduler/jobs.py` for the list)."""
        settings, services = self.settings, self.services
        return Automation(
            completions=self.completions,
            outbox=self.outbox,
            completion_interval=timedelta(seconds=settings.completion_poll_interval),
            outbox_interval=timedelta(seconds=settings.outbox_poll_interval),
            doorbell=self.doorbell,
            feeds=services.feeds,
            airing=self.airing,
            backup=self.backup,
            backup_interval=timedelta(seconds=settings.backup_interval),
            retention=self.retention,
            watchlist=services.watchlist_auto,
        )


def download_root(folder: Path) -> str:
    # Absolute but not resolved: qBittorrent may report the same path, symlinks and all.
    return os.path.abspath(folder)


def file_sites(settings: Settings) -> dict[str, FileSite]:
    """Where each node's files are read and reached; one node: DOWNLOAD_DIR and PUBLIC_URL."""
    if not settings.qbittorrent_nodes:
        return {DEFAULT_NODE: FileSite(download_root(settings.download_dir), settings.public_url)}
    return {
        node.name: FileSite(download_root(node.download_dir), node.public_url)
        for node in settings.qbittorrent_nodes
    }


def node_pool(
    settings: Settings, torrents: TorrentBackend | Mapping[str, TorrentBackend]
) -> NodePool:
    """One pool over the configured nodes; a single client is the one node `default`."""
    if not isinstance(torrents, Mapping):
        return NodePool([PoolNode(DEFAULT_NODE, torrents)])
    nodes = settings.qbittorrent_nodes
    if set(torrents) != {node.name for node in nodes}:
        raise ValueError(
            f"clients for nodes {sorted(torrents)}, but QBITTORRENT_NODES names "
            f"{[node.name for node in nodes]}"
        )
    return NodePool([PoolNode(node.name, torrents[node.name], node.max_active) for node in nodes])


def readiness_checks(adapters: Adapters, torrents: NodePool) -> dict[str, Check]:
    checks: dict[str, Check] = {"database": adapters.database.healthy}
    if len(torrents.names()) == 1:
        checks["qbittorrent"] = torrents.version
    return checks


def node_checks(torrents: NodePool) -> dict[str, Check]:
    """One check per node when there are several (`/readyz` wants any one of them)."""
    if len(torrents.names()) == 1:
        return {}
    return {f"qbittorrent {name}": partial(torrents.version_of, name) for name in torrents.names()}


def owners(settings: Settings) -> dict[Platform, frozenset[str]]:
    return {
        Platform.TELEGRAM: settings.admin_telegram_ids,
        Platform.DISCORD: settings.admin_discord_ids,
        Platform.CONSOLE: frozenset({CONSOLE_OPERATOR}),
    }


def oauth_app(settings: Settings) -> OAuthApp | None:
    if not (settings.anilist_client_id and settings.anilist_client_secret):
        return None
    return OAuthApp(
        client_id=settings.anilist_client_id,
        client_secret=settings.anilist_client_secret.reveal(),
        redirect_uri=settings.public_url + anilist_callback.PATH,
        authorize_url=settings.anilist_oauth_url + "/authorize",
    )


def anilist_link_service(
    settings: Settings,
    repositories: Repositories,
    keys: Keys,
    *,
    accounts: AniListIdentity,
    clock: Clock,
) -> AniListLinkService:
    """Also built on its own by `iiitorrent admin reencrypt`."""
    return AniListLinkService(
        links=repositories.anilist_links,
        states=repositories.oauth_states,
        users=repositories.users,
        cipher=TokenCipher(list(keys.encryption)),
        anilist=accounts,
        state_key=derive_key(keys.encryption[0], "anilist-oauth-state"),
        clock=clock,
        oauth=oauth_app(settings),
    )


def ringing(repositories: Repositories, bell: Doorbell) -> Repositories:
    """The repositories, with every port that writes notices ringing `bell` after its write (the
    airing and feed jobs, which write theirs inside other stores, ring it when they end)."""
    return replace(
        repositories,
        outbox=RingingOutbox(repositories.outbox, bell),
        completions=RingingCompletions(repositories.completions, bell),
        broadcasts=RingingBroadcasts(repositories.broadcasts, bell),
    )


def build_box(settings: Settings, adapters: Adapters, *, metrics: Metrics | None = None) -> Box:
    metrics = metrics if metrics is not None else Metrics()
    doorbell = Doorbell()
    repos = ringing(adapters.repositories, doorbell)
    clock = adapters.clock
    torrents = node_pool(settings, adapters.torrents)
    users, download_rows = repos.users, repos.downloads

    # Several nodes: the floor is judged on the node a new download would go to.
    space = torrents if len(torrents.names()) > 1 else adapters.free_space
    disk = DiskGuard(space, settings.disk_free_floor)
    quotas = QuotaService(
        quotas=repos.quotas,
        downloads=download_rows,
        torrents=torrents,
        defaults=Limits(
            settings.quota_disk_bytes,
            settings.quota_active_torrents,
            settings.quota_downloads_per_day,
        ),
        clock=clock,
        users=users,
    )
    search = SearchService(adapters.index, adapters.catalog)
    downloads = DownloadService(
        users=users,
        requests=repos.requests,
        downloads=download_rows,
        torrents=torrents,
        search=search,
        clock=clock,
        quotas=quotas,
        disk=disk,
        nodes=torrents,
    )
    anilist_links = anilist_link_service(
        settings, repos, adapters.keys, accounts=adapters.anilist_accounts, clock=clock
    )
    files = FileService(
        users=users,
        downloads=download_rows,
        torrents=torrents,
        signer=LinkSigner(
            [LinkKey.from_secret(secret) for secret in adapters.keys.link],
            clock,
            ttl=settings.link_ttl,
        ),
        sites=file_sites(settings),
        nodes=torrents,
    )
    watchlist = WatchlistService(
        anilist=adapters.anilist,
        links=anilist_links,
        link_rows=repos.anilist_links,
        users=users,
        clock=clock,
    )
    history = RunHistory()
    backups = adapters.backups
    stats = StatsService(
        system=adapters.system,
        torrents=torrents,
        counts=repos.counts,
        database=adapters.database,
        latest_backup=backups.latest,
        clock=clock,
        started_at=adapters.started_at,
        queued_notifications=repos.outbox.queued,
        jobs=history,
        nodes=torrents,
    )
    services = Services(
        accounts=AccountService(
            users,
            owners(settings),
            invites=repos.invites,
            audit=repos.audit,
            clock=clock,
            allowed_groups={(Platform(p), group) for p, group in settings.allowed_groups},
            outbox=repos.outbox,
            links=IdentityLinks(
                users=users,
                codes=repos.connect_codes,
                downloads=download_rows,
                clock=clock,
                audit=repos.audit,
            ),
        ),
        admin=AdminService(
            users=users,
            invites=repos.invites,
            audit=repos.audit,
            quotas=quotas,
            clock=clock,
            broadcasts=repos.broadcasts,
        ),
        quotas=quotas,
        rate_limiter=UserRateLimiter(
            {
                "search": Rate(settings.rate_limit_search, settings.rate_limit_search),
                "get": Rate(settings.rate_limit_get, settings.rate_limit_get),
            },
            adapters.rate_buckets,
        ),
        anilist=anilist_links,
        preferences=PreferenceService(users),
        search=search,
        downloads=downloads,
        stats=stats,
        files=files,
        feeds=FeedService(
            feeds=repos.feeds,
            source=adapters.feed_source,
            users=users,
            downloads=downloads,
            download_rows=download_rows,
            clock=clock,
            default_interval=settings.feed_poll_interval,
            metrics=metrics,
        ),
        subscriptions=SubscriptionService(
            subscriptions=repos.subscriptions,
            catalog=adapters.catalog,
            schedule=adapters.schedule,
            clock=clock,
        ),
        watchlist=watchlist,
        watchlist_auto=WatchlistAutomation(
            watchlist=watchlist,
            links=anilist_links,
            link_rows=repos.anilist_links,
            subscriptions=repos.subscriptions,
            downloads=downloads,
            users=users,
            outbox=repos.outbox,
            clock=clock,
            catch_up=settings.watchlist_catch_up,
        ),
        picks=adapters.picks,
    )
    fallback = None
    if settings.stall_switches > 0:
        fallback = StallFallback(
            users=users,
            requests=repos.requests,
            downloads=download_rows,
            service=downloads,
            search=search,
            switches=repos.switches,
            clock=clock,
            max_switches=settings.stall_switches,
        )
    completions = CompletionWatcher(
        sync=torrents,
        completions=repos.completions,
        outbox=repos.outbox,
        clock=clock,
        stall_timeout=timedelta(seconds=settings.stall_timeout),
        fallback=fallback,
        downloads=download_rows,
        links=files.notice_link,
        nodes=torrents,
    )
    notifiers: dict[Platform, Notifier] = {}
    return Box(
        settings=settings,
        adapters=adapters,
        metrics=metrics,
        services=services,
        dispatcher=Dispatcher(
            services, metrics=metrics, refusals=StrangerRefusals(clock=adapters.monotonic)
        ),
        operations=Operations(
            metrics=metrics,
            stats=stats,
            checks=readiness_checks(adapters, torrents),
            nodes=node_checks(torrents),
            torrents=completions.figures,  # a scrape asks qBittorrent nothing
        ),
        completions=completions,
        airing=AiringWatcher(
            subscriptions=repos.subscriptions,
            schedule=adapters.schedule,
            search=search,
            index=adapters.index,
            downloads=downloads,
            users=users,
            clock=clock,
            download_rows=download_rows,
            group_wait=timedelta(seconds=settings.group_wait),
        ),
        retention=RetentionService(
            downloads=download_rows,
            torrents=torrents,
            recipients=repos.completions,
            outbox=repos.outbox,
            warnings=repos.warnings,
            remover=downloads,
            clock=clock,
            policy=retention_policy(settings),
            disk=disk,
            shares=quotas,
            requests=repos.requests,
        ),
        outbox=OutboxDispatcher(repos.outbox, notifiers, clock, metrics=metrics),
        backup=BackupJob(make_backup=backups.make, prune=backups.prune, metrics=metrics),
        history=history,
        doorbell=doorbell,
        playback=PlaybackService(
            positions=repos.positions,
            requests=repos.requests,
            anilist_links=repos.anilist_links,
            users=users,
            watchlist=watchlist,
            clock=clock,
        ),
        nodes=torrents,
        progress=ProgressFeed(
            completions,
            torrents,
            interval=settings.completion_poll_interval,
            monotonic=adapters.monotonic,
        ),
        notifiers=notifiers,
    )


def retention_policy(settings: Settings) -> RetentionPolicy:
    return RetentionPolicy(
        max_age=timedelta(days=settings.retention_days) if settings.retention_days else None,
        warning=timedelta(hours=settings.retention_warning_hours),
        disk_min_age=timedelta(hours=settings.retention_min_age_hours),
    )
