"""When each download's owner was warned of its removal
(`domain.services.retention.WarningLog`).

The warning's outbox entry is the record: it is written once per copy (its event key names the
download and when it was added), and its `created_at` is when the owner was told.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from domain.models import Download
from domain.notifications.retention import expiring_event
from storage import models
from storage.repositories import checks
from storage.repositories.errors import translate_errors

# Keeps each IN (...) list well under SQLite's bound-parameter limit.
CHUNK = 500


class TortoiseWarningLog:
    @translate_errors
    async def warned(self, downloads: Sequence[Download]) -> dict[int, datetime]:
        by_event = {expiring_event(d): d.id for d in downloads}
        events = list(by_event)
        told: dict[int, datetime] = {}
        for start in range(0, len(events), CHUNK):
            rows = await models.OutboxEntry.filter(
                event__in=events[start : start + CHUNK]
            ).values_list("event", "created_at")
            for event, created_at in rows:
                download_id, at = by_event[str(event)], checks.utc(created_at)
                told[download_id] = min(told.get(download_id, at), at)
        return told


if TYPE_CHECKING:
    # mypy proves the class satisfies the port; nothing runs.
    from domain.services.retention import WarningLog

    _check: WarningLog = TortoiseWarningLog()
