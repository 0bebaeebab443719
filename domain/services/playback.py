"""The player's memory and its AniList button: where a viewer stopped in a file, and marking
the file's episode watched once they are most of the way through.

Both act for the user a link was issued to, on the file that link names; the web front-end has
resolved the link (signature, expiry, the database) before it calls in here. Marking watched
goes through `WatchlistService.set_progress`, as the "✓ Watched" button of a completion notice
does, so it never lowers AniList's progress and asking twice changes nothing the second time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from domain.errors import NotAllowed, NotFound
from domain.links.tokens import LinkKind
from domain.ports import (
    AniListLinkRepository,
    Clock,
    DownloadRequestRepository,
    PlaybackPositionRepository,
    UserRepository,
)
from domain.services.files import ResolvedLink
from domain.services.watchlist import Progress, WatchlistService
from domain.streaming.positions import PlaybackPosition, checked_report, resume_point

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WatchOffer:
    """The AniList show and episode a file is, for a user whose AniList link may write."""

    media_id: int
    episode: int


@dataclass(frozen=True, slots=True)
class PlayerState:
    """What the page starts with: where to offer to resume (None: from the start), and the
    episode it may offer to mark watched (None: no such button)."""

    resume_at: float | None
    watch: WatchOffer | None


class PlaybackService:
    def __init__(
        self,
        *,
        positions: PlaybackPositionRepository,
        requests: DownloadRequestRepository,
        anilist_links: AniListLinkRepository,
        users: UserRepository,
        watchlist: WatchlistService,
        clock: Clock,
    ) -> None:
        self._positions = positions
        self._requests = requests
        self._anilist_links = anilist_links
        self._users = users
        self._watchlist = watchlist
        self._clock = clock

    async def state(self, resolved: ResolvedLink) -> PlayerState:
        user_id, download_id, index = _place(resolved)
        stored = await self._positions.get(user_id, download_id, index)
        return PlayerState(resume_point(stored), await self.watch_offer(resolved))

    async def record(self, resolved: ResolvedLink, seconds: object, duration: object) -> None:
        """The page's report of where it is; InvalidInput for a report that cannot be a place in
        a video."""
        report = checked_report(seconds, duration)
        user_id, download_id, index = _place(resolved)
        await self._positions.save(
            PlaybackPosition(
                user_id=user_id,
                download_id=download_id,
                file_index=index,
                seconds=report.seconds,
                duration=report.duration,
                updated_at=self._clock(),
            )
        )

    async def watch_offer(self, resolved: ResolvedLink) -> WatchOffer | None:
        """The show and episode, when the download's request knows both and the link's user has
        an AniList link that may write; None otherwise."""
        request_id = resolved.download.request_id
        if request_id is None:
            return None
        request = await self._requests.get(request_id)
        if request is None or request.media_id is None or request.episode is None:
            return None
        link = await self._anilist_links.get(resolved.claims.user_id)
        if link is None or link.read_only:
            return None
        return WatchOffer(request.media_id, request.episode)

    async def mark_watched(self, resolved: ResolvedLink) -> tuple[WatchOffer, Progress]:
        """That file's episode as the user's AniList progress (never lowered). NotAllowed when the
        page has no such button to offer; the watchlist's own errors otherwise."""
        offer = await self.watch_offer(resolved)
        if offer is None:
            raise NotAllowed("this file has no AniList episode the user may mark watched")
        user = await self._users.get(resolved.claims.user_id)
        if user is None:
            raise NotFound(f"user {resolved.claims.user_id}")
        progress = await self._watchlist.set_progress(user, offer.media_id, offer.episode)
        logger.info(
            "user %d marked episode %d of AniList #%d watched from the player (changed: %s)",
            user.id,
            offer.episode,
            offer.media_id,
            progress.changed,
        )
        return offer, progress


def _place(resolved: ResolvedLink) -> tuple[int, int, int]:
    claims = resolved.claims
    if claims.kind is not LinkKind.FILE:
        raise NotAllowed("only a file's link has a place in a video")
    return claims.user_id, resolved.download.id, claims.file_index
