"""The completion watcher: qBittorrent's changes in, finished and stalled downloads out.

Every few seconds it asks qBittorrent what changed since the last answer (`sync/maindata` with
`rid`), so a cycle where nothing changed costs one small request. A finished torrent completes
every owner's download and writes a DOWNLOAD_COMPLETED notification to the outbox in the same
transaction; the announcement is remembered per download, so a restart (whose first answer lists
everything) reconciles the database with qBittorrent by tag without telling anyone twice. A torrent
that has not moved for `stall_timeout` is announced as stalled, once per stall.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.models import DownloadState
from domain.notifications.events import Recipient, download_completed, download_stalled
from domain.ports import Clock, CompletionRepository, OutboxRepository, TorrentSync
from domain.qbittorrent.sync import TorrentTable

logger = logging.getLogger(__name__)

# States in which a torrent is expected to move; paused, queued and checking ones are not stalls.
_MOVING = frozenset({DownloadState.DOWNLOADING, DownloadState.STALLED, DownloadState.METADATA})


@dataclass(frozen=True, slots=True)
class WatchReport:
    changed: int
    completed: tuple[str, ...] = ()  # info hashes announced this cycle
    stalled: tuple[str, ...] = ()


@dataclass(slots=True)
class _Progress:
    downloaded: int
    since: datetime
    announced: bool = False


class CompletionWatcher:
    def __init__(
        self,
        *,
        sync: TorrentSync,
        completions: CompletionRepository,
        outbox: OutboxRepository,
        clock: Clock,
        stall_timeout: timedelta = timedelta(minutes=30),
    ) -> None:
        self._sync = sync
        self._completions = completions
        self._outbox = outbox
        self._clock = clock
        self._stall_timeout = stall_timeout
        self._table = TorrentTable()
        self._rid = 0
        self._done: set[str] = set()  # finished torrents whose owners were all handled
        self._progress: dict[str, _Progress] = {}

    async def poll(self) -> WatchReport:
        delta = await self._sync.sync(self._rid)
        full = delta.full_update or self._rid == 0
        changed = self._table.apply(delta)
        self._rid = delta.rid
        if full:
            self._done.clear()
            candidates = self._table.ours()
        else:
            candidates = self._table.ours(changed)
        for hash_ in delta.removed:
            self._done.discard(hash_)
            self._progress.pop(hash_, None)
        finished = [
            h
            for h in candidates
            if h not in self._done and self._table.status(h).state is DownloadState.COMPLETED
        ]
        completed = await self._announce_completed(finished) if finished else ()
        stalled = await self._check_stalls()
        return WatchReport(changed=len(changed), completed=completed, stalled=stalled)

    async def _announce_completed(self, hashes: list[str]) -> tuple[str, ...]:
        by_hash: dict[str, list[Recipient]] = defaultdict(list)
        for recipient in await self._completions.unannounced(hashes):
            by_hash[recipient.download.info_hash].append(recipient)
        announced = []
        for hash_ in hashes:
            recipients = by_hash.get(hash_)
            if recipients:
                torrent = self._table.status(hash_)
                messages = [
                    m for r in recipients if (m := download_completed(r, torrent)) is not None
                ]
                await self._completions.record_completion(
                    [r.download.id for r in recipients],
                    completed_at=torrent.completed_on or self._clock(),
                    messages=messages,
                )
                announced.append(hash_)
                logger.info(
                    "torrent %s completed: %d downloads, %d notifications",
                    hash_,
                    len(recipients),
                    len(messages),
                )
            self._done.add(hash_)
            self._progress.pop(hash_, None)
        return tuple(announced)

    async def _check_stalls(self) -> tuple[str, ...]:
        now = self._clock()
        stalled = []
        for hash_ in self._table.ours():
            torrent = self._table.status(hash_)
            if hash_ in self._done or torrent.state not in _MOVING:
                self._progress.pop(hash_, None)
                continue
            seen = self._progress.get(hash_)
            if seen is None or torrent.downloaded > seen.downloaded:
                self._progress[hash_] = _Progress(torrent.downloaded, now)
                continue
            if not seen.announced and now - seen.since >= self._stall_timeout:
                seen.announced = True
                recipients = await self._completions.recipients(hash_)
                messages = [
                    m for r in recipients if (m := download_stalled(r, torrent, seen.since))
                ]
                await self._outbox.enqueue(messages)
                stalled.append(hash_)
                logger.info("torrent %s stalled since %s", hash_, seen.since)
        return tuple(stalled)
