"""The one pure sliding window behind the AniList limiter and Telegram's outgoing pace: plain,
smoothed, paused, and when a window is idle enough to forget."""

from __future__ import annotations

import itertools
import random

import pytest

from domain.sliding_window import SlidingWindow, WindowRule, reserve


def window_after(rate: int, per: float, starts: list[float], *, smooth: bool) -> SlidingWindow:
    window = SlidingWindow(rate, per, smooth=smooth)
    for start in starts:
        window.record(start)
    return window


@pytest.mark.parametrize(
    ("rate", "per", "smooth", "starts", "now", "delay"),
    [
        # plain: a burst of `rate` goes at once, then the oldest start sets the pace
        (4, 4.0, False, [], 0.0, 0.0),
        (4, 4.0, False, [0.0, 0.0, 0.0], 0.0, 0.0),
        (4, 4.0, False, [0.0, 0.0, 0.0, 0.0], 0.0, 4.0),
        (4, 4.0, False, [0.0, 1.0, 2.0, 3.0], 3.0, 1.0),
        (4, 4.0, False, [0.0, 1.0, 2.0, 3.0], 5.0, 0.0),
        # smooth: also `per / rate` (here 1 s) after the last start, even with room in the window
        (4, 4.0, True, [0.0], 0.0, 1.0),
        (4, 4.0, True, [0.0], 0.25, 0.75),
        (4, 4.0, True, [0.0], 1.0, 0.0),
        (4, 4.0, True, [0.0, 1.0, 2.0, 3.0], 3.5, 0.5),  # the gap and the window agree on 4.0
        (4, 4.0, True, [0.0, 3.5, 3.5, 3.5], 3.5, 1.0),  # the gap is the longer wait
        (4, 4.0, True, [0.0, 0.0, 0.0, 0.0], 1.0, 3.0),  # the window is the longer wait
        (1, 2.0, True, [0.0], 0.5, 1.5),  # one per period: smoothing adds nothing
        (30, 1.0, True, [0.0], 0.0, 1.0 / 30),
    ],
)
def test_delay(
    rate: int, per: float, smooth: bool, starts: list[float], now: float, delay: float
) -> None:
    assert window_after(rate, per, starts, smooth=smooth).delay(now) == pytest.approx(delay)


@pytest.mark.parametrize("smooth", [False, True])
def test_a_pause_outlasts_both_the_window_and_the_gap(smooth: bool) -> None:
    window = window_after(2, 2.0, [0.0], smooth=smooth)
    window.pause_until(10.0)
    window.pause_until(3.0)  # a shorter pause never cuts a longer one
    assert window.delay(0.5) == 9.5
    assert window.paused_for(0.5) == 9.5
    assert window.delay(10.0) == 0.0


@pytest.mark.parametrize(
    ("starts", "pause", "now", "idle"),
    [
        ([], None, 0.0, True),
        ([0.0], None, 0.5, False),
        ([0.0], None, 1.0, True),  # a full period since the last start
        ([0.0, 0.75], None, 1.0, False),
        ([], 5.0, 1.0, False),  # a pause on is remembered
        ([0.0], 0.5, 1.0, True),
    ],
)
def test_idle(starts: list[float], pause: float | None, now: float, idle: bool) -> None:
    window = window_after(3, 1.0, starts, smooth=True)
    if pause is not None:
        window.pause_until(pause)
    assert window.idle(now) is idle


def test_only_the_last_rate_starts_are_kept() -> None:
    window = window_after(2, 10.0, [0.0, 1.0, 2.0, 3.0], smooth=False)
    assert window.delay(3.0) == 9.0  # the start at 2.0 is the oldest that counts


@pytest.mark.parametrize(("rate", "per"), [(0, 1.0), (1, 0.0), (1, -1.0)])
def test_nonsense_is_refused(rate: int, per: float) -> None:
    with pytest.raises(ValueError, match="rate must be at least 1"):
        SlidingWindow(rate, per, smooth=True)


# -- starts booked ahead, as processes sharing one store book them ------------------------------

OVERALL = WindowRule("all", 30, 1.0, smooth=True)


def booked(rule: WindowRule, times: list[float]) -> None:
    """Every limit holds over the whole schedule: `rate` at most in any `per`, `gap` apart."""
    times = sorted(times)
    for a, b in itertools.pairwise(times):
        assert b - a >= rule.gap - 1e-5, (rule, a, b)
    for first in range(len(times) - rule.rate):
        assert times[first + rule.rate] - times[first] >= rule.per - 1e-5, (rule, times)


def test_a_window_of_one_books_each_start_a_period_after_the_last() -> None:
    chat: list[float] = []
    rule = WindowRule("chat", 1, 1.0)
    assert [reserve([(rule, chat)], 0.0) for _ in range(3)] == [0.0, 1.0, 2.0]


def test_a_chat_that_must_wait_keeps_no_other_chat_waiting() -> None:
    overall: list[float] = []
    a, b = WindowRule("a", 1, 1.0), WindowRule("b", 1, 1.0)
    a_starts: list[float] = []
    assert reserve([(OVERALL, overall), (a, a_starts)], 0.0) == 0.0
    assert reserve([(OVERALL, overall), (a, a_starts)], 0.0) == 1.0
    assert reserve([(OVERALL, overall), (b, [])], 0.0) == pytest.approx(1 / 30)


def test_many_bookers_at_random_moments_keep_every_limit() -> None:
    rng = random.Random(7)
    chats = {key: WindowRule(key, 1, 1.0) for key in "abc"}
    chats["g"] = WindowRule("g", 20, 60.0)
    held: dict[str, list[float]] = {key: [] for key in [*chats, "all"]}
    schedule: dict[str, list[float]] = {key: [] for key in held}
    now = 1.8e9  # seconds since the epoch, as the database's clock gives them
    for _ in range(400):
        now += rng.choice([0.0, 0.0, 0.01, 0.2])
        key = rng.choice(list(chats))
        start = reserve([(OVERALL, held["all"]), (chats[key], held[key])], now)
        assert start >= now
        schedule["all"].append(start)
        schedule[key].append(start)
    booked(OVERALL, schedule["all"])
    for key, rule in chats.items():
        booked(rule, schedule[key])
