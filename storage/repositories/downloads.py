"""Downloads, one row per owner and torrent (`domain.ports.DownloadRepository`)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from tortoise.exceptions import IntegrityError

from domain.errors import DownloadNotFound, NotFound
from domain.models import DEFAULT_NODE, Download, DownloadState
from storage import models
from storage.repositories import checks
from storage.repositories.errors import translate_errors

# What a torrent is until the client reports on it; the completion watcher moves it on.
INITIAL_STATE = DownloadState.QUEUED


def to_download(row: models.Download) -> Download:
    return Download(
        id=row.id,
        info_hash=row.info_hash,
        owner_id=row.owner_id,  # type: ignore[attr-defined]  # tortoise adds the _id attribute
        name=row.name,
        state=DownloadState(row.state),
        added_at=checks.utc(row.added_at),
        completed_at=checks.utc(row.completed_at) if row.completed_at else None,
        request_id=row.request_id,  # type: ignore[attr-defined]
        node=row.node,
    )


class TortoiseDownloadRepository:
    @translate_errors
    async def add(
        self,
        *,
        info_hash: str,
        owner_id: int,
        name: str,
        request_id: int | None,
        node: str = DEFAULT_NODE,
    ) -> Download:
        """Idempotent per (owner, info hash), also under concurrent calls: the first row wins.

        No transaction around the insert: on PostgreSQL a failed insert poisons its
        transaction, and the lookup after a conflict must see the winner's committed row.
        """
        info_hash = checks.info_hash(info_hash)
        try:
            row = await models.Download.create(
                owner_id=owner_id,
                info_hash=info_hash,
                name=name,
                state=INITIAL_STATE.value,
                added_at=checks.now(),
                request_id=request_id,
                node=node,
            )
        except IntegrityError as exc:
            existing = await models.Download.get_or_none(owner_id=owner_id, info_hash=info_hash)
            if existing is None:
                # Not a duplicate, so a foreign key: the owner or the request is unknown.
                raise NotFound(f"no user {owner_id} or no download request {request_id}") from exc
            return to_download(existing)
        return to_download(row)

    @translate_errors
    async def get(self, download_id: int) -> Download | None:
        row = await models.Download.get_or_none(id=download_id)
        return to_download(row) if row else None

    @translate_errors
    async def for_owner(self, owner_id: int | None) -> list[Download]:
        query = models.Download.all()
        if owner_id is not None:
            query = query.filter(owner_id=owner_id)
        return [to_download(row) for row in await query.order_by("-added_at", "-id")]

    @translate_errors
    async def by_hash(self, info_hash: str) -> list[Download]:
        rows = await models.Download.filter(info_hash=info_hash.strip().lower()).order_by("id")
        return [to_download(row) for row in rows]

    @translate_errors
    async def set_state(
        self, download_id: int, state: DownloadState, *, completed_at: datetime | None = None
    ) -> Download:
        """Record a state; reaching COMPLETED without a time stamps it now, once."""
        values: dict[str, object] = {"state": DownloadState(state).value}
        if completed_at is not None:
            values["completed_at"] = checks.utc(completed_at)
        updated = await models.Download.filter(id=download_id).update(**values)
        if not updated:
            raise DownloadNotFound(f"no download {download_id}")
        if state is DownloadState.COMPLETED and completed_at is None:
            await models.Download.filter(id=download_id, completed_at__isnull=True).update(
                completed_at=checks.now()
            )
        row = await models.Download.get_or_none(id=download_id)
        if row is None:
            raise DownloadNotFound(f"no download {download_id}")
        return to_download(row)

    @translate_errors
    async def delete(self, download_id: int) -> None:
        if not await models.Download.filter(id=download_id).delete():
            raise DownloadNotFound(f"no download {download_id}")


if TYPE_CHECKING:
    # mypy proves the class satisfies the port; nothing runs.
    from domain.ports import DownloadRepository

    _check: DownloadRepository = TortoiseDownloadRepository()
