"""A linked user's AniList watchlist: what they are watching, what has aired, and +1 on AniList.

Lists are cached per user so that `/watchlist` rarely asks AniList; the sync job refreshes stale
ones through the one shared AniList client (and so its one rate limiter). A read-only link (by
username) reads the public list; only a linked token may write.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from domain.anilist.lists import WatchEntry, parse_list_page, parse_saved_entry
from domain.anilist.queries import SAVE_PROGRESS, WATCHING
from domain.errors import (
    CatalogError,
    InvalidInput,
    NotAllowed,
    NotFound,
    RateLimited,
    RelinkNeeded,
)
from domain.models import AniListLink, User
from domain.ports import AniListLinkRepository, Clock, UserRepository
from domain.services.anilist_link import AniListLinkService

logger = logging.getLogger(__name__)

FRESH_FOR = timedelta(minutes=10)
PER_PAGE = 50
MAX_PAGES = 4  # 200 shows in progress is plenty; the rest is not fetched


class GraphQL(Protocol):
    async def query(
        self,
        document: str,
        variables: Mapping[str, Any] | None = None,
        *,
        token: str | None = None,
    ) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Watchlist:
    entries: tuple[WatchEntry, ...]
    as_of: datetime
    stale: bool = False  # AniList could not be asked just now: this is the last list we had


class WatchlistService:
    def __init__(
        self,
        *,
        anilist: GraphQL,
        links: AniListLinkService,
        link_rows: AniListLinkRepository,  # everyone's links, for the sync job
        users: UserRepository,
        clock: Clock,
        fresh_for: timedelta = FRESH_FOR,
    ) -> None:
        self._anilist = anilist
        self._links = links
        self._link_rows = link_rows
        self._users = users
        self._clock = clock
        self._fresh_for = fresh_for
        self._cache: dict[int, Watchlist] = {}

    def now(self) -> datetime:
        return self._clock()

    async def watchlist(self, user: User) -> Watchlist:
        """The user's CURRENT list; from the cache when fresh. When AniList is busy or down, the
        last list we had (marked stale) rather than nothing."""
        cached = self._cache.get(user.id)
        if cached is not None and self._clock() - cached.as_of < self._fresh_for:
            return cached
        try:
            return await self.sync(user)
        except CatalogError:  # RateLimited included
            if cached is None:
                raise
            logger.info("AniList unavailable; showing user %d's list from the cache", user.id)
            return Watchlist(cached.entries, cached.as_of, stale=True)

    async def sync(self, user: User) -> Watchlist:
        """Ask AniList for the user's list now, and cache it."""
        link = await self._link(user)
        token = None if link.read_only else await self._links.token(user)
        if link.anilist_user_id is None:
            raise RelinkNeeded(f"user {user.id}'s AniList link names no AniList user")
        entries: list[WatchEntry] = []
        for page in range(1, MAX_PAGES + 1):
            variables = {"userId": link.anilist_user_id, "page": page, "perPage": PER_PAGE}
            data = await self._ask(user, WATCHING, variables, token)
            found, more = parse_list_page(data)
            entries += found
            if not more:
                break
        listed = Watchlist(tuple(entries), self._clock())
        self._cache[user.id] = listed
        return listed

    async def advance(self, user: User, media_id: int) -> WatchEntry:
        """One more episode watched, written to AniList with the user's token."""
        link = await self._link(user)
        if link.read_only:
            raise NotAllowed(f"user {user.id}'s AniList link is read-only")
        listed = await self.watchlist(user)
        entry = next((e for e in listed.entries if e.media_id == media_id), None)
        if entry is None:
            raise NotFound(f"AniList #{media_id} is not on user {user.id}'s watching list")
        if entry.episodes is not None and entry.progress >= entry.episodes:
            raise InvalidInput(f"AniList #{media_id} has only {entry.episodes} episodes")
        token = await self._links.token(user)
        data = await self._ask(
            user, SAVE_PROGRESS, {"mediaId": media_id, "progress": entry.progress + 1}, token
        )
        _, progress, status = parse_saved_entry(data)
        saved = entry.with_progress(progress, status)
        current = self._cache.get(user.id)
        if current is not None:
            kept = tuple(saved if e.media_id == media_id else e for e in current.entries)
            self._cache[user.id] = Watchlist(kept, current.as_of, current.stale)
        logger.info("user %d is at episode %d of AniList #%d", user.id, progress, media_id)
        return saved

    async def sync_due(self) -> int:
        """The job: refresh every linked user's list that is no longer fresh. A 429 AniList will
        not wait out soon ends the cycle; the rest wait for the next one. Returns lists synced."""
        synced = 0
        now = self._clock()
        for link in await self._link_rows.everyone():
            cached = self._cache.get(link.user_id)
            if cached is not None and now - cached.as_of < self._fresh_for:
                continue
            user = await self._users.get(link.user_id)
            if user is None or user.banned:
                continue
            try:
                await self.sync(user)
            except RelinkNeeded:
                continue  # the link is dropped; /watchlist will say so
            except RateLimited as exc:
                logger.warning("AniList rate limit (%.0f s); list sync waits", exc.retry_after)
                break
            except CatalogError as exc:
                logger.warning("could not sync user %d's AniList list: %s", user.id, exc)
                continue
            synced += 1
        return synced

    def forget(self, user_id: int) -> None:
        self._cache.pop(user_id, None)

    async def _link(self, user: User) -> AniListLink:
        link = await self._links.current(user)
        if link is None:
            self._cache.pop(user.id, None)
            raise RelinkNeeded(f"user {user.id} has no AniList link")
        return link

    async def _ask(
        self, user: User, document: str, variables: Mapping[str, Any], token: str | None
    ) -> dict[str, Any]:
        try:
            return await self._anilist.query(document, variables, token=token)
        except RelinkNeeded:
            self._cache.pop(user.id, None)
            await self._links.refused(user)
            raise
