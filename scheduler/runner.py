"""APScheduler's AsyncIOScheduler in the running loop, owned by `async with`.

Every job runs with `max_instances=1` (a slow run is never overlapped; the skipped run is logged
and counted as an overrun), `coalesce=True` (runs missed while the loop was busy collapse into
one) and an explicit misfire grace. Each run of a `leader_only` job (all but the outbox) first
asks the `Leader` whether this process runs the jobs, so with several processes on one PostgreSQL
only one does, and another takes over on its next run when the leader dies. A failing run is
logged and counted; the job keeps its schedule. Each run is recorded in a `RunHistory` (for
/stats) with its lag: how long after its scheduled time it started.

A job with a `wake` (the outbox) runs on its own task instead: run, then wait until it is woken or
its interval has passed, and run again; the same leader check, history and metrics apply. A wake
during a run is kept, so what was written meanwhile gets a run of its own right after.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from apscheduler.events import (
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    EVENT_JOB_SUBMITTED,
    JobEvent,
    JobExecutionEvent,
    JobSubmissionEvent,
)
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from domain.services.stats import JobRun
from monitoring.metrics import Metrics
from scheduler.history import RunHistory
from scheduler.jobs import JobSpec, Wake
from scheduler.leader import AlwaysLeader, Leader

logger = logging.getLogger(__name__)


class JobRunner:
    """Runs one job's cycle: leader check, timing, error isolation, metrics."""

    def __init__(
        self,
        spec: JobSpec,
        leader: Leader,
        metrics: Metrics | None,
        *,
        history: RunHistory | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.spec = spec
        self._leader = leader
        self._metrics = metrics
        self._history = history
        self._clock = clock
        self._due: datetime | None = None

    def due(self, scheduled_for: datetime) -> None:
        """The time the run about to start was scheduled for (the latest, when runs coalesced)."""
        self._due = scheduled_for

    async def run(self) -> None:
        due, self._due = self._due, None
        if self.spec.leader_only and not await self._leader.is_leader():
            return
        name = self.spec.name
        started_at = self._clock()
        lag = max(0.0, (started_at - due).total_seconds()) if due is not None else None
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
        if self._history is not None:
            self._history.record(JobRun(name, started_at, lag=lag, ok=outcome == "ok"))
        if self._metrics is not None:
            self._metrics.scheduler_job_runs_total.labels(name, outcome).inc()
            self._metrics.scheduler_job_seconds.labels(name).observe(elapsed)
            self._metrics.scheduler_job_last_run_timestamp.labels(name).set(time.time())
            if lag is not None:
                self._metrics.scheduler_job_lag_seconds.labels(name).set(lag)


async def run_when_woken(runner: JobRunner, wake: Wake) -> None:
    """The loop of a job with a wake, until cancelled; `JobRunner.run` keeps failures in it."""
    every = runner.spec.every.total_seconds()
    if not runner.spec.run_at_start:
        await wake.wait(every)
    while True:
        runner.due(datetime.now(UTC))
        await runner.run()
        await wake.wait(every)


@asynccontextmanager
async def running_jobs(
    specs: Sequence[JobSpec],
    *,
    leader: Leader | None = None,
    metrics: Metrics | None = None,
    history: RunHistory | None = None,
) -> AsyncIterator[AsyncIOScheduler]:
    """Start the jobs in the running loop; on exit stop them (running ones are not awaited)
    and step down as leader. Every run is recorded in `history` when one is given."""
    leader = leader if leader is not None else AlwaysLeader()
    scheduler = AsyncIOScheduler(timezone=UTC)
    names = [spec.name for spec in specs]
    if len(set(names)) != len(names):
        raise ValueError(f"job names must be unique: {names}")
    if history is not None:
        history.expect(names)
    runners = {spec.name: JobRunner(spec, leader, metrics, history=history) for spec in specs}

    def on_event(event: JobEvent) -> None:
        if event.code == EVENT_JOB_SUBMITTED and isinstance(event, JobSubmissionEvent):
            # Sent before the run's coroutine starts, with the times it stands for.
            if event.scheduled_run_times and event.job_id in runners:
                runners[event.job_id].due(max(event.scheduled_run_times))
        elif event.code == EVENT_JOB_MAX_INSTANCES:
            logger.warning("job %s is still running; this run is skipped", event.job_id)
            if metrics is not None:
                metrics.scheduler_job_overruns_total.labels(event.job_id).inc()
        elif event.code == EVENT_JOB_MISSED and isinstance(event, JobExecutionEvent):
            logger.warning("job %s missed its run at %s", event.job_id, event.scheduled_run_time)

    scheduler.add_listener(
        on_event, EVENT_JOB_SUBMITTED | EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED
    )
    woken: list[asyncio.Task[None]] = []
    for spec in specs:
        if spec.wake is not None:
            woken.append(
                asyncio.create_task(run_when_woken(runners[spec.name], spec.wake), name=spec.name)
            )
            continue
        # APScheduler reads next_run_time=None as "paused", so it is only passed to run at once.
        first: dict[str, datetime] = (
            {"next_run_time": datetime.now(UTC)} if spec.run_at_start else {}
        )
        scheduler.add_job(
            # A bound coroutine method: APScheduler runs it in the loop, not in a thread.
            runners[spec.name].run,
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
        for task in woken:
            task.cancel()
        for task in woken:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await leader.close()
        logger.info("scheduler stopped")
