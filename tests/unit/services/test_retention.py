"""Retention: finished downloads leave the box after RETENTION_DAYS with their owners told first,
and the oldest go early when the disk is under its floor. Over fakes with a fake clock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

import pytest

from domain.errors import TorrentClientError
from domain.models import (
    ChatTarget,
    Download,
    DownloadState,
    NotificationKind,
    Platform,
    RequestKind,
    Role,
    User,
)
from domain.notifications.outbox import OutboxMessage
from domain.retention import RetentionPolicy
from domain.services.retention import SweepReport
from tests.fakes import FakeTorrents
from tests.world import World, build_world

DAY = 86400.0
HOUR = 3600.0
GB = 1_000_000_000


class RefusingTorrents(FakeTorrents):
    """qBittorrent that lists torrents but refuses to remove them."""

    refuse = True

    async def delete(self, info_hashes: Sequence[str], *, delete_files: bool) -> None:
        if self.refuse:
            raise TorrentClientError("qBittorrent said 500")
        await super().delete(info_hashes, delete_files=delete_files)


class Box:
    def __init__(
        self,
        *,
        retention_days: int = 14,
        free: int = 100 * GB,
        floor: int = 0,
        torrents: FakeTorrents | None = None,
    ) -> None:
        self.world: World = build_world(
            torrents=torrents,
            free_space=free,
            disk_free_floor=floor,
            retention_days=retention_days,
            retention_warning_hours=24,
            retention_min_age_hours=24,
        )
        self.clock = self.world.clock
        self.torrents = self.world.torrents
        self.outbox = self.world.outbox
        self.space = self.world.space
        self.retention = self.world.box.retention
        self._users = 0

    async def user(self) -> User:
        self._users += 1
        return await self.world.users.create(
            platform=Platform.TELEGRAM,
            external_id=str(self._users),
            display_name=f"user{self._users}",
            role=Role.USER,
        )

    async def have(
        self,
        owner: User,
        info_hash: str,
        *,
        size: int = GB,
        finished: bool = True,
        tell: bool = True,
        searched: bool = False,
    ) -> Download:
        """`owner` asked for the torrent from their private chat, and it finished now.
        `searched`: found on Nyaa with its size (else a pasted magnet, of no known size)."""
        target = ChatTarget(Platform.TELEGRAM, f"chat-{owner.id}") if tell else None
        kind, episode = (RequestKind.EPISODE, 1) if searched else (RequestKind.MAGNET, None)
        request = await self.world.requests.create(
            user_id=owner.id, query="q", kind=kind, episode=episode, reply_to=target
        )
        await self.torrents.add("magnet", info_hash=info_hash, owner_id=owner.id)
        self.torrents.torrents_by_hash[info_hash] = replace(
            self.torrents.torrents_by_hash[info_hash], size=size, name=f"Show {info_hash[:4]}"
        )
        download = await self.world.downloads.add(
            info_hash=info_hash,
            owner_id=owner.id,
            name=f"Show {info_hash[:4]}",
            request_id=request.id,
        )
        if finished:
            self.torrents.finish(info_hash)
            download = await self.world.downloads.set_state(
                download.id, DownloadState.COMPLETED, completed_at=self.clock()
            )
        return download

    def later(self, seconds: float) -> None:
        self.clock.advance(seconds)

    async def sweep(self) -> SweepReport:
        return await self.retention.sweep()

    def told(self, kind: NotificationKind) -> list[OutboxMessage]:
        return [
            OutboxMessage(r.entry.event, r.entry.target, r.entry.notification)
            for r in self.outbox.rows.values()
            if r.entry.notification.kind is kind
        ]

    def on_box(self, download: Download) -> bool:
        return download.id in self.world.downloads.rows


async def test_the_owner_is_warned_a_day_ahead_and_the_download_goes_at_fourteen_days() -> None:
    box = Box()
    alice = await box.user()
    download = await box.have(alice, "a" * 40)
    box.later(12 * DAY)
    assert await box.sweep() == SweepReport()
    box.later(1 * DAY + HOUR)  # 13 days 1 hour: inside the warning window
    report = await box.sweep()
    assert report.warned == (download.id,) and report.expired == ()
    (warning,) = box.told(NotificationKind.DOWNLOAD_EXPIRING)
    assert warning.target == ChatTarget(Platform.TELEGRAM, f"chat-{alice.id}")
    # Told on day 13 + 1h, so it goes a full day later: day 14 + 1h, not day 14.
    assert "2026-01-15 01:00 UTC" in warning.notification.body
    assert f"/files {download.id}" in [a.command for a in warning.notification.actions]
    box.later(23 * HOUR)  # day 14: expired, but the owner has had only 23 hours
    assert (await box.sweep()).expired == ()
    assert box.on_box(download)
    box.later(HOUR)
    report = await box.sweep()
    assert report.expired == (download.id,)
    assert not box.on_box(download)
    assert box.torrents.deleted == [("a" * 40, True)]  # the files go with the torrent
    assert len(box.told(NotificationKind.DOWNLOAD_EXPIRING)) == 1  # warned once, not per sweep


async def test_a_box_that_was_off_still_gives_the_full_warning() -> None:
    box = Box()
    download = await box.have(await box.user(), "b" * 40)
    box.later(40 * DAY)  # first sweep long after expiry
    report = await box.sweep()
    assert report.warned == (download.id,) and report.expired == ()
    box.later(24 * HOUR - 1)
    assert (await box.sweep()).expired == ()
    box.later(1)
    assert (await box.sweep()).expired == (download.id,)


async def test_repeated_sweeps_write_one_warning() -> None:
    box = Box()
    await box.have(await box.user(), "c" * 40)
    box.later(13 * DAY + HOUR)
    for _ in range(3):
        await box.sweep()
    assert len(box.outbox.rows) == 1


@pytest.mark.parametrize(
    "make",
    ["still downloading", "finished row but moving again in qBittorrent"],
)
async def test_a_download_in_progress_is_never_touched(make: str) -> None:
    box = Box()
    owner = await box.user()
    if make == "still downloading":
        download = await box.have(owner, "d" * 40, finished=False)
    else:
        download = await box.have(owner, "d" * 40)
        box.torrents.torrents_by_hash["d" * 40] = replace(
            box.torrents.torrents_by_hash["d" * 40], state=DownloadState.CHECKING
        )
    box.later(60 * DAY)
    assert await box.sweep() == SweepReport()
    box.later(2 * DAY)
    assert await box.sweep() == SweepReport()
    assert box.on_box(download) and box.torrents.deleted == []


async def test_a_shared_torrent_keeps_its_files_until_every_copy_has_expired() -> None:
    box = Box()
    alice, bob = await box.user(), await box.user()
    first = await box.have(alice, "e" * 40)
    box.later(10 * DAY)
    # Bob adds the finished torrent ten days later: his copy's age starts now.
    second = await box.have(bob, "e" * 40)
    box.later(4 * DAY)  # day 14: alice warned (no grace yet), bob not due
    await box.sweep()
    box.later(DAY)
    report = await box.sweep()
    assert report.expired == (first.id,)
    torrent = box.torrents.torrents_by_hash["e" * 40]
    assert torrent.owner_ids == (bob.id,) and box.torrents.deleted == []
    box.later(10 * DAY)  # bob's copy: day 15 of its own
    await box.sweep()  # his warning
    box.later(DAY)
    assert (await box.sweep()).expired == (second.id,)
    assert box.torrents.deleted == [("e" * 40, True)]


async def test_a_download_nobody_can_be_told_about_goes_at_its_age() -> None:
    box = Box()
    download = await box.have(await box.user(), "f" * 40, tell=False)
    box.later(14 * DAY)
    report = await box.sweep()
    assert report.expired == (download.id,) and report.warned == ()
    assert box.outbox.rows == {}


async def test_retention_days_zero_keeps_everything() -> None:
    box = Box(retention_days=0)
    download = await box.have(await box.user(), "1" * 40)
    box.later(3 * 365 * DAY)
    assert await box.sweep() == SweepReport()
    assert box.on_box(download) and box.outbox.rows == {}


async def test_under_the_floor_the_oldest_finished_torrents_go_first_owners_told() -> None:
    box = Box(retention_days=0, free=4 * GB, floor=10 * GB)  # 6 GB short
    alice, bob = await box.user(), await box.user()
    oldest = await box.have(alice, "2" * 40, size=5 * GB)
    box.later(5 * DAY)
    older = await box.have(bob, "3" * 40, size=3 * GB)
    box.later(5 * DAY)
    newer = await box.have(alice, "4" * 40, size=20 * GB)
    box.later(5 * DAY)
    young = await box.have(bob, "5" * 40, size=50 * GB)  # under the minimum age
    # Found on Nyaa, its 70 GB checked against the floor when it was added: it stays.
    running = await box.have(alice, "6" * 40, size=70 * GB, finished=False, searched=True)
    box.later(HOUR)
    report = await box.sweep()
    assert report.for_space == (oldest.id, older.id)  # 5 + 3 GB cover the 6 GB
    assert all(box.on_box(d) for d in (newer, young, running))
    removed = box.told(NotificationKind.DOWNLOAD_REMOVED)
    assert {m.target.chat_id for m in removed} == {f"chat-{alice.id}", f"chat-{bob.id}"}
    assert all("disk was nearly full" in m.notification.body for m in removed)
    assert sorted(box.torrents.deleted) == [("2" * 40, True), ("3" * 40, True)]


async def test_under_the_floor_a_torrent_with_a_young_copy_is_spared() -> None:
    box = Box(retention_days=0, free=0, floor=GB)
    alice, bob = await box.user(), await box.user()
    shared = await box.have(alice, "7" * 40, size=10 * GB)
    box.later(30 * DAY)
    await box.have(bob, "7" * 40)  # bob took it an hour ago
    box.later(HOUR)
    report = await box.sweep()
    assert report == SweepReport()
    assert box.on_box(shared)


async def test_with_room_on_the_disk_nothing_goes_early() -> None:
    box = Box(retention_days=0, free=50 * GB, floor=10 * GB)
    download = await box.have(await box.user(), "8" * 40)
    box.later(100 * DAY)
    assert await box.sweep() == SweepReport()
    assert box.on_box(download)


async def test_what_expiry_frees_counts_toward_the_floor() -> None:
    box = Box(free=50 * GB, floor=10 * GB)
    expiring = await box.have(await box.user(), "9" * 40, size=3 * GB)
    box.later(5 * DAY)
    other = await box.have(await box.user(), "0" * 40, size=4 * GB)
    box.later(8 * DAY + HOUR)
    assert (await box.sweep()).warned == (expiring.id,)
    box.later(DAY)
    box.space.free_bytes = 8 * GB  # 2 GB short, and qBittorrent has not deleted anything yet
    report = await box.sweep()
    assert report.expired == (expiring.id,) and report.for_space == ()
    assert box.on_box(other)  # the 3 GB the expired torrent frees already cover the 2 GB


async def test_a_removal_qbittorrent_refuses_is_kept_and_tried_again() -> None:
    torrents = RefusingTorrents()
    box = Box(torrents=torrents)
    download = await box.have(await box.user(), "ab" * 20, tell=False)
    box.later(15 * DAY)
    report = await box.sweep()
    assert report.failed == (download.id,) and box.on_box(download)
    torrents.refuse = False
    box.later(HOUR)
    assert (await box.sweep()).expired == (download.id,)
    assert not box.on_box(download)


def test_a_policy_that_makes_no_sense_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        RetentionPolicy(max_age=timedelta(0))
    with pytest.raises(ValueError, match="negative"):
        RetentionPolicy(max_age=None, warning=timedelta(hours=-1))
