"""Replacing a stalled download with the next-best release of what its owner asked for.

Only a request that came from a search (a query and an episode) has a next-best; a magnet has
not. The search runs again with the owner's preferences, leaving out every torrent this chain
already gave up on; the replacement is added the way a picked release is (written down, then
added by info hash), the switch is recorded, and only then is the stalled copy removed for this
owner (a torrent shared with others stays for them). A crash anywhere in between is finished by
the next stall of the same torrent, without a second switch: adding is idempotent per (owner,
info hash) and the record is one per (first request, stalled torrent).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from domain.errors import DomainError
from domain.fallbacks import DEFAULT_MAX_SWITCHES, Switch, chain_of
from domain.models import Download, TorrentStatus
from domain.notifications.events import Recipient, download_switched
from domain.notifications.outbox import OutboxMessage
from domain.ports import (
    Clock,
    DownloadRepository,
    DownloadRequestRepository,
    SwitchRepository,
    UserRepository,
)
from domain.services.downloads import DownloadService
from domain.services.search import SearchService

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Switched:
    """A stalled download replaced: the new download and what to tell its owner (None when
    nobody is to be told)."""

    replacement: Download
    message: OutboxMessage | None


class StallFallback:
    def __init__(
        self,
        *,
        users: UserRepository,
        requests: DownloadRequestRepository,
        downloads: DownloadRepository,
        service: DownloadService,
        search: SearchService,
        switches: SwitchRepository,
        clock: Clock,
        max_switches: int = DEFAULT_MAX_SWITCHES,
    ) -> None:
        self._users = users
        self._requests = requests
        self._downloads = downloads
        self._service = service
        self._search = search
        self._switches = switches
        self._clock = clock
        self._max = max_switches

    async def replace(self, recipient: Recipient, torrent: TorrentStatus) -> Switched | None:
        """Switch one owner's stalled download to the next-best release; None when there is
        nothing to switch to (a magnet, the bound reached, no other release, refused), in which
        case the owner is told of the stall as usual."""
        stuck = recipient.download
        if stuck.request_id is None:
            return None
        request = await self._requests.get(stuck.request_id)
        if request is None or request.episode is None:
            return None  # not from a search: a magnet or a feed's item has no next-best
        chain = chain_of(
            request.id, stuck.info_hash, await self._switches.for_owner(stuck.owner_id)
        )
        done = chain.done
        if done is not None:  # switched before a restart, the stalled copy not removed yet
            replacement = await self._owned(stuck.owner_id, done.replacement_hash)
            if replacement is None:
                return None
            return await self._finish(recipient, torrent, replacement, request.episode)
        if not chain.may_switch(self._max):
            logger.info("download %d stalled; no switches left (%d)", stuck.id, self._max)
            return None
        user = await self._users.get(stuck.owner_id)
        if user is None or user.banned:
            return None
        root = await self._requests.get(chain.root_request_id) or request
        try:
            result = await self._search.search(
                root.query, user.preferences, episode=request.episode, exclude=chain.exclude
            )
            candidate = result.ranking.best
            if candidate is None:
                logger.info("download %d stalled; no other release of it", stuck.id)
                return None
            added = await self._service.request_release(
                user, root.query, candidate, reply_to=request.reply_to
            )
        except DomainError as exc:
            logger.warning("download %d stalled; could not switch: %s", stuck.id, exc)
            return None
        await self._switches.record(
            Switch(
                root_request_id=chain.root_request_id,
                owner_id=stuck.owner_id,
                stalled_hash=stuck.info_hash,
                replacement_hash=added.download.info_hash,
                replacement_title=added.download.name,
                at=self._clock(),
            )
        )
        logger.info(
            "download %d stalled; switched owner %d to %s (switch %d of %d)",
            stuck.id,
            stuck.owner_id,
            added.download.info_hash,
            len(chain.switches) + 1,
            self._max,
        )
        return await self._finish(recipient, torrent, added.download, request.episode)

    async def _finish(
        self, recipient: Recipient, torrent: TorrentStatus, replacement: Download, episode: int
    ) -> Switched:
        if await self._downloads.get(recipient.download.id) is not None:
            await self._service.remove(recipient.download, delete_files=True)
        return Switched(replacement, download_switched(recipient, torrent, replacement, episode))

    async def _owned(self, owner_id: int, info_hash: str) -> Download | None:
        return next(
            (d for d in await self._downloads.by_hash(info_hash) if d.owner_id == owner_id), None
        )
