"""Hand-written fakes for retention and the disk floor: a disk whose free space the test sets,
and the warning log read from the fake outbox, as the real one reads the outbox table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from domain.models import Download
from domain.notifications.retention import expiring_event
from tests.fakes_automation import FakeOutbox


class FakeSpace:
    """A disk with `free` bytes; `reads` counts how often it was looked at."""

    def __init__(self, free: int) -> None:
        self.free_bytes = free
        self.reads = 0

    async def free(self) -> int:
        self.reads += 1
        return self.free_bytes


class FakeWarningLog:
    def __init__(self, outbox: FakeOutbox) -> None:
        self._outbox = outbox

    async def warned(self, downloads: Sequence[Download]) -> dict[int, datetime]:
        wanted = {expiring_event(d): d.id for d in downloads}
        told: dict[int, datetime] = {}
        for row in self._outbox.rows.values():
            download_id = wanted.get(row.entry.event)
            if download_id is not None:
                at = row.entry.created_at
                told[download_id] = min(told.get(download_id, at), at)
        return told
