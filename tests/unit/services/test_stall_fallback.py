"""A stalled download that came from a search switches to the next-best release, a bounded
number of times, once per stall even across restarts; a magnet only hears of the stall. And the
watcher's reconciliation marks downloads whose torrent is gone as MISSING."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest

from domain.models import (
    ChatTarget,
    Download,
    DownloadState,
    Media,
    NotificationKind,
    Platform,
    Release,
    Role,
    SyncDelta,
    User,
)
from domain.services.completions import CompletionWatcher
from tests.fakes import FakeTorrents, release
from tests.world import build_world, rebuilt

FRIEREN = Media(id=154587, romaji="Sousou no Frieren", english="Frieren", episodes=28)
BEST = release("[SubsPlease] Sousou no Frieren - 05 (1080p) [F02B9CEE].mkv", "a" * 40, seeders=900)
SECOND = release("[Erai-raws] Sousou no Frieren - 05 [1080p].mkv", "b" * 40, seeders=300)
THIRD = release("[Foo] Sousou no Frieren - 05 (1080p).mkv", "c" * 40, seeders=100)
OTHER_EPISODE = release("[SubsPlease] Sousou no Frieren - 06 (1080p).mkv", "d" * 40, seeders=999)
MAGNET_HASH = "e" * 40
CHAT = ChatTarget(Platform.TELEGRAM, "1001")
BOB_CHAT = ChatTarget(Platform.TELEGRAM, "1002")
STALL = timedelta(minutes=30)


class Crash(BaseException):
    """Stands for the process dying: no DomainError handler catches it."""


class CrashingDelete(FakeTorrents):
    """Dies the first time it is asked to delete a torrent, like a process killed mid-switch."""

    def __init__(self) -> None:
        super().__init__()
        self.crash = True

    async def delete(self, info_hashes: Sequence[str], *, delete_files: bool) -> None:
        if self.crash:
            self.crash = False
            raise Crash
        await super().delete(info_hashes, delete_files=delete_files)


class World:
    def __init__(
        self, releases: Sequence[Release] = (BEST, SECOND, THIRD, OTHER_EPISODE), **kw: object
    ) -> None:
        torrents = kw.get("torrents")
        self.fakes = build_world(
            releases=releases,
            media=[FRIEREN],
            torrents=torrents if isinstance(torrents, FakeTorrents) else None,
        )
        self.clock = self.fakes.clock
        self.downloads, self.torrents = self.fakes.downloads, self.fakes.torrents
        self.service = self.fakes.services.downloads
        self.outbox, self.switches = self.fakes.outbox, self.fakes.switches
        self.rid = 0

    def watcher(self, max_switches: int = 2) -> CompletionWatcher:
        """A freshly started watcher, as after a restart; the database (fakes) persists."""
        settings = {"stall_switches": max_switches, "stall_timeout": int(STALL.total_seconds())}
        return rebuilt(self.fakes, settings=settings).completions

    async def user(self, external_id: str) -> User:
        return await self.fakes.users.create(
            platform=Platform.TELEGRAM,
            external_id=external_id,
            display_name=f"user{external_id}",
            role=Role.USER,
        )

    def answer(self, full: bool = True, stuck: frozenset[str] | None = None) -> None:
        """qBittorrent's next answer: every torrent it holds, the `stuck` ones (all by default)
        not moving, the others a little further on each time."""
        self.rid += 1
        table = {
            t.info_hash: {
                "name": t.name,
                "size": 1000,
                "progress": 0.1,
                "completed": 100 if stuck is None or t.info_hash in stuck else 100 + self.rid,
                "state": "stalledDL",
                "tags": ", ".join(["iiitorrent", *(f"iiitorrent-owner-{o}" for o in t.owner_ids)]),
            }
            for t in self.torrents.torrents_by_hash.values()
        }
        self.torrents.answers.append(SyncDelta(self.rid, full, table))

    async def stall(self, watcher: CompletionWatcher, stuck: frozenset[str] | None = None) -> int:
        """Let the `stuck` torrents (all by default) sit still for longer than the stall
        timeout; how many owners switched."""
        self.answer(stuck=stuck)
        await watcher.poll()
        self.clock.advance(STALL.total_seconds() + 1)
        self.answer(full=False, stuck=stuck)
        return (await watcher.poll()).switched

    def mine(self, user: User) -> list[Download]:
        return [d for d in self.downloads.rows.values() if d.owner_id == user.id]

    def told(self, chat: ChatTarget) -> list[str]:
        return [
            r.entry.notification.body
            for r in self.outbox.rows.values()
            if r.entry.target == chat
            and r.entry.notification.kind is NotificationKind.DOWNLOAD_STALLED
        ]


async def test_a_stalled_search_switches_to_the_next_best_release_and_says_so() -> None:
    world = World()
    alice = await world.user("1")
    await world.service.request_episode(alice, "frieren", 5, reply_to=CHAT)

    assert await world.stall(world.watcher()) == 1

    (now,) = world.mine(alice)
    assert now.info_hash == SECOND.info_hash
    assert BEST.info_hash not in world.torrents.torrents_by_hash
    assert world.torrents.deleted == [(BEST.info_hash, True)]
    (message,) = world.told(CHAT)
    assert message.startswith("Episode 5 was stuck at 10%")
    assert SECOND.title in message and f"#{now.id}" in message


async def test_switches_are_bounded_and_never_go_back_to_a_release_that_stalled() -> None:
    world = World()
    alice = await world.user("1")
    await world.service.request_episode(alice, "frieren", 5, reply_to=CHAT)
    watcher = world.watcher(max_switches=2)

    assert await world.stall(watcher) == 1
    assert await world.stall(watcher) == 1
    assert [d.info_hash for d in world.mine(alice)] == [THIRD.info_hash]
    # The third stall has no switch left: the owner hears of the stall and keeps the torrent.
    assert await world.stall(watcher) == 0
    assert [d.info_hash for d in world.mine(alice)] == [THIRD.info_hash]
    told = world.told(CHAT)
    assert len(told) == 3 and "has not moved" in told[-1]
    assert [(s.stalled_hash, s.replacement_hash) for s in world.switches.rows] == [
        (BEST.info_hash, SECOND.info_hash),
        (SECOND.info_hash, THIRD.info_hash),
    ]


async def test_the_bound_holds_across_a_restart() -> None:
    world = World()
    alice = await world.user("1")
    await world.service.request_episode(alice, "frieren", 5, reply_to=CHAT)
    assert await world.stall(world.watcher(max_switches=1)) == 1
    # Restarted: the replacement stalls too, and the one switch allowed was already made.
    assert await world.stall(world.watcher(max_switches=1)) == 0
    assert [d.info_hash for d in world.mine(alice)] == [SECOND.info_hash]


async def test_a_crash_mid_switch_is_finished_after_a_restart_without_a_second_switch() -> None:
    world = World(torrents=CrashingDelete())
    alice = await world.user("1")
    await world.service.request_episode(alice, "frieren", 5, reply_to=CHAT)
    with pytest.raises(Crash):
        await world.stall(world.watcher())
    assert {d.info_hash for d in world.mine(alice)} == {BEST.info_hash, SECOND.info_hash}

    # The process restarts; the old torrent is still stuck, its replacement is moving.
    assert await world.stall(world.watcher(), stuck=frozenset({BEST.info_hash})) == 1

    assert [d.info_hash for d in world.mine(alice)] == [SECOND.info_hash]
    assert len(world.switches.rows) == 1
    assert world.torrents.added_sources == [BEST.torrent_url, SECOND.torrent_url]
    assert len(world.told(CHAT)) == 1


async def test_a_shared_torrent_stays_for_the_owner_who_asked_by_magnet() -> None:
    world = World()
    alice, bob = await world.user("1"), await world.user("2")
    await world.service.request_episode(alice, "frieren", 5, reply_to=CHAT)
    await world.service.request_magnet(
        bob, f"magnet:?xt=urn:btih:{BEST.info_hash}", reply_to=BOB_CHAT
    )

    assert await world.stall(world.watcher()) == 1

    assert [d.info_hash for d in world.mine(alice)] == [SECOND.info_hash]
    assert [d.info_hash for d in world.mine(bob)] == [BEST.info_hash]
    assert world.torrents.torrents_by_hash[BEST.info_hash].owner_ids == (bob.id,)
    (bob_heard,) = world.told(BOB_CHAT)
    assert "has not moved" in bob_heard


async def test_without_another_release_the_owner_just_hears_of_the_stall() -> None:
    world = World(releases=(BEST, OTHER_EPISODE))
    alice = await world.user("1")
    await world.service.request_episode(alice, "frieren", 5, reply_to=CHAT)

    assert await world.stall(world.watcher()) == 0

    assert [d.info_hash for d in world.mine(alice)] == [BEST.info_hash]
    assert world.torrents.deleted == []
    (message,) = world.told(CHAT)
    assert "has not moved" in message


async def test_a_magnet_only_hears_of_the_stall() -> None:
    world = World()
    alice = await world.user("1")
    await world.service.request_magnet(
        alice, f"magnet:?xt=urn:btih:{MAGNET_HASH}&dn=Frieren+05", reply_to=CHAT
    )

    assert await world.stall(world.watcher()) == 0

    assert [d.info_hash for d in world.mine(alice)] == [MAGNET_HASH]
    assert world.switches.rows == []
    (message,) = world.told(CHAT)
    assert "has not moved" in message


async def test_a_start_marks_downloads_whose_torrent_is_gone_as_missing() -> None:
    world = World()
    alice = await world.user("1")
    await world.service.request_episode(alice, "frieren", 5, reply_to=CHAT)
    await world.service.request_magnet(alice, f"magnet:?xt=urn:btih:{MAGNET_HASH}")
    del world.torrents.torrents_by_hash[MAGNET_HASH]  # removed in qBittorrent while we were down
    world.clock.advance(1)

    world.answer()
    report = await world.watcher().poll()

    assert report.missing == 1
    states = {d.info_hash: d.state for d in world.mine(alice)}
    assert states == {BEST.info_hash: DownloadState.QUEUED, MAGNET_HASH: DownloadState.MISSING}
    statuses = await world.service.statuses(alice)
    assert {s.download.info_hash: s.state for s in statuses}[MAGNET_HASH] is DownloadState.MISSING


async def test_a_torrent_removed_while_running_goes_missing_and_comes_back() -> None:
    world = World()
    alice = await world.user("1")
    await world.service.request_episode(alice, "frieren", 5, reply_to=CHAT)
    world.clock.advance(1)
    watcher = world.watcher()
    world.answer()
    await watcher.poll()

    world.rid += 1
    world.torrents.answers.append(SyncDelta(world.rid, False, {}, removed=(BEST.info_hash,)))
    assert (await watcher.poll()).missing == 1
    assert world.mine(alice)[0].state is DownloadState.MISSING

    world.answer()  # someone added it back by hand; the next full answer lists it
    assert (await watcher.poll()).missing == 0
    assert world.mine(alice)[0].state is DownloadState.STALLED


async def test_a_download_added_while_the_answer_was_on_its_way_is_not_missing() -> None:
    world = World()
    watcher = world.watcher()
    world.answer()  # qBittorrent answers with an empty table...
    alice = await world.user("1")
    # ...and the download is written at the very moment the watcher asked.
    await world.service.request_magnet(alice, f"magnet:?xt=urn:btih:{MAGNET_HASH}")
    assert (await watcher.poll()).missing == 0
    assert world.mine(alice)[0].state is DownloadState.QUEUED
