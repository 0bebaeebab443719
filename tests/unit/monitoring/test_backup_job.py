"""The backup job: records what it did and fails loudly for the scheduler, pruning only after a
good copy; on the scheduler it runs once at start and then on its interval."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from domain.services.stats import BackupInfo
from monitoring.metrics import Metrics
from scheduler.backups import BackupJob
from scheduler.history import RunHistory
from scheduler.jobs import Automation, JobSpec, jobs
from scheduler.runner import running_jobs
from tests.unit.monitoring.fakes import NOW, backup_made


class FakeStorage:
    def __init__(self) -> None:
        self.made: list[BackupInfo] = []
        self.pruned = 0
        self.fail = False

    async def backup(self) -> BackupInfo:
        if self.fail:
            raise OSError("No space left on device")
        made = backup_made(0, size=1234)
        self.made.append(made)
        return made

    async def prune(self) -> int:
        self.pruned += 1
        return 2


def job(storage: FakeStorage, metrics: Metrics) -> BackupJob:
    return BackupJob(make_backup=storage.backup, prune=storage.prune, metrics=metrics)


def sample(metrics: Metrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


async def test_a_good_run_backs_up_prunes_and_records() -> None:
    storage, metrics = FakeStorage(), Metrics()
    made = await job(storage, metrics)()
    assert storage.made == [made] and storage.pruned == 1
    assert sample(metrics, "iiitorrent_backups_total", outcome="ok") == 1
    assert sample(metrics, "iiitorrent_backup_size_bytes") == 1234
    assert sample(metrics, "iiitorrent_backup_last_success_timestamp_seconds") == NOW.timestamp()


async def test_a_failed_run_raises_prunes_nothing_and_the_next_one_still_works() -> None:
    storage, metrics = FakeStorage(), Metrics()
    backup_job = job(storage, metrics)
    storage.fail = True
    with pytest.raises(OSError, match="No space"):
        await backup_job()
    assert storage.pruned == 0  # nothing new, so nothing old goes
    assert sample(metrics, "iiitorrent_backups_total", outcome="error") == 1
    storage.fail = False
    await backup_job()
    assert sample(metrics, "iiitorrent_backups_total", outcome="ok") == 1


async def test_on_the_scheduler_a_failure_is_recorded_and_the_schedule_kept() -> None:
    storage, metrics, history = FakeStorage(), Metrics(), RunHistory()
    storage.fail = True
    spec = JobSpec("backup", job(storage, metrics), timedelta(seconds=0.05))
    async with running_jobs([spec], metrics=metrics, history=history):
        deadline = asyncio.get_running_loop().time() + 5
        while (sample(metrics, "iiitorrent_backups_total", outcome="error") or 0) < 2:
            assert asyncio.get_running_loop().time() < deadline, "no second run"
            await asyncio.sleep(0.01)
    (run,) = history.runs()
    assert run.name == "backup" and run.ok is False and run.last_run is not None
    assert sample(metrics, "iiitorrent_scheduler_job_runs_total", job="backup", outcome="error")


class Never:
    async def poll(self) -> None:
        raise AssertionError("not run in this test")

    dispatch = poll


def test_the_backup_is_one_of_the_scheduler_jobs_when_wired() -> None:
    storage = FakeStorage()
    base = Automation(completions=Never(), outbox=Never())  # type: ignore[arg-type]
    assert "backup" not in [spec.name for spec in jobs(base)]
    wired = Automation(
        completions=Never(),  # type: ignore[arg-type]
        outbox=Never(),  # type: ignore[arg-type]
        backup=job(storage, Metrics()),
        backup_interval=timedelta(minutes=15),
    )
    (spec,) = [spec for spec in jobs(wired) if spec.name == "backup"]
    assert spec.every == timedelta(minutes=15) and spec.run_at_start
