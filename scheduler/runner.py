"""APScheduler's AsyncIOScheduler in the running loop, owned by `async with`.

Every job runs with `max_instances=1` (a slow run is never overlapped; the skipped run is logged
and counted as an overrun), `coalesce=True` (runs missed while the loop was busy collapse into
one) and an explicit misfire grace. Each run first asks the `Leader` whether this process runs the
jobs, so with several processes on one PostgreSQL only one does, and another takes over on its
next run when the leader dies. A failing run is logged and counted; the job keeps its schedule.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from monitoring.metrics import Metrics
from scheduler.jobs import JobSpec
from scheduler.leader import AlwaysLeader, Leader

logger = logging.getLogger(__name__)


class JobRunner:
    """Runs one job's cycle: leader check, timing, error isolation, metrics."""

    def __init__(self, spec: JobSpec, leader: Leader, metrics: Metrics | None) -> None:
        self.spec = spec
        self._leader = leader
        self._metrics = metrics

    async def run(self) -> None:
        if not await self._leader.is_leader():
            return
        name = self.spec.name
        started = time.perf_counter()
        outcome = "ok"
        try:
            await self.spec.run()
        except Exception:
            outcome = "error"
            logger.exception("scheduled job %s failed", name)
        elapsed = time.perf_counter() - started
        if elapsed > self.spec.every.total_seconds():
            logger.warning(
                "job %s took %.1fs, longer than its %ss interval",
                name,
                elapsed,
                self.spec.every.total_seconds(),
            )
        if self._metrics is not None:
            self._metrics.scheduler_job_runs_total.labels(name, outcome).inc()
            self._metrics.scheduler_job_seconds.labels(name).observe(elapsed)
            self._metrics.scheduler_job_last_run_timestamp.labels(name).set(time.time())


@asynccontextmanager
async def running_jobs(
    specs: Sequence[JobSpec],
    *,
    leader: Leader | None = None,
    metrics: Metrics | None = None,
) -> AsyncIterator[AsyncIOScheduler]:
    """Start the jobs in the running loop; on exit stop them (running ones are not awaited)
    and step down as leader."""
    leader = leader if leader is not None else AlwaysLeader()
    scheduler = AsyncIOScheduler(timezone=UTC)
    names = [spec.name for spec in specs]
    if len(set(names)) != len(names):
        raise ValueError(f"job names must be unique: {names}")

    def on_event(event: JobExecutionEvent) -> None:
        if event.code == EVENT_JOB_MAX_INSTANCES:
            logger.warning("job %s is still running; this run is skipped", event.job_id)
            if metrics is not None:
                metrics.scheduler_job_overruns_total.labels(event.job_id).inc()
        elif event.code == EVENT_JOB_MISSED:
            logger.warning("job %s missed its run at %s", event.job_id, event.scheduled_run_time)

    scheduler.add_listener(on_event, EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED)
    for spec in specs:
        # APScheduler reads next_run_time=None as "paused", so it is only passed to run at once.
        first: dict[str, datetime] = (
            {"next_run_time": datetime.now(UTC)} if spec.run_at_start else {}
        )
        scheduler.add_job(
            # A bound coroutine method: APScheduler runs it in the loop, not in a thread.
            JobRunner(spec, leader, metrics).run,
            IntervalTrigger(seconds=spec.every.total_seconds(), timezone=UTC),
            id=spec.name,
            name=spec.name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=max(1, int(spec.grace.total_seconds())),
            **first,
        )
    scheduler.start()
    logger.info("scheduler started: %s", ", ".join(names) or "no jobs")
    try:
        yield scheduler
    finally:
        scheduler.shutdown(wait=False)
        await leader.close()
        logger.info("scheduler stopped")
