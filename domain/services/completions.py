"""The completion watcher: qBittorrent's changes in, finished and stalled downloads out.

Every few seconds it asks qBittorrent what changed since the last answer (`sync/maindata` with
`rid`), so a cycle where nothing changed costs one small request. A finished torrent completes
every owner's download and writes a DOWNLOAD_COMPLETED notification to the outbox in the same
transaction; the announcement is remembered per download, so a restart (whose first answer lists
everything) reconciles the database with qBittorrent by tag without telling anyone twice. A torrent
that has not moved for `stall_timeout` is announced as stalled, once per stall; with a `fallback`,
an owner whose request came from a search is switched to the next-best release instead.

With `downloads`, every full answer (the first after a start) also marks the downloads whose
torrent is gone from qBittorrent as MISSING, and brings back those whose torrent returned; so does
every torrent qBittorrent reports removed.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.errors import DomainError
from domain.models import DEFAULT_NODE, Download, DownloadState, TorrentStatus
from domain.notifications.events import Recipient, download_completed, download_stalled
from domain.notifications.outbox import OutboxMessage
from domain.ports import (
    Clock,
    CompletionRepository,
    DownloadRepository,
    OutboxRepository,
    TorrentNodes,
    TorrentSync,
)
from domain.qbittorrent.sync import TorrentTable
from domain.services.fallback import StallFallback
from domain.services.stats import TorrentFigures

# The link a completion notice carries for a download (FileService.notice_link).
NoticeLinks = Callable[[Download], Awaitable[str | None]]
# Told after every cycle what changed: each of our torrents that moved, None for one removed;
# `complete` when the answer listed every torrent, so one it leaves out is gone.
SnapshotListener = Callable[[Mapping[str, TorrentStatus | None], bool], None]

logger = logging.getLogger(__name__)

# States in which a torrent is expected to move; paused, queued and checking ones are not stalls.
_MOVING = frozenset({DownloadState.DOWNLOADING, DownloadState.STALLED, DownloadState.METADATA})
# A /get adds its torrent a moment before it writes the download row; a torrent this young is
# not called an orphan.
ORPHAN_GRACE = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class WatchReport:
    changed: int
    completed: tuple[str, ...] = ()  # info hashes announced this cycle
    stalled: tuple[str, ...] = ()
    switched: int = 0  # owners moved off a stalled torrent to another release
    missing: int = 0  # downloads newly marked MISSING
    adopted: int = 0  # on a full answer: orphaned owner tags given the download row they lacked
    orphaned: int = 0  # on a full answer: owner tags with no row that could not be adopted


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
        fallback: StallFallback | None = None,
        downloads: DownloadRepository | None = None,
        links: NoticeLinks | None = None,
        nodes: TorrentNodes | None = None,
    ) -> None:
        self._sync = sync
        self._nodes = nodes  # which node an adopted torrent is on; None: the one node
        self._links = links
        self._completions = completions
        self._outbox = outbox
        self._clock = clock
        self._stall_timeout = stall_timeout
        self._fallback = fallback
        self._downloads = downloads
        self._switched = 0
        self._table = TorrentTable()
        self._rid = 0
        self._done: set[str] = set()  # finished torrents whose owners were all handled
        self._progress: dict[str, _Progress] = {}
        self._listeners: list[SnapshotListener] = []
        self._synced = False  # the last cycle's sync answered: the table is current

    def subscribe(self, listener: SnapshotListener) -> Callable[[], None]:
        """Hear of every change the cycles see (progress messages follow these instead of asking
        qBittorrent again); returns the call that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _publish(self, changed: Collection[str], removed: Collection[str], complete: bool) -> None:
        if not self._listeners:
            return
        snapshot: dict[str, TorrentStatus | None] = {h: self._table.status(h) for h in changed}
        snapshot.update(dict.fromkeys(removed))
        for listener in list(self._listeners):
            try:
                listener(snapshot, complete)
            except Exception:  # one broken listener must not stop completions
                logger.exception("a snapshot listener failed")

    def figures(self) -> TorrentFigures | None:
        """Our torrents by state and their total speeds as of the last cycle, asking nobody (what
        `/metrics` exports); None before the first answer and while qBittorrent does not answer."""
        if not self._synced:
            return None
        return TorrentFigures.of(self._table.status(h) for h in self._table.ours())

    async def poll(self) -> WatchReport:
        started = self._clock()
        try:
            delta = await self._sync.sync(self._rid)
        except BaseException:
            self._synced = False
            raise
        self._synced = True
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
        self._publish(candidates, delta.removed, full)
        finished = [
            h
            for h in candidates
            if h not in self._done and self._table.status(h).state is DownloadState.COMPLETED
        ]
        completed = await self._announce_completed(finished) if finished else ()
        missing = adopted = orphaned = 0
        if self._downloads is not None and (full or delta.removed):
            missing, adopted, orphaned = await self._reconcile(
                started, None if full else delta.removed
            )
        self._switched = 0
        stalled = await self._check_stalls()
        return WatchReport(
            changed=len(changed),
            completed=completed,
            stalled=stalled,
            switched=self._switched,
            missing=missing,
            adopted=adopted,
            orphaned=orphaned,
        )

    async def _reconcile(
        self, started: datetime, removed: tuple[str, ...] | None
    ) -> tuple[int, int, int]:
        """Downloads whose torrent is gone become MISSING; `removed` None means the table is
        complete, so every download is checked, and torrents tagged for an owner who has no
        download row of them are adopted (see `_adopt_orphans`). Rows added since the answer
        was asked for are left alone: their torrent may be younger than the answer.
        Returns (downloads marked missing, owner tags adopted, owner tags left orphaned)."""
        assert self._downloads is not None
        if removed is None:
            rows = await self._downloads.for_owner(None)
        else:
            rows = [d for h in removed for d in await self._downloads.by_hash(h)]
        present = set(self._table.ours())
        marked = 0
        for row in rows:
            if row.info_hash in present:
                if row.state is DownloadState.MISSING:
                    await self._bring_back(row)
            elif row.state is not DownloadState.MISSING and row.added_at < started:
                await self._downloads.set_state(
                    row.id, DownloadState.MISSING, completed_at=row.completed_at
                )
                marked += 1
        if marked:
            logger.warning("%d downloads have no torrent in qBittorrent: marked missing", marked)
        if removed is not None:
            return marked, 0, 0
        return marked, *await self._adopt_orphans(started, rows)

    async def _adopt_orphans(self, started: datetime, rows: list[Download]) -> tuple[int, int]:
        """Torrents qBittorrent holds tagged for an owner who has no download row of them (a
        crash between adding a torrent and writing its row, or one added by hand with our tags):
        nobody could see, pause or delete them, yet they take a slot and disk. Each gets the row
        it lacked, in the torrent's state, so it shows in the owner's /status and counts against
        their share. An owner the database does not know (a restored older backup) cannot be
        given one: that tag is logged and counted, and the torrent left for an admin to judge.
        Returns (adopted, left orphaned)."""
        assert self._downloads is not None
        held = {(row.info_hash, row.owner_id) for row in rows}
        adopted = orphaned = 0
        for hash_ in self._table.ours():
            status = self._table.status(hash_)
            if status.added_on is None or status.added_on > started - ORPHAN_GRACE:
                continue
            for owner_id in status.owner_ids:
                if (hash_, owner_id) in held:
                    continue
                try:
                    node = DEFAULT_NODE if self._nodes is None else await self._nodes.node_of(hash_)
                    row = await self._downloads.add(
                        info_hash=hash_,
                        owner_id=owner_id,
                        name=status.name,
                        request_id=None,
                        node=node,
                    )
                    done = status.completed_on or self._clock()
                    completed_at = done if status.state is DownloadState.COMPLETED else None
                    await self._downloads.set_state(row.id, status.state, completed_at=completed_at)
                except DomainError as exc:
                    orphaned += 1
                    logger.warning(
                        "torrent %s is tagged for owner %d, who has no download of it, and cannot "
                        "be adopted (%s): left for an admin",
                        hash_,
                        owner_id,
                        exc,
                    )
                    continue
                adopted += 1
                logger.warning(
                    "torrent %s was tagged for owner %d without a download of it: adopted as "
                    "download %d",
                    hash_,
                    owner_id,
                    row.id,
                )
        return adopted, orphaned

    async def _bring_back(self, row: Download) -> None:
        assert self._downloads is not None
        state = self._table.status(row.info_hash).state
        if state is DownloadState.COMPLETED and row.completed_at is None:
            state = DownloadState.QUEUED  # an unannounced completion is the watcher's to announce
        await self._downloads.set_state(row.id, state, completed_at=row.completed_at)
        logger.info("download %d has its torrent back (%s)", row.id, state)

    async def _link(self, recipient: Recipient) -> str | None:
        """A signed link for the notice, issued to its owner; none when it cannot be had now
        (the notice still goes out, and its Files button makes links later)."""
        if self._links is None or recipient.personal is None:
            return None
        try:
            return await self._links(recipient.download)
        except DomainError as exc:
            logger.info(
                "completion notice of download %d without a link: %s", recipient.download.id, exc
            )
            return None

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
                    message
                    for r in recipients
                    for message in download_completed(r, torrent, await self._link(r))
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
                    m
                    for r in recipients
                    if (m := await self._stalled(r, torrent, seen.since)) is not None
                ]
                await self._outbox.enqueue(messages)
                stalled.append(hash_)
                logger.info("torrent %s stalled since %s", hash_, seen.since)
        return tuple(stalled)

    async def _stalled(
        self, recipient: Recipient, torrent: TorrentStatus, since: datetime
    ) -> OutboxMessage | None:
        """What one owner of a stalled torrent hears: switched, or simply stalled."""
        if self._fallback is not None:
            try:
                switched = await self._fallback.replace(recipient, torrent)
            except DomainError as exc:  # one owner's failed switch must not stop the others
                logger.warning("switching download %d failed: %s", recipient.download.id, exc)
                switched = None
            if switched is not None:
                self._switched += 1
                return switched.message
        return download_stalled(recipient, torrent, since)
