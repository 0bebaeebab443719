"""An admin's broadcast (`domain.ports.BroadcastLog`): its audit entry and its messages commit
together, so a broadcast is either logged and queued for everyone or not at all."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tortoise.transactions import in_transaction

from domain.models import AuditEntry
from domain.notifications.outbox import OutboxMessage
from storage import models
from storage.repositories.accounts import TARGET_LENGTH
from storage.repositories.errors import translate_errors
from storage.repositories.outbox import enqueue_messages


class TortoiseBroadcastLog:
    @translate_errors
    async def broadcast(
        self, *, actor_id: int, detail: str, messages: Sequence[OutboxMessage]
    ) -> AuditEntry:
        async with in_transaction() as connection:
            row = await models.AuditLogEntry.create(
                actor_id=actor_id,
                action="broadcast",
                target=f"{len(messages)} chats"[:TARGET_LENGTH],
                detail=detail,
                using_db=connection,
            )
            await enqueue_messages(messages, connection=connection)
        return AuditEntry(row.id, row.at, row.actor_id, row.action, row.target, row.detail)


if TYPE_CHECKING:
    from domain.ports import BroadcastLog

    _check: BroadcastLog = TortoiseBroadcastLog()
