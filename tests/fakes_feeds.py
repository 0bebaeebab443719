"""Hand-written fakes for users' feeds: an in-memory feed repository that writes its messages to
a `FakeOutbox` (and can be told to crash), and a feed source serving bytes from a dict."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from domain.errors import FeedError, UnsafeUrl
from domain.feeds.models import Feed, FeedSettings, Fetched
from domain.models import ChatTarget
from domain.notifications.outbox import OutboxMessage
from domain.security.urls import check_url
from tests.fakes import FakeClock
from tests.fakes_automation import FakeOutbox


class Crash(Exception):
    """The process died here."""


class FakeFeeds:
    def __init__(self, outbox: FakeOutbox, clock: FakeClock) -> None:
        self.rows: dict[int, Feed] = {}
        self.seen: dict[int, set[str]] = {}
        self.outbox = outbox
        self.crash_on_record = False
        self._clock = clock
        self._ids = itertools.count(1)

    async def add(
        self, *, owner_id: int, url: str, settings: FeedSettings, reply_to: ChatTarget | None
    ) -> Feed:
        feed = Feed(next(self._ids), owner_id, url, settings, reply_to, self._clock())
        self.rows[feed.id] = feed
        self.seen[feed.id] = set()
        return feed

    async def get(self, feed_id: int) -> Feed | None:
        return self.rows.get(feed_id)

    async def for_owner(self, owner_id: int | None) -> list[Feed]:
        return [f for f in self.rows.values() if owner_id is None or f.owner_id == owner_id]

    async def delete(self, feed_id: int) -> None:
        self.rows.pop(feed_id, None)
        self.seen.pop(feed_id, None)

    async def unseen(self, feed_id: int, keys: Sequence[str]) -> list[str]:
        return [k for k in keys if k not in self.seen[feed_id]]

    async def record_poll(
        self,
        feed_id: int,
        *,
        polled_at: datetime,
        seen: Sequence[str] = (),
        messages: Sequence[OutboxMessage] = (),
        matched: int = 0,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
    ) -> None:
        if self.crash_on_record:  # before the transaction commits: nothing of it is kept
            raise Crash("crashed before recording the poll")
        self.seen[feed_id].update(seen)
        await self.outbox.enqueue(messages)
        feed = self.rows[feed_id]
        self.rows[feed_id] = replace(
            feed,
            primed=feed.primed or error is None,
            etag=etag,
            last_modified=last_modified,
            last_polled_at=polled_at,
            last_error=error,
            matched=feed.matched + matched,
        )


class FakeFeedSource:
    """Serves `bodies[url]`; a URL it does not know is unreachable. Refuses non-http(s)."""

    def __init__(self) -> None:
        self.bodies: dict[str, bytes] = {}
        self.hashes: dict[str, str] = {}  # .torrent URL -> info hash
        self.refused: set[str] = set()  # hosts that resolve to private addresses
        self.fetches: list[str] = []

    async def check(self, url: str) -> None:
        host = check_url(url)
        if host in self.refused:
            raise UnsafeUrl(f"{host} is not a public address")

    async def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        await self.check(url)
        self.fetches.append(url)
        if url not in self.bodies:
            raise FeedError(f"unreachable: {url}")
        return Fetched(self.bodies[url], None, None, url)

    async def torrent_hash(self, url: str) -> str:
        if url not in self.hashes:
            raise FeedError(f"unreachable: {url}")
        return self.hashes[url]
