"""The backup job: a checked database backup every BACKUP_INTERVAL, then retention.

The job only orchestrates; the composition root hands it the storage layer's `backup` and
`prune` (the scheduler never imports storage). A copy gets its final name only after passing its
integrity check, so every file the job leaves behind is restorable. A failed run is logged and
counted, leaves the older backups alone, and the next run tries again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from domain.services.stats import BackupInfo, JobRun
from monitoring.metrics import Metrics

logger = logging.getLogger(__name__)

JOB_NAME = "backup"


class BackupJob:
    """`await job()` makes one backup and prunes the old ones; `last_run()` reports on it."""

    name = JOB_NAME

    def __init__(
        self,
        *,
        make_backup: Callable[[], Awaitable[BackupInfo]],
        prune: Callable[[], Awaitable[int]],
        clock: Callable[[], datetime],
        metrics: Metrics | None = None,
    ) -> None:
        self._make_backup = make_backup
        self._prune = prune
        self._clock = clock
        self._metrics = metrics
        self._lock = asyncio.Lock()
        self._last: JobRun = JobRun(name=JOB_NAME, last_run=None)

    def last_run(self) -> JobRun:
        return self._last

    async def __call__(self, *, scheduled_for: datetime | None = None) -> BackupInfo | None:
        """One run; returns the new backup, or None when it failed or one was already running."""
        if self._lock.locked():
            # A backup slower than its interval must not pile up copies of itself.
            logger.warning("backup still running; skipping this run")
            if self._metrics is not None:
                self._metrics.scheduler_job_overruns_total.labels(JOB_NAME).inc()
            return None
        async with self._lock:
            return await self._run(scheduled_for)

    async def _run(self, scheduled_for: datetime | None) -> BackupInfo | None:
        started_at = self._clock()
        lag = (started_at - scheduled_for).total_seconds() if scheduled_for else None
        started = time.perf_counter()
        made: BackupInfo | None = None
        try:
            made = await self._make_backup()
            removed = await self._prune()
        except Exception:  # a failed run must not stop later ones; the next run tries again
            logger.exception("backup failed")
        else:
            logger.info(
                "backup %s done (%d bytes, %d old removed)", made.location, made.size, removed
            )
        elapsed = time.perf_counter() - started
        ok = made is not None
        self._last = JobRun(name=JOB_NAME, last_run=self._clock(), lag=lag, ok=ok)
        if self._metrics is not None:
            self._record(ok, elapsed, lag, made)
        return made

    def _record(self, ok: bool, elapsed: float, lag: float | None, made: BackupInfo | None) -> None:
        assert self._metrics is not None
        outcome = "ok" if ok else "error"
        self._metrics.backups_total.labels(outcome).inc()
        self._metrics.scheduler_job_runs_total.labels(JOB_NAME, outcome).inc()
        self._metrics.scheduler_job_seconds.labels(JOB_NAME).observe(elapsed)
        self._metrics.scheduler_job_last_run_timestamp.labels(JOB_NAME).set(time.time())
        if lag is not None:
            self._metrics.scheduler_job_lag_seconds.labels(JOB_NAME).set(max(0.0, lag))
        if made is not None:
            self._metrics.backup_seconds.observe(elapsed)
            self._metrics.backup_last_success_timestamp.set(made.created_at.timestamp())
            self._metrics.backup_size_bytes.set(made.size)


async def run_every(
    interval: float,
    job: Callable[..., Awaitable[object]],
    *,
    clock: Callable[[], datetime],
) -> None:
    """Run `job(scheduled_for=...)` now and then every `interval` seconds until cancelled.

    A stand-in until the scheduler owns this job: the next run is planned from the schedule, not
    from when the last one ended, so a slow run does not push every later one back.
    """
    loop = asyncio.get_running_loop()
    first_at, first_wall = loop.time(), clock()
    next_at = first_at
    while True:
        delay = next_at - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        await job(scheduled_for=first_wall + timedelta(seconds=next_at - first_at))
        next_at += interval
        # After a long stall (a suspended VM), skip the missed runs rather than catch up.
        while next_at < loop.time():
            next_at += interval
