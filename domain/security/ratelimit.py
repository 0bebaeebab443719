"""Per-user token buckets for the commands that spend shared budgets (Nyaa, AniList).

`UserRateLimiter` knows each command's rate; the buckets themselves are a port
(`domain.ports.RateBuckets`): `MemoryRateBuckets` below for one process, the database when several
processes share PostgreSQL, so a user gets one burst however many processes take their commands.
Both spend with `spend`, which is pure: time comes from the store's clock, so tests step it instead
of sleeping."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.errors import TooManyRequests

if TYPE_CHECKING:
    from domain.ports import RateBuckets

MAX_TRACKED = 10_000  # buckets kept; full ones are forgotten first, so memory stays bounded


@dataclass(frozen=True, slots=True)
class Rate:
    """`burst` requests at once, refilled at `per_minute`."""

    burst: int
    per_minute: float

    @property
    def per_second(self) -> float:
        return self.per_minute / 60

    def refill_time(self) -> float:
        """Seconds an empty bucket takes to fill: a bucket left alone that long is as good as
        new, so a store may forget it."""
        return self.burst / self.per_second if self.per_second > 0 else math.inf


def spend(rate: Rate, tokens: float, elapsed: float) -> tuple[float, float]:
    """A bucket holding `tokens`, last used `elapsed` seconds ago, asked for one: the tokens it
    then holds, and 0.0 if one was taken, else the seconds until one is there (none taken)."""
    tokens = min(float(rate.burst), tokens + max(0.0, elapsed) * rate.per_second)
    if tokens >= 1:
        return tokens - 1, 0.0
    wait = (1 - tokens) / rate.per_second if rate.per_second > 0 else math.inf
    return tokens, wait


class UserRateLimiter:
    def __init__(self, rates: dict[str, Rate], buckets: RateBuckets) -> None:
        self._rates = rates
        self._buckets = buckets

    async def take(self, user_id: int, command: str) -> None:
        """Spend one token of `command` for the user, or raise TooManyRequests saying when."""
        rate = self._rates.get(command)
        if rate is None or rate.burst <= 0:
            return
        wait = await self._buckets.spend(user_id, command, rate)
        if wait > 0:
            raise TooManyRequests(command, wait)


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    rate: Rate


class MemoryRateBuckets:
    """The buckets of one process, in its memory."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._buckets: dict[tuple[int, str], _Bucket] = {}

    async def spend(self, user_id: int, command: str, rate: Rate) -> float:
        now = self._clock()
        bucket = self._buckets.get((user_id, command))
        if bucket is None:
            self._forget_full(now)
            bucket = self._buckets[(user_id, command)] = _Bucket(float(rate.burst), now, rate)
        bucket.tokens, wait = spend(rate, bucket.tokens, now - bucket.updated)
        bucket.updated, bucket.rate = now, rate
        return wait

    def _forget_full(self, now: float) -> None:
        if len(self._buckets) < MAX_TRACKED:
            return
        for key, bucket in list(self._buckets.items()):
            refilled = bucket.tokens + (now - bucket.updated) * bucket.rate.per_second
            if refilled >= bucket.rate.burst:
                del self._buckets[key]
