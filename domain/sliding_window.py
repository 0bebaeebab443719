"""When may the next event start, so that no window of `per` seconds ever holds more than `rate`
starts? Pure: times are seconds on any monotonic clock, passed in by the async fronts that wait
(the AniList `RateLimiter`, the Telegram outgoing limiter's `RateWindow`).

A sliding window over the last `rate` starts, not a token bucket, which would allow a full burst
on top of its refill. `smooth` also keeps starts `per / rate` apart, so a backlog leaves as a
steady stream rather than in bursts. A pause (a server's 429) holds every start until it ends.
"""

from __future__ import annotations

import math
from collections import deque


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
