"""The notification outbox (`domain.ports.OutboxRepository`).

A dispatcher leases rows by stamping `claimed_until` and a random `claim_token`, then reads back
the rows carrying its token: two dispatchers on one database never hold the same row, whichever
process each runs in. On PostgreSQL the lease is one statement, `UPDATE ... WHERE id IN (SELECT
... FOR UPDATE SKIP LOCKED)`: concurrent claimers each take different rows instead of queueing
on the same ones. SQLite has one writer at a time, so there a SELECT of free rows and an UPDATE
that checks again that they are free do the same.

A lease is not a delivery: a process that dies between sending a notice and marking it sent
leaves the row leased, and when the lease expires another process sends it again. Exactly once
holds for every notice whose sender lives to mark it; the one in flight at a crash may arrive
twice.

On PostgreSQL every write of new entries also notifies `OUTBOX_CHANNEL`, in the writer's own
transaction: PostgreSQL delivers a notification only when its transaction commits, so whoever
hears it (`storage/listener.py`, in every process) finds the rows there. SQLite serves one
process, whose doorbell is rung in-process.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F, Q

from domain.models import Action, ChatTarget, Notification, NotificationKind, Platform, TargetKind
from domain.notifications.outbox import DeliveryState, OutboxEntry, OutboxMessage
from storage import models
from storage.repositories import checks
from storage.repositories.errors import translate_errors

# Every process of one database listens here; NOTIFY reaches only that database's sessions.
OUTBOX_CHANNEL = "iiitorrent_outbox"


def notification_to_json(notification: Notification) -> dict[str, Any]:
    return {
        "kind": notification.kind.value,
        "title": notification.title,
        "body": notification.body,
        "actions": [[a.label, a.command] for a in notification.actions],
        "url": notification.url,
    }


def notification_from_json(data: dict[str, Any]) -> Notification:
    return Notification(
        kind=NotificationKind(data["kind"]),
        title=str(data.get("title", "")),
        body=str(data.get("body", "")),
        actions=tuple(Action(str(label), str(command)) for label, command in data["actions"]),
        url=data.get("url"),
    )


def target_of(row: models.OutboxEntry) -> ChatTarget:
    return ChatTarget(Platform(row.platform), row.chat_id, TargetKind(row.target_kind))


def to_entry(row: models.OutboxEntry) -> OutboxEntry:
    return OutboxEntry(
        id=row.id,
        event=row.event,
        target=target_of(row),
        notification=notification_from_json(dict(row.notification)),
        attempts=row.attempts,
        created_at=checks.utc(row.created_at),
    )


async def enqueue_messages(
    messages: Sequence[OutboxMessage], *, connection: BaseDBAsyncClient | None = None
) -> int:
    """Write messages, keeping rows already there; for use inside another repository's
    transaction too, so a change and its notifications commit together."""
    if not messages:
        return 0
    now = checks.now()
    platforms = {m.target.platform.value for m in messages}
    chat_ids = {m.target.chat_id for m in messages}
    gone = {
        (row.platform, row.chat_id)
        for row in await models.GoneTarget.filter(
            platform__in=platforms, chat_id__in=chat_ids
        ).using_db(connection)
    }
    events = {m.event for m in messages}
    before = await models.OutboxEntry.filter(event__in=events).using_db(connection).count()
    rows = [
        models.OutboxEntry(
            event=m.event,
            platform=m.target.platform.value,
            chat_id=m.target.chat_id,
            target_kind=m.target.kind.value,
            notification=notification_to_json(m.notification),
            state=(
                DeliveryState.GONE
                if (m.target.platform.value, m.target.chat_id) in gone
                else DeliveryState.PENDING
            ).value,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        for m in messages
    ]
    await models.OutboxEntry.bulk_create(rows, ignore_conflicts=True, using_db=connection)
    after = await models.OutboxEntry.filter(event__in=events).using_db(connection).count()
    if after > before:
        await notify_outbox(connection or models.OutboxEntry._meta.db)
    return after - before


async def notify_outbox(connection: BaseDBAsyncClient) -> None:
    """Tell the other processes there is something new to send, once `connection`'s transaction
    commits (at once outside one). The payload is empty: a listener only needs to wake."""
    if connection.capabilities.dialect == "postgres":
        await connection.execute_query("SELECT pg_notify($1, '')", [OUTBOX_CHANNEL])


# Rows another claimer holds locked are skipped, not waited for; a row it leased and committed
# in the meantime is checked again against the WHERE (PostgreSQL re-reads it under the lock).
_CLAIM_SKIP_LOCKED = """
UPDATE outbox SET claimed_until = $1, claim_token = $2
WHERE id IN (
    SELECT id FROM outbox
    WHERE state = $3 AND next_attempt_at <= $4 AND platform = ANY($5::text[])
      AND (claimed_until IS NULL OR claimed_until < $4)
    ORDER BY id
    LIMIT $6
    FOR UPDATE SKIP LOCKED
)
"""


class TortoiseOutboxRepository:
    @translate_errors
    async def enqueue(self, messages: Sequence[OutboxMessage]) -> int:
        return await enqueue_messages(messages)

    @translate_errors
    async def claim(
        self,
        *,
        platforms: Collection[Platform],
        now: datetime,
        lease_until: datetime,
        limit: int,
    ) -> list[OutboxEntry]:
        now, lease_until = checks.utc(now), checks.utc(lease_until)
        token = secrets.token_hex(16)
        connection = models.OutboxEntry._meta.db
        if connection.capabilities.dialect == "postgres":
            await connection.execute_query(
                _CLAIM_SKIP_LOCKED,
                [
                    lease_until,
                    token,
                    DeliveryState.PENDING.value,
                    now,
                    [p.value for p in platforms],
                    limit,
                ],
            )
        elif not await self._claim_free(platforms, now, lease_until, token, limit):
            return []
        rows = await models.OutboxEntry.filter(claim_token=token).order_by("id")
        return [to_entry(row) for row in rows]

    async def _claim_free(
        self,
        platforms: Collection[Platform],
        now: datetime,
        lease_until: datetime,
        token: str,
        limit: int,
    ) -> bool:
        """SQLite's lease; whether there was anything to claim."""
        free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
        due = models.OutboxEntry.filter(
            free,
            state=DeliveryState.PENDING.value,
            next_attempt_at__lte=now,
            platform__in=[p.value for p in platforms],
        )
        ids = await due.order_by("id").limit(limit).values_list("id", flat=True)
        if not ids:
            return False
        # The lease condition is checked again in the UPDATE: a row another dispatcher leased
        # since the SELECT is left alone.
        await models.OutboxEntry.filter(free, id__in=list(ids)).update(
            claimed_until=lease_until, claim_token=token
        )
        return True

    @translate_errors
    async def mark_sent(self, entry_id: int, *, at: datetime) -> None:
        await models.OutboxEntry.filter(id=entry_id).update(
            state=DeliveryState.SENT.value,
            sent_at=checks.utc(at),
            claimed_until=None,
            claim_token=None,
        )

    @translate_errors
    async def retry_later(self, entry_id: int, *, at: datetime, error: str) -> None:
        await models.OutboxEntry.filter(id=entry_id).update(
            attempts=F("attempts") + 1,
            next_attempt_at=checks.utc(at),
            last_error=error[:2000],
            claimed_until=None,
            claim_token=None,
        )

    @translate_errors
    async def release(self, entry_id: int, *, at: datetime) -> None:
        await models.OutboxEntry.filter(id=entry_id).update(
            next_attempt_at=checks.utc(at), claimed_until=None, claim_token=None
        )

    @translate_errors
    async def give_up(self, entry_id: int, error: str) -> None:
        await models.OutboxEntry.filter(id=entry_id).update(
            state=DeliveryState.FAILED.value,
            attempts=F("attempts") + 1,
            last_error=error[:2000],
            claimed_until=None,
            claim_token=None,
        )

    @translate_errors
    async def mark_target_gone(self, target: ChatTarget, error: str) -> int:
        await models.GoneTarget.bulk_create(
            [
                models.GoneTarget(
                    platform=target.platform.value,
                    chat_id=target.chat_id,
                    reason=error[:2000],
                    created_at=checks.now(),
                )
            ],
            ignore_conflicts=True,
        )
        return await models.OutboxEntry.filter(
            platform=target.platform.value,
            chat_id=target.chat_id,
            state=DeliveryState.PENDING.value,
        ).update(
            state=DeliveryState.GONE.value,
            last_error=error[:2000],
            claimed_until=None,
            claim_token=None,
        )

    @translate_errors
    async def forget_gone(self, target: ChatTarget) -> bool:
        removed = await models.GoneTarget.filter(
            platform=target.platform.value, chat_id=target.chat_id
        ).delete()
        return removed > 0

    @translate_errors
    async def queued(self) -> int:
        """Entries still waiting for delivery (for /stats and the backlog alert)."""
        return await models.OutboxEntry.filter(state=DeliveryState.PENDING.value).count()

    @translate_errors
    async def entries(self) -> list[tuple[OutboxEntry, DeliveryState]]:
        """Every entry with its state, oldest first: for tests and the admin's eyes."""
        rows = await models.OutboxEntry.all().order_by("id")
        return [(to_entry(row), DeliveryState(row.state)) for row in rows]


if TYPE_CHECKING:
    # mypy proves the class satisfies the port; nothing runs.
    from domain.ports import OutboxRepository

    _check: OutboxRepository = TortoiseOutboxRepository()
