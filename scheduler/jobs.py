"""Every scheduled job, in one visible list.

To add a job, write an `async def` that does one cycle and add a `JobSpec` to `jobs()`; the runner
gives it `max_instances=1`, `coalesce=True` and the misfire grace, logs and counts overruns.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from domain.notifications.dispatcher import OutboxDispatcher
from domain.services.airing import AiringWatcher
from domain.services.completions import CompletionWatcher
from domain.services.feeds import FeedService
from domain.services.retention import RetentionService
from domain.services.watchlist_auto import WatchlistAutomation


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
    feeds: FeedService | None = None  # polls each feed when its own interval has passed
    feed_check_interval: timedelta = timedelta(minutes=1)
    airing: AiringWatcher | None = None  # each episode's own backoff decides when Nyaa is asked
    airing_interval: timedelta = timedelta(minutes=1)
    backup: Callable[[], Awaitable[object]] | None = None  # one checked backup, then pruning
    backup_interval: timedelta = timedelta(minutes=15)
    retention: RetentionService | None = None  # expired downloads out, the disk floor kept
    retention_interval: timedelta = timedelta(minutes=10)
    # Re-reads a few stale AniList lists each run, and follows those with auto on.
    watchlist: WatchlistAutomation | None = None
    watchlist_interval: timedelta = timedelta(minutes=1)


def jobs(automation: Automation) -> list[JobSpec]:
    return [
        JobSpec("completions", automation.completions.poll, automation.completion_interval),
        JobSpec("outbox", automation.outbox.dispatch, automation.outbox_interval),
        *(
            [JobSpec("feeds", automation.feeds.poll_due, automation.feed_check_interval)]
            if automation.feeds
            else []
        ),
        *(
            [JobSpec("airing", automation.airing.cycle, automation.airing_interval)]
            if automation.airing
            else []
        ),
        *(
            [JobSpec("backup", automation.backup, automation.backup_interval)]
            if automation.backup
            else []
        ),
        *(
            [JobSpec("retention", automation.retention.sweep, automation.retention_interval)]
            if automation.retention
            else []
        ),
        *(
            [JobSpec("watchlist", automation.watchlist.cycle, automation.watchlist_interval)]
            if automation.watchlist
            else []
        ),
    ]
