"""Feeds and their seen items on both backends: settings round trip, seen keys that stay seen,
a poll's record committed with its notifications, and a crash mid-cycle redone without a
duplicate or a miss."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from domain.feeds.filters import parse_settings
from domain.feeds.models import FeedAction
from domain.models import ChatTarget, Platform, Role, TargetKind
from domain.notifications.outbox import OutboxMessage
from domain.services.feeds import FeedService
from storage import models
from storage.database import Database
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.feeds import TortoiseFeedRepository
from storage.repositories.users import TortoiseUserRepository
from tests.fakes import FakeClock
from tests.fakes_feeds import Crash, FakeFeedSource
from tests.standins.feeds import releases
from tests.standins.nyaa import build_feed

CHAT = ChatTarget(Platform.TELEGRAM, "-100", TargetKind.GROUP)
URL = "https://feeds.example/rss"


async def owner_id() -> int:
    user = await TortoiseUserRepository().create(
        platform=Platform.TELEGRAM, external_id="7", display_name="o", role=Role.USER
    )
    return user.id


async def test_a_feed_round_trips_with_its_settings(database: Database) -> None:
    repo = TortoiseFeedRepository()
    settings = parse_settings('frieren -batch "/S\\d+ E/" group=A,B min=720p action=both every=1h')
    feed = await repo.add(owner_id=await owner_id(), url=URL, settings=settings, reply_to=CHAT)
    again = await repo.get(feed.id)
    assert again is not None
    assert (again.settings, again.reply_to, again.primed) == (settings, CHAT, False)
    assert again.settings.actions == {FeedAction.NOTIFY, FeedAction.DOWNLOAD}
    assert [f.id for f in await repo.for_owner(feed.owner_id)] == [feed.id]
    assert await repo.for_owner(feed.owner_id + 1) == []


async def test_seen_keys_stay_seen_and_the_record_is_one_transaction(database: Database) -> None:
    repo = TortoiseFeedRepository()
    feed = await repo.add(
        owner_id=await owner_id(), url=URL, settings=parse_settings(""), reply_to=CHAT
    )
    long_key = "link:https://x.example/" + "y" * 3000
    keys = ["ih:" + "a" * 40, "guid:g1", long_key]
    assert await repo.unseen(feed.id, keys) == keys
    at = datetime.now(UTC)
    await repo.record_poll(feed.id, polled_at=at, seen=keys[:2], etag='"v1"', matched=2)
    await repo.record_poll(feed.id, polled_at=at, seen=keys[:2])  # a rerun: harmless
    assert await repo.unseen(feed.id, keys) == [long_key]
    stored = await repo.get(feed.id)
    assert stored is not None
    assert (stored.primed, stored.matched, stored.last_polled_at) == (True, 2, at)
    assert stored.etag is None  # the second record said there was none

    await repo.record_poll(feed.id, polled_at=at, error="feed timed out")
    failed = await repo.get(feed.id)
    assert failed is not None and failed.last_error == "feed timed out"

    await repo.delete(feed.id)
    assert await repo.get(feed.id) is None
    assert await models.FeedSeenItem.all().count() == 0


class CrashingFeeds(TortoiseFeedRepository):
    """The real repository, in a process that dies just before a poll's record commits."""

    crash = False

    async def record_poll(self, feed_id: int, **kwargs: object) -> None:  # type: ignore[override]
        if self.crash:
            raise Crash("died before the commit")
        await super().record_poll(feed_id, **kwargs)  # type: ignore[arg-type]


async def test_a_crash_mid_cycle_is_redone_without_a_duplicate_or_a_miss(
    database: Database,
) -> None:
    clock = FakeClock(datetime.now(UTC))
    source = FakeFeedSource()
    repo = CrashingFeeds()
    users = TortoiseUserRepository()

    def service() -> FeedService:  # a fresh process each time
        return FeedService(
            feeds=repo,
            source=source,
            users=users,
            downloads=None,
            download_rows=TortoiseDownloadRepository(),
            clock=clock,
        )

    everything = list(releases("Frieren", 10))
    source.bodies[URL] = build_feed(everything[:4])
    user = await users.get(await owner_id())
    assert user is not None
    await service().add(user, URL, "frieren", reply_to=CHAT)

    source.bodies[URL] = build_feed(everything[:7][::-1])
    repo.crash = True
    clock.advance(600)
    [result] = await service().poll_due()
    assert result.error is not None and "Crash" in result.error
    assert await models.OutboxEntry.all().count() == 0

    repo.crash = False
    source.bodies[URL] = build_feed(everything[2:10][::-1])  # moved on, newest first again
    clock.advance(600)
    [result] = await service().poll_due()
    assert result.matched == 6
    clock.advance(600)
    await service().poll_due()
    events = await models.OutboxEntry.all().order_by("id").values_list("notification", flat=True)
    bodies: Sequence[str] = [str(n["body"]) for n in events]  # type: ignore[index]
    assert bodies == [f"{r.title} (1.4 GiB)" for r in everything[4:10]]  # with the listed size


async def test_messages_commit_with_the_record(database: Database) -> None:
    from domain.models import Notification, NotificationKind

    repo = TortoiseFeedRepository()
    feed = await repo.add(
        owner_id=await owner_id(), url=URL, settings=parse_settings(""), reply_to=CHAT
    )
    message = OutboxMessage(
        "feed_item:1:x", CHAT, Notification(NotificationKind.FEED_ITEM, "New", "b")
    )
    now = datetime.now(UTC) + timedelta(seconds=1)
    await repo.record_poll(feed.id, polled_at=now, seen=["k"], messages=[message], matched=1)
    await repo.record_poll(feed.id, polled_at=now, seen=["k"], messages=[message], matched=0)
    assert await models.OutboxEntry.all().count() == 1
