"""Waking the outbox dispatcher when a notice is written, instead of at its next poll.

`Doorbell` is an in-process wake-up: writers ring it, the outbox job waits on it between rounds.
The writers are the ports that put notices in the outbox, wrapped here so no service has to know:
`RingingOutbox` (every direct `enqueue`), `RingingCompletions` (a finished download's notices,
written with the download) and `RingingBroadcasts`. Each rings after the write returned, so the
rows it announces are committed when the dispatcher looks.

A ring never carries data and never decides who delivers: the dispatcher still leases every entry
from the outbox, so exactly-once holds however often it is woken. A ring that finds nobody waiting
is kept for the next wait, and rings during a round collapse into one more round. A missed ring
costs only time: the dispatcher also polls, slowly, for what it was not told about (an entry
due for a retry, a lease run out). Other processes on the same PostgreSQL ring it too: the
composition root rings it for every notification its listener hears (`storage/listener.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Collection, Sequence
from datetime import datetime

from domain.models import AuditEntry, ChatTarget, Platform
from domain.notifications.events import Recipient
from domain.notifications.outbox import OutboxEntry, OutboxMessage
from domain.ports import BroadcastLog, CompletionRepository, OutboxRepository


class Doorbell:
    def __init__(self) -> None:
        self._rung = asyncio.Event()
        self.rings = 0  # a figure for tests and logs

    def ring(self) -> None:
        self.rings += 1
        self._rung.set()

    @property
    def rung(self) -> bool:
        return self._rung.is_set()

    async def wait(self, at_most: float) -> bool:
        """Until the bell rings or `at_most` seconds pass; whether it rang. Either way the bell
        is silent again, so a ring from now on means something new."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(at_most):
                await self._rung.wait()
        rang = self._rung.is_set()
        self._rung.clear()
        return rang


class RingingOutbox:
    """The outbox, ringing the bell whenever `enqueue` wrote something new."""

    def __init__(self, outbox: OutboxRepository, bell: Doorbell) -> None:
        self._outbox = outbox
        self._bell = bell

    async def enqueue(self, messages: Sequence[OutboxMessage]) -> int:
        new = await self._outbox.enqueue(messages)
        if new:
            self._bell.ring()
        return new

    async def claim(
        self,
        *,
        platforms: Collection[Platform],
        now: datetime,
        lease_until: datetime,
        limit: int,
    ) -> list[OutboxEntry]:
        return await self._outbox.claim(
            platforms=platforms, now=now, lease_until=lease_until, limit=limit
        )

    async def mark_sent(self, entry_id: int, *, at: datetime) -> None:
        await self._outbox.mark_sent(entry_id, at=at)

    async def retry_later(self, entry_id: int, *, at: datetime, error: str) -> None:
        await self._outbox.retry_later(entry_id, at=at, error=error)

    async def release(self, entry_id: int, *, at: datetime) -> None:
        await self._outbox.release(entry_id, at=at)

    async def give_up(self, entry_id: int, error: str) -> None:
        await self._outbox.give_up(entry_id, error)

    async def mark_target_gone(self, target: ChatTarget, error: str) -> int:
        return await self._outbox.mark_target_gone(target, error)

    async def forget_gone(self, target: ChatTarget) -> bool:
        return await self._outbox.forget_gone(target)

    async def queued(self) -> int:
        return await self._outbox.queued()


class RingingCompletions:
    """Completions, ringing the bell once a finished download's notices are recorded."""

    def __init__(self, completions: CompletionRepository, bell: Doorbell) -> None:
        self._completions = completions
        self._bell = bell

    async def unannounced(self, info_hashes: Collection[str]) -> list[Recipient]:
        return await self._completions.unannounced(info_hashes)

    async def recipients(self, info_hash: str) -> list[Recipient]:
        return await self._completions.recipients(info_hash)

    async def record_completion(
        self,
        download_ids: Sequence[int],
        *,
        completed_at: datetime,
        messages: Sequence[OutboxMessage],
    ) -> None:
        await self._completions.record_completion(
            download_ids, completed_at=completed_at, messages=messages
        )
        if messages:
            self._bell.ring()


class RingingBroadcasts:
    """The broadcast log, ringing the bell once an admin's broadcast is in the outbox."""

    def __init__(self, broadcasts: BroadcastLog, bell: Doorbell) -> None:
        self._broadcasts = broadcasts
        self._bell = bell

    async def broadcast(
        self, *, actor_id: int, detail: str, messages: Sequence[OutboxMessage]
    ) -> AuditEntry:
        entry = await self._broadcasts.broadcast(
            actor_id=actor_id, detail=detail, messages=messages
        )
        if messages:
            self._bell.ring()
        return entry
