"""Keeping a download's reply message edited with its progress until the download is done, for
every front-end alike.

The completion watcher already reads qBittorrent's changes every cycle; the follower listens to
those snapshots instead of asking qBittorrent again for every message it follows (through the
progress feed, which reads the followed torrents itself in a process whose watcher does not run,
see domain/services/progress_feed.py). One task per
followed message wakes when its torrent changed, renders the status through the front-end's
`MessageEditor`, and edits only when what it would show changed. It stops when the download
completes, disappears, the message can no longer be edited, or after a cap; `close` cancels
whatever is still running.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from bot.commands import Caller, Services
from domain.errors import DomainError, ExternalServiceError, NotFound
from domain.models import Download, DownloadState, DownloadStatus, TorrentStatus, User
from domain.services.completions import SnapshotListener

logger = logging.getLogger(__name__)

DEFAULT_CAP = 6 * 3600.0  # seconds; a download still running after this is checked with /status
_FINAL_STATES = (DownloadState.COMPLETED, DownloadState.MISSING)


class MessageGone(Exception):
    """The followed message can no longer be edited (deleted, chat left, token expired)."""


class EditLater(Exception):
    """The platform asked to wait `seconds` before the next edit (or the edit failed for now)."""

    def __init__(self, seconds: float, why: str) -> None:
        super().__init__(why)
        self.seconds = seconds


class MessageEditor(Protocol):
    """One message on one platform: what it would show for a status, and showing it."""

    async def render(self, status: DownloadStatus) -> object:
        """What the message shows for `status`; equal values mean no edit is needed."""

    async def edit(self, view: object) -> None:
        """Show `view`; raises MessageGone or EditLater."""


class SnapshotSource(Protocol):
    """What changes in the torrents (domain/services/progress_feed.py)."""

    def subscribe(self, listener: SnapshotListener) -> Callable[[], None]: ...

    def follow(self, info_hash: str) -> Callable[[], None]:
        """Snapshots are wanted of this torrent until the returned call."""


@dataclass(slots=True)
class _Followed:
    download_id: int
    editor: MessageEditor
    news: asyncio.Event = field(default_factory=asyncio.Event)
    info_hash: str | None = None
    torrent: TorrentStatus | None = None
    removed: bool = False


class ProgressFollower:
    def __init__(
        self,
        services: Services,
        snapshots: SnapshotSource,
        *,
        interval: float = 2.0,
        cap: float = DEFAULT_CAP,
        name: str = "progress",
    ) -> None:
        """`interval` is the least time between two edits of one message."""
        if interval < 0:
            raise ValueError("progress interval must not be negative")
        self._services = services
        self._snapshots = snapshots
        self._interval = interval
        self._cap = cap
        self._name = name
        self._tasks: dict[Hashable, asyncio.Task[None]] = {}
        self._followed: dict[Hashable, _Followed] = {}
        self._stop_listening: Callable[[], None] | None = None
        self._closed = False

    @property
    def active(self) -> int:
        """How many messages are being kept up to date."""
        return len(self._tasks)

    def track(self, key: Hashable, caller: Caller, download_id: int, editor: MessageEditor) -> None:
        """Follow `download_id` in the message `key` names, as `caller` sees it; following the
        same message again replaces the previous follower."""
        if self._closed:
            return
        if self._stop_listening is None:
            self._stop_listening = self._snapshots.subscribe(self._on_snapshot)
        previous = self._tasks.pop(key, None)
        if previous is not None:
            previous.cancel()
        followed = self._followed[key] = _Followed(download_id, editor)
        task = asyncio.create_task(
            self._follow(caller, followed), name=f"{self._name}-{download_id}"
        )
        self._tasks[key] = task
        task.add_done_callback(lambda done: self._forget(key, done))

    async def close(self) -> None:
        self._closed = True
        if self._stop_listening is not None:
            self._stop_listening()
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        self._followed.clear()

    def _on_snapshot(self, changes: Mapping[str, TorrentStatus | None], complete: bool) -> None:
        for followed in self._followed.values():
            if followed.info_hash is None:
                continue
            if followed.info_hash not in changes and not complete:
                continue
            torrent = changes.get(followed.info_hash)
            followed.torrent, followed.removed = torrent, torrent is None
            followed.news.set()

    def _forget(self, key: Hashable, task: asyncio.Task[None]) -> None:
        if self._tasks.get(key) is task:
            del self._tasks[key]
            self._followed.pop(key, None)

    async def _follow(self, caller: Caller, followed: _Followed) -> None:
        try:
            await self._edit_until_done(caller, followed)
        except asyncio.CancelledError:
            raise
        except MessageGone as exc:
            logger.info("progress of download %d stops: %s", followed.download_id, exc)
        except Exception:
            # A task nobody awaits must not swallow its failure silently.
            logger.exception("progress of download %d stopped by an error", followed.download_id)

    async def _edit_until_done(self, caller: Caller, followed: _Followed) -> None:
        downloads = self._services.downloads
        try:
            user = await self._services.accounts.identify(
                caller.platform, caller.external_id, caller.display_name
            )
            download = await downloads.owned(user, followed.download_id)
        except DomainError as exc:
            logger.info("not following download %d: %s", followed.download_id, exc)
            return
        followed.info_hash = download.info_hash
        release = self._snapshots.follow(download.info_hash)
        try:
            await self._show_until_done(user, download, followed)
        finally:
            release()

    async def _show_until_done(self, user: User, download: Download, followed: _Followed) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._cap
        downloads = self._services.downloads
        status = await self._current(user, followed.download_id)
        shown: object = None
        while True:
            if status is not None:
                view = await followed.editor.render(status)
                if view != shown:
                    try:
                        await followed.editor.edit(view)
                        shown = view
                    except EditLater as exc:
                        logger.debug("progress of %d waits: %s", followed.download_id, exc)
                        await asyncio.sleep(max(exc.seconds, self._interval))
                        followed.news.set()  # then show what is current by that time
                if status.state in _FINAL_STATES and shown == view:
                    return
            try:
                await asyncio.wait_for(followed.news.wait(), deadline - loop.time())
            except TimeoutError:
                logger.info("stopped following download %d after %.0fs", download.id, self._cap)
                return
            followed.news.clear()
            await asyncio.sleep(self._interval)  # changes in the meantime make one edit
            if not followed.removed:
                status = DownloadStatus(download, followed.torrent)
                continue
            # Gone from qBittorrent: deleted by its owner (follow no more, touch nothing), or
            # removed behind the bot's back (said once, as the last edit).
            followed.removed = False
            try:
                status = await downloads.status(user, download.id)
            except NotFound:
                logger.debug("download %d is gone; progress stops", download.id)
                return

    async def _current(self, user: User, download_id: int) -> DownloadStatus | None:
        """The status now, or None while qBittorrent does not answer (the next snapshot tells)."""
        try:
            return await self._services.downloads.status(user, download_id)
        except ExternalServiceError as exc:
            logger.debug("progress of download %d unknown for now: %s", download_id, exc)
            return None
