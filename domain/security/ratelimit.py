"""Per-user token buckets for the commands that spend shared budgets (Nyaa, AniList). Pure: time
comes from an injected clock, so tests step it instead of sleeping."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain.errors import TooManyRequests

MAX_TRACKED = 10_000  # buckets kept; full ones are forgotten first, so memory stays bounded


@dataclass(frozen=True, slots=True)
class Rate:
    """`burst` requests at once, refilled at `per_minute`."""

    burst: int
    per_minute: float


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class UserRateLimiter:
    def __init__(self, rates: dict[str, Rate], clock: Callable[[], float]) -> None:
        self._rates = rates
        self._clock = clock
        self._buckets: dict[tuple[int, str], _Bucket] = {}

    def take(self, user_id: int, command: str) -> None:
        """Spend one token of `command` for the user, or raise TooManyRequests saying when."""
        rate = self._rates.get(command)
        if rate is None or rate.burst <= 0:
            return
        now = self._clock()
        bucket = self._buckets.get((user_id, command))
        if bucket is None:
            self._forget_full(now)
            bucket = self._buckets[(user_id, command)] = _Bucket(float(rate.burst), now)
        per_second = rate.per_minute / 60
        elapsed = max(0.0, now - bucket.updated)
        bucket.tokens = min(float(rate.burst), bucket.tokens + elapsed * per_second)
        bucket.updated = now
        if bucket.tokens < 1:
            wait = (1 - bucket.tokens) / per_second if per_second > 0 else float("inf")
            raise TooManyRequests(command, wait)
        bucket.tokens -= 1

    def _forget_full(self, now: float) -> None:
        if len(self._buckets) < MAX_TRACKED:
            return
        for key, bucket in list(self._buckets.items()):
            rate = self._rates[key[1]]
            if bucket.tokens + (now - bucket.updated) * rate.per_minute / 60 >= rate.burst:
                del self._buckets[key]
