"""Hand-written fakes for subscriptions and airing: the repository (over the fake outbox) and
AniList's airing schedule. In-memory, honest about uniqueness and transactions."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from domain.airing.values import (
    EpisodeState,
    PendingAutoDownload,
    WatchedEpisode,
    WatchedShow,
)
from domain.errors import CatalogError
from domain.models import AiringEpisode, ChatTarget, Subscription
from domain.notifications.outbox import OutboxMessage
from tests.fakes import FakeClock
from tests.fakes_automation import FakeOutbox


@dataclass(slots=True)
class _Show:
    media_id: int
    title: str
    query: str
    first_subscribed_at: datetime
    checked_at: datetime | None = None


@dataclass(slots=True)
class _Auto:
    id: int
    subscription_id: int
    episode_id: int
    outcome: str | None = None


class FakeSubscriptions:
    def __init__(self, clock: FakeClock, outbox: FakeOutbox) -> None:
        self.clock = clock
        self.outbox = outbox
        self.rows: dict[int, Subscription] = {}
        self.shows_by_id: dict[int, _Show] = {}
        self.episodes: dict[int, WatchedEpisode] = {}
        self.autos: dict[int, _Auto] = {}
        self._ids = itertools.count(1)
        self._episode_ids = itertools.count(1)
        self._auto_ids = itertools.count(1)
        self.announced_at: dict[int, datetime] = {}  # episode id -> when it was announced

    async def subscribe(
        self,
        *,
        user_id: int,
        media_id: int,
        title: str,
        query: str,
        target: ChatTarget,
        auto_download: bool,
        from_watchlist: bool = False,
    ) -> tuple[Subscription, bool]:
        if media_id not in self.shows_by_id:
            self.shows_by_id[media_id] = _Show(media_id, title, query, self.clock())
        held = self._held(media_id, target)
        if held is not None:
            if not from_watchlist:
                self.rows[held.id] = replace(
                    held, auto_download=auto_download, from_watchlist=False
                )
            return self.rows[held.id], False
        row = Subscription(
            next(self._ids),
            user_id,
            media_id,
            title,
            query,
            target,
            auto_download,
            self.clock(),
            from_watchlist,
        )
        self.rows[row.id] = row
        return row, True

    def _held(self, media_id: int, target: ChatTarget) -> Subscription | None:
        """The chat's subscription to the show, if it has one (a subclass may index it)."""
        return next(
            (r for r in self.rows.values() if r.media_id == media_id and r.target == target), None
        )

    async def get(self, subscription_id: int) -> Subscription | None:
        return self.rows.get(subscription_id)

    async def remove(self, subscription_id: int) -> None:
        self.rows.pop(subscription_id, None)
        for auto in list(self.autos.values()):
            if auto.subscription_id == subscription_id:
                del self.autos[auto.id]

    async def listed(
        self, *, user_id: int | None = None, target: ChatTarget | None = None
    ) -> list[Subscription]:
        return [
            s
            for s in sorted(self.rows.values(), key=lambda s: s.id)
            if (user_id is None or s.user_id == user_id) and (target is None or s.target == target)
        ]

    async def for_media(self, media_id: int) -> list[Subscription]:
        return [s for s in await self.listed() if s.media_id == media_id]

    async def shows(self) -> list[WatchedShow]:
        followed = {s.media_id for s in self.rows.values()}
        result = []
        for show in self.shows_by_id.values():
            if show.media_id not in followed:
                continue
            later = [
                e.airs_at
                for e in self.episodes.values()
                if e.media_id == show.media_id
                and (show.checked_at is None or e.airs_at > show.checked_at)
            ]
            result.append(
                WatchedShow(
                    show.media_id,
                    show.title,
                    show.query,
                    show.first_subscribed_at,
                    show.checked_at,
                    min(later) if later else None,
                )
            )
        return result

    async def save_schedule(
        self, media_id: int, episodes: Sequence[AiringEpisode], *, checked_at: datetime
    ) -> None:
        show = self.shows_by_id[media_id]
        for airing in episodes:
            known = next(
                (
                    e
                    for e in self.episodes.values()
                    if (e.media_id, e.episode) == (media_id, airing.episode)
                ),
                None,
            )
            if known is None:
                new = WatchedEpisode(
                    next(self._episode_ids),
                    media_id,
                    airing.episode,
                    airing.airs_at,
                    EpisodeState.WAITING,
                    airing.airs_at,
                    show.title,
                    show.query,
                )
                self.episodes[new.id] = new
            elif known.state is EpisodeState.WAITING and known.airs_at != airing.airs_at:
                self.episodes[known.id] = replace(
                    known, airs_at=airing.airs_at, next_poll_at=airing.airs_at
                )
        show.checked_at = checked_at

    async def next_airing(
        self, media_ids: Collection[int], now: datetime
    ) -> dict[int, AiringEpisode]:
        result: dict[int, AiringEpisode] = {}
        for e in sorted(self.episodes.values(), key=lambda e: e.airs_at):
            if e.media_id in media_ids and e.airs_at > now and e.media_id not in result:
                result[e.media_id] = e.airing
        return result

    async def due_episodes(self, now: datetime) -> list[WatchedEpisode]:
        followed = {s.media_id for s in self.rows.values()}
        return sorted(
            (
                e
                for e in self.episodes.values()
                if e.state is EpisodeState.WAITING
                and e.next_poll_at <= now
                and e.media_id in followed
            ),
            key=lambda e: (e.airs_at, e.id),
        )

    async def aired_episodes(self, now: datetime) -> list[WatchedEpisode]:
        followed = {s.media_id for s in self.rows.values()}
        return sorted(
            (
                e
                for e in self.episodes.values()
                if e.state is EpisodeState.WAITING and e.airs_at <= now and e.media_id in followed
            ),
            key=lambda e: (e.airs_at, e.id),
        )

    async def reschedule(self, episode_id: int, next_poll_at: datetime) -> None:
        self.episodes[episode_id] = replace(self.episodes[episode_id], next_poll_at=next_poll_at)

    async def mark_missed(self, episode_id: int) -> None:
        self.episodes[episode_id] = replace(self.episodes[episode_id], state=EpisodeState.MISSED)

    async def announce(
        self,
        episode_id: int,
        *,
        release_title: str,
        messages: Sequence[OutboxMessage],
        auto_download_ids: Sequence[int],
    ) -> bool:
        episode = self.episodes[episode_id]
        if episode.state is EpisodeState.FOUND:
            return False
        self.episodes[episode_id] = replace(episode, state=EpisodeState.FOUND)
        self.announced_at[episode_id] = self.clock()
        await self.outbox.enqueue(messages)
        for subscription_id in auto_download_ids:
            auto = _Auto(next(self._auto_ids), subscription_id, episode_id)
            self.autos[auto.id] = auto
        return True

    async def pending_auto_downloads(self) -> list[PendingAutoDownload]:
        return [
            PendingAutoDownload(
                a.id,
                self.rows[a.subscription_id],
                self.episodes[a.episode_id].episode,
                self.announced_at.get(a.episode_id),
            )
            for a in sorted(self.autos.values(), key=lambda a: a.id)
            if a.outcome is None and a.subscription_id in self.rows
        ]

    async def finish_auto_download(
        self, pending_id: int, *, outcome: str, messages: Sequence[OutboxMessage] = ()
    ) -> None:
        await self.outbox.enqueue(messages)
        self.autos[pending_id].outcome = outcome

    def outcomes(self) -> list[str | None]:
        return [a.outcome for a in sorted(self.autos.values(), key=lambda a: a.id)]


class FakeAiring:
    """AniList's airing schedule, as the test sets it."""

    def __init__(self, episodes: Sequence[AiringEpisode] = ()) -> None:
        self.episodes = list(episodes)
        self.asked: list[tuple[tuple[int, ...], datetime]] = []
        self.down = False

    async def airing_schedule(
        self, media_ids: Sequence[int], *, after: datetime, before: datetime | None = None
    ) -> list[AiringEpisode]:
        self.asked.append((tuple(media_ids), after))
        if self.down:
            raise CatalogError("AniList answered 500")
        return sorted(
            (
                e
                for e in self.episodes
                if e.media_id in media_ids
                and e.airs_at > after
                and (before is None or e.airs_at < before)
            ),
            key=lambda e: e.airs_at,
        )
