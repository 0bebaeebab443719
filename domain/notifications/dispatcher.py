"""Delivering the outbox: each (event, target) once, through its platform's notifier.

Entries are leased in batches, grouped by target, and each target's entries go out in order on
their own task (bounded), so one slow or broken chat never holds up the others. A failure is
retried with exponential backoff (or the platform's `retry_after`); a target that is gone is
remembered and its entries retired. An entry is marked sent right after its delivery, so a crash
loses at most the mark of the one entry in flight.

With `metrics`, deliveries are counted per platform (failures by reason: `retry` for one that will
be tried again or was given up on, `gone` for a target that is gone) and the outbox's backlog is
set after every dispatch.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from domain.errors import DeliveryFailed, DomainError, TargetGone
from domain.models import ChatTarget, Platform
from domain.notifications.outbox import OutboxEntry, gives_up, retry_delay
from domain.ports import Clock, Notifier, OutboxRepository
from monitoring.metrics import Metrics

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class DispatchReport:
    """What one `dispatch` did."""

    sent: int = 0
    retried: int = 0
    gone: int = 0
    abandoned: int = 0
    targets: set[ChatTarget] = field(default_factory=set)

    @property
    def claimed(self) -> int:
        return self.sent + self.retried + self.gone + self.abandoned


class OutboxDispatcher:
    def __init__(
        self,
        outbox: OutboxRepository,
        notifiers: Mapping[Platform, Notifier],
        clock: Clock,
        *,
        lease: timedelta = timedelta(minutes=5),
        batch: int = 200,
        concurrency: int = 20,
        metrics: Metrics | None = None,
    ) -> None:
        self._outbox = outbox
        # Read at each round, not copied: front-ends join the mapping as they start.
        self._notifiers = notifiers
        self._clock = clock
        self._lease = lease
        self._batch = batch
        self._concurrency = asyncio.Semaphore(concurrency)
        self._metrics = metrics

    async def dispatch(self) -> DispatchReport:
        """Deliver what is due, batch after batch, until nothing due is left."""
        report = DispatchReport()
        if not self._notifiers:
            return report
        try:
            await self._dispatch(report)
        finally:
            await self._count_backlog()
        return report

    async def _dispatch(self, report: DispatchReport) -> None:
        while True:
            now = self._clock()
            entries = await self._outbox.claim(
                platforms=self._notifiers.keys(),
                now=now,
                lease_until=now + self._lease,
                limit=self._batch,
            )
            if not entries:
                return
            by_target: dict[ChatTarget, list[OutboxEntry]] = {}
            for entry in entries:
                by_target.setdefault(entry.target, []).append(entry)
            await asyncio.gather(
                *(self._deliver_to(target, queue, report) for target, queue in by_target.items())
            )
            if len(entries) < self._batch:
                return

    async def _count_backlog(self) -> None:
        if self._metrics is None:
            return
        try:
            self._metrics.notifications_queued.set(await self._outbox.queued())
        except DomainError as exc:  # a figure of the moment; the next dispatch tries again
            logger.warning("could not count the outbox backlog: %s", exc)

    def _count(self, platform: Platform, reason: str | None = None, amount: int = 1) -> None:
        if self._metrics is None or amount <= 0:
            return
        if reason is None:
            self._metrics.notifications_sent_total.labels(platform.value).inc(amount)
        else:
            self._metrics.notifications_failed_total.labels(platform.value, reason).inc(amount)

    async def _deliver_to(
        self, target: ChatTarget, entries: list[OutboxEntry], report: DispatchReport
    ) -> None:
        notifier = self._notifiers[target.platform]
        report.targets.add(target)
        async with self._concurrency:
            for index, entry in enumerate(entries):
                try:
                    await notifier.deliver(target, entry.notification)
                except TargetGone as exc:
                    retired = await self._outbox.mark_target_gone(target, str(exc))
                    report.gone += max(retired, len(entries) - index)
                    self._count(target.platform, "gone")
                    logger.info("target %s is gone (%s); %d entries retired", target, exc, retired)
                    return
                except DeliveryFailed as exc:
                    self._count(target.platform, "retry")
                    await self._postpone(entries[index:], exc.retry_after, str(exc), report)
                    return
                except Exception as exc:  # a notifier bug must not stop the other targets
                    logger.exception("notifier for %s failed on entry %d", target, entry.id)
                    self._count(target.platform, "retry")
                    await self._postpone(entries[index:], None, repr(exc), report)
                    return
                await self._outbox.mark_sent(entry.id, at=self._clock())
                report.sent += 1
                self._count(target.platform)

    async def _postpone(
        self,
        entries: list[OutboxEntry],
        retry_after: float | None,
        error: str,
        report: DispatchReport,
    ) -> None:
        """The first entry failed; the rest of this target's queue waits with it, in order."""
        failed, rest = entries[0], entries[1:]
        attempts = failed.attempts + 1
        if gives_up(attempts):
            await self._outbox.give_up(failed.id, error)
            report.abandoned += 1
            logger.warning(
                "gave up on outbox entry %d (%s) after %d attempts: %s",
                failed.id,
                failed.event,
                attempts,
                error,
            )
        else:
            at = self._clock() + timedelta(seconds=retry_delay(attempts, retry_after))
            await self._outbox.retry_later(failed.id, at=at, error=error)
            report.retried += 1
            logger.info("outbox entry %d failed (%s); retrying at %s", failed.id, error, at)
        # The others were not tried: released without counting an attempt, due with the first.
        at = self._clock() + timedelta(seconds=retry_delay(1, retry_after))
        for entry in rest:
            await self._outbox.release(entry.id, at=at)
            report.retried += 1
