"""One take from a token bucket, as every store of buckets computes it."""

from __future__ import annotations

import math

import pytest

from domain.security.ratelimit import Rate, spend

RATE = Rate(burst=3, per_minute=6)  # one token every 10 seconds


def test_a_full_bucket_gives_one_token_at_once() -> None:
    assert spend(RATE, 3.0, 0.0) == (2.0, 0.0)


def test_an_empty_bucket_says_how_long_until_the_next_token() -> None:
    tokens, wait = spend(RATE, 0.0, 4.0)
    assert tokens == pytest.approx(0.4)
    assert wait == pytest.approx(6.0)


def test_refill_never_goes_past_the_burst() -> None:
    assert spend(RATE, 1.0, 3600.0) == (2.0, 0.0)


def test_time_running_backwards_refills_nothing() -> None:
    tokens, wait = spend(RATE, 0.5, -30.0)
    assert tokens == 0.5 and wait == pytest.approx(5.0)


def test_a_rate_that_never_refills_waits_forever() -> None:
    assert spend(Rate(1, 0), 0.0, 60.0) == (0.0, math.inf)
    assert Rate(1, 0).refill_time() == math.inf
    assert RATE.refill_time() == pytest.approx(30.0)
