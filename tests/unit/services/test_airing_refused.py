"""Auto-downloads whose release qBittorrent will not take (its torrent URL gives an HTML page, a
404, a broken torrent): the next cycle takes the next-best release, a few refusals end the
auto-download with the subscriber told once, privately; qBittorrent unreachable only postpones."""

from __future__ import annotations

from datetime import timedelta

from domain.models import NotificationKind, Preferences, Release
from domain.notifications.outbox import OutboxMessage
from domain.services.downloads import MAX_REFUSED_RELEASES
from tests.unit.services.airing_world import GROUP, AiringWorld, airing_world, frieren

MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)

# Four releases of episode 5, each from its own group.
RELEASES = [frieren(5, group=g) for g in ("SubsPlease", "Erai-raws", "EMBER", "ToonsHub")]


async def ranked(world: AiringWorld) -> list[Release]:
    """The releases as a subscriber with default preferences gets them, best first."""
    result = await world.fakes.services.search.search("frieren", Preferences(), episode=5)
    return [c.release for c in result.ranking.accepted]


async def subscribed(world: AiringWorld) -> None:
    """Ann subscribes a group chat with auto-download; her private chat is "101"."""
    ann, _ = await world.person("101")
    await world.service.subscribe_title(ann, "frieren", GROUP, is_chat_admin=True,
                                        auto_download=True)  # fmt: skip


def told(world: AiringWorld, kind: NotificationKind) -> list[OutboxMessage]:
    return [r.entry for r in world.outbox.rows.values() if r.entry.notification.kind is kind]


def added_hashes(world: AiringWorld) -> list[str]:
    return [d.info_hash for d in world.fakes.downloads.rows.values()]


async def test_a_refused_release_is_not_tried_again_the_next_cycle_takes_the_next_best() -> None:
    world = airing_world(releases=list(RELEASES))
    best, second, *_ = await ranked(world)
    world.fakes.torrents.unaddable = {best.info_hash}
    await subscribed(world)

    world.advance(HOUR + MIN)
    report = await world.watcher.cycle()
    assert (report.downloads, report.not_taken, report.given_up) == (0, 1, 0)
    assert world.subscriptions.outcomes() == [None]  # still to do
    assert added_hashes(world) == []

    world.advance(MIN)
    report = await world.watcher.cycle()
    assert report.downloads == 1
    assert added_hashes(world) == [second.info_hash]
    assert world.fakes.torrents.refusals == [best.info_hash]  # asked for once, never again
    [outcome] = world.subscriptions.outcomes()
    assert outcome is not None and outcome.startswith("added download")
    assert told(world, NotificationKind.DOWNLOAD_FAILED) == []


async def test_three_refusals_finish_it_and_the_subscriber_is_told_once_privately() -> None:
    world = airing_world(releases=list(RELEASES))
    order = await ranked(world)
    assert len(order) > MAX_REFUSED_RELEASES  # a release qBittorrent would take is left over
    refused = [r.info_hash for r in order[:MAX_REFUSED_RELEASES]]
    world.fakes.torrents.unaddable = set(refused)
    await subscribed(world)

    world.advance(HOUR)
    for _ in range(MAX_REFUSED_RELEASES):
        world.advance(MIN)
        await world.watcher.cycle()
    assert world.fakes.torrents.refusals == refused  # best first, each once
    assert world.subscriptions.outcomes() == ["qBittorrent refused 3 releases"]
    [notice] = told(world, NotificationKind.DOWNLOAD_FAILED)
    assert notice.target.chat_id == "101"  # privately, not in the group
    assert notice.notification.title == "Not downloaded"
    assert "qBittorrent could not take the best 3 releases" in notice.notification.body
    assert [a.command for a in notice.notification.actions] == ["/search Sousou no Frieren 05"]

    # Nothing is retried after, nor said again.
    calls = world.fakes.torrents.calls["add"]
    for _ in range(10):
        world.advance(MIN)
        assert (await world.watcher.cycle()).given_up == 0
    assert world.fakes.torrents.calls["add"] == calls
    assert added_hashes(world) == []
    assert len(told(world, NotificationKind.DOWNLOAD_FAILED)) == 1


async def test_every_release_refused_before_the_bound_finishes_it_too() -> None:
    world = airing_world(releases=RELEASES[:2])
    world.fakes.torrents.unaddable = {r.info_hash for r in RELEASES[:2]}
    await subscribed(world)

    world.advance(HOUR)
    for _ in range(3):
        world.advance(MIN)
        await world.watcher.cycle()
    assert len(world.fakes.torrents.refusals) == 2
    assert world.subscriptions.outcomes() == ["qBittorrent refused 2 releases"]
    [notice] = told(world, NotificationKind.DOWNLOAD_FAILED)
    assert "the best 2 releases" in notice.notification.body


async def test_qbittorrent_unreachable_postpones_and_the_best_release_is_added_later() -> None:
    world = airing_world(releases=list(RELEASES))
    best, *_ = await ranked(world)
    await subscribed(world)
    world.fakes.torrents.down = True

    world.advance(HOUR)
    for _ in range(MAX_REFUSED_RELEASES + 2):  # more cycles than refusals would allow
        world.advance(MIN)
        report = await world.watcher.cycle()
        assert (report.downloads, report.not_taken, report.given_up) == (0, 0, 0)
    assert world.subscriptions.outcomes() == [None]
    assert world.fakes.torrents.calls["add"] == MAX_REFUSED_RELEASES + 2  # tried every cycle

    world.fakes.torrents.down = False
    world.advance(MIN)
    assert (await world.watcher.cycle()).downloads == 1
    assert added_hashes(world) == [best.info_hash]  # not held against the release
    assert told(world, NotificationKind.DOWNLOAD_FAILED) == []
