"""The airing watcher over fakes: alerts once per (show, episode, chat), minutes after a release
appears, few indexer searches, auto-downloads with each subscriber's preferences, and crashes
mid-cycle that a rerun finishes without duplicates or misses."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from domain.models import (
    ChatTarget,
    NotificationKind,
    Platform,
    Preferences,
    Release,
    Role,
    TargetKind,
)
from domain.notifications.outbox import DeliveryState
from domain.services.quotas import Limits
from tests.fakes import FakeIndex, FakeTorrents
from tests.unit.services.airing_world import (
    DUNGEON,
    FRIEREN,
    GROUP,
    AiringWorld,
    airing_world,
    dungeon,
    frieren,
)

MIN = timedelta(minutes=1)
GiB = 1024**3
HOUR = timedelta(hours=1)


class Crash(BaseException):
    """The process dying mid-cycle: nothing after it runs, nothing catches it."""


def alerts(world: AiringWorld) -> Counter[tuple[str, str]]:
    return Counter(
        (row.entry.target.chat_id, row.entry.event)
        for row in world.outbox.rows.values()
        if row.entry.notification.kind is NotificationKind.NEW_EPISODE
    )


async def run_for(world: AiringWorld, duration: timedelta, step: timedelta = MIN) -> int:
    """Cycles every `step` for `duration`; returns how many indexer searches they made."""
    searched = 0
    end = world.fakes.clock() + duration
    while world.fakes.clock() < end:
        world.advance(step)
        searched += (await world.watcher.cycle()).searched
    return searched


async def test_an_aired_episode_is_announced_once_to_every_chat_minutes_after_it_appears() -> None:
    world = airing_world()
    ann, ann_chat = await world.person("101")
    bob, _ = await world.person("102")
    await world.service.subscribe_title(ann, "frieren", ann_chat, is_chat_admin=None,
                                        auto_download=False)  # fmt: skip
    await world.service.subscribe_title(bob, "frieren", GROUP, is_chat_admin=True,
                                        auto_download=False)  # fmt: skip

    # Before air time the indexer is not asked at all.
    assert await run_for(world, 59 * MIN) == 0
    # Aired, nothing on Nyaa yet: one search per 5 minutes, not per cycle.
    assert await run_for(world, 30 * MIN) == 6
    assert alerts(world) == Counter()

    world.index.releases.append(frieren(5))
    await run_for(world, 5 * MIN)
    event = "new_episode:154587:5"
    assert alerts(world) == {("101", event): 1, ("-100500", event): 1}
    [alert, _] = [row.entry.notification for row in world.outbox.rows.values()]
    assert "episode 5 is out" in alert.body and "[SubsPlease]" in alert.body
    assert [(a.label, a.command) for a in alert.actions] == [("Get it", "/get Sousou no Frieren 5")]

    # Later cycles neither search for it again nor tell anyone twice.
    assert await run_for(world, 3 * HOUR) == 0
    assert sum(alerts(world).values()) == 2


async def test_an_episode_that_never_appears_is_given_up_after_two_days() -> None:
    world = airing_world()
    ann, chat = await world.person("101")
    await world.service.subscribe_title(ann, "frieren", chat, is_chat_admin=None,
                                        auto_download=False)  # fmt: skip
    searches = await run_for(world, 50 * HOUR, step=5 * MIN)
    assert searches == 12 + 20 + 42 + 1
    assert alerts(world) == Counter()
    world.index.releases.append(frieren(5))
    assert await run_for(world, HOUR, step=5 * MIN) == 0  # missed stays missed


async def test_one_search_serves_every_subscriber_of_a_show() -> None:
    world = airing_world(releases=[frieren(5)])
    for n in range(40):
        user, chat = await world.person(str(1000 + n))
        await world.service.subscribe_title(user, "frieren", chat, is_chat_admin=None,
                                            auto_download=False)  # fmt: skip
    world.index.queries.clear()
    await run_for(world, HOUR + MIN)
    # Nyaa's latest releases (no words) showed it aired, then one search for it.
    assert world.index.queries == ["", "Sousou no Frieren 05"]
    assert len(alerts(world)) == 40


async def test_the_schedule_is_fetched_again_after_an_episode_airs_not_every_cycle() -> None:
    world = airing_world(releases=[frieren(5)])
    ann, chat = await world.person("101")
    subscribed = await world.service.subscribe_title(ann, "frieren", chat, is_chat_admin=None,
                                                     auto_download=False)  # fmt: skip
    assert subscribed.next_episode is not None and subscribed.next_episode.episode == 5
    asked = len(world.airing.asked)
    await run_for(world, 50 * MIN)
    assert len(world.airing.asked) == asked  # fresh, and nothing aired yet
    await run_for(world, 20 * MIN)  # episode 5 aired: its successor is wanted
    assert len(world.airing.asked) == asked + 1
    [view] = await world.service.listed(ann, chat)
    assert view.next_episode is not None and view.next_episode.episode == 6


async def test_anilist_down_keeps_the_stored_schedule_working() -> None:
    world = airing_world(releases=[frieren(5)])
    ann, chat = await world.person("101")
    await world.service.subscribe_title(ann, "frieren", chat, is_chat_admin=None,
                                        auto_download=False)  # fmt: skip
    world.airing.down = True
    await run_for(world, 26 * HOUR, step=10 * MIN)
    assert alerts(world) == {("101", "new_episode:154587:5"): 1}


class CrashingIndex(FakeIndex):
    def __init__(self, releases: list[Release], crash_on: str) -> None:
        super().__init__(releases)
        self.crash_on = crash_on

    async def search(self, query: str, *, category: str = "1_2") -> list[Release]:
        if self.crash_on and self.crash_on in query:
            self.crash_on = ""
            raise Crash
        return await super().search(query, category=category)


async def test_a_crash_between_two_shows_is_finished_by_the_rerun() -> None:
    index = CrashingIndex([frieren(5), dungeon(3)], crash_on="Dungeon")
    world = airing_world(index=index)
    ann, chat = await world.person("101")
    for title in ("frieren", "dungeon meshi"):
        await world.service.subscribe_title(ann, title, chat, is_chat_admin=None,
                                            auto_download=False)  # fmt: skip
    world.advance(2 * HOUR)
    with pytest.raises(Crash):
        await world.watcher.cycle()
    assert alerts(world) == {("101", "new_episode:154587:5"): 1}
    await world.watcher.cycle()  # the restarted process
    await world.watcher.cycle()
    assert alerts(world) == {("101", "new_episode:154587:5"): 1, ("101", "new_episode:153518:3"): 1}


class CrashingTorrents(FakeTorrents):
    """Adds the torrent, then dies before anyone records it, once."""

    def __init__(self, crash_at: int) -> None:
        super().__init__()
        self.adds = 0
        self.crash_at = crash_at

    async def add(self, source: str, *, info_hash: str, owner_id: int) -> None:
        await super().add(source, info_hash=info_hash, owner_id=owner_id)
        self.adds += 1
        if self.adds == self.crash_at:
            raise Crash


async def test_a_crash_among_auto_downloads_neither_duplicates_nor_misses() -> None:
    torrents = CrashingTorrents(crash_at=2)
    world = airing_world(releases=[frieren(5)], torrents=torrents)
    people = [await world.person(str(200 + n)) for n in range(3)]
    for user, chat in people:
        await world.service.subscribe_title(user, "frieren", chat, is_chat_admin=None,
                                            auto_download=True)  # fmt: skip
    world.advance(HOUR + MIN)
    with pytest.raises(Crash):
        await world.watcher.cycle()
    await world.watcher.cycle()
    await world.watcher.cycle()

    downloads = world.fakes.downloads.rows.values()
    assert Counter(d.owner_id for d in downloads) == {user.id: 1 for user, _ in people}
    [torrent] = torrents.torrents_by_hash.values()  # one torrent serves all three
    assert sorted(torrent.owner_ids) == sorted(user.id for user, _ in people)
    assert sum(alerts(world).values()) == 3
    assert world.subscriptions.outcomes().count(None) == 0
    alert = next(iter(world.outbox.rows.values())).entry.notification
    assert "downloading it for you" in alert.body


async def test_auto_download_uses_each_subscribers_preferences_and_respects_quotas() -> None:
    world = airing_world(
        releases=[frieren(5), frieren(5, "720p", "Erai-raws")],
        quota_defaults=Limits(disk_bytes=0, active_torrents=0, downloads_per_day=1),
    )
    ann, ann_chat = await world.person("101")
    cat, cat_chat = await world.person("103", preferences=Preferences(resolution=720))
    dan, dan_chat = await world.person("104")
    for user, chat in ((ann, ann_chat), (cat, cat_chat), (dan, dan_chat)):
        await world.service.subscribe_title(user, "frieren", chat, is_chat_admin=None,
                                            auto_download=True)  # fmt: skip
    # Dan used his one download of the day already.
    await world.fakes.downloads.add(info_hash="f" * 40, owner_id=dan.id, name="x", request_id=None)

    world.advance(HOUR + MIN)
    report = await world.watcher.cycle()
    assert (report.downloads, report.refused) == (2, 1)
    rows = world.fakes.downloads.rows.values()
    chosen = {d.owner_id: d.name for d in rows if d.info_hash != "f" * 40}
    assert "1080p" in chosen[ann.id] and "720p" in chosen[cat.id]
    assert dan.id not in chosen
    refusals = [
        row.entry for row in world.outbox.rows.values()
        if row.entry.notification.kind is NotificationKind.DOWNLOAD_FAILED
    ]  # fmt: skip
    told = [(e.target.chat_id, e.notification.title) for e in refusals]
    assert told == [("104", "Not downloaded")]
    assert "downloads per day (1 of 1)" in refusals[0].notification.body
    # Nothing is retried or repeated later.
    await world.watcher.cycle()
    assert sum(1 for r in world.outbox.rows.values()) == 4
    assert all(r.state is DeliveryState.PENDING for r in world.outbox.rows.values())


async def test_a_group_subscribers_refusal_is_told_to_them_privately() -> None:
    # Their share of the box is nobody else's business: the group hears only the new episode.
    world = airing_world(
        releases=[frieren(5)],
        quota_defaults=Limits(disk_bytes=0, active_torrents=0, downloads_per_day=1),
    )
    ann, _ = await world.person("101")
    group = ChatTarget(Platform.TELEGRAM, "-100500", TargetKind.GROUP)
    await world.service.subscribe_title(ann, "frieren", group, is_chat_admin=True,
                                        auto_download=True)  # fmt: skip
    await world.fakes.downloads.add(info_hash="f" * 40, owner_id=ann.id, name="x", request_id=None)

    world.advance(HOUR + MIN)
    assert (await world.watcher.cycle()).refused == 1

    told = sorted(
        (r.entry.target.chat_id, r.entry.notification.kind) for r in world.outbox.rows.values()
    )
    assert told == [
        ("-100500", NotificationKind.NEW_EPISODE),
        ("101", NotificationKind.DOWNLOAD_FAILED),
    ]


async def test_auto_download_keeps_the_disk_free_floor_as_get_does() -> None:
    # Auto-downloads once went through a download service of their own, built without the floor.
    world = airing_world(releases=[frieren(5)], free_space=GiB, disk_free_floor=5 * GiB)
    ann, chat = await world.person("101")
    await world.service.subscribe_title(ann, "frieren", chat, is_chat_admin=None,
                                        auto_download=True)  # fmt: skip
    world.advance(HOUR + MIN)
    report = await world.watcher.cycle()
    assert (report.downloads, report.refused) == (0, 1)
    assert world.fakes.torrents.torrents_by_hash == {} and world.fakes.downloads.rows == {}
    [refusal] = [
        row.entry.notification for row in world.outbox.rows.values()
        if row.entry.notification.kind is NotificationKind.DOWNLOAD_FAILED
    ]  # fmt: skip
    assert refusal.title == "Not downloaded" and "short of disk space" in refusal.body


async def test_a_banned_subscriber_gets_no_download() -> None:
    world = airing_world(releases=[frieren(5)])
    ann, chat = await world.person("101")
    await world.service.subscribe_title(ann, "frieren", chat, is_chat_admin=None,
                                        auto_download=True)  # fmt: skip
    await world.fakes.users.set_banned(ann.id, True)
    world.advance(HOUR + MIN)
    report = await world.watcher.cycle()
    assert report.downloads == 0 and not world.fakes.downloads.rows
    assert world.subscriptions.outcomes() == ["subscriber no longer allowed"]


async def test_nyaa_down_counts_as_not_found_yet_and_is_retried() -> None:
    world = airing_world(releases=[frieren(5)])
    ann, chat = await world.person("101")
    await world.service.subscribe_title(ann, "frieren", chat, is_chat_admin=None,
                                        auto_download=False)  # fmt: skip
    world.index.down = True
    await run_for(world, HOUR + 10 * MIN)
    assert alerts(world) == Counter()
    world.index.down = False
    await run_for(world, 15 * MIN)
    assert alerts(world) == {("101", "new_episode:154587:5"): 1}


async def test_an_unsubscribed_show_is_no_longer_looked_for() -> None:
    world = airing_world(releases=[dungeon(3)])
    ann, chat = await world.person("101", role=Role.USER)
    await world.service.subscribe_title(ann, "dungeon meshi", chat, is_chat_admin=None,
                                        auto_download=False)  # fmt: skip
    await world.service.unsubscribe(ann, "dungeon", chat, is_chat_admin=None)
    assert await run_for(world, 3 * HOUR) == 0
    assert alerts(world) == Counter()
    assert DUNGEON.id not in {s.media_id for s in await world.subscriptions.shows()}
    assert FRIEREN.id not in {s.media_id for s in await world.subscriptions.shows()}
