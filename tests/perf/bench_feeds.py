"""One full feed cycle: 100 feeds of 75 items with 1,000 filter terms (10 per feed), plus 5
hanging feeds, over loopback with the real fetcher, parser and filters.

Run with `python -m pytest tests/perf/bench_feeds.py -m perf`. Prints the cycle's wall time and
CPU time (the process's, which includes the loopback server answering in the same process), the
CPU of parsing and filtering alone, and each feed's wall time (the percentiles of the good ones
and every hanging one, next to its timeout). Nothing here passes or fails on speed.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import pytest

from domain.feeds.fetcher import FeedFetcher
from domain.feeds.filters import FeedFilter, parse_settings
from domain.feeds.models import PollOutcome
from domain.feeds.parse import parse_items
from domain.http import make_http_client
from domain.models import ChatTarget, Platform, Role
from domain.services.feeds import FeedService
from tests.fakes_automation import FakeOutbox
from tests.fakes_feeds import FakeFeeds
from tests.standins.feeds import FeedMode, FeedStandIn, releases
from tests.standins.nyaa import build_feed
from tests.world import build_world

FEEDS = 100
ITEMS = 75
NEW_PER_FEED = 5
HANGING = 5
FETCH_TIMEOUT = 5.0
DEADLINE = 30.0
GROUPS = ("SubsPlease", "Erai-raws", "EMBER", "Judas", "ASW")


def filters_for(n: int) -> str:
    """Ten terms per feed, of every kind: words, exclusions, regexes, group, resolution, show."""
    group = GROUPS[n % len(GROUPS)]
    return (
        f'Show{n} -batch -"(720p)" -/\\bRAW\\b/ "/ - \\d{{2}} /" "-/v\\d \\(/" '
        f'group={group},SubsPlease min=1080p show="Show{n}" action=both'
    )


@pytest.mark.perf
async def test_one_full_cycle_of_100_feeds(report: Callable[[str], None]) -> None:
    world = build_world()
    outbox = FakeOutbox(world.clock)
    repo = FakeFeeds(outbox, world.clock)
    user = await world.users.create(
        platform=Platform.TELEGRAM, external_id="1", display_name="u", role=Role.ADMIN
    )
    async with FeedStandIn() as server, make_http_client(follow_redirects=False) as http:
        service = FeedService(
            feeds=repo,
            source=FeedFetcher(http, allow_private=True, total_timeout=FETCH_TIMEOUT),
            users=world.users,
            downloads=world.services.downloads,
            download_rows=world.downloads,
            clock=world.clock,
            concurrency=10,
            deadline=DEADLINE,
        )
        total = FEEDS + HANGING
        for n in range(total):
            server.feed(f"f{n}").releases = list(releases(f"Show{n}", ITEMS))[::-1]
            await service.add(
                user,
                server.url_of(f"f{n}"),
                filters_for(n),
                reply_to=ChatTarget(Platform.TELEGRAM, "1"),
            )
        for n in range(total):
            served = server.feed(f"f{n}")
            served.releases = list(releases(f"Show{n}", ITEMS, start=NEW_PER_FEED))[::-1]
            if n >= FEEDS:
                served.mode = FeedMode.HANG
        world.clock.advance(600)

        cpu, wall = time.process_time(), time.perf_counter()
        results = await service.poll_due()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall

    good = [r for r in results if r.outcome is PollOutcome.OK]
    hanging = [r for r in results if r.outcome is PollOutcome.ERROR]
    seconds = sorted(r.seconds for r in good)
    bodies = [build_feed(list(releases(f"Show{n}", ITEMS))) for n in range(FEEDS)]
    checks = [FeedFilter(parse_settings(filters_for(n)).rules) for n in range(FEEDS)]
    pure = time.process_time()
    for body, check in zip(bodies, checks, strict=True):
        for item in parse_items(body):
            check.check(item)
    pure = time.process_time() - pure

    report("")
    report(
        f"feeds: {FEEDS} good x {ITEMS} items ({NEW_PER_FEED} new each), {HANGING} hanging, "
        f"{FEEDS * 10} filter terms, concurrency 10"
    )
    report(f"  cycle wall {wall:.2f} s, process CPU {cpu:.2f} s (loopback server included)")
    report(
        f"  parse + filter alone: {pure:.2f} s CPU for {FEEDS * ITEMS} items "
        f"({pure / (FEEDS * ITEMS) * 1e6:.0f} µs per item)"
    )
    p99 = seconds[int(len(seconds) * 0.99) - 1]
    report(
        f"  good feeds: {len(good)} ok, matched {sum(r.matched for r in good)}, wall per feed "
        f"p50 {statistics.median(seconds):.3f} s, p99 {p99:.3f} s, max {seconds[-1]:.3f} s"
    )
    for r in hanging:
        report(f"  hanging feed #{r.feed_id}: {r.seconds:.2f} s (timeout {FETCH_TIMEOUT:g} s)")
    report(f"  downloads added: {len(world.torrents.added_sources)}, notices: {len(outbox.rows)}")
    assert len(good) == FEEDS and len(hanging) == HANGING
