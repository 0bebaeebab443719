"""A download whose size nobody knew when it was added (a magnet, a feed's item) cannot take its
owner past their disk share, nor the box under its free-space floor, for long: once qBittorrent
knows its size, the retention sweep removes it, newest first, and tells the owner privately why."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from domain.models import (
    ChatTarget,
    Download,
    DownloadState,
    NotificationKind,
    Platform,
    Role,
    TorrentStatus,
    User,
)
from domain.retention import past_room, past_share
from domain.services.quotas import Limits
from domain.services.retention import SweepReport
from tests.standins.nyaa import make_release
from tests.world import World, build_world, shares

GIB = 1024**3
START = datetime(2026, 1, 1, tzinfo=UTC)


class Box:
    def __init__(self, disk_share: int = 0, *, free: int = 0, floor: int = 0) -> None:
        self.world: World = build_world(
            admins=["99"],
            **shares(Limits(disk_share, 0, 0)),
            retention_days=0,
            free_space=free,
            disk_free_floor=floor,
        )
        self.torrents = self.world.torrents

    async def user(self, external_id: str, role: Role = Role.USER) -> User:
        return await self.world.users.create(
            platform=Platform.TELEGRAM, external_id=external_id, display_name="u", role=role
        )

    async def magnet(self, owner: User, digit: str, *, size: int) -> Download:
        """`owner` pastes a magnet from their private chat; qBittorrent later learns its size."""
        added = await self.world.services.downloads.request_magnet(
            owner,
            f"magnet:?xt=urn:btih:{digit * 40}&dn=Show%20{digit}",
            reply_to=ChatTarget(Platform.TELEGRAM, f"chat-{owner.id}"),
        )
        self.world.clock.advance(60)
        self.sized(added.download.info_hash, size)
        return added.download

    def sized(self, info_hash: str, size: int) -> None:
        held = self.torrents.torrents_by_hash[info_hash]
        self.torrents.torrents_by_hash[info_hash] = replace(held, size=size)

    def removal_notices(self) -> list[tuple[ChatTarget, str]]:
        return [
            (r.entry.target, r.entry.notification.body)
            for r in self.world.outbox.rows.values()
            if r.entry.notification.kind is NotificationKind.DOWNLOAD_REMOVED
        ]


async def test_a_magnet_bigger_than_the_share_left_is_removed_and_its_owner_told() -> None:
    box = Box(disk_share=10 * GIB)
    alice = await box.user("1")
    kept = await box.magnet(alice, "a", size=3 * GIB)
    box.torrents.finish(kept.info_hash)
    # The share is checked when a download is added; a magnet's size is not known then.
    big = await box.magnet(alice, "b", size=40 * GIB)

    report = await box.world.box.retention.sweep()

    assert report.over_share == (big.id,)
    assert box.torrents.deleted == [(big.info_hash, True)]  # its partial files go too
    assert [d.id for d in await box.world.downloads.for_owner(alice.id)] == [kept.id]
    [(target, body)] = box.removal_notices()
    assert target == ChatTarget(Platform.TELEGRAM, f"chat-{alice.id}")  # privately, as asked
    assert body == (
        f"#{big.id} Show b was removed from the box: at 40.0 GiB it took you past your "
        "10.0 GiB disk share; /delete something to make room."
    )
    assert await box.world.box.retention.sweep() == SweepReport()  # told once, gone once


async def test_within_the_share_or_before_the_size_is_known_nothing_goes() -> None:
    box = Box(disk_share=10 * GIB)
    alice = await box.user("1")
    fits = await box.magnet(alice, "a", size=6 * GIB)
    unknown = await box.magnet(alice, "b", size=0)  # still fetching its metadata
    assert (await box.world.box.retention.sweep()).over_share == ()
    box.sized(unknown.info_hash, 5 * GIB)  # now 11 GiB in all: the newest one goes
    assert (await box.world.box.retention.sweep()).over_share == (unknown.id,)
    assert [d.id for d in await box.world.downloads.for_owner(alice.id)] == [fits.id]


async def test_a_release_whose_size_was_listed_and_checked_is_never_blamed() -> None:
    box = Box(disk_share=10 * GIB)
    alice = await box.user("1")
    box.world.index.releases = [make_release("[SubsPlease] Frieren - 05 (1080p)", size=GIB)]
    added = await box.world.services.downloads.request_episode(alice, "frieren", 5)
    box.sized(added.download.info_hash, 12 * GIB)  # the listing was wrong, not the share
    assert (await box.world.box.retention.sweep()).over_share == ()


async def test_admins_and_boxes_without_a_disk_share_are_left_alone() -> None:
    box = Box(disk_share=10 * GIB)
    admin = await box.user("99", Role.ADMIN)
    await box.magnet(admin, "a", size=400 * GIB)
    assert (await box.world.box.retention.sweep()).over_share == ()

    unlimited = Box(disk_share=0)
    bob = await unlimited.user("2")
    await unlimited.magnet(bob, "b", size=400 * GIB)
    assert (await unlimited.world.box.retention.sweep()).over_share == ()


async def test_a_torrent_two_owners_asked_for_counts_against_each_share() -> None:
    box = Box(disk_share=10 * GIB)
    alice, bob = await box.user("1"), await box.user("2")
    alices = await box.magnet(alice, "a", size=1 * GIB)
    bobs = await box.magnet(bob, "a", size=1 * GIB)  # the same torrent, asked for by both
    assert bobs.info_hash == alices.info_hash
    box.sized(alices.info_hash, 12 * GIB)
    report = await box.world.box.retention.sweep()
    assert sorted(report.over_share) == sorted([alices.id, bobs.id])  # past both shares


async def test_a_magnet_too_big_for_the_room_above_the_floor_is_removed_even_for_an_admin() -> None:
    # Before qBittorrent knew its size, the floor saw nothing coming.
    box = Box(free=30 * GIB, floor=10 * GIB)
    admin = await box.user("99", Role.ADMIN)
    fits = await box.magnet(admin, "a", size=15 * GIB)
    big = await box.magnet(admin, "b", size=40 * GIB)
    report = await box.world.box.retention.sweep()
    assert report.no_room == (big.id,)  # 15 + 40 GiB to write, 20 above the floor: the newest
    assert [d.id for d in await box.world.downloads.for_owner(admin.id)] == [fits.id]
    [(_, body)] = box.removal_notices()
    assert body == (
        f"#{big.id} Show b was removed from the box: at 40.0 GiB it would not fit: the box keeps "
        "10.0 GiB of its disk free."
    )


async def test_what_a_download_has_written_already_is_not_counted_again() -> None:
    box = Box(free=30 * GIB, floor=10 * GIB)
    alice = await box.user("1")
    half = await box.magnet(alice, "a", size=40 * GIB)
    held = box.torrents.torrents_by_hash[half.info_hash]
    box.torrents.torrents_by_hash[half.info_hash] = replace(held, downloaded=25 * GIB)
    assert await box.world.box.retention.sweep() == SweepReport()  # 15 GiB to go: it fits


def test_a_torrent_someone_found_with_its_size_is_spared_with_every_copy() -> None:
    mine, theirs, newer = (
        _download(1, minutes=0),
        replace(_download(1, minutes=1), id=2, owner_id=2),  # the same torrent, their copy
        _download(3, minutes=2),
    )
    live = {d.info_hash: _live(d, 10 * GIB) for d in (mine, newer)}
    everyone = [mine, theirs, newer]
    assert past_room(everyone, live, 5 * GIB, {1, 2, 3}) == [newer, mine, theirs]
    assert past_room(everyone, live, 15 * GIB, {1, 2, 3}) == [newer]
    assert past_room(everyone, live, 5 * GIB, {1, 3}) == [newer]  # theirs was checked: kept
    assert past_room(everyone, live, 20 * GIB, {1, 2, 3}) == []


def _download(n: int, *, minutes: int, done: bool = False) -> Download:
    return Download(
        id=n,
        info_hash=str(n) * 40,
        owner_id=1,
        name=f"Show {n}",
        state=DownloadState.COMPLETED if done else DownloadState.DOWNLOADING,
        added_at=START + timedelta(minutes=minutes),
        completed_at=START + timedelta(minutes=minutes) if done else None,
    )


def _live(download: Download, size: int) -> TorrentStatus:
    return TorrentStatus(
        info_hash=download.info_hash,
        name="x",
        state=download.state,
        progress=1.0 if download.completed_at else 0.1,
        size=size,
        downloaded=0,
        download_speed=0,
        upload_speed=0,
        eta=None,
    )


def test_the_newest_arriving_go_first_and_only_as_many_as_needed() -> None:
    done, older, newer = (
        _download(1, minutes=0, done=True),
        _download(2, minutes=1),
        _download(3, minutes=2),
    )
    live = {d.info_hash: _live(d, GIB) for d in (done, older, newer)}
    owned, unsized = [done, older, newer], {older.id, newer.id}
    assert past_share(owned, live, 3 * GIB, unsized) == []
    assert past_share(owned, live, 2 * GIB, unsized) == [newer]
    assert past_share(owned, live, GIB, unsized) == [newer, older]
    assert past_share(owned, live, 2 * GIB, {older.id}) == [older]  # newer was checked


def test_what_a_listed_size_rounds_away_is_not_blamed() -> None:
    # "1.4 GiB" on Nyaa is anything from 1.35 to 1.45 GiB: a feed's item checked at 1.4.
    done, item = _download(1, minutes=0, done=True), _download(2, minutes=1)
    live = {done.info_hash: _live(done, 18 * GIB), item.info_hash: _live(item, 1_550_000_000)}
    assert past_share([done, item], live, 18 * GIB + 1_503_238_554, {item.id}) == []
    assert past_share([done, item], live, 18 * GIB, {item.id}) == [item]


def test_a_share_lowered_below_what_is_finished_spares_what_is_arriving() -> None:
    done, arriving = _download(1, minutes=0, done=True), _download(2, minutes=1)
    live = {done.info_hash: _live(done, 5 * GIB), arriving.info_hash: _live(arriving, GIB)}
    assert past_share([done, arriving], live, 4 * GIB, {arriving.id}) == []  # an admin's change
