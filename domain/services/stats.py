"""The box at a glance: what `/stats` shows and what `/metrics` refreshes before each scrape.

Every part is read on its own, within a deadline, and a part that fails is left out with a note
in `problems`: a dead qBittorrent must not hide the disk filling up.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, TypeVar

from domain.models import DownloadState, NodeReport, TorrentStatus
from domain.ports import Clock, TorrentClient, TorrentNodes
from domain.system import SystemFigures

logger = logging.getLogger(__name__)

T = TypeVar("T")

PART_TIMEOUT = 5.0
# Torrents that still want bandwidth or a slot.
ACTIVE_STATES = frozenset(
    {
        DownloadState.METADATA,
        DownloadState.QUEUED,
        DownloadState.CHECKING,
        DownloadState.DOWNLOADING,
        DownloadState.STALLED,
    }
)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """The newest good backup."""

    location: str
    created_at: datetime
    size: int  # bytes


@dataclass(frozen=True, slots=True)
class JobRun:
    """The last run of one scheduled job, as the scheduler reports it."""

    name: str
    last_run: datetime | None
    lag: float | None = None  # seconds it started late
    ok: bool = True
    next_run: datetime | None = None


@dataclass(frozen=True, slots=True)
class TorrentFigures:
    version: str  # "" where nobody asked (the completion watcher's figures)
    download_speed: int  # bytes per second, over our torrents
    upload_speed: int
    by_state: Mapping[DownloadState, int]

    @classmethod
    def of(cls, statuses: Iterable[TorrentStatus], *, version: str = "") -> TorrentFigures:
        statuses = list(statuses)
        return cls(
            version=version,
            download_speed=sum(s.download_speed for s in statuses),
            upload_speed=sum(s.upload_speed for s in statuses),
            by_state=dict(Counter(s.state for s in statuses)),
        )

    @property
    def active(self) -> int:
        return sum(n for state, n in self.by_state.items() if state in ACTIVE_STATES)


@dataclass(frozen=True, slots=True)
class Snapshot:
    taken_at: datetime
    started_at: datetime  # when this process started
    system: SystemFigures | None
    torrents: TorrentFigures | None
    database_ok: bool
    users: int | None
    downloads: Mapping[DownloadState, int] | None  # rows the box holds, by state
    queued_notifications: int | None
    jobs: tuple[JobRun, ...] | None  # None: no scheduler in this process
    backup: BackupInfo | None
    problems: tuple[str, ...] = field(default=())
    nodes: tuple[NodeReport, ...] | None = None  # None: one qBittorrent, or unreadable

    @property
    def backup_age(self) -> float | None:
        if self.backup is None:
            return None
        return max(0.0, (self.taken_at - self.backup.created_at).total_seconds())


class SystemReader(Protocol):
    async def read(self) -> SystemFigures: ...


class Counts(Protocol):
    """Row counts, straight from the database."""

    async def users(self) -> int: ...

    async def downloads_by_state(self) -> dict[DownloadState, int]: ...


class HealthCheck(Protocol):
    async def healthy(self) -> bool: ...


class JobHistory(Protocol):
    """The scheduler's record of its jobs."""

    def runs(self) -> list[JobRun]: ...


class StatsService:
    def __init__(
        self,
        *,
        system: SystemReader,
        torrents: TorrentClient,
        counts: Counts,
        database: HealthCheck,
        latest_backup: Callable[[], Awaitable[BackupInfo | None]],
        clock: Clock,
        started_at: datetime,
        queued_notifications: Callable[[], Awaitable[int]] | None = None,
        jobs: JobHistory | None = None,
        timeout: float = PART_TIMEOUT,
        nodes: TorrentNodes | None = None,
    ) -> None:
        """`nodes`: the qBittorrent nodes, listed when there are several."""
        self._system = system
        self._torrents = torrents
        self._counts = counts
        self._database = database
        self._latest_backup = latest_backup
        self._clock = clock
        self._started_at = started_at
        self._queued = queued_notifications
        self._jobs = jobs
        self._timeout = timeout
        self._nodes = nodes if nodes is not None and len(nodes.names()) > 1 else None

    async def snapshot(self, *, torrents: bool = True) -> Snapshot:
        """With `torrents` False, qBittorrent is not asked and the snapshot's `torrents` is None
        (a scrape takes those figures from the completion watcher instead)."""
        problems: list[str] = []
        torrent_work = self._torrent_figures() if torrents else _none()
        queued_work = self._queued() if self._queued else _none()
        node_work = self._nodes.reports() if self._nodes is not None else _none()
        # Every part at once: /stats takes as long as the slowest part, not their sum.
        async with asyncio.TaskGroup() as group:
            system = group.create_task(self._part("system", self._system.read(), problems))
            figures = group.create_task(self._part("qBittorrent", torrent_work, problems))
            healthy = group.create_task(self._part("database", self._database.healthy(), problems))
            users = group.create_task(self._part("user count", self._counts.users(), problems))
            downloads = group.create_task(
                self._part("download counts", self._counts.downloads_by_state(), problems)
            )
            queued = group.create_task(self._part("outbox", queued_work, problems))
            backup = group.create_task(self._part("backups", self._latest_backup(), problems))
            nodes = group.create_task(self._part("qBittorrent nodes", node_work, problems))
        database_ok = healthy.result()
        if database_ok is False:
            problems.append("database: not answering")
        reports = nodes.result()
        for down in (r for r in reports or () if not r.up):
            problems.append(f"qBittorrent node {down.name}: {down.error or 'not answering'}")
        return Snapshot(
            taken_at=self._clock(),
            started_at=self._started_at,
            system=system.result(),
            torrents=figures.result(),
            database_ok=bool(database_ok),
            users=users.result(),
            downloads=downloads.result(),
            queued_notifications=queued.result(),
            jobs=tuple(self._jobs.runs()) if self._jobs else None,
            backup=backup.result(),
            problems=tuple(problems),
            nodes=tuple(reports) if reports is not None else None,
        )

    async def _torrent_figures(self) -> TorrentFigures:
        version = await self._torrents.version()
        return TorrentFigures.of(await self._torrents.torrents(), version=version)

    async def _part(self, name: str, work: Awaitable[T], problems: list[str]) -> T | None:
        try:
            async with asyncio.timeout(self._timeout):
                return await work
        except TimeoutError:
            problems.append(f"{name}: no answer within {self._timeout:g} s")
        except Exception as exc:  # each part fails alone: storage errors are not DomainErrors
            problems.append(f"{name}: {exc}")
        logger.warning("stats: %s unavailable: %s", name, problems[-1])
        return None


async def _none() -> None:
    return None
