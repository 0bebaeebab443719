"""Users' RSS feeds: /feeds add, list, remove and test, and the poll that acts on new items.

A poll fetches the feed (conditional GET), parses it, asks which item keys are new, runs the
feed's filters on those, acts on the matches (a download through `DownloadService`, a notice
through the outbox) and then, in one transaction, marks the new keys seen together with the
notices. A crash before that transaction leaves the items unseen: the rerun acts again, and both
actions are idempotent (a download is skipped when the owner already has that info hash; the
outbox keeps one entry per event). A crash after it has nothing left to do. So a rerun, a
restart, an item that leaves the feed's window or a feed that reorders its items never causes a
duplicate or a miss.

The first poll of a feed (done by `add`, so a broken feed is refused before anything is stored)
marks what is there as seen without acting: adding a feed must not flood a chat with its whole
back catalogue or start 75 downloads.

Feeds are polled concurrently, at most `concurrency` at a time, each within `deadline` seconds
from fetch to the last write, so a hanging or trickling server only ever costs its own slot.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from domain.errors import (
    DomainError,
    ExternalServiceError,
    FeedNotFound,
    InvalidInput,
    TorrentRefused,
)
from domain.feeds.filters import FeedFilter, Verdict, parse_settings
from domain.feeds.messages import feed_item
from domain.feeds.models import Feed, FeedAction, FeedItem, PollOutcome, PollResult
from domain.feeds.parse import parse_items
from domain.models import ChatTarget, TargetKind, User
from domain.notifications.events import private_chat
from domain.notifications.outbox import OutboxMessage
from domain.ports import Clock, DownloadRepository, FeedRepository, FeedSource, UserRepository
from domain.services.downloads import DownloadService
from monitoring.metrics import Metrics

logger = logging.getLogger(__name__)

MAX_FEEDS_PER_USER = 20
MAX_ERROR = 300

ItemParser = Callable[..., list[FeedItem]]  # parse_items(body, base_url=...)


@dataclass(frozen=True, slots=True)
class AddedFeed:
    feed: Feed
    existing: int  # items in the feed when it was added, marked seen without acting


@dataclass(frozen=True, slots=True)
class FeedTest:
    """A dry run: what the feed holds now and what its filters make of each item."""

    feed: Feed
    verdicts: tuple[Verdict, ...]

    @property
    def matches(self) -> list[FeedItem]:
        return [v.item for v in self.verdicts if v.accepted]


class FeedService:
    def __init__(
        self,
        *,
        feeds: FeedRepository,
        source: FeedSource,
        users: UserRepository,
        downloads: DownloadService | None,
        download_rows: DownloadRepository,
        clock: Clock,
        default_interval: int = 600,
        concurrency: int = 10,
        deadline: float = 30.0,
        metrics: Metrics | None = None,
        parse: ItemParser = parse_items,
    ) -> None:
        self._feeds = feeds
        self._source = source
        self._users = users
        self._downloads = downloads
        self._download_rows = download_rows
        self._clock = clock
        self._default_interval = default_interval
        self._concurrency = concurrency
        self._deadline = deadline
        self._metrics = metrics
        self._parse = parse

    @property
    def default_interval(self) -> int:
        return self._default_interval

    def now(self) -> datetime:
        return self._clock()

    async def add(
        self, user: User, url: str, filters: str = "", *, reply_to: ChatTarget | None = None
    ) -> AddedFeed:
        """Check the URL and the filters, read the feed once and remember what it holds now.
        Nothing is stored when any of that fails."""
        url = url.strip()
        settings = parse_settings(filters)
        if not user.is_admin and len(await self._feeds.for_owner(user.id)) >= MAX_FEEDS_PER_USER:
            raise InvalidInput(f"at most {MAX_FEEDS_PER_USER} feeds each; remove one first")
        await self._source.check(url)
        fetched = await self._source.get(url)
        assert fetched.body is not None  # no validators were sent, so no 304
        items = await asyncio.to_thread(self._parse, fetched.body, base_url=fetched.url)
        feed = await self._feeds.add(
            owner_id=user.id, url=url, settings=settings, reply_to=reply_to
        )
        keys = _unique_keys(items)
        await self._feeds.record_poll(
            feed.id,
            polled_at=self._clock(),
            seen=keys,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
        )
        logger.info("user %d added feed %d (%d items marked seen)", user.id, feed.id, len(keys))
        stored = await self._feeds.get(feed.id)
        return AddedFeed(stored or feed, len(keys))

    async def feeds(self, user: User, *, everyone: bool = False) -> list[Feed]:
        """The caller's feeds; every feed for an admin who asks."""
        return await self._feeds.for_owner(None if everyone and user.is_admin else user.id)

    async def remove(self, user: User, feed_id: int) -> Feed:
        feed = await self._owned(user, feed_id)
        await self._feeds.delete(feed.id)
        logger.info("user %d removed feed %d", user.id, feed.id)
        return feed

    async def test(self, user: User, feed_id: int) -> FeedTest:
        """What the feed's filters would accept among its items right now; changes nothing."""
        feed = await self._owned(user, feed_id)
        fetched = await self._source.get(feed.url)
        assert fetched.body is not None
        items = await asyncio.to_thread(self._parse, fetched.body, base_url=fetched.url)
        check = FeedFilter(feed.settings.rules)
        return FeedTest(feed, tuple(check.check(item) for item in items))

    async def poll_due(self) -> list[PollResult]:
        """Poll every feed whose interval has passed; the scheduled job."""
        now = self._clock()
        due = [f for f in await self._feeds.for_owner(None) if f.due(now, self._default_interval)]
        return await self.poll_many(due)

    async def poll_many(self, feeds: Sequence[Feed]) -> list[PollResult]:
        """Poll feeds concurrently, at most `concurrency` at once; one result per feed."""
        slots = asyncio.Semaphore(self._concurrency)

        async def one(feed: Feed) -> PollResult:
            async with slots:
                return await self.poll(feed)

        return list(await asyncio.gather(*(one(feed) for feed in feeds)))

    async def poll(self, feed: Feed) -> PollResult:
        """One feed, start to finish within the deadline; never raises for the feed's faults."""
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self._deadline):
                result = await self._poll(feed)
        except TimeoutError:
            result = await self._failed(feed, f"took longer than {self._deadline:g} s")
        except DomainError as exc:
            result = await self._failed(feed, str(exc))
        except Exception as exc:  # a bug on one feed must not stop the others
            logger.exception("feed %d poll failed", feed.id)
            result = await self._failed(feed, f"internal error: {type(exc).__name__}")
        elapsed = time.perf_counter() - started
        if self._metrics is not None:
            label = str(feed.id)
            self._metrics.feed_polls_total.labels(label, result.outcome.value).inc()
            self._metrics.feed_poll_seconds.labels(label).observe(elapsed)
            if result.outcome is PollOutcome.ERROR:
                self._metrics.feed_errors_total.labels(label).inc()
        return PollResult(
            feed.id,
            result.outcome,
            new=result.new,
            matched=result.matched,
            primed=result.primed,
            error=result.error,
            seconds=elapsed,
        )

    async def _poll(self, feed: Feed) -> PollResult:
        owner = await self._users.get(feed.owner_id)
        if owner is None or owner.banned:
            return PollResult(feed.id, PollOutcome.NOT_MODIFIED)
        fetched = await self._source.get(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if fetched.body is None:
            await self._feeds.record_poll(
                feed.id,
                polled_at=self._clock(),
                etag=fetched.etag,
                last_modified=fetched.last_modified,
            )
            return PollResult(feed.id, PollOutcome.NOT_MODIFIED)
        items = await asyncio.to_thread(self._parse, fetched.body, base_url=fetched.url)
        by_key = {item.key: item for item in reversed(items)}  # the first of a repeated key wins
        new_keys = await self._feeds.unseen(feed.id, _unique_keys(items))
        messages: list[OutboxMessage] = []
        matched = 0
        if feed.primed:
            check = FeedFilter(feed.settings.rules)
            target = await self._owner_chat(owner, feed) if new_keys else None
            # Oldest first, so notices arrive in the order the items were published.
            for key in reversed(new_keys):
                item = by_key[key]
                if not check.check(item).accepted:
                    continue
                matched += 1
                message = await self._act(owner, feed, item, target)
                if message is not None:
                    messages.append(message)
        await self._feeds.record_poll(
            feed.id,
            polled_at=self._clock(),
            seen=new_keys,
            messages=messages,
            matched=matched,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
        )
        if new_keys:
            logger.info("feed %d: %d new, %d matched", feed.id, len(new_keys), matched)
        return PollResult(
            feed.id, PollOutcome.OK, new=len(new_keys), matched=matched, primed=not feed.primed
        )

    async def _owner_chat(self, owner: User, feed: Feed) -> ChatTarget | None:
        """Where the feed's notices go: its owner's private chat on the platform it was added
        from, even from a group. A feed is its owner's, and so is what its notices say (what
        was downloaded for them, a refusal of their quota)."""
        origin = feed.reply_to
        if origin is None or origin.kind is TargetKind.PERSON:
            return origin
        return private_chat(origin, await self._users.external_id(owner.id, origin.platform))

    async def _act(
        self, owner: User, feed: Feed, item: FeedItem, target: ChatTarget | None
    ) -> OutboxMessage | None:
        actions = feed.settings.actions
        note: str | None = None
        failed = False
        if FeedAction.DOWNLOAD in actions:
            note, failed = await self._download(owner, feed, item, target)
        if FeedAction.NOTIFY in actions or failed:
            return feed_item(feed, item, target, note)
        return None

    async def _download(
        self, owner: User, feed: Feed, item: FeedItem, target: ChatTarget | None
    ) -> tuple[str, bool]:
        """Add the item for the feed's owner: a note for the notice, and whether it failed.
        An outage of the torrent client propagates, so the item stays unseen for the rerun; an
        item whose torrent qBittorrent refuses is told as not downloaded, never tried again
        (the item has no other release to fall back on)."""
        if self._downloads is None:
            return "not downloaded: downloads are off on this box", True
        if item.source is None:
            return "not downloaded: the item has no magnet or torrent link", True
        try:
            info_hash = item.info_hash or await self._source.torrent_hash(item.source)
            for download in await self._download_rows.by_hash(info_hash):
                if download.owner_id == owner.id:
                    return f"already yours as #{download.id}", False
            added = await self._downloads.request_source(
                owner,
                item.source,
                info_hash=info_hash,
                title=item.title,
                size=item.size or 0,
                reply_to=target,
            )
        except TorrentRefused as exc:
            logger.info("feed %d item %r refused by qBittorrent: %s", feed.id, item.title, exc)
            return "not downloaded: qBittorrent could not take its torrent", True
        except ExternalServiceError as exc:
            if exc.service == "feed":  # the item's own torrent link; the feed itself is fine
                return f"not downloaded: {exc}", True
            raise
        except DomainError as exc:
            logger.info("feed %d item %r not downloaded: %s", feed.id, item.title, exc)
            return f"not downloaded: {exc}", True
        return f"downloading as #{added.download.id}", False

    async def _failed(self, feed: Feed, error: str) -> PollResult:
        error = error[:MAX_ERROR]
        logger.warning("feed %d (%s) failed: %s", feed.id, _host(feed.url), error)
        try:
            await self._feeds.record_poll(
                feed.id,
                polled_at=self._clock(),
                etag=feed.etag,
                last_modified=feed.last_modified,
                error=error,
            )
        except Exception:  # the database is down too: the next poll tries again
            logger.exception("could not record the failure of feed %d", feed.id)
        return PollResult(feed.id, PollOutcome.ERROR, error=error)

    async def _owned(self, user: User, feed_id: int) -> Feed:
        feed = await self._feeds.get(feed_id)
        # Someone else's feed looks exactly like a missing one.
        if feed is None or (feed.owner_id != user.id and not user.is_admin):
            raise FeedNotFound(feed_id)
        return feed


def _unique_keys(items: Sequence[FeedItem]) -> list[str]:
    return list(dict.fromkeys(item.key for item in items))


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or "?"
    except ValueError:
        return "?"
