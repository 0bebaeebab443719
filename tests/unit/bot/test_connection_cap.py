"""The per-address connection count and its log throttle, without sockets (issue 17)."""

from __future__ import annotations

import pytest

from bot.web.connection_cap import ConnectionCap


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_address_gets_its_cap_and_no_more_while_others_are_untouched() -> None:
    cap = ConnectionCap(3)
    assert [cap.acquire("198.51.100.7") for _ in range(5)] == [True] * 3 + [False] * 2
    assert cap.open_count("198.51.100.7") == 3  # refusals are not counted as open
    assert cap.refused == 2
    assert cap.acquire("198.51.100.8")


def test_closing_gives_the_count_back_and_forgets_the_address_at_zero() -> None:
    cap = ConnectionCap(2)
    assert cap.acquire("2001:db8::1") and cap.acquire("2001:db8::1")
    assert not cap.acquire("2001:db8::1")
    cap.release("2001:db8::1")
    assert cap.acquire("2001:db8::1")
    cap.release("2001:db8::1")
    cap.release("2001:db8::1")
    assert cap.open_count("2001:db8::1") == 0
    assert cap._open == {}  # memory follows open connections only
    cap.release("2001:db8::1")  # a stray release never goes negative
    assert cap.open_count("2001:db8::1") == 0


def test_zero_means_no_cap() -> None:
    cap = ConnectionCap(0)
    assert all(cap.acquire("203.0.113.1") for _ in range(10_000))
    assert cap.refused == 0


def test_a_negative_cap_is_refused() -> None:
    with pytest.raises(ValueError, match="limit"):
        ConnectionCap(-1)


def test_refusals_are_logged_once_a_minute_per_address_with_the_silent_ones_counted() -> None:
    clock = Clock()
    cap = ConnectionCap(1, clock=clock)
    assert [cap.should_log("198.51.100.7") for _ in range(4)] == [1, None, None, None]
    assert cap.should_log("198.51.100.8") == 1  # another address has its own minute
    clock.now += 59.9
    assert cap.should_log("198.51.100.7") is None
    clock.now += 0.1
    assert cap.should_log("198.51.100.7") == 5  # this one and the four kept silent
    assert cap.should_log("198.51.100.7") is None


def test_the_log_throttle_forgets_old_addresses() -> None:
    clock = Clock()
    cap = ConnectionCap(1, clock=clock)
    for n in range(100):
        cap.should_log(f"10.0.0.{n}")
    clock.now += 61
    cap.should_log("10.0.1.1")
    assert list(cap._logged) == ["10.0.1.1"]
