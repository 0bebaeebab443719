"""The completion watcher: finished torrents announced once to every owner privately (and, with no
link, to the group a request came from), stalls noticed, and a restart reconciled by tag without
telling anyone twice."""

from __future__ import annotations

from datetime import timedelta

from domain.errors import InvalidInput
from domain.models import (
    ChatTarget,
    Download,
    DownloadState,
    NotificationKind,
    Platform,
    RequestKind,
    RequestState,
    SyncDelta,
    TargetKind,
)
from domain.services.completions import CompletionWatcher, NoticeLinks
from tests.fakes import FakeClock, FakeDownloads, FakeRequests, FakeUsers
from tests.fakes_automation import FakeCompletions, FakeOutbox, FakeSync

HASH = "c" * 40
OTHER = "d" * 40
ALICE_CHAT = ChatTarget(Platform.TELEGRAM, "1001")
GROUP = ChatTarget(Platform.TELEGRAM, "-100777", TargetKind.GROUP)
BOB_CHAT = ChatTarget(Platform.TELEGRAM, "2002")  # bob's private chat; his request came from GROUP
TAGS = "iiitorrent, iiitorrent-owner-1, iiitorrent-owner-2"


def torrent(progress: float, state: str, completed: int = 0, **extra: object) -> dict[str, object]:
    return {
        "name": "[SubsPlease] Frieren - 05 (1080p).mkv",
        "size": 1000,
        "progress": progress,
        "state": state,
        "completed": completed,
        "tags": TAGS,
        **extra,
    }


class World:
    def __init__(self) -> None:
        self.clock = FakeClock()
        self.downloads = FakeDownloads(self.clock)
        self.requests = FakeRequests(self.clock)
        self.outbox = FakeOutbox(self.clock)
        self.users = FakeUsers()
        self.users.identities[(Platform.TELEGRAM, BOB_CHAT.chat_id)] = 2
        self.completions = FakeCompletions(self.downloads, self.requests, self.outbox, self.users)
        self.sync = FakeSync()

    def watcher(
        self, stall_minutes: int = 30, links: NoticeLinks | None = None
    ) -> CompletionWatcher:
        return CompletionWatcher(
            sync=self.sync,
            completions=self.completions,
            outbox=self.outbox,
            clock=self.clock,
            stall_timeout=timedelta(minutes=stall_minutes),
            links=links,
        )

    async def two_owners(self) -> None:
        alice = await self.requests.create(
            user_id=1, query="frieren", kind=RequestKind.EPISODE, episode=5, reply_to=ALICE_CHAT
        )
        bob = await self.requests.create(
            user_id=2, query="frieren", kind=RequestKind.EPISODE, episode=5, reply_to=GROUP
        )
        await self.downloads.add(info_hash=HASH, owner_id=1, name="Frieren 05", request_id=alice.id)
        await self.downloads.add(info_hash=HASH, owner_id=2, name="Frieren 05", request_id=bob.id)

    def notified(self) -> list[tuple[str, NotificationKind]]:
        return [
            (row.entry.target.chat_id, row.entry.notification.kind)
            for row in self.outbox.rows.values()
        ]


async def test_a_finished_torrent_completes_every_owner_and_tells_each_chat_once() -> None:
    world = World()
    await world.two_owners()
    watcher = world.watcher()
    world.sync.answers = [
        SyncDelta(1, True, {HASH: torrent(0.5, "downloading", 500)}),
        SyncDelta(2, False, {HASH: {"progress": 1.0, "state": "uploading", "completed": 1000}}),
        SyncDelta(3, False, {HASH: {"num_leechs": 3}}),
    ]

    assert (await watcher.poll()).completed == ()
    assert (await watcher.poll()).completed == (HASH,)
    assert (await watcher.poll()).completed == ()

    assert world.sync.asked == [0, 1, 2]
    assert sorted(world.notified()) == [
        ("-100777", NotificationKind.DOWNLOAD_COMPLETED),
        ("1001", NotificationKind.DOWNLOAD_COMPLETED),
        ("2002", NotificationKind.DOWNLOAD_COMPLETED),
    ]
    assert {d.state for d in world.downloads.rows.values()} == {DownloadState.COMPLETED}
    assert {r.state for r in world.requests.rows.values()} == {RequestState.COMPLETED}
    assert world.completions.transactions == 1


async def test_a_restart_reconciles_by_tag_without_repeating_itself() -> None:
    world = World()
    await world.two_owners()
    await world.downloads.add(info_hash=OTHER, owner_id=1, name="Dungeon Meshi", request_id=None)
    finished_while_down = {
        HASH: torrent(1.0, "stalledUP", 1000),
        OTHER: torrent(1.0, "pausedUP", 1000),
        "e" * 40: torrent(1.0, "uploading", 1000, tags="not-ours"),
    }
    world.sync.answers = [SyncDelta(1, True, finished_while_down)]
    report = await world.watcher().poll()
    assert sorted(report.completed) == [HASH, OTHER]
    # OTHER had no chat to tell: completed quietly.
    assert len(world.notified()) == 3  # alice; bob privately; his group

    # Another restart: qBittorrent lists the same torrents again, nobody hears twice.
    world.sync.answers = [SyncDelta(1, True, finished_while_down)]
    assert (await world.watcher().poll()).completed == ()
    assert len(world.notified()) == 3


async def test_a_torrent_that_stops_moving_is_announced_as_stalled_once_per_stall() -> None:
    world = World()
    await world.two_owners()
    watcher = world.watcher(stall_minutes=30)
    world.sync.answers = [SyncDelta(1, True, {HASH: torrent(0.2, "stalledDL", 200)})]
    await watcher.poll()
    world.clock.advance(29 * 60)
    assert (await watcher.poll()).stalled == ()
    world.clock.advance(60)
    assert (await watcher.poll()).stalled == (HASH,)
    world.clock.advance(3600)
    assert (await watcher.poll()).stalled == ()
    stalled = [k for _, k in world.notified() if k is NotificationKind.DOWNLOAD_STALLED]
    assert len(stalled) == 2  # one per owner, privately; the group hears nothing of it

    # It moves again, then stalls again: a new stall, a new notice.
    world.sync.answers = [SyncDelta(2, False, {HASH: {"completed": 300, "progress": 0.3}})]
    await watcher.poll()
    world.clock.advance(31 * 60)
    assert (await watcher.poll()).stalled == (HASH,)


async def test_paused_and_removed_torrents_are_not_stalls() -> None:
    world = World()
    await world.two_owners()
    watcher = world.watcher(stall_minutes=1)
    world.sync.answers = [
        SyncDelta(1, True, {HASH: torrent(0.2, "pausedDL", 200)}),
        SyncDelta(2, False, {}, removed=(HASH,)),
    ]
    await watcher.poll()
    world.clock.advance(600)
    assert (await watcher.poll()).stalled == ()
    assert world.notified() == []


async def test_the_completion_notice_carries_each_owners_own_link() -> None:
    world = World()
    await world.two_owners()

    async def signed_link(download: Download) -> str | None:
        if download.owner_id == 2:
            raise InvalidInput("no finished file yet")  # the notice still goes, without a link
        return f"https://box.example/dl/{download.id}-for-{download.owner_id}"

    world.sync.answers = [
        SyncDelta(1, True, {HASH: torrent(1.0, "uploading", 1000)}),
    ]
    await world.watcher(links=signed_link).poll()

    notices = {
        row.entry.target.chat_id: row.entry.notification for row in world.outbox.rows.values()
    }
    assert notices[ALICE_CHAT.chat_id].url == "https://box.example/dl/1-for-1"
    assert notices[BOB_CHAT.chat_id].url is None
    assert notices[GROUP.chat_id].url is None
    for notice in notices.values():
        files = notice.actions[0]
        assert files.label == "Files" and files.command.startswith("/files ")
