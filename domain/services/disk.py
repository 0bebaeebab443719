"""The free-space floor: new downloads are refused while the download disk is short of room.

The floor keeps the box itself working (the database, its backups, qBittorrent's own files) when
users fill the disk; retention frees space again (see `domain/services/retention.py`).
"""

from __future__ import annotations

import logging
from typing import Protocol

from domain.errors import DiskFull

logger = logging.getLogger(__name__)


class FreeSpace(Protocol):
    """Bytes free on the disk downloads go to, as an unprivileged process may use them."""

    async def free(self) -> int: ...


class DiskGuard:
    """`check` raises `DiskFull` when adding `incoming` bytes would leave less than `floor` free.

    A floor of 0 turns the check off (and nothing reads the disk).
    """

    def __init__(self, space: FreeSpace, floor: int) -> None:
        if floor < 0:
            raise ValueError(f"free-space floor must be 0 or more, not {floor}")
        self._space = space
        self.floor = floor

    async def check(self, incoming: int = 0) -> None:
        if self.floor == 0:
            return
        free = await self._space.free()
        if free - max(0, incoming) < self.floor:
            logger.warning(
                "refusing a download: %d bytes free, %d incoming, floor %d",
                free,
                incoming,
                self.floor,
            )
            raise DiskFull(free, self.floor, max(0, incoming))

    async def room(self) -> int | None:
        """Bytes that may still be written before the disk is down to the floor (negative under
        it); None with no floor."""
        if self.floor == 0:
            return None
        return await self._space.free() - self.floor
