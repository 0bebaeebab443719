"""The test world seen from subscriptions and airing: its fakes and the two services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from domain.models import (
    AiringEpisode,
    ChatTarget,
    Media,
    Platform,
    Preferences,
    Release,
    Role,
    TargetKind,
    User,
)
from domain.services.airing import AiringWatcher
from domain.services.quotas import Limits
from domain.services.subscriptions import SubscriptionService
from tests.fakes import FakeClock, FakeIndex, FakeTorrents, release
from tests.fakes_automation import FakeOutbox
from tests.fakes_subscriptions import FakeAiring, FakeSubscriptions
from tests.world import World, build_world, shares

FRIEREN = Media(154587, "Sousou no Frieren", "Frieren: Beyond Journey's End", episodes=28,
                status="RELEASING", format="TV")  # fmt: skip
DUNGEON = Media(153518, "Dungeon Meshi", "Delicious in Dungeon", episodes=24,
                status="RELEASING", format="TV")  # fmt: skip
GROUP = ChatTarget(Platform.TELEGRAM, "-100500", TargetKind.GROUP)


def frieren(episode: int, resolution: str = "1080p", group: str = "SubsPlease") -> Release:
    return release(f"[{group}] Sousou no Frieren - {episode:02d} ({resolution}) [ABCD1234].mkv")


def dungeon(episode: int) -> Release:
    return release(f"[SubsPlease] Dungeon Meshi - {episode:02d} (1080p) [ABCD1234].mkv")


@dataclass(frozen=True, slots=True)
class AiringWorld:
    fakes: World
    outbox: FakeOutbox
    subscriptions: FakeSubscriptions
    airing: FakeAiring
    service: SubscriptionService
    watcher: AiringWatcher

    @property
    def index(self) -> FakeIndex:
        return self.fakes.index

    def advance(self, delta: timedelta) -> None:
        self.fakes.clock.now += delta

    async def person(
        self, external_id: str, *, role: Role = Role.USER, preferences: Preferences | None = None
    ) -> tuple[User, ChatTarget]:
        users = self.fakes.users
        user = await users.create(
            platform=Platform.TELEGRAM, external_id=external_id, display_name=external_id, role=role
        )
        if preferences is not None:
            user = await users.save_preferences(user.id, preferences)
        return user, ChatTarget(Platform.TELEGRAM, external_id)


def airing_world(
    *,
    releases: list[Release] | None = None,
    index: FakeIndex | None = None,
    torrents: FakeTorrents | None = None,
    quota_defaults: Limits | None = None,
    **settings: Any,
) -> AiringWorld:
    """`settings` go to `build_world` (free_space=…, disk_free_floor=…)."""
    start = FakeClock()()
    world = build_world(
        releases=releases or [],
        media=[FRIEREN, DUNGEON],
        index=index,
        torrents=torrents,
        episodes=[
            AiringEpisode(FRIEREN.id, n, start + timedelta(hours=1, weeks=n - 5)) for n in (5, 6, 7)
        ]
        + [AiringEpisode(DUNGEON.id, n, start + timedelta(hours=2, weeks=n - 3)) for n in (3, 4)],
        **shares(quota_defaults or Limits(0, 0, 0)),
        **settings,
    )
    return AiringWorld(
        world,
        world.outbox,
        world.subscriptions,
        world.airing,
        world.services.subscriptions,
        world.box.airing,
    )
