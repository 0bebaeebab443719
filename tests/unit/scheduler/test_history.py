"""Every scheduled job shows up in /stats with its last run and how late it started."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.commands.stats import render_stats
from monitoring.metrics import Metrics
from scheduler.history import RunHistory
from scheduler.jobs import JobSpec
from scheduler.runner import JobRunner, running_jobs
from tests.fakes import FakeClock
from tests.unit.monitoring.test_stats import service
from tests.unit.scheduler.test_runner import Counting, Follower, until

TICK = timedelta(seconds=0.05)
HOUR = timedelta(hours=1)


class Leading:
    async def is_leader(self) -> bool:
        return True

    async def close(self) -> None:
        return None


@pytest.mark.parametrize(
    ("started_late", "fails", "lag", "ok"),
    [
        (0.0, False, 0.0, True),
        (3.5, False, 3.5, True),
        (90.0, True, 90.0, False),
        (-1.0, False, 0.0, True),  # a clock a hair behind the scheduler's is not negative lag
    ],
)
async def test_a_run_records_when_it_started_its_lag_and_outcome(
    started_late: float, fails: bool, lag: float, ok: bool
) -> None:
    clock, history, metrics = FakeClock(), RunHistory(), Metrics()
    scheduled = clock()
    clock.advance(started_late)
    runner = JobRunner(
        JobSpec("feeds", Counting(fail=fails), HOUR),
        Leading(),
        metrics,
        history=history,
        clock=clock,
    )
    runner.due(scheduled)
    await runner.run()
    (run,) = history.runs()
    assert (run.name, run.last_run, run.lag, run.ok) == ("feeds", clock(), lag, ok)
    gauge = metrics.registry.get_sample_value(
        "iiitorrent_scheduler_job_lag_seconds", {"job": "feeds"}
    )
    assert gauge == lag


async def test_a_run_nobody_scheduled_has_no_lag() -> None:
    clock, history = FakeClock(), RunHistory()
    runner = JobRunner(
        JobSpec("x", Counting(), HOUR), Leading(), None, history=history, clock=clock
    )
    await runner.run()
    assert history.runs()[0].lag is None


async def test_every_job_is_listed_from_the_start_and_runs_fill_in() -> None:
    history = RunHistory()
    quick, later = Counting(), Counting()
    specs = [
        JobSpec("quick", quick, TICK),
        JobSpec("daily", later, timedelta(days=1), run_at_start=False),
    ]
    async with running_jobs(specs, history=history):
        await until(lambda: quick.runs >= 2)
        runs = {run.name: run for run in history.runs()}
    assert [run.name for run in history.runs()] == ["quick", "daily"]  # listed order
    assert runs["daily"].last_run is None and later.runs == 0
    assert runs["quick"].last_run is not None
    # The scheduler's own time for the run was handed over: a lag was measured, and it is small.
    assert runs["quick"].lag is not None and 0.0 <= runs["quick"].lag < 5.0


async def test_a_follower_records_no_runs() -> None:
    history, job = RunHistory(), Counting()
    ticks = Counting()
    async with (
        running_jobs([JobSpec("job", job, TICK)], leader=Follower(), history=history),
        running_jobs([JobSpec("ticks", ticks, TICK)]),
    ):
        await until(lambda: ticks.runs >= 3)
    assert [(r.name, r.last_run) for r in history.runs()] == [("job", None)]


async def test_stats_lists_each_job_with_its_last_run_and_lag() -> None:
    clock, history = FakeClock(), RunHistory()
    history.expect(["completions", "backup", "retention"])
    for name, late in (("completions", 0.4), ("backup", 2.0)):
        runner = JobRunner(
            JobSpec(name, Counting(), HOUR), Leading(), None, history=history, clock=clock
        )
        runner.due(clock() - timedelta(seconds=late))
        await runner.run()
    clock.advance(300)
    snapshot = await service(jobs=history, clock=clock).snapshot()
    lines = render_stats(snapshot).splitlines()
    for expected in (
        " completions: 5m 00s ago, lag 0.4s",
        " backup: 5m 00s ago, lag 2.0s",
        " retention: never",
    ):
        assert expected in lines, f"{expected!r} missing from {lines}"
