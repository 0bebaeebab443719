"""The TorrentClient port on qBittorrent's Web API, through qbittorrent-api.

qbittorrent-api is synchronous and its client is not safe to share between threads (a re-login
resets its HTTP session under everyone's feet), so each call runs in a worker thread with
`asyncio.to_thread` while holding one lock: calls to qBittorrent go one at a time, which on a
loopback or LAN Web API costs milliseconds. Every HTTP request has connect and read timeouts.

Works with qBittorrent 4.5 and 5.x: `torrents_stop`/`torrents_start` pick pause/resume or
stop/start by Web API version, and `torrents/add` answers are read in both shapes.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, Self, TypeVar

import qbittorrentapi

from domain.errors import TorrentClientError, TorrentRefused
from domain.magnets import looks_like_magnet, parse_magnet
from domain.models import SyncDelta, TorrentFile, TorrentStatus
from domain.qbittorrent.errors import FOREIGN_ERRORS, translate
from domain.qbittorrent.mapping import (
    OUR_TAG,
    AddOutcome,
    add_outcome,
    oldest_first,
    owner_tag,
    parse_tags,
    torrent_files,
    torrent_status,
)
from domain.qbittorrent.sources import check_source, normalize_hash, normalize_hashes
from domain.qbittorrent.sync import sync_delta
from monitoring.metrics import Metrics

logger = logging.getLogger(__name__)

T = TypeVar("T")


class QBittorrentGateway:
    """qBittorrent as the services see it (`domain.ports.TorrentClient`).

    `timeout` bounds each HTTP request (connect and read; qbittorrent-api retries a failed
    request once) and how long `add` waits for a new torrent to show up.
    """

    def __init__(
        self,
        url: str,
        username: str,
        password: str,
        *,
        timeout: float = 10.0,
        metrics: Metrics | None = None,
    ) -> None:
        self._url = url.rstrip("/")
        self._metrics = metrics
        self._timeout = timeout
        self._client = qbittorrentapi.Client(
            host=self._url,
            username=username,
            password=password,
            REQUESTS_ARGS={"timeout": (min(timeout, 5.0), timeout)},
            FORCE_SCHEME_FROM_HOST=True,  # no probing of http vs https
            RAISE_NOTIMPLEMENTEDERROR_FOR_UNIMPLEMENTED_API_ENDPOINTS=True,
        )
        self._lock = threading.Lock()
        self._closed = False

    def __repr__(self) -> str:
        return f"QBittorrentGateway({self._url!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the HTTP session; later calls raise TorrentClientError."""
        if not self._closed:
            self._closed = True
            await asyncio.to_thread(self._close_session)

    async def add(self, source: str, *, info_hash: str, owner_id: int) -> None:
        """Add a magnet or .torrent URL tagged for `owner_id`, or only tag the owner if the
        torrent is already there. Returns once qBittorrent lists the torrent.

        TorrentRefused when qBittorrent answers but will not take this source: it says the add
        failed, or it keeps answering without ever listing the torrent within `timeout` (a URL
        that gives an HTML page, a 404 or a torrent of another hash). Any other
        TorrentClientError is qBittorrent itself unreachable or failing."""
        hash_ = normalize_hash(info_hash)
        source = check_source(source, hash_)
        if looks_like_magnet(source):
            # Rebuilt with only the hash just checked: a magnet naming more would have
            # qBittorrent add a torrent under a hash nobody looks for (issue 17).
            source = parse_magnet(source).uri
        tags = [OUR_TAG, owner_tag(owner_id)]
        outcome = await self._call(
            "adding a torrent", lambda: self._add_locked(source, hash_, tags)
        )
        if outcome is None:
            logger.info("tagged existing torrent %s for owner %d", hash_, owner_id)
            return
        if outcome is AddOutcome.FAILED:
            raise TorrentRefused(f"qBittorrent refused to add {hash_}", hash_)
        await self._wait_until_listed(hash_)
        # Tag again: while a URL add is pending, another add of the same torrent finds nothing
        # and adds it too, and qBittorrent keeps only the first one's tags.
        await self._call(
            "tagging a torrent",
            lambda: self._client.torrents_add_tags(tags=tags, torrent_hashes=[hash_]),
        )
        logger.info("added torrent %s for owner %d", hash_, owner_id)

    async def torrents(self, owner_id: int | None = None) -> list[TorrentStatus]:
        tag = OUR_TAG if owner_id is None else owner_tag(owner_id)
        infos = await self._call(
            "listing torrents", lambda: [dict(t) for t in self._client.torrents_info(tag=tag)]
        )
        # Filtered here too: a qBittorrent older than 4.4 ignores `tag` and lists everything.
        statuses = [
            torrent_status(info) for info in infos if tag in parse_tags(str(info.get("tags", "")))
        ]
        return oldest_first(statuses)

    async def torrent(self, info_hash: str) -> TorrentStatus | None:
        hash_ = normalize_hash(info_hash)
        infos = await self._call("reading a torrent", lambda: self._info(hash_))
        return torrent_status(infos[0]) if infos else None

    async def pause(self, info_hashes: Sequence[str]) -> None:
        hashes = normalize_hashes(info_hashes)
        if hashes:
            await self._call(
                "pausing torrents", lambda: self._client.torrents_stop(torrent_hashes=hashes)
            )

    async def resume(self, info_hashes: Sequence[str]) -> None:
        hashes = normalize_hashes(info_hashes)
        if hashes:
            await self._call(
                "resuming torrents", lambda: self._client.torrents_start(torrent_hashes=hashes)
            )

    async def remove_owner(self, info_hash: str, owner_id: int) -> None:
        hash_ = normalize_hash(info_hash)
        await self._call(
            "untagging an owner",
            lambda: self._client.torrents_remove_tags(
                tags=[owner_tag(owner_id)], torrent_hashes=[hash_]
            ),
        )

    async def delete(self, info_hashes: Sequence[str], *, delete_files: bool) -> None:
        hashes = normalize_hashes(info_hashes)
        if hashes:
            await self._call(
                "deleting torrents",
                lambda: self._client.torrents_delete(
                    delete_files=delete_files, torrent_hashes=hashes
                ),
            )
            logger.info("deleted torrents %s (files too: %s)", hashes, delete_files)

    async def version(self) -> str:
        return await self._call("reading its version", lambda: str(self._client.app_version()))

    async def sync(self, rid: int) -> SyncDelta:
        """What changed since `rid` (`sync/maindata`); 0 asks for everything."""
        answer = await self._call(
            "reading changes", lambda: dict(self._client.sync_maindata(rid=rid))
        )
        return sync_delta(answer)

    async def files(self, info_hash: str) -> list[TorrentFile]:
        hash_ = normalize_hash(info_hash)
        entries = await self._call(
            "listing a torrent's files",
            lambda: [dict(f) for f in self._client.torrents_files(torrent_hash=hash_)],
        )
        return torrent_files(entries)

    async def default_save_path(self) -> str:
        return await self._call(
            "reading its default save path", lambda: str(self._client.app_default_save_path())
        )

    async def _call(self, doing: str, fn: Callable[[], T]) -> T:
        if self._closed:
            raise TorrentClientError(f"qBittorrent gateway for {self._url} is closed")

        def locked() -> T:
            with self._lock:
                return fn()

        started = time.perf_counter()
        try:
            return await asyncio.to_thread(locked)
        except FOREIGN_ERRORS as exc:
            if self._metrics is not None:
                self._metrics.external_request_errors_total.labels("qbittorrent").inc()
            raise translate(exc, doing) from exc
        finally:
            if self._metrics is not None:
                self._metrics.external_request_seconds.labels("qbittorrent").observe(
                    time.perf_counter() - started
                )

    def _info(self, hash_: str) -> list[dict[str, Any]]:
        return [dict(t) for t in self._client.torrents_info(torrent_hashes=[hash_])]

    def _add_locked(self, source: str, hash_: str, tags: list[str]) -> AddOutcome | None:
        """Under the lock, so two adds of one hash cannot both find it missing.
        None means it was already there and is now tagged."""
        if self._info(hash_):
            self._client.torrents_add_tags(tags=tags, torrent_hashes=[hash_])
            return None
        try:
            answer = self._client.torrents_add(urls=source, tags=tags)
        except qbittorrentapi.Conflict409Error:
            return AddOutcome.ACCEPTED  # 5.x: it is there after all; confirmed and tagged next
        return add_outcome(answer)

    async def _wait_until_listed(self, hash_: str) -> None:
        """Each look is a call that qBittorrent answers (one it does not raises as any call
        does), so running out of time means it has the add and made no torrent of it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._timeout
        delay = 0.05
        while not await self._call("confirming an added torrent", lambda: self._info(hash_)):
            if loop.time() >= deadline:
                raise TorrentRefused(
                    f"{hash_} was not listed by qBittorrent {self._timeout:g}s after adding it "
                    "(a URL that is not a torrent, or a torrent with another hash)",
                    hash_,
                )
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.5)

    def _close_session(self) -> None:
        with self._lock:
            session = getattr(self._client, "_http_session", None)
            if session is not None:
                session.close()
