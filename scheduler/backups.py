"""The backup job: a checked database backup every BACKUP_INTERVAL, then retention.

The job only orchestrates; the composition root hands it the storage layer's `backup` and
`prune` (the scheduler never imports storage). A copy gets its final name only after passing its
integrity check, so every file the job leaves behind is restorable. The scheduler runs it like
every other job (one at a time, on the leader, timed, lag and failures recorded); a failed run
raises after counting itself, leaves the older backups alone, and the next run tries again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from domain.services.stats import BackupInfo
from monitoring.metrics import Metrics

logger = logging.getLogger(__name__)


class BackupJob:
    """`await job()` makes one backup and prunes the old ones."""

    def __init__(
        self,
        *,
        make_backup: Callable[[], Awaitable[BackupInfo]],
        prune: Callable[[], Awaitable[int]],
        metrics: Metrics | None = None,
    ) -> None:
        self._make_backup = make_backup
        self._prune = prune
        self._metrics = metrics

    async def __call__(self) -> BackupInfo:
        started = time.perf_counter()
        try:
            made = await self._make_backup()
        except Exception:
            if self._metrics is not None:
                self._metrics.backups_total.labels("error").inc()
            raise
        elapsed = time.perf_counter() - started
        if self._metrics is not None:
            self._metrics.backups_total.labels("ok").inc()
            self._metrics.backup_seconds.observe(elapsed)
            self._metrics.backup_last_success_timestamp.set(made.created_at.timestamp())
            self._metrics.backup_size_bytes.set(made.size)
        # Only after a good copy: a failing disk must not cost the backups that still work.
        removed = await self._prune()
        logger.info("backup %s done (%d bytes, %d old removed)", made.location, made.size, removed)
        return made
