"""What the airing watcher keeps per show and per episode. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.models import AiringEpisode, Subscription


class EpisodeState(StrEnum):
    WAITING = "waiting"  # not aired yet, or aired and being looked for
    FOUND = "found"  # a release was found and announced
    MISSED = "missed"  # nothing turned up in time; nobody was told


@dataclass(frozen=True, slots=True)
class WatchedShow:
    """A show somebody subscribes to, with how fresh its stored schedule is."""

    media_id: int
    title: str
    query: str
    first_subscribed_at: datetime
    schedule_checked_at: datetime | None = None
    # The earliest stored episode airing after the last check: once it airs, check again.
    next_airs_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class WatchedEpisode:
    """An episode the watcher looks for on the indexer once it has aired."""

    id: int
    media_id: int
    episode: int
    airs_at: datetime
    state: EpisodeState
    next_poll_at: datetime
    title: str
    query: str

    @property
    def airing(self) -> AiringEpisode:
        return AiringEpisode(self.media_id, self.episode, self.airs_at)


@dataclass(frozen=True, slots=True)
class PendingAutoDownload:
    """An announced episode one auto-download subscription still has to get."""

    id: int
    subscription: Subscription
    episode: int
    # When the episode was announced: its first release, which a sticky group's wait runs from.
    first_release_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SubscriptionView:
    """A subscription as `/subscriptions` lists it: with its show's next known episode."""

    subscription: Subscription
    next_episode: AiringEpisode | None
