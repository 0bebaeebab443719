"""Every scheduled job, in one visible list.

To add a job, write an `async def` that does one cycle and add a `JobSpec` to `jobs()`; the runner
gives it `max_instances=1`, `coalesce=True` and the misfire grace, logs and counts overruns.

Every job but the outbox runs on the leader only (scheduler/leader.py). The outbox runs in every
process that has a notifier: its entries are claimed from the database one process at a time, so
several processes share the sending and any of them may die.

The outbox job also has a `wake`: the doorbell its writers ring (domain/notifications/doorbell.py),
so a notice goes out as soon as it is written and `outbox_interval` is only the fallback poll. The
airing and feed jobs write their alerts in their own transactions, so each of their runs rings it
when it ends. On PostgreSQL another process's notices ring it as well, through LISTEN/NOTIFY
(`storage/listener.py`, opened by `bot/app.py`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from domain.notifications.dispatcher import OutboxDispatcher
from domain.notifications.doorbell import Doorbell
from domain.services.airing import AiringWatcher
from domain.services.completions import CompletionWatcher
from domain.services.feeds import FeedService
from domain.services.retention import RetentionService
from domain.services.watchlist_auto import WatchlistAutomation


class Wake(Protocol):
    async def wait(self, at_most: float) -> bool:
        """Until woken or `at_most` seconds pass; whether it was woken."""


@dataclass(frozen=True, slots=True)
class JobSpec:
    name: str  # short, stable: it labels logs and metrics
    run: Callable[[], Awaitable[object]]
    every: timedelta
    misfire_grace: timedelta | None = None  # None: one interval
    run_at_start: bool = True
    # Runs again as soon as this wakes it, and at the latest `every` after its last run ended.
    wake: Wake | None = None
    # Only the leader runs it. False for work that several processes may share safely because
    # the database hands each piece to one of them (the outbox's claims).
    leader_only: bool = True

    @property
    def grace(self) -> timedelta:
        return self.misfire_grace if self.misfire_grace is not None else self.every


@dataclass(frozen=True, slots=True)
class Automation:
    """The services the jobs drive; built by the composition root."""

    completions: CompletionWatcher
    outbox: OutboxDispatcher
    completion_interval: timedelta = timedelta(seconds=1)
    outbox_interval: timedelta = timedelta(seconds=2)  # the fallback poll, with `doorbell`
    doorbell: Doorbell | None = None  # rung when a notice is written; wakes the outbox job
    feeds: FeedService | None = None  # polls each feed when its own interval has passed
    feed_check_interval: timedelta = timedelta(minutes=1)
    airing: AiringWatcher | None = None  # each episode's own backoff decides when Nyaa is asked
    airing_interval: timedelta = timedelta(minutes=1)
    backup: Callable[[], Awaitable[object]] | None = None  # one checked backup, then pruning
    backup_interval: timedelta = timedelta(minutes=15)
    retention: RetentionService | None = None  # expired downloads out, the disk floor kept
    # Each minute: a magnet bigger than its owner's share or the disk goes soon after its size
    # is known. A sweep is two listings (the downloads, qBittorrent's torrents) and a statvfs.
    retention_interval: timedelta = timedelta(minutes=1)
    # Re-reads a few stale AniList lists each run, and follows those with auto on.
    watchlist: WatchlistAutomation | None = None
    watchlist_interval: timedelta = timedelta(minutes=1)


def then_ring(
    run: Callable[[], Awaitable[object]], bell: Doorbell | None
) -> Callable[[], Awaitable[object]]:
    """`run`, ringing `bell` when it ends, failed or not (what it committed is there to send)."""
    if bell is None:
        return run

    async def ringing() -> object:
        try:
            return await run()
        finally:
            bell.ring()

    return ringing


def jobs(automation: Automation) -> list[JobSpec]:
    bell = automation.doorbell
    return [
        JobSpec("completions", automation.completions.poll, automation.completion_interval),
        # Every process with a notifier delivers: each entry is claimed by one of them.
        JobSpec(
            "outbox",
            automation.outbox.dispatch,
            automation.outbox_interval,
            wake=bell,
            leader_only=False,
        ),
        *(
            [
                JobSpec(
                    "feeds",
                    then_ring(automation.feeds.poll_due, bell),
                    automation.feed_check_interval,
                )
            ]
            if automation.feeds
            else []
        ),
        *(
            [
                JobSpec(
                    "airing", then_ring(automation.airing.cycle, bell), automation.airing_interval
                )
            ]
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
