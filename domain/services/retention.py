"""Retention: finished downloads older than the policy's age leave the box, owners told first;
under the free-space floor, the oldest finished torrents go early; a download still arriving that
takes its owner past their disk share, or that will not fit above the floor, goes, newest first,
its owner told why (its size was not known when it was added: a pasted magnet, a feed's item).

One `sweep` per scheduler run. A copy due soon gets a warning through the outbox; the copy goes
once it is past its age *and* its owner has had the warning for the warning period, so a box that
was off for a week still gives everyone their notice. A torrent several people hold loses one
owner's share at a time (`DownloadService.remove`); its files go with the last one. Nothing that
is still downloading, checking or moving again in qBittorrent is touched.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.errors import DomainError
from domain.models import Download, RequestKind, TorrentStatus
from domain.notifications.events import Recipient
from domain.notifications.retention import download_expiring, download_removed
from domain.ports import (
    Clock,
    DownloadRepository,
    DownloadRequestRepository,
    OutboxRepository,
    TorrentClient,
)
from domain.retention import (
    RetentionPolicy,
    arriving,
    due_for_warning,
    held,
    is_finished,
    past_room,
    past_share,
    pick_for_space,
    removal_at,
    to_write,
)
from domain.services.disk import DiskGuard
from domain.units import human_size

logger = logging.getLogger(__name__)

SPACE_REASON = "the disk was nearly full"
# Requests added with no size to check the disk share against: a /get of a magnet; a feed's item.
_UNSIZED_KINDS = frozenset({RequestKind.MAGNET, RequestKind.SOURCE})


class Recipients(Protocol):
    async def recipients(self, info_hash: str) -> list[Recipient]:
        """Every download of one torrent, each with the chat its request came from."""


class WarningLog(Protocol):
    async def warned(self, downloads: Sequence[Download]) -> dict[int, datetime]:
        """When each of these downloads' expiry warning was written; absent if never."""


class Shares(Protocol):
    async def disk_share(self, user_id: int) -> int:
        """Bytes of disk the user may hold; 0 for no limit (admins among them)."""


class Remover(Protocol):
    async def remove(self, download: Download, *, delete_files: bool = True) -> None: ...


@dataclass(frozen=True, slots=True)
class SweepReport:
    warned: tuple[int, ...] = ()  # download ids whose owners were told this sweep
    expired: tuple[int, ...] = ()  # removed for age
    for_space: tuple[int, ...] = ()  # removed to get back over the disk floor
    failed: tuple[int, ...] = ()  # a removal qBittorrent refused; tried again next sweep
    # Still arriving, of a size nobody knew when they were added:
    over_share: tuple[int, ...] = ()  # past their owner's disk share
    no_room: tuple[int, ...] = ()  # more than the disk has left above the free-space floor


class RetentionService:
    def __init__(
        self,
        *,
        downloads: DownloadRepository,
        torrents: TorrentClient,
        recipients: Recipients,
        outbox: OutboxRepository,
        warnings: WarningLog,
        remover: Remover,
        clock: Clock,
        policy: RetentionPolicy,
        disk: DiskGuard | None = None,
        shares: Shares | None = None,
        requests: DownloadRequestRepository | None = None,
    ) -> None:
        self._downloads = downloads
        self._shares = shares
        self._requests = requests
        self._torrents = torrents
        self._recipients = recipients
        self._outbox = outbox
        self._warnings = warnings
        self._remover = remover
        self._clock = clock
        self._policy = policy
        self._disk = disk

    async def sweep(self) -> SweepReport:
        now = self._clock()
        # Measured before anything goes: qBittorrent may still be deleting what this sweep removes.
        room = await self._disk.room() if self._disk is not None else None
        shortfall = max(0, -room) if room is not None else 0
        everyone = await self._downloads.for_owner(None)
        live = {t.info_hash: t for t in await self._torrents.torrents()}
        finished = [d for d in everyone if is_finished(d, live.get(d.info_hash))]
        cache: dict[str, list[Recipient]] = {}
        sized: dict[int, bool] = {}  # download id -> its size was known when it was added
        warned, expired, failed = await self._expire(finished, now, cache)
        over_share, more_failed = await self._keep_shares(everyone, live, cache, sized)
        failed += more_failed
        gone = {*expired, *over_share}
        no_room: list[int] = []
        if room is not None and self._disk is not None:
            kept = [d for d in everyone if d.id not in gone]
            room += _freed(everyone, kept, live)  # qBittorrent may still be deleting those
            no_room, more_failed = await self._keep_room(
                kept, live, cache, sized, room, self._disk.floor
            )
            failed += more_failed
            gone.update(no_room)
        remaining = [d for d in everyone if d.id not in gone]
        for_space: list[int] = []
        if shortfall > 0:
            needed = shortfall - _freed(everyone, remaining, live)
            for_space, more_failed = await self._make_room(
                [d for d in finished if d.id not in gone], remaining, live, needed, now, cache
            )
            failed += more_failed
        report = SweepReport(
            tuple(warned),
            tuple(expired),
            tuple(for_space),
            tuple(failed),
            tuple(over_share),
            tuple(no_room),
        )
        if report != SweepReport():
            logger.info(
                "retention: %d warned, %d expired, %d removed for space, %d past their owner's "
                "share, %d too big for the disk, %d failed",
                len(warned),
                len(expired),
                len(for_space),
                len(over_share),
                len(no_room),
                len(failed),
            )
        return report

    async def _keep_shares(
        self,
        everyone: list[Download],
        live: dict[str, TorrentStatus],
        cache: dict[str, list[Recipient]],
        sized: dict[int, bool],
    ) -> tuple[list[int], list[int]]:
        if self._shares is None:
            return [], []
        by_owner: dict[int, list[Download]] = {}
        for download in everyone:
            by_owner.setdefault(download.owner_id, []).append(download)
        removed: list[int] = []
        failed: list[int] = []
        for owner_id, owned in by_owner.items():
            coming = arriving(owned, live)
            if not coming:
                continue  # nothing arriving: no need to ask for the share
            limit = await self._shares.disk_share(owner_id)
            if not limit or held(owned, live) <= limit:
                continue
            doomed = past_share(owned, live, limit, await self._unsized(coming, sized))
            if not doomed:
                continue
            share = human_size(limit)
            why = {
                d.id: f"at {human_size(live[d.info_hash].size)} it took you past your {share} "
                "disk share; /delete something to make room"
                for d in doomed
            }
            gone, refused = await self._tell_and_remove(
                doomed, why, cache, reason="past the owner's disk share"
            )
            removed += gone
            failed += refused
        return removed, failed

    async def _expire(
        self, finished: list[Download], now: datetime, cache: dict[str, list[Recipient]]
    ) -> tuple[list[int], list[int], list[int]]:
        due = [d for d in finished if due_for_warning(d, now, self._policy)]
        if not due:
            return [], [], []
        told = await self._warnings.warned(due)
        warned, doomed = [], []
        for download in due:
            if download.id not in told:
                removal = removal_at(download, now, self._policy)
                assert removal is not None  # due for warning means the policy has an age
                message = download_expiring(await self._recipient(download, cache), removal)
                if message is not None:
                    await self._outbox.enqueue([message])
                    told[download.id] = now
                    warned.append(download.id)
            removal = removal_at(download, told.get(download.id), self._policy)
            if removal is not None and now >= removal:
                doomed.append(download)
        expired, failed = await self._remove_all(doomed, reason="expired")
        return warned, expired, failed

    async def _make_room(
        self,
        finished: list[Download],
        everyone: list[Download],
        live: dict[str, TorrentStatus],
        needed: int,
        now: datetime,
        cache: dict[str, list[Recipient]],
    ) -> tuple[list[int], list[int]]:
        sizes = {h: t.size for h, t in live.items()}
        picked = pick_for_space(finished, everyone, sizes, needed, now, self._policy)
        if not picked:
            if needed > 0:
                logger.warning("disk under its floor and nothing old enough to remove")
            return [], []
        order = {info_hash: n for n, info_hash in enumerate(picked)}
        doomed = sorted(
            (d for d in everyone if d.info_hash in order), key=lambda d: order[d.info_hash]
        )
        why = dict.fromkeys((d.id for d in doomed), SPACE_REASON)
        return await self._tell_and_remove(doomed, why, cache, reason="disk space")

    async def _tell_and_remove(
        self,
        doomed: list[Download],
        why: dict[int, str],
        cache: dict[str, list[Recipient]],
        *,
        reason: str,
    ) -> tuple[list[int], list[int]]:
        """Told first, each owner with `why[download id]`: the notice is in the outbox before
        their copy goes. `reason` is the log's."""
        messages = [
            m
            for d in doomed
            if (m := download_removed(await self._recipient(d, cache), why[d.id])) is not None
        ]
        await self._outbox.enqueue(messages)
        return await self._remove_all(doomed, reason=reason)

    async def _remove_all(
        self, doomed: list[Download], *, reason: str
    ) -> tuple[list[int], list[int]]:
        removed, failed = [], []
        for download in doomed:
            try:
                await self._remover.remove(download, delete_files=True)
            except DomainError as exc:  # one refusal must not keep the rest on the disk
                logger.warning("retention could not remove download %d: %s", download.id, exc)
                failed.append(download.id)
                continue
            logger.info(
                "retention removed download %d (%s): %s", download.id, reason, download.name
            )
            removed.append(download.id)
        return removed, failed

    async def _keep_room(
        self,
        everyone: list[Download],
        live: dict[str, TorrentStatus],
        cache: dict[str, list[Recipient]],
        sized: dict[int, bool],
        room: int,
        floor_bytes: int,
    ) -> tuple[list[int], list[int]]:
        if to_write(everyone, live) <= room:
            return [], []  # it all fits: no need to ask what each download was
        unsized = await self._unsized(arriving(everyone, live), sized)
        doomed = past_room(everyone, live, room, unsized)
        if not doomed:
            logger.warning("downloads under way will not fit above the floor; all were sized")
            return [], []
        floor = human_size(floor_bytes)
        why = {
            d.id: f"at {human_size(live[d.info_hash].size)} it would not fit: the box keeps "
            f"{floor} of its disk free"
            for d in doomed
        }
        return await self._tell_and_remove(doomed, why, cache, reason="too big for the disk")

    async def _unsized(self, downloads: list[Download], sized: dict[int, bool]) -> set[int]:
        """Those of `downloads` whose size was not known when they were added: a pasted magnet,
        a feed's item (many feeds give none), a torrent adopted without a request. Each request
        is read once a sweep (`sized`); with no request repository, none is blamed."""
        for download in downloads:
            if download.id in sized or self._requests is None:
                continue
            request = None
            if download.request_id is not None:
                request = await self._requests.get(download.request_id)
            sized[download.id] = request is not None and request.kind not in _UNSIZED_KINDS
        return {d.id for d in downloads if sized.get(d.id) is False}

    async def _recipient(self, download: Download, cache: dict[str, list[Recipient]]) -> Recipient:
        if download.info_hash not in cache:
            cache[download.info_hash] = await self._recipients.recipients(download.info_hash)
        for recipient in cache[download.info_hash]:
            if recipient.download.id == download.id:
                return recipient
        return Recipient(download, None)


def _freed(before: list[Download], after: list[Download], live: dict[str, TorrentStatus]) -> int:
    """Bytes the removals freed: what is on the disk of torrents no copy is left of (all of a
    finished one, what an arriving one had written so far)."""
    left = {d.info_hash for d in after}
    gone = {d.info_hash for d in before} - left
    return sum(min(live[h].size, live[h].downloaded) for h in gone if h in live)
