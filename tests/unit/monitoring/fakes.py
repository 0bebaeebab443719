"""Hand-written fakes for the operations tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from domain.models import DownloadState
from domain.services.stats import BackupInfo, JobRun
from domain.system import Disk, Memory, SystemFigures
from storage.errors import BackupError

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
GiB = 1024**3


def figures(*, disk_free: int = 150 * GiB, disk_total: int = 200 * GiB) -> SystemFigures:
    return SystemFigures(
        cpu_percent=12.4,
        cores=4,
        load=(0.52, 0.40, 0.31),
        memory=Memory(total=24 * GiB, available=20 * GiB),
        disk=Disk(path="/srv/downloads", total=disk_total, free=disk_free),
        uptime=3 * 86400 + 4 * 3600,
        process_rss=101 * 1024 * 1024,
    )


class FakeSystem:
    def __init__(self, result: SystemFigures | None = None, *, hang: bool = False) -> None:
        self.result = result or figures()
        self.hang = hang

    async def read(self) -> SystemFigures:
        if self.hang:
            await asyncio.Event().wait()
        return self.result


class FakeCounts:
    def __init__(self, users: int = 3, downloads: dict[DownloadState, int] | None = None) -> None:
        self.user_count = users
        self.by_state = downloads if downloads is not None else {DownloadState.QUEUED: 2}
        self.broken = False

    async def users(self) -> int:
        if self.broken:
            raise RuntimeError("database is locked")
        return self.user_count

    async def downloads_by_state(self) -> dict[DownloadState, int]:
        if self.broken:
            raise RuntimeError("database is locked")
        return dict(self.by_state)


class FakeHealth:
    def __init__(self, ok: bool = True) -> None:
        self.ok = ok

    async def healthy(self) -> bool:
        return self.ok


class FakeBackups:
    def __init__(self, latest: BackupInfo | None = None) -> None:
        self.latest = latest

    async def __call__(self) -> BackupInfo | None:
        return self.latest


def backup_made(minutes_ago: float, size: int = 2 * 1024 * 1024) -> BackupInfo:
    return BackupInfo("/data/backups/x.sqlite3", NOW - timedelta(minutes=minutes_ago), size)


class FakeJobs:
    def __init__(self, runs: list[JobRun]) -> None:
        self._runs = runs

    def runs(self) -> list[JobRun]:
        return list(self._runs)


class FakeBackupFolder:
    """The backups folder: `make` writes a backup of `size` bytes at the clock's time."""

    def __init__(self, clock: Callable[[], datetime], size: int = 2 * 1024 * 1024) -> None:
        self._clock = clock
        self.size = size
        self.made: list[BackupInfo] = []
        self.pruned = 0
        self.broken = False

    async def latest(self) -> BackupInfo | None:
        return self.made[-1] if self.made else None

    async def make(self) -> BackupInfo:
        if self.broken:
            raise BackupError("disk full")
        made = BackupInfo(f"/data/backups/{len(self.made)}.sqlite3", self._clock(), self.size)
        self.made.append(made)
        return made

    async def prune(self) -> int:
        self.pruned += 1
        return 0
