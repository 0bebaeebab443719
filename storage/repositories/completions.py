"""Finished downloads and their notifications, in one transaction
(`domain.ports.CompletionRepository`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from tortoise.transactions import in_transaction

from domain.models import DownloadState, RequestState, TargetKind
from domain.notifications.events import Recipient, private_chat
from domain.notifications.outbox import OutboxMessage
from storage import models
from storage.repositories import checks
from storage.repositories.download_requests import reply_target
from storage.repositories.downloads import to_download
from storage.repositories.errors import translate_errors
from storage.repositories.outbox import enqueue_messages
from storage.repositories.users import identities_of


async def _recipients(rows: list[models.Download]) -> list[Recipient]:
    """Each download with the chat its request came from, that request's episode and AniList
    show, and, for a group, its owner's private chat there (three queries, however many rows:
    the request comes joined to its reply; one without a reply has nobody to tell)."""
    request_ids = [r.request_id for r in rows if r.request_id is not None]  # type: ignore[attr-defined]
    replies = {
        reply.request_id: reply  # type: ignore[attr-defined]
        for reply in await models.DownloadReply.filter(request_id__in=request_ids).select_related(
            "request"
        )
    }
    downloads = [(to_download(row), replies.get(row.request_id)) for row in rows]  # type: ignore[attr-defined]
    targets = {d.id: reply_target(r) for d, r in downloads if r is not None}
    in_groups = [(d, targets[d.id]) for d, _ in downloads if d.id in targets]
    in_groups = [(d, t) for d, t in in_groups if t.kind is TargetKind.GROUP]
    identities = await identities_of(
        {d.owner_id for d, _ in in_groups}, {t.platform for _, t in in_groups}
    )
    recipients = []
    for download, reply in downloads:
        if reply is None:
            recipients.append(Recipient(download, None))
            continue
        target = targets[download.id]
        owner = identities.get((download.owner_id, target.platform))
        recipients.append(
            Recipient(
                download,
                target,
                private_chat(target, owner),
                episode=reply.request.episode,
                media_id=reply.request.media_id,
            )
        )
    return recipients


class TortoiseCompletionRepository:
    @translate_errors
    async def unannounced(self, info_hashes: Collection[str]) -> list[Recipient]:
        hashes = {h.strip().lower() for h in info_hashes}
        if not hashes:
            return []
        rows = await models.Download.filter(info_hash__in=hashes).order_by("id")
        announced = {
            done.download_id  # type: ignore[attr-defined]
            for done in await models.CompletionAnnouncement.filter(
                download_id__in=[row.id for row in rows]
            )
        }
        return await _recipients([row for row in rows if row.id not in announced])

    @translate_errors
    async def recipients(self, info_hash: str) -> list[Recipient]:
        rows = await models.Download.filter(info_hash=info_hash.strip().lower()).order_by("id")
        return await _recipients(list(rows))

    @translate_errors
    async def record_completion(
        self,
        download_ids: Sequence[int],
        *,
        completed_at: datetime,
        messages: Sequence[OutboxMessage],
    ) -> None:
        if not download_ids and not messages:
            return
        completed_at = checks.utc(completed_at)
        async with in_transaction() as connection:
            ids = list(download_ids)
            await (
                models.Download.filter(id__in=ids, completed_at__isnull=True)
                .using_db(connection)
                .update(completed_at=completed_at)
            )
            await (
                models.Download.filter(id__in=ids)
                .using_db(connection)
                .update(state=DownloadState.COMPLETED.value)
            )
            await models.CompletionAnnouncement.bulk_create(
                [
                    models.CompletionAnnouncement(download_id=i, announced_at=completed_at)
                    for i in ids
                ],
                ignore_conflicts=True,
                using_db=connection,
            )
            request_ids = (
                await models.Download.filter(id__in=ids, request_id__isnull=False)
                .using_db(connection)
                .values_list("request_id", flat=True)
            )
            if request_ids:
                await (
                    models.DownloadRequest.filter(id__in=list(request_ids))
                    .using_db(connection)
                    .update(state=RequestState.COMPLETED.value, updated_at=checks.now())
                )
            await enqueue_messages(messages, connection=connection)


if TYPE_CHECKING:
    # mypy proves the class satisfies the port; nothing runs.
    from domain.ports import CompletionRepository

    _check: CompletionRepository = TortoiseCompletionRepository()
