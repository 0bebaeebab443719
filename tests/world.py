"""The one test world: the process's own object graph (`bot/bootstrap.py`), built over fakes.

Every service a test touches is built by `build_box`, exactly as `iiitorrent run` builds it; only
the adapters underneath are the hand-written fakes of tests/fakes*.py, kept here for a test to set
up and read. Settings default to a box with no shares, no rate limits and no disk floor; a test
that exercises one of those turns it on with the matching setting.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.bootstrap import Adapters, Box, Keys, Repositories, build_box, oauth_app
from bot.commands import Caller, Dispatcher, Reply, Services
from bot.settings import NodeSettings, Secret, Settings
from domain.models import AiringEpisode, Media, Platform, Preferences, Release, Role, User
from domain.picks import MemoryPickLists
from domain.ports import PickLists, RateBuckets
from domain.security.crypto import new_key
from domain.security.ratelimit import MemoryRateBuckets
from domain.services.quotas import Limits
from tests.fakes import (
    FakeCatalog,
    FakeClock,
    FakeDownloads,
    FakeIndex,
    FakeRequests,
    FakeTorrents,
    FakeUsers,
)
from tests.fakes_accounts import (
    FakeAniListAccounts,
    FakeAudit,
    FakeBroadcastLog,
    FakeConnectCodes,
    FakeInvites,
    FakeLinks,
    FakeQuotas,
    FakeStates,
)
from tests.fakes_automation import FakeCompletions, FakeOutbox, FakeSwitches
from tests.fakes_feeds import FakeFeeds, FakeFeedSource
from tests.fakes_playback import FakePositions
from tests.fakes_retention import FakeSpace, FakeWarningLog
from tests.fakes_subscriptions import FakeAiring, FakeSubscriptions
from tests.fakes_watchlist import FakeAniListLists
from tests.unit.monitoring.fakes import FakeBackupFolder, FakeCounts, FakeHealth, FakeSystem

TiB = 1024**4
# Settings every test box starts from: nothing limited, nothing read from the environment.
_UNLIMITED: dict[str, Any] = {
    "quota_disk_bytes": 0,
    "quota_active_torrents": 0,
    "quota_downloads_per_day": 0,
    "rate_limit_search": 0,
    "rate_limit_get": 0,
    "disk_free_floor": 0,
    "public_url": "https://box.example",
}


def box_settings(**overrides: Any) -> Settings:
    """The defaults `iiitorrent run` would read from an empty environment, then `_UNLIMITED`,
    then `overrides` (Settings' own field names: `disk_free_floor=5 * GiB`, ...)."""
    base = Settings.load({"DATA_DIR": "/nonexistent/iiitorrent-test"}, env_file=None)
    return replace(base, **{**_UNLIMITED, **overrides})


@dataclass(frozen=True, slots=True)
class World:
    """The box built over fakes, and the fakes, for a test to arrange and inspect."""

    box: Box
    clock: FakeClock
    users: FakeUsers
    requests: FakeRequests
    downloads: FakeDownloads
    torrents: FakeTorrents
    index: FakeIndex
    catalog: FakeCatalog
    airing: FakeAiring
    lists: FakeAniListLists  # AniList's users' lists, behind the watchlist
    anilist: FakeAniListAccounts  # AniList's token endpoint and Viewer/User queries
    invites: FakeInvites
    audit: FakeAudit
    quotas: FakeQuotas
    links: FakeLinks
    states: FakeStates
    codes: FakeConnectCodes
    outbox: FakeOutbox
    completions: FakeCompletions
    switches: FakeSwitches
    subscriptions: FakeSubscriptions
    feeds: FakeFeeds
    feed_source: FakeFeedSource
    space: FakeSpace
    warnings: FakeWarningLog
    counts: FakeCounts
    system: FakeSystem
    health: FakeHealth
    backups: FakeBackupFolder
    positions: FakePositions  # where each user stopped in each file (the player)

    @property
    def services(self) -> Services:
        return self.box.services

    @property
    def dispatcher(self) -> Dispatcher:
        return self.box.dispatcher

    @property
    def settings(self) -> Settings:
        return self.box.settings

    @property
    def keys(self) -> tuple[str, ...]:
        return self.box.adapters.keys.encryption

    def advance(self, delta: timedelta) -> None:
        self.clock.now += delta

    async def say(self, who: str, text: str, platform: Platform = Platform.TELEGRAM) -> Reply:
        """`text` sent by `who` in a private chat, as the front-ends hand it to the dispatcher."""
        return await self.dispatcher.handle(Caller(platform, who, f"person {who}"), text)

    async def person(
        self,
        external_id: str,
        *,
        role: Role = Role.USER,
        platform: Platform = Platform.TELEGRAM,
        preferences: Preferences | None = None,
    ) -> User:
        """Someone an admin let in earlier."""
        user = await self.users.create(
            platform=platform, external_id=external_id, display_name=external_id, role=role
        )
        if preferences is not None:
            user = await self.users.save_preferences(user.id, preferences)
        return user


def build_world(
    *,
    releases: Sequence[Release] = (),
    media: Sequence[Media] = (),
    admins: Iterable[str] = (),
    discord_admins: Iterable[str] = (),
    episodes: Sequence[AiringEpisode] = (),
    index: FakeIndex | None = None,
    torrents: FakeTorrents | None = None,
    nodes: Mapping[str, FakeTorrents] | None = None,
    lists: FakeAniListLists | None = None,
    free_space: int = TiB,
    keys: tuple[str, ...] | None = None,
    picks: PickLists | None = None,
    rate_buckets: RateBuckets | None = None,
    **settings: Any,
) -> World:
    """`admins` and `discord_admins` are the owners' Telegram and Discord ids, as configured
    (ADMIN_TELEGRAM_IDS, ADMIN_DISCORD_IDS); `settings` override `box_settings`. `index`,
    `torrents` and `lists` replace the default fakes, for a test that needs one that misbehaves
    in its own way. `nodes` makes a box of several qBittorrents, one fake each, by name (the
    settings name them in `qbittorrent_nodes`, see `node_settings`); `torrents` is the first.
    `picks` and `rate_buckets` replace the in-memory stores, with the database's of several
    processes."""
    clock = FakeClock()
    users, requests, downloads = FakeUsers(), FakeRequests(clock), FakeDownloads(clock)
    outbox = FakeOutbox(clock)
    audit = FakeAudit(clock)
    fakes: dict[str, Any] = {
        "clock": clock,
        "users": users,
        "requests": requests,
        "downloads": downloads,
        "torrents": (
            next(iter(nodes.values())) if nodes else torrents if torrents else FakeTorrents()
        ),
        "index": index if index is not None else FakeIndex(releases),
        "catalog": FakeCatalog(media),
        "airing": FakeAiring(episodes),
        "lists": lists if lists is not None else FakeAniListLists(),
        "anilist": FakeAniListAccounts(tokens={}, codes={}, public={}),
        "invites": FakeInvites(),
        "audit": audit,
        "quotas": FakeQuotas(),
        "links": FakeLinks(),
        "states": FakeStates(),
        "codes": FakeConnectCodes(),
        "outbox": outbox,
        "completions": FakeCompletions(downloads, requests, outbox, users),
        "switches": FakeSwitches(),
        "subscriptions": FakeSubscriptions(clock, outbox),
        "feeds": FakeFeeds(outbox, clock),
        "feed_source": FakeFeedSource(),
        "space": FakeSpace(free_space),
        "warnings": FakeWarningLog(outbox),
        "counts": FakeCounts(),
        "system": FakeSystem(),
        "health": FakeHealth(),
        "backups": FakeBackupFolder(clock),
        "positions": FakePositions(),
    }
    repositories = Repositories(
        users=users,
        requests=requests,
        downloads=downloads,
        invites=fakes["invites"],
        audit=audit,
        broadcasts=FakeBroadcastLog(audit, outbox),
        quotas=fakes["quotas"],
        anilist_links=fakes["links"],
        oauth_states=fakes["states"],
        connect_codes=fakes["codes"],
        outbox=outbox,
        completions=fakes["completions"],
        switches=fakes["switches"],
        subscriptions=fakes["subscriptions"],
        feeds=fakes["feeds"],
        warnings=fakes["warnings"],
        counts=fakes["counts"],
        positions=fakes["positions"],
    )
    adapters = Adapters(
        repositories=repositories,
        torrents=dict(nodes) if nodes else fakes["torrents"],
        index=fakes["index"],
        catalog=fakes["catalog"],
        schedule=fakes["airing"],
        anilist=fakes["lists"],
        anilist_accounts=fakes["anilist"],
        feed_source=fakes["feed_source"],
        free_space=fakes["space"],
        system=fakes["system"],
        database=fakes["health"],
        backups=fakes["backups"],
        keys=Keys(link=("test-link-key",), encryption=keys or (new_key(),)),
        clock=clock,
        monotonic=lambda: clock().timestamp(),
        picks=picks or MemoryPickLists(clock=lambda: clock().timestamp()),
        rate_buckets=rate_buckets or MemoryRateBuckets(lambda: clock().timestamp()),
        started_at=clock(),
    )
    configured = box_settings(
        admin_telegram_ids=frozenset(admins),
        admin_discord_ids=frozenset(discord_admins),
        **settings,
    )
    return World(box=build_box(configured, adapters), **fakes)


def node_settings(
    name: str, download_dir: str, public_url: str, *, max_active: int = 0
) -> NodeSettings:
    """One node of `qbittorrent_nodes`, its Web API never called (the world's fakes stand in)."""
    return NodeSettings(
        name=name,
        url=f"http://{name}.invalid:8080",
        username="admin",
        password=Secret(""),
        download_dir=Path(download_dir),
        public_url=public_url,
        max_active=max_active,
    )


def rebuilt(world: World, *, settings: Mapping[str, Any] | None = None, **adapters: Any) -> Box:
    """The world's box built again through `build_box`, with the adapters `adapters` names (real
    clients of loopback stand-ins, say) in place of the fakes, and `settings` changed."""
    return build_box(
        replace(world.settings, **(settings or {})), replace(world.box.adapters, **adapters)
    )


def stored_box(world: World, **adapters: Any) -> Box:
    """`rebuilt` with the real Tortoise repositories, on whatever database the test opened."""
    from bot.app import tortoise_repositories  # imports the ORM models: only where a test wants it

    return rebuilt(world, repositories=tortoise_repositories(), **adapters)


def shares(limits: Limits) -> dict[str, int]:
    """Settings giving every user the share `limits` (0: no limit)."""
    return {
        "quota_disk_bytes": limits.disk_bytes,
        "quota_active_torrents": limits.active_torrents,
        "quota_downloads_per_day": limits.downloads_per_day,
    }


# Settings of a box registered as an AniList API client (OAuth sign-in on /link).
ANILIST_APP: dict[str, Any] = {
    "anilist_client_id": "4242",
    "anilist_client_secret": Secret("client-secret-xyz"),
    "anilist_oauth_url": "https://anilist.co/api/v2/oauth",
}
OAUTH = oauth_app(box_settings(**ANILIST_APP))
