"""The player's position store as a hand-written fake (`PlaybackPositionRepository`)."""

from __future__ import annotations

from domain.streaming.positions import PlaybackPosition


class FakePositions:
    """Positions by (user, download, file), as the database keeps them; `saved` counts writes."""

    def __init__(self) -> None:
        self.rows: dict[tuple[int, int, int], PlaybackPosition] = {}
        self.saved = 0

    async def get(self, user_id: int, download_id: int, file_index: int) -> PlaybackPosition | None:
        return self.rows.get((user_id, download_id, file_index))

    async def save(self, position: PlaybackPosition) -> None:
        self.rows[(position.user_id, position.download_id, position.file_index)] = position
        self.saved += 1
