"""Row counts for /stats and the metrics (`domain.services.stats.Counts`)."""

from __future__ import annotations

from tortoise.functions import Count

from domain.models import DownloadState
from storage import models
from storage.repositories.errors import translate_errors


class TortoiseCounts:
    @translate_errors
    async def users(self) -> int:
        return await models.User.all().count()

    @translate_errors
    async def downloads_by_state(self) -> dict[DownloadState, int]:
        rows = (
            await models.Download.all()
            .annotate(n=Count("id"))
            .group_by("state")
            .values_list("state", "n")
        )
        counts: dict[DownloadState, int] = {}
        for state, n in rows:
            try:
                counts[DownloadState(state)] = int(n)
            except ValueError:
                continue  # a state from a newer version of the bot; not ours to count
        return counts
