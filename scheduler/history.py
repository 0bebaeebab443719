"""What each scheduled job did last, for /stats (`domain.services.stats.JobHistory`)."""

from __future__ import annotations

from collections.abc import Iterable

from domain.services.stats import JobRun


class RunHistory:
    """The last run of every job, in the order the jobs were listed; a job that has not run yet
    is listed with `last_run=None`, so /stats shows every job this process schedules."""

    def __init__(self) -> None:
        self._runs: dict[str, JobRun] = {}

    def expect(self, names: Iterable[str]) -> None:
        for name in names:
            self._runs.setdefault(name, JobRun(name=name, last_run=None))

    def record(self, run: JobRun) -> None:
        self._runs[run.name] = run

    def runs(self) -> list[JobRun]:
        return list(self._runs.values())
