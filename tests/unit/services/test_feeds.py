"""The feed service and /feeds over fakes: what a user notices — the first poll stays quiet, new
matches are announced or downloaded once, a crash or a reordered feed never doubles or drops an
item, users touch only their own feeds, and bad input stores nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.commands import Caller, Dispatcher
from bot.error_text import describe
from domain.errors import DomainError, InvalidInput, NotFound, UnsafeUrl
from domain.feeds.models import PollOutcome
from domain.models import ChatTarget, NotificationKind, Platform, Role, TargetKind, User
from domain.services.feeds import FeedService
from domain.services.quotas import Limits
from tests.fakes_automation import FakeOutbox
from tests.fakes_feeds import Crash, FakeFeeds, FakeFeedSource
from tests.standins.feeds import releases
from tests.standins.nyaa import build_feed, make_release
from tests.world import World, build_world, shares

URL = "https://feeds.example/rss"
CHAT = ChatTarget(Platform.TELEGRAM, "100")


@dataclass
class Box:
    world: World
    feeds: FakeFeeds
    source: FakeFeedSource
    outbox: FakeOutbox
    service: FeedService
    dispatcher: Dispatcher

    def serve(self, items: list[object], url: str = URL) -> None:
        self.source.bodies[url] = build_feed(items)  # type: ignore[arg-type]

    def announced(self) -> list[str]:
        return [
            row.entry.notification.body.split("\n")[0]
            for row in sorted(self.outbox.rows.values(), key=lambda r: r.entry.id)
        ]


def make_box(quota: Limits | None = None) -> Box:
    world = build_world(admins=["1"], **shares(quota or Limits(0, 0, 0)))
    return Box(
        world,
        world.feeds,
        world.feed_source,
        world.outbox,
        world.services.feeds,
        world.dispatcher,
    )


async def member(box: Box, external_id: str = "100") -> User:
    return await box.world.users.create(
        platform=Platform.TELEGRAM, external_id=external_id, display_name="m", role=Role.USER
    )


def caller(external_id: str) -> Caller:
    return Caller(Platform.TELEGRAM, external_id, "x", ChatTarget(Platform.TELEGRAM, external_id))


async def test_adding_marks_what_is_there_as_seen_and_the_next_poll_announces_only_news() -> None:
    box = make_box()
    user = await member(box)
    box.serve(list(releases("Frieren", 3)))
    added = await box.service.add(user, URL, "frieren", reply_to=CHAT)
    assert added.existing == 3
    assert await box.service.poll_due() == []  # just read
    box.world.clock.advance(600)
    [result] = await box.service.poll_due()
    assert (result.new, result.matched) == (0, 0)
    assert box.outbox.rows == {}

    box.serve(list(releases("Frieren", 5)[::-1]) + list(releases("Oshi no Ko", 1)))
    box.world.clock.advance(600)
    [result] = await box.service.poll_due()
    assert (result.outcome, result.new, result.matched) == (PollOutcome.OK, 3, 2)
    assert box.announced() == [
        "[SubsPlease] Frieren - 04 (1080p) [ABCD0004].mkv (1.4 GiB)",  # as Nyaa lists it
        "[SubsPlease] Frieren - 05 (1080p) [ABCD0005].mkv (1.4 GiB)",
    ]
    [row] = [r for r in box.outbox.rows.values()][:1]
    assert row.entry.target == CHAT
    assert row.entry.notification.kind is NotificationKind.FEED_ITEM
    assert box.feeds.rows[added.feed.id].matched == 2


async def test_a_feed_is_polled_only_when_its_interval_has_passed() -> None:
    box = make_box()
    user = await member(box)
    box.serve(list(releases("Frieren", 1)))
    await box.service.add(user, URL, "every=30m", reply_to=CHAT)
    box.world.clock.advance(600)
    assert await box.service.poll_due() == []
    box.world.clock.advance(1200)
    assert len(await box.service.poll_due()) == 1


async def test_reordering_and_items_leaving_the_window_cause_no_duplicates() -> None:
    box = make_box()
    user = await member(box)
    everything = list(releases("Frieren", 80))
    box.serve(everything[:75])
    await box.service.add(user, URL, reply_to=CHAT)
    box.serve(everything[5:80][::-1])  # five new, five gone, the rest reversed
    box.world.clock.advance(600)
    await box.service.poll_due()
    box.world.clock.advance(600)
    box.serve(everything[:75])  # the old ones come back
    await box.service.poll_due()
    assert box.announced() == [f"{r.title} (1.4 GiB)" for r in everything[75:80]]  # oldest first


async def test_a_crash_before_the_poll_is_recorded_is_redone_without_duplicates() -> None:
    box = make_box(quota=Limits(0, 0, 0))
    user = await member(box)
    box.serve(list(releases("Frieren", 2)))
    await box.service.add(user, URL, "action=both", reply_to=CHAT)
    box.serve(list(releases("Frieren", 6)))
    box.feeds.crash_on_record = True
    feed = (await box.feeds.for_owner(user.id))[0]
    with pytest.raises(Crash):  # the process dies between the downloads and the record
        await box.service._poll(feed)
    assert len(box.world.torrents.added_sources) == 4
    assert box.outbox.rows == {}

    box.feeds.crash_on_record = False  # restarted
    box.world.clock.advance(600)
    [result] = await box.service.poll_due()
    assert result.matched == 4
    assert len(box.world.torrents.added_sources) == 4  # no second copy
    assert len(await box.world.downloads.for_owner(user.id)) == 4
    assert len(box.announced()) == 4
    assert all("already yours as #" in r.entry.notification.body for r in box.outbox.rows.values())
    box.world.clock.advance(600)
    await box.service.poll_due()
    assert len(box.announced()) == 4  # and nothing more on the next poll


async def test_a_torrent_client_outage_leaves_the_items_for_the_next_poll() -> None:
    box = make_box()
    user = await member(box)
    box.serve([])
    await box.service.add(user, URL, "action=download", reply_to=CHAT)
    box.serve(list(releases("Frieren", 1)))
    box.world.torrents.down = True
    box.world.clock.advance(600)
    [result] = await box.service.poll_due()
    assert result.outcome is PollOutcome.ERROR
    assert "qBittorrent" in (box.feeds.rows[1].last_error or "") or result.error
    box.world.torrents.down = False
    box.world.clock.advance(600)
    [result] = await box.service.poll_due()
    assert result.matched == 1
    assert len(box.world.torrents.added_sources) == 1
    assert box.outbox.rows == {}  # download-only: the completion is what gets announced


async def test_an_item_qbittorrent_refuses_is_announced_as_not_downloaded_and_not_retried() -> None:
    # Its torrent URL gives no torrent: unlike an outage, the next poll would get the same answer.
    box = make_box()
    user = await member(box)
    box.serve([])
    await box.service.add(user, URL, "action=download", reply_to=CHAT)
    [item] = releases("Frieren", 1)
    box.serve([item])
    box.world.torrents.unaddable = {item.info_hash}
    box.world.clock.advance(600)
    [result] = await box.service.poll_due()
    assert (result.outcome, result.matched) == (PollOutcome.OK, 1)
    [row] = box.outbox.rows.values()
    assert "not downloaded: qBittorrent could not take its torrent" in row.entry.notification.body
    for _ in range(3):
        box.world.clock.advance(600)
        await box.service.poll_due()
    assert box.world.torrents.refusals == [item.info_hash]
    assert len(box.outbox.rows) == 1


async def test_an_item_over_the_quota_is_announced_as_not_downloaded() -> None:
    box = make_box(quota=Limits(0, 0, 1))
    user = await member(box)
    box.serve([])
    await box.service.add(user, URL, "action=download", reply_to=CHAT)
    box.serve(list(releases("Frieren", 2)))
    box.world.clock.advance(600)
    await box.service.poll_due()
    assert len(box.world.torrents.added_sources) == 1
    [row] = box.outbox.rows.values()
    assert "not downloaded" in row.entry.notification.body


async def test_an_item_bigger_than_the_disk_share_left_is_not_downloaded() -> None:
    # Nyaa's feeds say an item's size only as "1.4 GiB": that is what the share is checked on.
    box = make_box(quota=Limits(disk_bytes=1024**3, active_torrents=0, downloads_per_day=0))
    user = await member(box)
    box.serve([])
    await box.service.add(user, URL, "action=both", reply_to=CHAT)
    small = make_release("[SubsPlease] Frieren - 01 (480p) [ABCD0001].mkv", size=300 * 1024**2)
    big = make_release("[SubsPlease] Frieren - 02 (1080p) [ABCD0002].mkv", size=1_503_238_554)
    box.serve([big, small])
    box.world.clock.advance(600)
    await box.service.poll_due()
    [added] = box.world.torrents.added_sources
    assert added == small.torrent_url
    bodies = {
        r.entry.notification.body.split("\n")[0]: r.entry.notification.body
        for r in box.outbox.rows.values()
    }
    assert "downloading as #" in bodies[f"{small.title} (300.0 MiB)"]
    assert "not downloaded: disk quota exceeded" in bodies[f"{big.title} (1.4 GiB)"]


async def test_a_feed_added_in_a_group_tells_its_owner_privately() -> None:
    # Feeds added from a group before /feeds was personal still name the group as their chat.
    box = make_box()
    user = await member(box, external_id="100")
    group = ChatTarget(Platform.TELEGRAM, "-1001", TargetKind.GROUP)
    box.serve([])
    await box.service.add(user, URL, "action=both", reply_to=group)
    box.serve(list(releases("Frieren", 1)))
    box.world.clock.advance(600)
    await box.service.poll_due()
    [row] = box.outbox.rows.values()
    assert row.entry.target == ChatTarget(Platform.TELEGRAM, "100", TargetKind.PERSON)
    assert "downloading as #1" in row.entry.notification.body  # the group hears none of it
    [download] = await box.world.downloads.for_owner(user.id)
    request = await box.world.requests.get(download.request_id or 0)
    assert request is not None and request.reply_to == row.entry.target  # its completion too


async def test_one_bad_feed_is_recorded_and_the_others_still_run() -> None:
    box = make_box()
    user = await member(box)
    box.serve([])
    box.serve([], url="https://other.example/rss")
    await box.service.add(user, URL, reply_to=CHAT)
    await box.service.add(user, "https://other.example/rss", reply_to=CHAT)
    del box.source.bodies[URL]
    box.serve(list(releases("Frieren", 1)), url="https://other.example/rss")
    box.world.clock.advance(600)
    results = await box.service.poll_due()
    assert [r.outcome for r in results] == [PollOutcome.ERROR, PollOutcome.OK]
    assert box.feeds.rows[1].last_error == "unreachable: https://feeds.example/rss"
    assert len(box.announced()) == 1


@pytest.mark.parametrize(
    ("url", "filters", "error"),
    [
        ("not a url", "", UnsafeUrl),
        ("ftp://feeds.example/rss", "", UnsafeUrl),
        ("https://intranet.example/rss", "", UnsafeUrl),
        (URL, r"/(a)\1/", InvalidInput),
        (URL, "min=banana", InvalidInput),
        ("https://down.example/rss", "", DomainError),
    ],
)
async def test_bad_input_is_refused_and_nothing_is_stored(
    url: str, filters: str, error: type[Exception]
) -> None:
    box = make_box()
    user = await member(box)
    box.serve([])
    box.source.refused.add("intranet.example")
    with pytest.raises(error):
        await box.service.add(user, url, filters, reply_to=CHAT)
    assert box.feeds.rows == {}


async def test_users_see_and_remove_only_their_own_feeds_and_admins_all() -> None:
    box = make_box()
    alice, bob = await member(box, "100"), await member(box, "200")
    box.serve([])
    mine = (await box.service.add(alice, URL)).feed
    await box.service.add(bob, URL)
    assert [f.owner_id for f in await box.service.feeds(bob, everyone=True)] == [bob.id]
    with pytest.raises(NotFound):
        await box.service.remove(bob, mine.id)
    with pytest.raises(NotFound):
        await box.service.test(bob, mine.id)
    reply = await box.dispatcher.handle(caller("200"), f"/feeds remove {mine.id}")
    assert reply.text == f"No feed #{mine.id} among yours. /feeds lists them."
    assert mine.id in box.feeds.rows

    everyone = await box.dispatcher.handle(caller("1"), "/feeds all")
    assert "All feeds (2)" in everyone.text
    await box.dispatcher.handle(caller("1"), f"/feeds remove {mine.id}")
    assert mine.id not in box.feeds.rows


async def test_the_commands_read_as_a_user_expects() -> None:
    box = make_box()
    await member(box)
    box.serve(list(releases("Frieren", 3)) + list(releases("Oshi no Ko", 2)))
    added = await box.dispatcher.handle(caller("100"), f"/feeds add {URL} frieren min=1080p")
    assert "Added feed #1" in added.text
    assert "The 5 items in it now are marked as seen" in added.text
    listing = await box.dispatcher.handle(caller("100"), "/feeds")
    assert "#1 https://feeds.example/rss" in listing.text
    assert "last poll just now · 0 matched" in listing.text
    test = await box.dispatcher.handle(caller("100"), "/feeds test 1")
    assert test.text.startswith("Feed #1: 3 of 5 items match now")
    assert "no “frieren” in the title (2)" in test.text
    del box.source.bodies[URL]
    box.world.clock.advance(600)
    await box.service.poll_due()
    listing = await box.dispatcher.handle(caller("100"), "/feeds")
    assert "⚠️ last error: unreachable" in listing.text


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("/feeds add", "Usage: /feeds add <url>"),
        ("/feeds add javascript:alert(1)", "I won't fetch that address"),
        (f"/feeds add {URL} /foo(?=bar)/", "lookarounds such as (?=…) and backreferences"),
        ("/feeds add https://down.example/rss", "I couldn't read that feed: unreachable"),
        ("/feeds remove x", "Usage: /feeds"),
        ("/feeds frobnicate", "Usage: /feeds"),
    ],
)
async def test_bad_commands_get_a_clear_message(text: str, says: str) -> None:
    box = make_box()
    await member(box)
    box.serve([])
    with pytest.raises(Exception) as caught:
        await box.dispatcher.handle(caller("100"), text)
    assert says in describe(caught.value)
    assert box.feeds.rows == {}
