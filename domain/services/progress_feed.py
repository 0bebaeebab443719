"""The torrent snapshots progress messages follow, in whichever process answered the /get.

The completion watcher publishes what changed after every cycle, but only the scheduler's leader
runs it (scheduler/jobs.py). With several processes behind one webhook, any of them may answer a
/get, and a progress message kept by a process that does not lead would never move past its first
state. The feed passes the watcher's snapshots on while this process's watcher is cycling, and
otherwise reads the followed torrents itself, one `torrent` call each (the node pool sends each to
the node that holds it), publishing what changed in the same form. It only reads: completing
downloads and telling their owners stays the watcher's, on the leader, through the outbox, so a
completion is still announced exactly once. While nothing is followed it reads nothing.

Whether the watcher is cycling here is judged from its snapshots, which it publishes after every
cycle qBittorrent answered: that is exactly what the followers miss, and it costs nothing, where
asking the leader election would cost a database round trip per check.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Protocol, Self

from domain.errors import TorrentClientError
from domain.models import TorrentStatus
from domain.services.completions import SnapshotListener

logger = logging.getLogger(__name__)


class SnapshotPublisher(Protocol):
    """The completion watcher, as the feed hears it."""

    def subscribe(self, listener: SnapshotListener) -> Callable[[], None]: ...


class TorrentLookup(Protocol):
    async def torrent(self, info_hash: str) -> TorrentStatus | None: ...


class ProgressFeed:
    def __init__(
        self,
        watcher: SnapshotPublisher,
        torrents: TorrentLookup,
        *,
        interval: float,
        monotonic: Callable[[], float],
        stale_after: float | None = None,
    ) -> None:
        """`interval`: seconds between two reads of its own, the watcher's cadence. The watcher
        counts as cycling while its last snapshot is at most `stale_after` seconds old (by
        default three intervals: a slow cycle is not taken for a missing one)."""
        if interval <= 0:
            raise ValueError("the progress feed's interval must be positive")
        self._watcher = watcher
        self._torrents = torrents
        self._interval = interval
        self._monotonic = monotonic
        self._stale_after = stale_after if stale_after is not None else 3 * interval
        self._listeners: list[SnapshotListener] = []
        self._stop_hearing: Callable[[], None] | None = None
        self._heard: float | None = None  # when the watcher last published; None: never
        self._followed: Counter[str] = Counter()  # info hash → messages following it
        self._seen: dict[str, TorrentStatus | None] = {}  # as last published by a read here
        self._following = asyncio.Event()  # set while anything is followed
        self._task: asyncio.Task[None] | None = None

    def subscribe(self, listener: SnapshotListener) -> Callable[[], None]:
        """Hear every snapshot, the watcher's or the feed's own; returns the call that stops."""
        self._listeners.append(listener)
        if self._stop_hearing is None:
            # Only once someone listens: until then the watcher builds no snapshots for us.
            self._stop_hearing = self._watcher.subscribe(self._on_watcher)

        def stop() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return stop

    def follow(self, info_hash: str) -> Callable[[], None]:
        """Keep `info_hash` read while the watcher is not cycling here; returns the call that
        lets it go (every follower of a torrent lets go of it once)."""
        self._followed[info_hash] += 1
        self._following.set()
        released = False

        def release() -> None:
            nonlocal released
            if released:
                return
            released = True
            self._followed[info_hash] -= 1
            if self._followed[info_hash] <= 0:
                del self._followed[info_hash]
                self._seen.pop(info_hash, None)
            if not self._followed:
                self._following.clear()

        return release

    @property
    def followed(self) -> int:
        """How many torrents are followed now."""
        return len(self._followed)

    async def poll(self) -> int:
        """One read of every followed torrent, unless nothing is followed or the watcher is
        cycling here; publishes what changed since the last read. Returns how many torrents
        it read."""
        if not self._followed or self._watcher_cycling():
            return 0
        hashes = sorted(self._followed)
        answers = await asyncio.gather(
            *(self._torrents.torrent(h) for h in hashes), return_exceptions=True
        )
        changes: dict[str, TorrentStatus | None] = {}
        for hash_, answer in zip(hashes, answers, strict=True):
            if isinstance(answer, TorrentClientError):
                # Its node does not answer now: its message keeps what it shows until one does.
                logger.debug("progress of %s unknown for now: %s", hash_, answer)
                continue
            if isinstance(answer, BaseException):
                raise answer
            if hash_ not in self._followed:  # let go while it was being read
                continue
            if hash_ in self._seen and self._seen[hash_] == answer:
                continue
            self._seen[hash_] = answer
            changes[hash_] = answer
        if changes:
            self._publish(changes)
        return len(hashes)

    async def __aenter__(self) -> Self:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="progress-feed")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._stop_hearing is not None:
            self._stop_hearing()
            self._stop_hearing = None

    async def _run(self) -> None:
        while True:
            await self._following.wait()  # idle: nothing followed, nothing read
            await asyncio.sleep(self._interval)
            try:
                await self.poll()
            except Exception:  # the next read may do better; messages keep their last state
                logger.exception("reading the followed torrents failed")

    def _watcher_cycling(self) -> bool:
        return self._heard is not None and self._monotonic() - self._heard <= self._stale_after

    def _on_watcher(self, changes: Mapping[str, TorrentStatus | None], complete: bool) -> None:
        self._heard = self._monotonic()
        # What the watcher said supersedes our last reads: a later read of ours publishes anew.
        self._seen.clear()
        self._tell(changes, complete)

    def _publish(self, changes: Mapping[str, TorrentStatus | None]) -> None:
        # Never `complete`: only the followed torrents were read.
        self._tell(changes, False)

    def _tell(self, changes: Mapping[str, TorrentStatus | None], complete: bool) -> None:
        for listener in list(self._listeners):
            try:
                listener(changes, complete)
            except Exception:
                logger.exception("a snapshot listener failed")
