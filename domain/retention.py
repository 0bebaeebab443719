"""Retention rules: when a finished download is warned about, removed, or picked to free space,
and which downloads still arriving take their owner past their disk share or the disk's room.
Pure; `domain/services/retention.py` does the reading and removing.

A copy's age counts from when its owner had it whole: the later of when they added it and when
it completed (a torrent another owner finished long ago is new to whoever adds it today).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.models import Download, DownloadState, TorrentStatus


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    max_age: timedelta | None  # None: finished downloads are kept until the disk needs room
    warning: timedelta = timedelta(hours=24)  # owners are told at least this long before
    disk_min_age: timedelta = timedelta(hours=24)  # under the floor, younger copies are spared

    def __post_init__(self) -> None:
        if self.max_age is not None and self.max_age <= timedelta(0):
            raise ValueError("max_age must be positive, or None to keep downloads forever")
        if self.warning < timedelta(0) or self.disk_min_age < timedelta(0):
            raise ValueError("warning and disk_min_age cannot be negative")


def held_since(download: Download) -> datetime:
    if download.completed_at is None:
        return download.added_at
    return max(download.added_at, download.completed_at)


def is_finished(download: Download, live: TorrentStatus | None) -> bool:
    """Completed for its owner and not moving again in qBittorrent (a recheck, a re-download).
    A torrent gone from qBittorrent counts as finished: only its row is left to remove."""
    if download.completed_at is None:
        return False
    return live is None or live.state is DownloadState.COMPLETED


def expires_at(download: Download, policy: RetentionPolicy) -> datetime | None:
    if policy.max_age is None:
        return None
    return held_since(download) + policy.max_age


def due_for_warning(download: Download, now: datetime, policy: RetentionPolicy) -> bool:
    expiry = expires_at(download, policy)
    return expiry is not None and now >= expiry - policy.warning


def removal_at(
    download: Download, warned_at: datetime | None, policy: RetentionPolicy
) -> datetime | None:
    """When the copy may go: at expiry, but never sooner than `warning` after its owner was told.
    A copy nobody could be told about (`warned_at` None) goes at expiry."""
    expiry = expires_at(download, policy)
    if expiry is None:
        return None
    if warned_at is None:
        return expiry
    return max(expiry, warned_at + policy.warning)


def pick_for_space(
    finished: Sequence[Download],
    everyone: Sequence[Download],
    sizes: Mapping[str, int],
    needed: int,
    now: datetime,
    policy: RetentionPolicy,
) -> list[str]:
    """Torrents to remove, oldest first, until `needed` bytes are freed.

    Only a torrent every owner has finished, each copy at least `disk_min_age` old, and still in
    qBittorrent (`sizes`) is picked: removing one owner's share of a torrent frees nothing.
    """
    if needed <= 0:
        return []
    finished_ids = {d.id for d in finished}
    by_hash: dict[str, list[Download]] = {}
    for download in everyone:
        by_hash.setdefault(download.info_hash, []).append(download)
    eligible = []
    for info_hash, copies in by_hash.items():
        if info_hash not in sizes or sizes[info_hash] <= 0:
            continue
        if all(d.id in finished_ids and now - held_since(d) >= policy.disk_min_age for d in copies):
            eligible.append((max(held_since(d) for d in copies), info_hash))
    picked, freed = [], 0
    for _, info_hash in sorted(eligible):
        if freed >= needed:
            break
        picked.append(info_hash)
        freed += sizes[info_hash]
    return picked


def held(owned: Sequence[Download], live: Mapping[str, TorrentStatus]) -> int:
    """Bytes one owner's torrents take, each counted once, as their quota counts them."""
    return sum(live[h].size for h in {d.info_hash for d in owned} if h in live)


def arriving(downloads: Sequence[Download], live: Mapping[str, TorrentStatus]) -> list[Download]:
    """The downloads still arriving: in qBittorrent and not finished for their owner."""
    return [d for d in downloads if d.info_hash in live and not is_finished(d, live[d.info_hash])]


def to_write(downloads: Sequence[Download], live: Mapping[str, TorrentStatus]) -> int:
    """Bytes the torrents of these downloads still arriving have yet to write, each once."""
    left = {d.info_hash for d in arriving(downloads, live)}
    return sum(max(0, live[h].size - live[h].downloaded) for h in left)


def past_share(
    owned: Sequence[Download],
    live: Mapping[str, TorrentStatus],
    limit: int,
    unsized: Collection[int],
) -> list[Download]:
    """One owner's downloads to remove, newest first, to bring what they hold back within a disk
    share of `limit` bytes (0: no share); none while they are within it.

    Each download was checked against the share when it was added, with the size its release
    listed; only one whose size nobody knew then (`unsized`: ids of a pasted magnet, a feed
    item) can have taken its owner past it, and only while it is still arriving. Finished
    ones are never picked, and over the share on them alone, the share was lowered since:
    nothing arriving is to blame. A listed size is rounded ("1.4 GiB" is up to 5% off), so a
    download is blamed only for more than a twentieth of its own size.
    """
    if limit <= 0:
        return []
    blamable = [d for d in arriving(owned, live) if d.id in unsized]
    blameless = [d for d in owned if d not in blamable]
    if held(blameless, live) > limit:
        return []
    over = held(owned, live) - limit
    picked: list[Download] = []
    for download in sorted(blamable, key=lambda d: (d.added_at, d.id), reverse=True):
        if over <= 0:
            break
        size = live[download.info_hash].size
        if size > 0 and over > size // 20:  # 0: still fetching its metadata, nothing taken
            picked.append(download)
            over -= size
    return picked


def past_room(
    everyone: Sequence[Download],
    live: Mapping[str, TorrentStatus],
    room: int,
    unsized: Collection[int],
) -> list[Download]:
    """Downloads to remove, newest torrent first, so that what the torrents still arriving have
    yet to write fits in `room` (the bytes free above the free-space floor); none while it fits.

    As with the share (`past_share`), only a torrent whose size nobody knew when it was added is
    picked: every one of its copies is `unsized` and still arriving (a torrent goes only with its
    last copy, so a removal that leaves one behind frees nothing).
    """
    excess = to_write(everyone, live) - room
    if excess <= 0:
        return []
    copies: dict[str, list[Download]] = {}
    for download in arriving(everyone, live):
        copies.setdefault(download.info_hash, []).append(download)
    left = {h: max(0, live[h].size - live[h].downloaded) for h in copies}
    blamable = [
        h for h, each in copies.items() if left[h] > 0 and all(d.id in unsized for d in each)
    ]
    blamable.sort(key=lambda h: max((d.added_at, d.id) for d in copies[h]), reverse=True)
    picked: list[Download] = []
    for info_hash in blamable:
        if excess <= 0:
            break
        picked.extend(copies[info_hash])
        excess -= left[info_hash]
    return picked
