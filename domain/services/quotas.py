"""Each user's share of the box: disk, active torrents, downloads per day. Admins are exempt
(they set everyone's shares, their own included)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from domain.errors import QuotaExceeded
from domain.models import DownloadState, Quota, User
from domain.ports import Clock, DownloadRepository, QuotaRepository, TorrentClient, UserRepository

logger = logging.getLogger(__name__)

DAY = timedelta(days=1)
_FINISHED = (DownloadState.COMPLETED, DownloadState.MISSING)


@dataclass(frozen=True, slots=True)
class Limits:
    """A user's share with the defaults filled in; 0 means no limit."""

    disk_bytes: int
    active_torrents: int
    downloads_per_day: int


@dataclass(frozen=True, slots=True)
class Usage:
    disk_bytes: int
    active_torrents: int
    downloads_today: int


def effective(quota: Quota, defaults: Limits) -> Limits:
    return Limits(
        disk_bytes=defaults.disk_bytes if quota.disk_bytes is None else quota.disk_bytes,
        active_torrents=(
            defaults.active_torrents if quota.active_torrents is None else quota.active_torrents
        ),
        downloads_per_day=(
            defaults.downloads_per_day
            if quota.downloads_per_day is None
            else quota.downloads_per_day
        ),
    )


def over_quota(limits: Limits, usage: Usage, incoming_bytes: int = 0) -> QuotaExceeded | None:
    """The first share a new download would break, or None. Pure."""
    if limits.downloads_per_day and usage.downloads_today >= limits.downloads_per_day:
        return QuotaExceeded("daily", usage.downloads_today, limits.downloads_per_day)
    if limits.active_torrents and usage.active_torrents >= limits.active_torrents:
        return QuotaExceeded("active", usage.active_torrents, limits.active_torrents)
    if limits.disk_bytes and (
        usage.disk_bytes >= limits.disk_bytes
        or usage.disk_bytes + incoming_bytes > limits.disk_bytes
    ):
        return QuotaExceeded("disk", usage.disk_bytes + incoming_bytes, limits.disk_bytes)
    return None


class QuotaService:
    def __init__(
        self,
        *,
        quotas: QuotaRepository,
        downloads: DownloadRepository,
        torrents: TorrentClient,
        defaults: Limits,
        clock: Clock,
        users: UserRepository,
    ) -> None:
        self._users = users
        self._quotas = quotas
        self._downloads = downloads
        self._torrents = torrents
        self._defaults = defaults
        self._clock = clock

    async def limits(self, user_id: int) -> Limits:
        return effective(await self._quotas.get(user_id), self._defaults)

    async def usage(self, user: User) -> Usage:
        torrents = await self._torrents.torrents(user.id)
        since = self._clock() - DAY
        rows = await self._downloads.for_owner(user.id)
        return Usage(
            disk_bytes=sum(t.size for t in torrents),
            active_torrents=sum(1 for t in torrents if t.state not in _FINISHED),
            downloads_today=sum(1 for d in rows if d.added_at >= since),
        )

    async def disk_share(self, user_id: int) -> int:
        """Bytes of disk the user may hold; 0 for no limit (admins, a share of 0, a user gone)."""
        user = await self._users.get(user_id)
        if user is None or user.is_admin:
            return 0
        return (await self.limits(user_id)).disk_bytes

    async def check(self, user: User, *, incoming_bytes: int = 0) -> None:
        """Raise QuotaExceeded, with the numbers, if one more download would break a share."""
        if user.is_admin:
            return
        limits = await self.limits(user.id)
        if limits == Limits(0, 0, 0):
            return  # nothing to stay within: qBittorrent need not be asked
        exceeded = over_quota(limits, await self.usage(user), incoming_bytes)
        if exceeded is not None:
            logger.info("user %d is over quota: %s", user.id, exceeded)
            raise exceeded

    async def set(self, user_id: int, quota: Quota) -> Limits:
        await self._quotas.set(user_id, quota)
        return await self.limits(user_id)
