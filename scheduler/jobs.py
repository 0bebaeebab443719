"""Every scheduled job, in one visible list.

To add a job, write an `async def` that does one cycle and add a `JobSpec` to `jobs()`; the runner
gives it `max_instances=1`, `coalesce=True` and the misfire grace, logs and counts overruns.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from domain.notifications.dispatcher import OutboxDispatcher
from domain.services.completions import CompletionWatcher


@dataclass(frozen=True, slots=True)
class JobSpec:
    name: str  # short, stable: it labels logs and metrics
    run: Callable[[], Awaitable[object]]
    every: timedelta
    misfire_grace: timedelta | None = None  # None: one interval
    run_at_start: bool = True

    @property
    def grace(self) -> timedelta:
        return self.misfire_grace if self.misfire_grace is not None else self.every


@dataclass(frozen=True, slots=True)
class Automation:
    """The services the jobs drive; built by the composition root."""

    completions: CompletionWatcher
    outbox: OutboxDispatcher
    completion_interval: timedelta = timedelta(seconds=5)
    outbox_interval: timedelta = timedelta(seconds=2)


def jobs(automation: Automation) -> list[JobSpec]:
    return [
        JobSpec("completions", automation.completions.poll, automation.completion_interval),
        JobSpec("outbox", automation.outbox.dispatch, automation.outbox_interval),
    ]
