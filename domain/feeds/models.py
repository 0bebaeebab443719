"""Values of the feed feature. Standard library only."""

from __future__ import annotations

import hashlib
import shlex
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.models import ChatTarget


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One usable item of a feed. `key` is stable across polls: the info hash when the item
    carries one, else its GUID, else its link."""

    key: str
    title: str
    source: str | None  # a magnet or .torrent URL to download, when the item has one
    info_hash: str | None  # 40 lower-case hex digits, when known without fetching anything
    link: str | None = None  # a page about the item, for the notification
    size: int | None = None  # bytes, when the feed says
    published: datetime | None = None


class FeedAction(StrEnum):
    NOTIFY = "notify"
    DOWNLOAD = "download"


@dataclass(frozen=True, slots=True)
class FeedRules:
    """What a user asked a feed's items to satisfy, as they typed it (compiled by `filters`)."""

    include: tuple[str, ...] = ()  # words; every one must be in the title
    exclude: tuple[str, ...] = ()  # words; none may be in the title
    include_regex: tuple[str, ...] = ()
    exclude_regex: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # release groups, any of them
    min_resolution: int = 0
    show: str | None = None  # a show's title, matched the way /get matches releases

    def describe(self) -> str:
        """A one-line summary in the syntax `/feeds add` takes."""
        parts = [*self.include, *(f"-{w}" for w in self.exclude)]
        parts += [f"/{r}/" for r in self.include_regex]
        parts += [f"-/{r}/" for r in self.exclude_regex]
        if self.groups:
            parts.append("group=" + ",".join(self.groups))
        if self.min_resolution:
            parts.append(f"min={self.min_resolution}p")
        if self.show:
            parts.append(f"show={self.show}")
        return " ".join(shlex.quote(part) for part in parts)


@dataclass(frozen=True, slots=True)
class FeedSettings:
    """Everything `/feeds add` takes besides the URL."""

    rules: FeedRules = field(default_factory=FeedRules)
    actions: frozenset[FeedAction] = frozenset({FeedAction.NOTIFY})
    interval: int | None = None  # seconds between polls; None: the box's FEED_POLL_INTERVAL


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    owner_id: int
    url: str
    settings: FeedSettings
    reply_to: ChatTarget | None  # where new items are announced
    created_at: datetime
    primed: bool = False  # the first good poll marked what was there as seen
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: datetime | None = None
    last_error: str | None = None
    matched: int = 0  # items acted on since the feed was added

    def due(self, now: datetime, default_interval: int) -> bool:
        if self.last_polled_at is None:
            return True
        interval = self.settings.interval or default_interval
        return (now - self.last_polled_at).total_seconds() >= interval


@dataclass(frozen=True, slots=True)
class Fetched:
    """One conditional GET of a feed. `body` is None when the server said 304 Not Modified."""

    body: bytes | None
    etag: str | None
    last_modified: str | None
    url: str

    @property
    def not_modified(self) -> bool:
        return self.body is None


class PollOutcome(StrEnum):
    OK = "ok"
    NOT_MODIFIED = "not_modified"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll of one feed did."""

    feed_id: int
    outcome: PollOutcome
    new: int = 0  # items not seen before
    matched: int = 0  # new items that passed the filters and were acted on
    primed: bool = False  # the first poll: items marked seen without acting
    error: str | None = None
    seconds: float = 0.0


def key_digest(key: str) -> str:
    """A fixed-size stand-in for an item key (keys may be long URLs), for indexes and events."""
    return hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()
