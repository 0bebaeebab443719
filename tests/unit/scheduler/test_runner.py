"""The scheduler wrapper: jobs run in the loop, a slow one is never overlapped (and its skipped
runs are counted), a failing one keeps its schedule, and only the leader runs anything."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from monitoring.metrics import Metrics
from scheduler.jobs import Automation, JobSpec, jobs
from scheduler.runner import running_jobs

TICK = timedelta(seconds=0.05)


class Counting:
    def __init__(self, *, fail: bool = False, hold: asyncio.Event | None = None) -> None:
        self.runs = 0
        self.running = 0
        self.most_at_once = 0
        self._fail = fail
        self._hold = hold

    async def __call__(self) -> None:
        self.runs += 1
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        try:
            if self._hold is not None:
                await self._hold.wait()
            if self._fail:
                raise RuntimeError("boom")
        finally:
            self.running -= 1


class Follower:
    async def is_leader(self) -> bool:
        return False

    async def close(self) -> None:
        return None


async def until(condition: object, seconds: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():  # type: ignore[operator]
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


def counter(metrics: Metrics, name: str, **labels: str) -> float:
    value = metrics.registry.get_sample_value(name, labels)
    return value or 0.0


async def test_jobs_run_repeatedly_and_a_failure_keeps_the_schedule() -> None:
    fine, failing = Counting(), Counting(fail=True)
    metrics = Metrics()
    async with running_jobs(
        [JobSpec("fine", fine, TICK), JobSpec("failing", failing, TICK)], metrics=metrics
    ):
        await until(lambda: fine.runs >= 3 and failing.runs >= 3)
    assert counter(metrics, "iiitorrent_scheduler_job_runs_total", job="failing", outcome="error")
    assert counter(metrics, "iiitorrent_scheduler_job_runs_total", job="fine", outcome="ok")


async def test_a_slow_job_is_never_overlapped_and_its_overruns_are_counted() -> None:
    release = asyncio.Event()
    slow = Counting(hold=release)
    metrics = Metrics()
    async with running_jobs([JobSpec("slow", slow, TICK)], metrics=metrics):
        await until(
            lambda: counter(metrics, "iiitorrent_scheduler_job_overruns_total", job="slow") >= 2
        )
        release.set()
        await until(lambda: slow.runs >= 2)
    assert slow.most_at_once == 1


async def test_a_process_that_is_not_the_leader_runs_nothing() -> None:
    job = Counting()
    ticks = Counting()
    async with (
        running_jobs([JobSpec("job", job, TICK)], leader=Follower()),
        running_jobs([JobSpec("ticks", ticks, TICK)]),
    ):
        await until(lambda: ticks.runs >= 5)
    assert job.runs == 0


async def test_a_job_not_only_for_the_leader_runs_on_every_process() -> None:
    shared, leading = Counting(), Counting()
    async with running_jobs(
        [
            JobSpec("shared", shared, TICK, leader_only=False),
            JobSpec("leading", leading, TICK),
        ],
        leader=Follower(),
    ):
        await until(lambda: shared.runs >= 3)
    assert leading.runs == 0


def test_the_outbox_is_the_one_job_every_process_runs() -> None:
    automation = Automation(completions=Unused(), outbox=Unused())  # type: ignore[arg-type]
    shared = [spec.name for spec in jobs(automation) if not spec.leader_only]
    assert shared == ["outbox"]


class Unused:
    async def poll(self) -> None:
        raise AssertionError("not run")

    async def dispatch(self) -> None:
        raise AssertionError("not run")


def test_job_names_must_be_unique() -> None:
    job = Counting()
    with pytest.raises(ValueError, match="unique"):
        asyncio.run(_enter([JobSpec("a", job, TICK), JobSpec("a", job, TICK)]))


async def _enter(specs: list[JobSpec]) -> None:
    async with running_jobs(specs):
        pass
