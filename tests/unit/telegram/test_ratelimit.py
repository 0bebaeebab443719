"""The outgoing limiter on its own: which chats are groups, flood waits honoured, then given up."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.telegram.ratelimit import (
    LocalPace,
    OutgoingLimiter,
    Pace,
    Rate,
    RateWindow,
    TelegramLimits,
    is_group,
)


@pytest.mark.parametrize(
    ("chat_id", "group"),
    [
        (5, False),
        (-5, True),
        (-1001234567890, True),
        ("@channel", True),
        ("42", False),
        (None, False),
    ],
)
def test_groups_and_channels_are_told_apart_from_people(chat_id: object, group: bool) -> None:
    assert is_group(chat_id) is group


@pytest.mark.parametrize(("limit", "period"), [(0, 1.0), (1, 0.0), (-1, 1.0)])
def test_a_rate_must_allow_something(limit: int, period: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        Rate(limit, period)


class FloodingApi:
    """Answers 429 `floods` times, then ok; writes down when each call came."""

    def __init__(self, floods: int, retry_after: int = 0) -> None:
        self.floods = floods
        self.retry_after = retry_after
        self.calls: list[float] = []

    async def __call__(self, **_: Any) -> bool:
        self.calls.append(asyncio.get_running_loop().time())
        if self.floods:
            self.floods -= 1
            raise RetryAfter(self.retry_after)
        return True


async def send(limiter: OutgoingLimiter, api: FloodingApi, chat_id: int = 7) -> object:
    return await limiter.process_request(
        api, (), {}, "sendMessage", {"chat_id": chat_id, "text": "hi"}, None
    )


async def test_a_flood_wait_is_honoured_and_the_message_still_goes() -> None:
    limiter = OutgoingLimiter(max_retries=3)
    api = FloodingApi(floods=2)
    assert await send(limiter, api) is True
    assert len(api.calls) == 3
    assert limiter.retries == 2


async def test_after_max_retries_the_caller_sees_the_flood_wait() -> None:
    limiter = OutgoingLimiter(max_retries=1)
    api = FloodingApi(floods=5)
    with pytest.raises(RetryAfter):
        await send(limiter, api)
    assert len(api.calls) == 2


async def test_one_private_chat_gets_one_message_per_period() -> None:
    period = 0.05
    limiter = OutgoingLimiter(
        TelegramLimits(Rate(30, period), Rate(1, period), Rate(20, 1.0)), headroom=0.0
    )
    api = FloodingApi(floods=0)
    await asyncio.gather(*(send(limiter, api) for _ in range(4)))
    gaps = [b - a for a, b in zip(api.calls, api.calls[1:], strict=False)]
    assert len(gaps) == 3
    assert all(gap >= period * 0.99 for gap in gaps)


async def test_a_smoothed_window_lets_a_backlog_out_evenly_in_arrival_order() -> None:
    window = RateWindow(Rate(4, 0.2), smooth=True)
    loop = asyncio.get_running_loop()
    went: list[tuple[int, float]] = []

    async def one(n: int) -> None:
        await window.wait()
        went.append((n, loop.time()))

    await asyncio.gather(*(one(n) for n in range(6)))
    assert [n for n, _ in went] == list(range(6))
    first = went[0][1]
    # period / limit apart on the schedule, even with room left in the window.
    assert all(at - first >= n * 0.05 * 0.99 for n, at in went)
    assert all(b - a > 0 for (_, a), (_, b) in itertools.pairwise(went))


def test_a_late_start_does_not_push_the_pace_back() -> None:
    pace = Pace(0.1)
    pace.record(10.0)
    assert pace.delay(10.0) == pytest.approx(0.1)
    pace.record(10.103)  # woken 3 ms late
    assert pace.delay(10.103) == pytest.approx(0.097)  # the next slot is still 10.2
    pace.record(10.2)
    assert pace.delay(10.2) == pytest.approx(0.1)


def test_after_an_idle_spell_the_pace_starts_again_without_credit() -> None:
    pace = Pace(0.1)
    pace.record(10.0)
    pace.record(15.0)  # long after its slot: idle, not late
    assert pace.delay(15.0) == pytest.approx(0.1)  # no burst for the quiet time


def test_a_long_backlog_keeps_the_rate_when_every_wake_up_is_late() -> None:
    pace, now = Pace(0.01), 0.0
    pace.record(now)
    for _ in range(999):
        now += pace.delay(now) + 0.002  # each start 2 ms late
        pace.record(now)
    assert now == pytest.approx(999 * 0.01 + 0.002, abs=1e-6)  # not 999 * 0.012


async def test_idle_chat_windows_are_forgotten() -> None:
    period = 0.01
    pace = LocalPace(
        TelegramLimits(Rate(1_000_000, 1.0), Rate(1, period), Rate(1, period)),
        headroom=0.0,
        overall_headroom=0.0,
    )
    for chat_id in range(1, 1025):
        await pace.wait(chat_id)
    await asyncio.sleep(period * 2)
    await pace.wait(5000)
    assert list(pace._chats) == ["5000"]
