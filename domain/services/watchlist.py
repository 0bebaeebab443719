"""A linked user's AniList watchlist: what they are watching, what has aired, and writing it
back: +1, an episode watched (never lowering the progress), a show completed.

Lists are cached per user so that `/watchlist` rarely asks AniList; the sync job refreshes the
stalest ones, a few AniList requests a run, through the one shared AniList client (and so its one
rate limiter). A list is read 500 shows a request, up to 1,000. A read-only link (by username)
reads the public list; only a linked token may write.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from domain.anilist.lists import (
    WATCHING_STATUSES,
    WatchEntry,
    parse_list_chunk,
    parse_saved_entry,
)
from domain.anilist.queries import SAVE_COMPLETED, SAVE_PROGRESS, WATCHING
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
PER_CHUNK = 500  # AniList's most list entries per request (MediaListCollection's perChunk)
MAX_CHUNKS = 2  # 1,000 shows in progress is plenty; the rest is not fetched, and that is logged
# AniList requests the job spends re-reading lists per run (every minute): a sixth of AniList's
# 30 requests a minute.
REQUESTS_PER_RUN = 5


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


@dataclass(slots=True)
class Tally:
    """AniList requests made so far, counted as they are sent (a failed one counts too)."""

    requests: int = 0


@dataclass(frozen=True, slots=True)
class Progress:
    """What `set_progress` left on AniList: the show's entry, and whether anything changed (it
    does not when AniList already had the user at or past that episode)."""

    entry: WatchEntry
    changed: bool

    @property
    def may_complete(self) -> bool:
        return may_complete(self.entry)


def may_complete(entry: WatchEntry) -> bool:
    """At the show's last episode (AniList knows how many) and still on the watching list:
    worth offering to mark it completed."""
    return (
        entry.episodes is not None
        and entry.progress >= entry.episodes
        and entry.list_status != "COMPLETED"
    )


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

    async def sync(self, user: User, tally: Tally | None = None) -> Watchlist:
        """Ask AniList for the user's list now, and cache it: one request per 500 shows, at
        most MAX_CHUNKS (the latest updated are kept; a longer list is cut, saying so). Each
        request is counted in `tally` as it is sent."""
        tally = tally if tally is not None else Tally()
        link = await self._link(user)
        token = None if link.read_only else await self._links.token(user)
        if link.anilist_user_id is None:
            raise RelinkNeeded(f"user {user.id}'s AniList link names no AniList user")
        entries: dict[int, WatchEntry] = {}
        for chunk in range(1, MAX_CHUNKS + 1):
            variables = {"userId": link.anilist_user_id, "chunk": chunk, "perChunk": PER_CHUNK}
            tally.requests += 1
            found, more = parse_list_chunk(await self._ask(user, WATCHING, variables, token))
            for entry in found:  # a show moved between two chunks' requests is counted once
                entries.setdefault(entry.media_id, entry)
            if not more:
                break
        else:
            logger.warning(
                "user %d's AniList list has more than %d shows in progress: the %d latest "
                "updated are followed, the rest are not",
                user.id,
                MAX_CHUNKS * PER_CHUNK,
                len(entries),
            )
        listed = Watchlist(tuple(entries.values()), self._clock())
        self._cache[user.id] = listed
        return listed

    async def advance(self, user: User, media_id: int) -> WatchEntry:
        """One more episode watched, written to AniList with the user's token."""
        link = await self._link(user)
        if link.read_only:
            raise NotAllowed(f"user {user.id}'s AniList link is read-only")
        entry = self._entry(await self.watchlist(user), user, media_id)
        if entry.episodes is not None and entry.progress >= entry.episodes:
            raise InvalidInput(f"AniList #{media_id} has only {entry.episodes} episodes")
        saved = await self._save(
            user, entry, SAVE_PROGRESS, {"mediaId": media_id, "progress": entry.progress + 1}
        )
        logger.info("user %d is at episode %d of AniList #%d", user.id, saved.progress, media_id)
        return saved

    async def set_progress(self, user: User, media_id: int, episode: int) -> Progress:
        """Episode `episode` watched: it becomes the user's AniList progress, never a lower one
        (watching 5 again when AniList says 7 changes nothing). The list is read fresh first:
        the cache may be behind what the user marked elsewhere, and writing from it could lower
        their progress."""
        link = await self._link(user)
        if link.read_only:
            raise NotAllowed(f"user {user.id}'s AniList link is read-only")
        if episode < 1:
            raise InvalidInput("episodes are counted from 1")
        entry = self._entry(await self.sync(user), user, media_id)
        if entry.episodes is not None and episode > entry.episodes:
            raise InvalidInput(f"AniList #{media_id} has only {entry.episodes} episodes")
        if episode <= entry.progress:
            logger.info(
                "user %d watched episode %d of AniList #%d, already at %d: left as it is",
                user.id,
                episode,
                media_id,
                entry.progress,
            )
            return Progress(entry, changed=False)
        saved = await self._save(
            user, entry, SAVE_PROGRESS, {"mediaId": media_id, "progress": episode}
        )
        logger.info("user %d is at episode %d of AniList #%d", user.id, saved.progress, media_id)
        return Progress(saved, changed=True)

    async def complete(self, user: User, media_id: int) -> WatchEntry:
        """The show marked COMPLETED on the user's AniList list; it leaves the watching list."""
        link = await self._link(user)
        if link.read_only:
            raise NotAllowed(f"user {user.id}'s AniList link is read-only")
        entry = self._entry(await self.watchlist(user), user, media_id)
        saved = await self._save(user, entry, SAVE_COMPLETED, {"mediaId": media_id})
        logger.info("user %d completed AniList #%d (%s)", user.id, media_id, saved.list_status)
        return saved

    async def sync_due(self, budget: int = REQUESTS_PER_RUN) -> int:
        """The job: refresh linked users' lists that are no longer fresh, the stalest (and those
        never read) first, until `budget` AniList requests are spent (a list of 500 shows is
        one; a list is always read whole, so the last may go over by up to MAX_CHUNKS - 1). So
        re-reading lists takes a steady share of AniList's limit however many users there are
        and however long their lists (with many, a list is re-read less often than
        `fresh_for`), and the rest is left for schedules, titles and what people ask. A 429
        AniList will not wait out soon ends the run. Returns lists synced."""
        synced = 0
        tally = Tally()
        now = self._clock()
        never = datetime.min.replace(tzinfo=now.tzinfo)
        stale = []
        for link in await self._link_rows.everyone():
            cached = self._cache.get(link.user_id)
            if cached is None or now - cached.as_of >= self._fresh_for:
                stale.append((cached.as_of if cached is not None else never, link.user_id))
        for _, user_id in sorted(stale):
            if tally.requests >= budget:
                break
            user = await self._users.get(user_id)
            if user is None or user.banned:
                continue
            try:
                await self.sync(user, tally)
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

    def cached(self, user: User) -> Watchlist | None:
        """The user's list as last read, however old; None before it is first read. Asks
        nobody: what the job follows between re-reads."""
        return self._cache.get(user.id)

    def forget(self, user_id: int) -> None:
        self._cache.pop(user_id, None)

    @staticmethod
    def _entry(listed: Watchlist, user: User, media_id: int) -> WatchEntry:
        entry = next((e for e in listed.entries if e.media_id == media_id), None)
        if entry is None:
            raise NotFound(f"AniList #{media_id} is not on user {user.id}'s watching list")
        return entry

    async def _save(
        self, user: User, entry: WatchEntry, document: str, variables: Mapping[str, Any]
    ) -> WatchEntry:
        """One SaveMediaListEntry with the user's token; the cached list is changed to match,
        as the next sync would read it (a show no longer watched leaves it)."""
        token = await self._links.token(user)
        _, progress, status = parse_saved_entry(await self._ask(user, document, variables, token))
        saved = entry.with_progress(progress, status)
        gone = saved.list_status is not None and saved.list_status not in WATCHING_STATUSES
        current = self._cache.get(user.id)
        if current is not None:
            kept = tuple(
                saved if e.media_id == entry.media_id else e
                for e in current.entries
                if not (gone and e.media_id == entry.media_id)
            )
            self._cache[user.id] = Watchlist(kept, current.as_of, current.stale)
        return saved

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
