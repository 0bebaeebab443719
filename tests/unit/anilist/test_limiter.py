"""The shared AniList limiter, on fake time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from domain.anilist.limiter import RateLimiter, retry_after_seconds
from domain.sliding_window import SlidingWindow

from .fakes import FakeTime


def most_in_any_window(starts: list[float], per: float) -> int:
    return max(sum(1 for t in starts if s <= t < s + per) for s in starts)


def test_window_lets_a_burst_through_then_spaces_by_the_oldest_start() -> None:
    window = SlidingWindow(rate=3, per=10.0)
    for now in (0.0, 1.0, 2.0):
        assert window.delay(now) == 0.0
        window.record(now)
    assert window.delay(2.5) == 7.5  # the start at 0.0 leaves the window at 10.0
    window.record(10.0)
    assert window.delay(10.0) == 1.0  # next, the start at 1.0


def test_pause_holds_everyone_and_a_shorter_pause_never_cuts_it() -> None:
    window = SlidingWindow(rate=30, per=60.0)
    window.pause_until(30.0)
    window.pause_until(5.0)
    assert window.delay(10.0) == 20.0
    assert window.paused_for(10.0) == 20.0
    assert window.delay(31.0) == 0.0
    assert window.paused_for(31.0) == 0.0


@pytest.mark.parametrize(("rate", "per"), [(0, 60.0), (30, 0.0), (30, -1.0)])
def test_window_rejects_nonsense(rate: int, per: float) -> None:
    with pytest.raises(ValueError):
        SlidingWindow(rate, per)


async def test_never_more_than_30_starts_in_any_minute() -> None:
    time = FakeTime()
    limiter = RateLimiter(30, 60.0, clock=time, sleep=time.sleep)
    starts = []
    for _ in range(95):
        await limiter.acquire()
        starts.append(time.now)
    assert starts[:30] == [0.0] * 30  # the first 30 go at once
    assert starts[30] == 60.0
    assert most_in_any_window(starts, 60.0) == 30
    assert starts[-1] == 180.0  # 95 requests need four windows


async def test_concurrent_callers_are_served_in_arrival_order() -> None:
    time = FakeTime()
    limiter = RateLimiter(2, 10.0, clock=time, sleep=time.sleep)
    order: list[int] = []

    async def caller(n: int) -> None:
        await limiter.acquire()
        order.append(n)

    await asyncio.gather(*(caller(n) for n in range(6)))
    assert order == list(range(6))
    assert time.now == 20.0


async def test_a_429_pause_holds_callers_already_waiting() -> None:
    time = FakeTime(auto=False)
    limiter = RateLimiter(1, 10.0, clock=time, sleep=time.sleep)
    await limiter.acquire()  # t=0; the next slot is at t=10
    waiter = asyncio.create_task(limiter.acquire())
    await time.advance(5.0)
    limiter.pause(30.0)  # at t=5: nobody starts before t=35
    await time.advance(5.0)  # t=10: the old slot comes, the pause is still on
    assert not waiter.done()
    assert limiter.paused_for() == 25.0
    await time.advance(25.0)
    await asyncio.wait_for(waiter, 1)
    assert time.now == 35.0


async def test_a_cancelled_waiter_takes_no_slot() -> None:
    time = FakeTime(auto=False)
    limiter = RateLimiter(1, 10.0, clock=time, sleep=time.sleep)
    await limiter.acquire()
    waiter = asyncio.create_task(limiter.acquire())
    await time.advance(1.0)
    waiter.cancel()
    await asyncio.gather(waiter, return_exceptions=True)
    await time.advance(9.0)
    await asyncio.wait_for(limiter.acquire(), 1)  # the freed slot at t=10 is ours


NOW = datetime(2024, 3, 2, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("30", 30.0),
        (" 1.5 ", 1.5),
        ("0", 0.0),
        ("-5", 0.0),
        (None, 60.0),
        ("", 60.0),
        ("soon", 60.0),
        ("nan", 60.0),
        ("inf", 60.0),
        (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
        (format_datetime(NOW - timedelta(seconds=90), usegmt=True), 0.0),
        ("Sat, 02 Mar 2024 12:00:45 -0000", 45.0),
    ],
)
def test_retry_after_seconds(header: str | None, seconds: float) -> None:
    assert retry_after_seconds(header, now=NOW) == seconds
