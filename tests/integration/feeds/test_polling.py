"""Feeds served on loopback, fetched by the real fetcher through httpx: good, not modified,
hanging, trickling, endless, malformed, XML bombs, redirects; URL safety at add and fetch time;
one bad feed never holding up the others; the feed metrics."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from domain.errors import FeedError, UnsafeUrl
from domain.feeds.fetcher import FeedFetcher
from domain.feeds.models import PollOutcome
from domain.http import make_http_client
from domain.models import ChatTarget, Platform, Role, User
from domain.services.feeds import FeedService
from monitoring.metrics import Metrics
from tests.fakes import FakeClock, FakeDownloads, FakeUsers
from tests.fakes_automation import FakeOutbox
from tests.fakes_feeds import FakeFeeds
from tests.standins.feeds import FeedMode, FeedStandIn, releases

CHAT = ChatTarget(Platform.TELEGRAM, "100")
FETCH_TIMEOUT = 1.0
DEADLINE = 2.0


@dataclass
class Rig:
    server: FeedStandIn
    service: FeedService
    feeds: FakeFeeds
    outbox: FakeOutbox
    clock: FakeClock
    user: User
    metrics: Metrics


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with make_http_client(follow_redirects=False) as client:
        yield client


async def rig(server: FeedStandIn, http: httpx.AsyncClient, **fetcher: object) -> Rig:
    clock = FakeClock()
    users = FakeUsers()
    user = await users.create(
        platform=Platform.TELEGRAM, external_id="100", display_name="m", role=Role.USER
    )
    outbox = FakeOutbox(clock)
    feeds = FakeFeeds(outbox, clock)
    metrics = Metrics()
    options: dict[str, object] = {"allow_private": True, "total_timeout": FETCH_TIMEOUT}
    options.update(fetcher)
    service = FeedService(
        feeds=feeds,
        source=FeedFetcher(http, **options),  # type: ignore[arg-type]
        users=users,
        downloads=None,
        download_rows=FakeDownloads(clock),
        clock=clock,
        deadline=DEADLINE,
        metrics=metrics,
    )
    return Rig(server, service, feeds, outbox, clock, user, metrics)


async def test_a_good_feed_is_read_then_answered_not_modified(http: httpx.AsyncClient) -> None:
    async with FeedStandIn() as server:
        good = server.feed("good")
        good.releases = list(releases("Frieren", 3))
        r = await rig(server, http)
        added = await r.service.add(r.user, server.url_of("good"), reply_to=CHAT)
        assert added.existing == 3
        assert r.feeds.rows[1].etag

        r.clock.advance(600)
        [result] = await r.service.poll_due()
        assert result.outcome is PollOutcome.NOT_MODIFIED
        assert good.not_modified == 1

        good.releases = list(releases("Frieren", 4))
        r.clock.advance(600)
        [result] = await r.service.poll_due()
        assert (result.outcome, result.new, result.matched) == (PollOutcome.OK, 1, 1)
        assert len(r.outbox.rows) == 1
        polls = r.metrics.feed_polls_total
        assert polls.labels("1", "not_modified")._value.get() == 1
        assert polls.labels("1", "ok")._value.get() == 1


async def test_last_modified_alone_also_makes_the_get_conditional(
    http: httpx.AsyncClient,
) -> None:
    async with FeedStandIn() as server:
        server.feed("f").releases = list(releases("Frieren", 2))
        r = await rig(server, http)
        await r.service.add(r.user, server.url_of("f"), reply_to=CHAT)
        feed = r.feeds.rows[1]
        assert feed.last_modified
        r.feeds.rows[1] = type(feed)(**{**_fields(feed), "etag": None})
        r.clock.advance(600)
        [result] = await r.service.poll_due()
        assert result.outcome is PollOutcome.NOT_MODIFIED


def _fields(feed: object) -> dict[str, object]:
    return {name: getattr(feed, name) for name in feed.__slots__}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("mode", "says"),
    [
        (FeedMode.HANG, "within"),
        (FeedMode.TRICKLE, "within"),
        (FeedMode.HUGE, "more than"),
        (FeedMode.MALFORMED, "not well-formed"),
        (FeedMode.BOMB, "DOCTYPE"),
        (FeedMode.DEEP, "levels"),
        (FeedMode.STATUS, "HTTP 503"),
    ],
)
async def test_a_hostile_feed_fails_within_its_bounds_and_says_why(
    http: httpx.AsyncClient, mode: FeedMode, says: str
) -> None:
    async with FeedStandIn() as server:
        server.feed("bad").releases = list(releases("Frieren", 75))
        r = await rig(server, http, max_bytes=256 * 1024)
        await r.service.add(r.user, server.url_of("bad"), reply_to=CHAT)
        server.feed("bad").mode = mode
        r.clock.advance(600)
        started = time.perf_counter()
        [result] = await r.service.poll_due()
        elapsed = time.perf_counter() - started
        assert result.outcome is PollOutcome.ERROR
        assert says in (r.feeds.rows[1].last_error or "")
        assert elapsed < DEADLINE + 0.5
        assert r.metrics.feed_errors_total.labels("1")._value.get() == 1


async def test_adding_a_hostile_feed_is_refused_and_stores_nothing(
    http: httpx.AsyncClient,
) -> None:
    async with FeedStandIn() as server:
        server.feed("bomb").mode = FeedMode.BOMB
        r = await rig(server, http)
        with pytest.raises(FeedError, match="DOCTYPE"):
            await r.service.add(r.user, server.url_of("bomb"), reply_to=CHAT)
        assert r.feeds.rows == {}


async def test_hanging_feeds_do_not_delay_the_others(http: httpx.AsyncClient) -> None:
    async with FeedStandIn() as server:
        r = await rig(server, http)
        for n in range(8):
            server.feed(f"f{n}").releases = list(releases(f"Show{n}", 5))
            await r.service.add(r.user, server.url_of(f"f{n}"), reply_to=CHAT)
        for n in range(3):
            server.feed(f"f{n}").mode = FeedMode.HANG
        for n in range(3, 8):
            server.feed(f"f{n}").releases = list(releases(f"Show{n}", 6))
        r.clock.advance(600)
        started = time.perf_counter()
        results = await r.service.poll_due()
        elapsed = time.perf_counter() - started
        outcomes = [res.outcome for res in results]
        assert outcomes == [PollOutcome.ERROR] * 3 + [PollOutcome.OK] * 5
        assert all(res.seconds < 0.5 for res in results[3:])
        assert elapsed < DEADLINE + 0.5  # the hanging ones ran beside the others, not before
        assert len(r.outbox.rows) == 5


async def test_loopback_is_refused_unless_private_addresses_are_allowed(
    http: httpx.AsyncClient,
) -> None:
    async with FeedStandIn() as server:
        server.feed("good").releases = list(releases("Frieren", 1))
        r = await rig(server, http, allow_private=False)
        with pytest.raises(UnsafeUrl, match="not a public address"):
            await r.service.add(r.user, server.url_of("good"), reply_to=CHAT)
        assert r.feeds.rows == {}
        assert server.feed("good").requests == 0


async def test_a_name_that_turns_private_after_adding_is_refused_at_fetch_time(
    http: httpx.AsyncClient,
) -> None:
    answers = {"feeds.test": ["93.184.216.34"]}

    async def resolver(host: str, port: int) -> list[str]:
        return answers[host]

    async with FeedStandIn() as server:
        server.feed("good").releases = list(releases("Frieren", 1))
        r = await rig(server, http, allow_private=False, resolver=resolver)
        fetcher = r.service._source
        await fetcher.check("https://feeds.test/rss")  # public now
        answers["feeds.test"] = ["10.0.0.7"]
        with pytest.raises(UnsafeUrl, match=r"10\.0\.0\.7"):
            await fetcher.get("https://feeds.test/rss")


async def test_a_redirect_to_a_private_address_is_not_followed(http: httpx.AsyncClient) -> None:
    # The stand-in's address passes for public here; "localhost" is what it really is.
    async def resolver(host: str, port: int) -> list[str]:
        return {"127.0.0.1": ["93.184.216.34"]}.get(host, ["127.0.0.1"])

    async with FeedStandIn() as server:
        server.feed("secret").releases = list(releases("Frieren", 1))
        server.feed("hop").mode = FeedMode.REDIRECT
        server.feed("hop").location = server.url_of("secret").replace("127.0.0.1", "localhost")
        fetcher = FeedFetcher(http, resolver=resolver, total_timeout=FETCH_TIMEOUT)
        with pytest.raises(UnsafeUrl, match=r"127\.0\.0\.1 is not a public address"):
            await fetcher.get(server.url_of("hop"))
        assert server.feed("hop").requests == 1
        assert server.feed("secret").requests == 0
