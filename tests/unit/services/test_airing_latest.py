"""The airing watcher reads Nyaa's latest releases every cycle: a release is found within a
minute of its upload however long after air it comes, at one request a cycle, and the backoff
searches still find what the latest feed cannot show."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

import pytest

from domain.airing.recent import RecentSearches
from domain.airing.values import WatchedEpisode
from domain.errors import IndexerError
from domain.models import NotificationKind, Release
from domain.services.airing import AiringReport, AiringWatcher
from tests.fakes import FakeIndex
from tests.unit.services.airing_world import (
    DUNGEON,
    FRIEREN,
    AiringWorld,
    airing_world,
    dungeon,
    frieren,
)
from tests.world import rebuilt

MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)


class LatestDown(FakeIndex):
    """Nyaa whose latest releases fail to load while its searches work."""

    async def search(self, query: str, *, category: str = "1_2") -> list[Release]:
        if not query.split():
            self.queries.append(query)
            raise IndexerError("Nyaa answered 503 for its latest releases")
        return await super().search(query, category=category)


def alerts(world: AiringWorld) -> Counter[tuple[str, str]]:
    return Counter(
        (row.entry.target.chat_id, row.entry.event)
        for row in world.outbox.rows.values()
        if row.entry.notification.kind is NotificationKind.NEW_EPISODE
    )


async def minute(world: AiringWorld, watcher: AiringWatcher | None = None) -> AiringReport:
    world.advance(MIN)
    return await (watcher or world.watcher).cycle()


async def subscribed(world: AiringWorld, *titles: str) -> None:
    ann, chat = await world.person("101")
    for title in titles:
        await world.service.subscribe_title(ann, title, chat, is_chat_admin=None,
                                            auto_download=False)  # fmt: skip


def waiting(world: AiringWorld, media_id: int, number: int) -> WatchedEpisode:
    [episode] = [
        e
        for e in world.subscriptions.episodes.values()
        if (e.media_id, e.episode) == (media_id, number)
    ]
    return episode


async def test_a_release_three_hours_after_air_is_found_in_the_next_cycle() -> None:
    world = airing_world()
    await subscribed(world, "frieren")
    for _ in range(4 * 60):  # episode 5 airs an hour in; now three hours past its air time
        await minute(world)
    while (await minute(world)).searched == 0:
        pass  # until a backoff search has just found nothing
    backoff = waiting(world, FRIEREN.id, 5).next_poll_at - world.fakes.clock()
    assert backoff == 15 * MIN

    world.index.releases.append(frieren(5, group="Erai-raws"))
    report = await minute(world)
    assert (report.latest, report.sighted, report.announced) == (1, 1, [(FRIEREN.id, 5)])
    assert alerts(world) == {("101", "new_episode:154587:5"): 1}


async def test_other_shows_and_other_episodes_in_the_latest_feed_trigger_nothing() -> None:
    world = airing_world(releases=[frieren(4), frieren(6), dungeon(4), dungeon(2)])
    await subscribed(world, "frieren", "dungeon meshi")
    world.advance(2 * HOUR)  # Frieren 5 and Dungeon Meshi 3 have aired
    reports = [await minute(world) for _ in range(30)]
    assert all(r.sighted == 0 and r.announced == [] for r in reports)
    # Only the backoff searched: Dungeon Meshi 3 every 5 minutes, Frieren 5 (aired an hour
    # before) every 15.
    assert sum(r.searched for r in reports) == 6 + 2
    assert alerts(world) == Counter()


async def test_nyaa_is_asked_once_a_cycle_while_an_aired_episode_waits_and_never_before() -> None:
    world = airing_world(releases=[dungeon(3)])
    await subscribed(world, "frieren")
    for _ in range(59):
        await minute(world)
    assert world.index.queries == []  # nothing aired: nothing to read the latest releases for
    quiet = 0
    for _ in range(60):
        asked = len(world.index.queries)
        report = await minute(world)
        assert report.latest == 1
        if report.searched == 0:
            assert world.index.queries[asked:] == [""]
            quiet += 1
    assert quiet == 48  # the 12 others ran a due backoff search too


async def test_the_latest_feed_failing_leaves_the_due_searches_working(
    caplog: pytest.LogCaptureFixture,
) -> None:
    world = airing_world(index=LatestDown([frieren(5), dungeon(3)]))
    await subscribed(world, "frieren", "dungeon meshi")
    world.advance(HOUR)
    with caplog.at_level(logging.WARNING, logger="domain.services.airing"):
        report = await minute(world)
    assert (report.latest, report.sighted, report.announced) == (1, 0, [(FRIEREN.id, 5)])
    assert "latest releases not read" in caplog.text
    world.advance(HOUR)
    assert (await minute(world)).announced == [(DUNGEON.id, 3)]
    assert sum(alerts(world).values()) == 2


async def test_a_search_answer_remembered_from_before_the_upload_only_delays_it() -> None:
    # Production remembers Nyaa's answers for two minutes (RecentSearches): the show's search
    # may still answer "nothing" when the latest releases already show the episode. The episode
    # is announced once the answer is fresh, so that its auto-download finds the release too.
    world = airing_world()
    inner = world.index
    seconds = lambda: world.fakes.clock().timestamp()  # noqa: E731
    box = rebuilt(world.fakes, index=RecentSearches(inner, clock=seconds))
    world = AiringWorld(world.fakes, world.outbox, world.subscriptions, world.airing,
                        box.services.subscriptions, box.airing)  # fmt: skip
    ann, chat = await world.person("101")
    await world.service.subscribe_title(ann, "frieren", chat, is_chat_admin=None,
                                        auto_download=True)  # fmt: skip
    world.advance(HOUR)  # episode 5 aired
    while (await minute(world)).searched == 0:
        pass  # until a backoff search has just found nothing, and is remembered
    inner.releases.append(frieren(5))
    reports = [await minute(world) for _ in range(3)]
    assert [r.announced for r in reports[:2]].count([(FRIEREN.id, 5)]) == 1
    assert sum(r.downloads for r in reports) == 1
    [download] = world.fakes.downloads.rows.values()
    assert download.owner_id == ann.id and "Frieren - 05" in download.name
