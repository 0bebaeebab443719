"""One rate limiter shared by every AniList call.

AniList documents 90 requests a minute but currently allows 30, and answers 429 with
`Retry-After` (a lockout of about a minute) when a client goes over. The core is the pure
`SlidingWindow`, so no window of `per` seconds ever holds more than `rate` starts. A 429 pauses
every caller until the server's `Retry-After` has passed.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from domain.sliding_window import SlidingWindow

DEFAULT_RETRY_AFTER = 60.0  # AniList's lockout when it names none


class RateLimiter:
    """Async front of `SlidingWindow`: callers queue in arrival order and wait their turn."""

    def __init__(
        self,
        rate: int = 30,
        per: float = 60.0,
        *,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self._window = SlidingWindow(rate, per)
        self._clock = clock or time.monotonic
        self._sleep = sleep or asyncio.sleep
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Wait until one more request may start, and count it as started."""
        async with self._lock:
            # Re-checked after every sleep: a 429 may have paused everyone meanwhile.
            while (delay := self._window.delay(self._clock())) > 0:
                await self._sleep(delay)
            self._window.record(self._clock())

    def pause(self, seconds: float) -> None:
        """The server said 429: hold every caller for `seconds` from now."""
        self._window.pause_until(self._clock() + max(0.0, seconds))

    def paused_for(self) -> float:
        """Seconds left of the current pause; 0.0 when not paused."""
        return self._window.paused_for(self._clock())


def retry_after_seconds(value: str | None, *, now: datetime) -> float:
    """A `Retry-After` header (delta seconds or an HTTP date) as seconds after `now` (aware).

    Missing or unreadable values give AniList's usual lockout of a minute.
    """
    text = (value or "").strip()
    if not text:
        return DEFAULT_RETRY_AFTER
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return DEFAULT_RETRY_AFTER
        if when.tzinfo is None:  # "-0000" parses naive; it means UTC
            when = when.replace(tzinfo=UTC)
        seconds = (when - now).total_seconds()
    if not math.isfinite(seconds):
        return DEFAULT_RETRY_AFTER
    return max(0.0, seconds)
