"""Where each user stopped in each file (`domain.ports.PlaybackPositionRepository`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.streaming.positions import PlaybackPosition
from storage import models
from storage.repositories import checks
from storage.repositories.errors import translate_errors


def to_position(row: models.PlaybackPosition) -> PlaybackPosition:
    return PlaybackPosition(
        user_id=row.user_id,  # type: ignore[attr-defined]
        download_id=row.download_id,  # type: ignore[attr-defined]
        file_index=row.file_index,
        seconds=row.seconds,
        duration=row.duration,
        updated_at=checks.utc(row.updated_at),
    )


class TortoisePlaybackPositionRepository:
    @translate_errors
    async def get(self, user_id: int, download_id: int, file_index: int) -> PlaybackPosition | None:
        row = await models.PlaybackPosition.get_or_none(
            user_id=user_id, download_id=download_id, file_index=file_index
        )
        return to_position(row) if row is not None else None

    @translate_errors
    async def save(self, position: PlaybackPosition) -> None:
        await models.PlaybackPosition.update_or_create(
            user_id=position.user_id,
            download_id=position.download_id,
            file_index=position.file_index,
            defaults={
                "seconds": position.seconds,
                "duration": position.duration,
                "updated_at": checks.utc(position.updated_at),
            },
        )


if TYPE_CHECKING:
    # mypy proves the class satisfies the port; nothing runs.
    from domain.ports import PlaybackPositionRepository

    _check: PlaybackPositionRepository = TortoisePlaybackPositionRepository()
