"""When may the next event start, so that no window of `per` seconds ever holds more than `rate`
starts? Pure: times are seconds on any monotonic clock, passed in by the async fronts that wait
(the AniList `RateLimiter`, the Telegram outgoing limiter's `RateWindow`).

A sliding window over the last `rate` starts, not a token bucket, which would allow a full burst
on top of its refill. `smooth` also keeps starts `per / rate` apart, so a backlog leaves as a
steady stream rather than in bursts. A pause (a server's 429) holds every start until it ends.

`WindowRule` and `reserve` are the same limits for starts booked ahead, as several processes
book them in a store they share (`domain.ports.SendSlots`): one start that several windows
allow at once, the way a message counts against its chat's limit and the bot's overall one.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass


class SlidingWindow:
    def __init__(self, rate: int, per: float, *, smooth: bool = False) -> None:
        if rate < 1 or per <= 0:
            raise ValueError("rate must be at least 1 and per positive")
        self.rate = rate
        self.per = per
        self.gap = per / rate if smooth else 0.0
        self._starts: deque[float] = deque(maxlen=rate)
        self._paused_until = -math.inf

    def delay(self, now: float) -> float:
        """Seconds to wait before an event may start at `now`; 0.0 when it may start at once."""
        ready = self._paused_until
        if self._starts:
            ready = max(ready, self._starts[-1] + self.gap)
            if len(self._starts) == self.rate:
                ready = max(ready, self._starts[0] + self.per)
        return max(0.0, ready - now)

    def record(self, now: float) -> None:
        """An event started at `now` (no earlier than the last one recorded)."""
        self._starts.append(now)

    def pause_until(self, until: float) -> None:
        """No event starts before `until`; a shorter pause never cuts a longer one."""
        self._paused_until = max(self._paused_until, until)

    def paused_for(self, now: float) -> float:
        return max(0.0, self._paused_until - now)

    def idle(self, now: float) -> bool:
        """Nothing started in the last `per` seconds and no pause is on: forgetting this window
        and starting a fresh one would change nothing."""
        recent = bool(self._starts) and now - self._starts[-1] < self.per
        return not recent and self.paused_for(now) == 0.0


# Seconds two booked times may be off by and still count as apart: `a + gap - a` is not always
# `gap` in floating point (seconds since the epoch carry about 0.2 µs of it), and a booking must
# never move by nothing forever.
_EPSILON = 1e-6


@dataclass(frozen=True, slots=True)
class WindowRule:
    """A limit on starts, under the `key` they are kept by: at most `rate` in any `per` seconds
    and, when `smooth`, `per / rate` apart."""

    key: str
    rate: int
    per: float
    smooth: bool = False

    def __post_init__(self) -> None:
        if self.rate < 1 or self.per <= 0:
            raise ValueError(f"a window needs a positive rate and period: {self}")

    @property
    def gap(self) -> float:
        return self.per / self.rate if self.smooth else 0.0

    def fit(self, starts: Sequence[float], at: float) -> float:
        """The first time from `at` on where one more start keeps this limit among `starts`
        (reservations, some of them perhaps still ahead). It may be later than the very
        earliest such time, never earlier."""
        while True:
            later = self._later(sorted(starts), at)
            if later is None:
                return at
            at = max(later, at + _EPSILON)

    def _later(self, starts: list[float], at: float) -> float | None:
        for start in starts:
            if abs(start - at) < self.gap - _EPSILON:
                return start + self.gap
        # Every run of rate + 1 starts that `at` joins must span `per` at least; if one does not,
        # `at` moves past the earliest other start of that run by `per`.
        merged = sorted([*starts, at])
        place = merged.index(at)
        for first in range(max(0, place - self.rate), place + 1):
            last = first + self.rate
            if last < len(merged) and merged[last] - merged[first] < self.per - _EPSILON:
                others = [t for n, t in enumerate(merged[first : last + 1]) if n + first != place]
                return others[0] + self.per
        return None


def reserve(windows: Sequence[tuple[WindowRule, list[float]]], now: float) -> float:
    """The earliest start from `now` on that every window's rule allows among the starts it
    holds, added to each list (starts too old to matter are dropped). A start reserved ahead
    holds only its own moment: one message waiting for its chat keeps no other chat waiting."""
    at = now
    while True:
        fitted = at
        for rule, starts in windows:
            fitted = max(fitted, rule.fit(starts, fitted))
        if fitted == at:
            break
        at = fitted
    for rule, starts in windows:
        starts[:] = sorted(t for t in [*starts, at] if t > now - rule.per - rule.gap)
    return at
