"""Hand-written fakes for the automation: the outbox, notifiers that misbehave, qBittorrent's
sync feed. In-memory and inspectable, honest about leases and duplicates."""

from __future__ import annotations

import asyncio
import itertools
import random
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from domain.errors import DeliveryFailed, TargetGone
from domain.fallbacks import Switch
from domain.models import ChatTarget, Download, DownloadState, Notification, Platform, SyncDelta
from domain.notifications.events import Recipient, private_chat
from domain.notifications.outbox import DeliveryState, OutboxEntry, OutboxMessage
from tests.fakes import FakeClock, FakeDownloads, FakeRequests, FakeUsers


@dataclass(slots=True)
class _Row:
    entry: OutboxEntry
    state: DeliveryState
    next_attempt_at: datetime
    claimed_until: datetime | None = None
    error: str = ""


class FakeOutbox:
    def __init__(self, clock: FakeClock) -> None:
        self.rows: dict[int, _Row] = {}
        self.gone: set[tuple[Platform, str]] = set()
        self._clock = clock
        self._ids = itertools.count(1)

    async def enqueue(self, messages: Sequence[OutboxMessage]) -> int:
        new = 0
        for m in messages:
            key = (m.event, m.target.platform, m.target.chat_id)
            if any(
                (r.entry.event, r.entry.target.platform, r.entry.target.chat_id) == key
                for r in self.rows.values()
            ):
                continue
            entry = OutboxEntry(
                next(self._ids), m.event, m.target, m.notification, 0, self._clock()
            )
            gone = (m.target.platform, m.target.chat_id) in self.gone
            state = DeliveryState.GONE if gone else DeliveryState.PENDING
            self.rows[entry.id] = _Row(entry, state, self._clock())
            new += 1
        return new

    async def claim(
        self,
        *,
        platforms: Collection[Platform],
        now: datetime,
        lease_until: datetime,
        limit: int,
    ) -> list[OutboxEntry]:
        claimed: list[OutboxEntry] = []
        for row in sorted(self.rows.values(), key=lambda r: r.entry.id):
            if len(claimed) >= limit:
                break
            if (
                row.state is DeliveryState.PENDING
                and row.next_attempt_at <= now
                and row.entry.target.platform in platforms
                and (row.claimed_until is None or row.claimed_until < now)
            ):
                row.claimed_until = lease_until
                claimed.append(row.entry)
        return claimed

    async def mark_sent(self, entry_id: int, *, at: datetime) -> None:
        self.rows[entry_id].state = DeliveryState.SENT
        self.rows[entry_id].claimed_until = None

    async def retry_later(self, entry_id: int, *, at: datetime, error: str) -> None:
        row = self.rows[entry_id]
        row.entry = replace(row.entry, attempts=row.entry.attempts + 1)
        row.next_attempt_at, row.claimed_until, row.error = at, None, error

    async def release(self, entry_id: int, *, at: datetime) -> None:
        row = self.rows[entry_id]
        row.next_attempt_at, row.claimed_until = at, None

    async def give_up(self, entry_id: int, error: str) -> None:
        row = self.rows[entry_id]
        row.state, row.claimed_until, row.error = DeliveryState.FAILED, None, error

    async def mark_target_gone(self, target: ChatTarget, error: str) -> int:
        self.gone.add((target.platform, target.chat_id))
        retired = 0
        for row in self.rows.values():
            same = (row.entry.target.platform, row.entry.target.chat_id) == (
                target.platform,
                target.chat_id,
            )
            if same and row.state is DeliveryState.PENDING:
                row.state, row.claimed_until = DeliveryState.GONE, None
                retired += 1
        return retired

    async def forget_gone(self, target: ChatTarget) -> bool:
        key = (target.platform, target.chat_id)
        was = key in self.gone
        self.gone.discard(key)
        return was

    async def queued(self) -> int:
        return sum(row.state is DeliveryState.PENDING for row in self.rows.values())

    def states(self) -> Counter[DeliveryState]:
        return Counter(row.state for row in self.rows.values())


class RecordingNotifier:
    """Delivers by writing down; `fail_rate` of deliveries fail before anything is delivered,
    `gone` chats raise TargetGone, and after `crash_after` deliveries the process "dies"."""

    def __init__(
        self,
        platform: Platform = Platform.TELEGRAM,
        *,
        fail_rate: float = 0.0,
        retry_after: float | None = None,
        gone: Collection[str] = (),
        crash_after: int | None = None,
        seed: int = 6,
    ) -> None:
        self.platform = platform
        self.delivered: list[tuple[ChatTarget, Notification]] = []
        self.failures = 0
        self._fail_rate = fail_rate
        self._retry_after = retry_after
        self._gone = set(gone)
        self._crash_after = crash_after
        self._random = random.Random(seed)

    async def deliver(self, target: ChatTarget, notification: Notification) -> None:
        if self._crash_after is not None and len(self.delivered) >= self._crash_after:
            raise asyncio.CancelledError  # the process died; nothing after this happens
        if target.chat_id in self._gone:
            raise TargetGone(f"chat {target.chat_id} blocked the bot")
        if self._random.random() < self._fail_rate:
            self.failures += 1
            raise DeliveryFailed("flood control", retry_after=self._retry_after)
        self.delivered.append((target, notification))

    def counts(self) -> Counter[tuple[str, str]]:
        return Counter((t.chat_id, n.body) for t, n in self.delivered)


class FakeSync:
    """qBittorrent's sync/maindata, fed by the test one answer at a time."""

    def __init__(self) -> None:
        self.answers: list[SyncDelta] = []
        self.asked: list[int] = []

    async def sync(self, rid: int) -> SyncDelta:
        self.asked.append(rid)
        if not self.answers:
            return SyncDelta(rid=rid, full_update=False)
        return self.answers.pop(0)


class FakeCompletions:
    """Completions over the in-memory downloads, requests and outbox."""

    def __init__(
        self,
        downloads: FakeDownloads,
        requests: FakeRequests,
        outbox: FakeOutbox,
        users: FakeUsers | None = None,
    ) -> None:
        self.downloads = downloads
        self.requests = requests
        self.outbox = outbox
        self.users = users or FakeUsers()
        self.announced: set[int] = set()
        self.transactions = 0

    def _recipient(self, download: Download) -> Recipient:
        request = self.requests.rows.get(download.request_id or 0)
        origin = request.reply_to if request else None
        if request is None or origin is None:
            return Recipient(download, None)
        owner = self.users.oldest_identity(download.owner_id, origin.platform)
        return Recipient(
            download,
            origin,
            private_chat(origin, owner),
            episode=request.episode,
            media_id=request.media_id,
        )

    async def unannounced(self, info_hashes: Collection[str]) -> list[Recipient]:
        wanted = set(info_hashes)
        return [
            self._recipient(d)
            for d in sorted(self.downloads.rows.values(), key=lambda d: d.id)
            if d.info_hash in wanted and d.id not in self.announced
        ]

    async def recipients(self, info_hash: str) -> list[Recipient]:
        return [self._recipient(d) for d in await self.downloads.by_hash(info_hash)]

    async def record_completion(
        self,
        download_ids: Sequence[int],
        *,
        completed_at: datetime,
        messages: Sequence[OutboxMessage],
    ) -> None:
        self.transactions += 1
        for download_id in download_ids:
            self.announced.add(download_id)
            row = await self.downloads.set_state(
                download_id, DownloadState.COMPLETED, completed_at=completed_at
            )
            if row.request_id is not None:
                await self.requests.mark_completed(row.request_id)
        await self.outbox.enqueue(messages)


class FakeSwitches:
    """The record of switches away from stalled torrents, one per (first request, torrent)."""

    def __init__(self) -> None:
        self.rows: list[Switch] = []

    async def for_owner(self, owner_id: int) -> list[Switch]:
        return [s for s in self.rows if s.owner_id == owner_id]

    async def record(self, switch: Switch) -> bool:
        key = (switch.root_request_id, switch.stalled_hash)
        if any((s.root_request_id, s.stalled_hash) == key for s in self.rows):
            return False
        self.rows.append(switch)
        return True


class NeverLeader:
    """The scheduler's leader election (scheduler/leader.py) as a process beside the leader sees
    it: it never runs the leader's jobs."""

    async def is_leader(self) -> bool:
        return False

    async def close(self) -> None:
        return None
