"""Wiring for the operations side: /stats, /metrics, /readyz, the backup job, retention and the
disk floor.

Kept out of bot/app.py so the composition root stays a readable list; everything here is built
from resources app.py already owns. The jobs themselves run on the scheduler (`scheduler/jobs.py`),
which records each run in `history` for /stats.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.settings import Settings
from bot.web.health import Operations
from domain.ports import Clock, TorrentClient
from domain.retention import RetentionPolicy
from domain.services.disk import DiskGuard
from domain.services.downloads import DownloadService
from domain.services.retention import RetentionService
from domain.services.stats import BackupInfo, StatsService
from domain.system import DiskSpace, SystemProbe
from monitoring.metrics import Metrics
from scheduler.backups import BackupJob
from scheduler.history import RunHistory
from storage import backup as backups
from storage.database import Database
from storage.errors import BackupError
from storage.repositories.completions import TortoiseCompletionRepository
from storage.repositories.counts import TortoiseCounts
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.outbox import TortoiseOutboxRepository
from storage.repositories.retention import TortoiseWarningLog

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OperationsParts:
    stats: StatsService
    operations: Operations
    backup_job: BackupJob
    history: RunHistory  # the scheduler records every job's runs here; /stats reads them
    disk: DiskGuard


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

    history = RunHistory()
    stats = StatsService(
        system=SystemProbe(settings.download_dir),
        torrents=torrents,
        counts=TortoiseCounts(),
        database=database,
        latest_backup=latest,
        clock=clock,
        started_at=started_at,
        queued_notifications=TortoiseOutboxRepository().queued,
        jobs=history,
    )
    operations = Operations(
        metrics=metrics,
        stats=stats,
        checks={"database": database.healthy, "qbittorrent": torrents.version},
    )
    return OperationsParts(
        stats=stats,
        operations=operations,
        backup_job=BackupJob(make_backup=make_backup, prune=prune, metrics=metrics),
        history=history,
        disk=DiskGuard(DiskSpace(settings.download_dir), settings.disk_free_floor),
    )


def build_retention(
    settings: Settings,
    *,
    downloads: DownloadService,
    torrents: TorrentClient,
    disk: DiskGuard,
    clock: Clock,
) -> RetentionService:
    policy = RetentionPolicy(
        max_age=timedelta(days=settings.retention_days) if settings.retention_days else None,
        warning=timedelta(hours=settings.retention_warning_hours),
        disk_min_age=timedelta(hours=settings.retention_min_age_hours),
    )
    return RetentionService(
        downloads=TortoiseDownloadRepository(),
        torrents=torrents,
        recipients=TortoiseCompletionRepository(),
        outbox=TortoiseOutboxRepository(),
        warnings=TortoiseWarningLog(),
        remover=downloads,
        clock=clock,
        policy=policy,
        disk=disk,
    )
