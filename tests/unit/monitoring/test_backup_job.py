"""The backup job: records what it did, survives a failing run, never runs twice at once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from domain.services.stats import BackupInfo
from monitoring.metrics import Metrics
from scheduler.backups import BackupJob, run_every
from tests.unit.monitoring.fakes import NOW, backup_made


class FakeStorage:
    def __init__(self) -> None:
        self.made: list[BackupInfo] = []
        self.pruned = 0
        self.fail = False
        self.gate: asyncio.Event | None = None

    async def backup(self) -> BackupInfo:
        if self.gate is not None:
            await self.gate.wait()
        if self.fail:
            raise OSError("No space left on device")
        made = backup_made(0, size=1234)
        self.made.append(made)
        return made

    async def prune(self) -> int:
        self.pruned += 1
        return 2


def job(storage: FakeStorage, metrics: Metrics) -> BackupJob:
    return BackupJob(
        make_backup=storage.backup, prune=storage.prune, clock=lambda: NOW, metrics=metrics
    )


def sample(metrics: Metrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


async def test_a_good_run_backs_up_prunes_and_records() -> None:
    storage, metrics = FakeStorage(), Metrics()
    backup_job = job(storage, metrics)
    made = await backup_job(scheduled_for=NOW - timedelta(seconds=2))
    assert made is not None and storage.made == [made] and storage.pruned == 1
    run = backup_job.last_run()
    assert (run.name, run.last_run, run.lag, run.ok) == ("backup", NOW, 2.0, True)
    assert sample(metrics, "iiitorrent_backups_total", outcome="ok") == 1
    assert sample(metrics, "iiitorrent_backup_size_bytes") == 1234
    assert sample(metrics, "iiitorrent_backup_last_success_timestamp_seconds") == NOW.timestamp()
    assert sample(metrics, "iiitorrent_scheduler_job_lag_seconds", job="backup") == 2.0


async def test_a_failed_run_is_recorded_and_the_next_one_still_happens() -> None:
    storage, metrics = FakeStorage(), Metrics()
    backup_job = job(storage, metrics)
    storage.fail = True
    assert await backup_job() is None
    assert storage.pruned == 0  # nothing new, so nothing old goes
    assert backup_job.last_run().ok is False
    assert sample(metrics, "iiitorrent_backups_total", outcome="error") == 1
    storage.fail = False
    assert await backup_job() is not None
    assert backup_job.last_run().ok is True


async def test_a_run_still_going_makes_the_next_one_skip() -> None:
    storage, metrics = FakeStorage(), Metrics()
    storage.gate = asyncio.Event()
    backup_job = job(storage, metrics)
    first = asyncio.create_task(backup_job())
    await asyncio.sleep(0)  # let the first run take the lock
    assert await backup_job() is None
    assert sample(metrics, "iiitorrent_scheduler_job_overruns_total", job="backup") == 1
    storage.gate.set()
    assert await first is not None
    assert len(storage.made) == 1


async def test_run_every_runs_at_once_then_on_schedule() -> None:
    calls: list[object] = []
    done = asyncio.Event()

    async def tick(*, scheduled_for: object) -> None:
        calls.append(scheduled_for)
        if len(calls) == 3:
            done.set()

    task = asyncio.create_task(run_every(0.01, tick, clock=lambda: NOW))
    try:
        async with asyncio.timeout(5):
            await done.wait()
    finally:
        task.cancel()
    assert calls[0] == NOW
    assert all(isinstance(c, type(NOW)) and c >= NOW for c in calls)
