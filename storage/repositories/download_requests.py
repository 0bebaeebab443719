"""Durable `/get` requests (`domain.ports.DownloadRequestRepository`).

The repository records transitions; which ones make sense is the service's call. Every write
sets `updated_at`, so a stuck request shows how long it has been stuck.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.errors import DownloadNotFound, UserNotFound
from domain.models import (
    ChatTarget,
    DownloadRequest,
    Platform,
    RequestKind,
    RequestState,
    TargetKind,
)
from storage import models
from storage.repositories import checks
from storage.repositories.errors import translate_errors


def to_request(
    row: models.DownloadRequest, reply: models.DownloadReply | None = None
) -> DownloadRequest:
    return DownloadRequest(
        id=row.id,
        user_id=row.user_id,  # type: ignore[attr-defined]  # tortoise adds the _id attribute
        query=row.query,
        episode=row.episode,
        kind=RequestKind(row.kind),
        again=row.again,
        state=RequestState(row.state),
        created_at=checks.utc(row.created_at),
        updated_at=checks.utc(row.updated_at),
        info_hash=row.info_hash,
        source=row.source,
        release_title=row.release_title,
        error=row.error,
        reply_to=reply_target(reply) if reply else None,
        media_id=row.media_id,
    )


def reply_target(reply: models.DownloadReply) -> ChatTarget:
    return ChatTarget(Platform(reply.platform), reply.chat_id, TargetKind(reply.kind))


async def with_replies(rows: list[models.DownloadRequest]) -> list[DownloadRequest]:
    """Requests with the chat each came from, in one extra query."""
    replies = {
        reply.request_id: reply  # type: ignore[attr-defined]
        for reply in await models.DownloadReply.filter(request_id__in=[row.id for row in rows])
    }
    return [to_request(row, replies.get(row.id)) for row in rows]


class TortoiseDownloadRequestRepository:
    @translate_errors
    async def create(
        self,
        *,
        user_id: int,
        query: str,
        kind: RequestKind,
        episode: int | None,
        again: bool = False,
        reply_to: ChatTarget | None = None,
        info_hash: str | None = None,
        source: str | None = None,
        release_title: str | None = None,
        media_id: int | None = None,
    ) -> DownloadRequest:
        """One insert, with the release when the kind knows it, and the reply chat, in one
        transaction: a request is never found without what a restart needs to finish it."""
        kind.check_new(episode, info_hash, source, release_title)
        if info_hash is not None:
            info_hash = checks.info_hash(info_hash)
        try:
            async with in_transaction() as connection:
                row = await models.DownloadRequest.create(
                    user_id=user_id,
                    query=query,
                    kind=kind.value,
                    episode=episode,
                    again=again,
                    state=RequestState.SEARCHING.value,
                    info_hash=info_hash,
                    source=source,
                    release_title=release_title,
                    media_id=media_id,
                    using_db=connection,
                )
                reply = None
                if reply_to is not None:
                    reply = await models.DownloadReply.create(
                        request_id=row.id,
                        platform=reply_to.platform.value,
                        chat_id=reply_to.chat_id,
                        kind=reply_to.kind.value,
                        using_db=connection,
                    )
        except IntegrityError as exc:
            raise UserNotFound(user_id) from exc
        return to_request(row, reply)

    @translate_errors
    async def get(self, request_id: int) -> DownloadRequest | None:
        row = await models.DownloadRequest.get_or_none(id=request_id)
        return (await with_replies([row]))[0] if row else None

    @translate_errors
    async def choose(
        self, request_id: int, *, info_hash: str, source: str, release_title: str
    ) -> DownloadRequest:
        """Record the chosen release; the request stays SEARCHING until it is added."""
        return await self._update(
            request_id,
            info_hash=checks.info_hash(info_hash),
            source=source,
            release_title=release_title,
        )

    @translate_errors
    async def mark_added(self, request_id: int) -> DownloadRequest:
        return await self._update(request_id, state=RequestState.ADDED.value, error=None)

    @translate_errors
    async def mark_completed(self, request_id: int) -> DownloadRequest:
        return await self._update(request_id, state=RequestState.COMPLETED.value, error=None)

    @translate_errors
    async def mark_failed(self, request_id: int, error: str) -> DownloadRequest:
        return await self._update(request_id, state=RequestState.FAILED.value, error=error)

    @translate_errors
    async def unfinished(self) -> list[DownloadRequest]:
        rows = await models.DownloadRequest.filter(state=RequestState.SEARCHING.value).order_by(
            "created_at", "id"
        )
        return await with_replies(list(rows))

    async def _update(self, request_id: int, **values: object) -> DownloadRequest:
        # A queryset update does not touch auto_now fields, so updated_at is set here.
        updated = await models.DownloadRequest.filter(id=request_id).update(
            **values, updated_at=checks.now()
        )
        row = await models.DownloadRequest.get_or_none(id=request_id) if updated else None
        if row is None:
            raise DownloadNotFound(f"no download request {request_id}")
        return (await with_replies([row]))[0]


if TYPE_CHECKING:
    # mypy proves the class satisfies the port; nothing runs.
    from domain.ports import DownloadRequestRepository

    _check: DownloadRequestRepository = TortoiseDownloadRequestRepository()
