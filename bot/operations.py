"""Wiring for the operations side: /stats, /metrics, /readyz and the backup job.

Kept out of bot/app.py so the composition root stays a readable list; everything here is built
from resources app.py already owns.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.settings import Settings
from bot.web.health import Operations
from domain.ports import Clock, TorrentClient
from domain.services.stats import BackupInfo, JobRun, StatsService
from domain.system import SystemProbe
from monitoring.metrics import Metrics
from scheduler.backups import BackupJob
from storage import backup as backups
from storage.database import Database
from storage.errors import BackupError
from storage.repositories.counts import TortoiseCounts

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OperationsParts:
    stats: StatsService
    operations: Operations
    backup_job: BackupJob


class _Jobs:
    """The jobs this process runs, for /stats, until the scheduler reports its own."""

    def __init__(self, *jobs: BackupJob) -> None:
        self._jobs = jobs

    def runs(self) -> list[JobRun]:
        return [job.last_run() for job in self._jobs]


def build_operations(
    settings: Settings,
    *,
    database: Database,
    torrents: TorrentClient,
    metrics: Metrics,
    clock: Clock,
    started_at: datetime,
) -> OperationsParts:
    folder = settings.data_dir / "backups"

    async def latest() -> BackupInfo | None:
        found = await backups.latest_backup(folder)
        if found is None:
            return None
        return BackupInfo(str(found.path), found.created_at, found.size)

    async def make_backup() -> BackupInfo:
        path = await backups.backup(settings.database_url, folder)
        made = await latest()
        if made is None or made.location != str(path):
            raise BackupError(f"backup {path} vanished right after it was written")
        return made

    async def prune() -> int:
        return len(await backups.prune(folder, settings.backup_keep))

    job = BackupJob(make_backup=make_backup, prune=prune, clock=clock, metrics=metrics)
    stats = StatsService(
        system=SystemProbe(settings.download_dir),
        torrents=torrents,
        counts=TortoiseCounts(),
        database=database,
        latest_backup=latest,
        clock=clock,
        started_at=started_at,
        jobs=_Jobs(job),
    )
    operations = Operations(
        metrics=metrics,
        stats=stats,
        checks={"database": database.healthy, "qbittorrent": torrents.version},
    )
    return OperationsParts(stats=stats, operations=operations, backup_job=job)


@contextlib.asynccontextmanager
async def in_background(work: Coroutine[Any, Any, object], name: str) -> AsyncIterator[None]:
    """Run `work` as a task for the length of the block; cancelled and awaited on exit."""
    task = asyncio.create_task(work, name=name)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
