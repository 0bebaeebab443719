"""One pace for everything the bot sends: replies, progress edits and notifications alike.

Telegram allows about 30 messages a second in all, one a second in a private chat and 20 a minute
in a group; beyond that it answers 429 with a `retry_after`. `OutgoingLimiter` is the Bot's
python-telegram-bot rate limiter, so every call that puts something in a chat waits its turn here,
whoever makes it. A 429 that slips through anyway (another process on the same token, a limit
tighter than documented) pauses that chat, or every chat, for the time Telegram asks, and the call
is tried again; only after `max_retries` does the caller see the `RetryAfter`.

Telegram counts per bot token, however many processes send with it. One process keeps the pace
in memory (`LocalPace`). Several on one PostgreSQL share it (`SharedPace`): each message reserves
its start in the database (`domain.ports.SendSlots`), against its chat's window and the overall
one at once, and waits for it; if the database cannot be asked, that message keeps this
process's own pace instead. A 429's pause stays with the process that got it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import math
import warnings
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from domain.errors import DomainError
from domain.ports import SendSlots
from domain.sliding_window import SlidingWindow, WindowRule

logger = logging.getLogger(__name__)

# Calls that put or change a message in a chat; Telegram counts these against its limits.
# Answering a button press, "typing…", the menu and getMe are not paced.
PACED_METHODS = frozenset(
    {
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "editMessageCaption",
        "sendDocument",
        "sendPhoto",
        "sendVideo",
        "sendAudio",
        "sendAnimation",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
    }
)
_FORGET_AFTER = 1024  # chat windows kept before idle ones are dropped


@dataclass(frozen=True, slots=True)
class Rate:
    limit: int
    period: float  # seconds

    def __post_init__(self) -> None:
        if self.limit < 1 or self.period <= 0:
            raise ValueError(f"a rate needs a positive limit and period: {self}")


@dataclass(frozen=True, slots=True)
class TelegramLimits:
    overall: Rate = field(default_factory=lambda: Rate(30, 1.0))
    private_chat: Rate = field(default_factory=lambda: Rate(1, 1.0))
    group_chat: Rate = field(default_factory=lambda: Rate(20, 60.0))

    def faster(self, factor: float) -> TelegramLimits:
        """The same counts over periods `factor` times shorter: the limits' shape at a scale a
        test can run through in seconds."""
        rates = (self.overall, self.private_chat, self.group_chat)
        return TelegramLimits(*(Rate(r.limit, r.period / factor) for r in rates))


class Pace:
    """A steady pace: one event every `gap` seconds, on a schedule. Pure.

    Each slot is counted from the slot before it, not from when the previous event got going: a
    waiter woken a little late (the loop's timers are never exact) does not push every later event
    back, or a long backlog would leave measurably slower than the rate. After an idle spell the
    schedule starts again from now, so no credit for the quiet time piles up into a burst.
    """

    def __init__(self, gap: float) -> None:
        self.gap = gap
        self._next = -math.inf

    def delay(self, now: float) -> float:
        return max(0.0, self._next - now)

    def record(self, now: float) -> None:
        """An event started at `now`, no earlier than `delay` allowed."""
        # Late by less than a gap: the schedule holds. Later than that: it was idle, restart.
        self._next = self._next + self.gap if now - self._next < self.gap else now + self.gap


class RateWindow:
    """Async front of `SlidingWindow`: at most `limit` events in any `period` seconds; `wait`
    returns when the next may go. Waiters go in arrival order. `smooth` also paces events
    `period / limit` apart (`Pace`), so a backlog leaves as a steady stream rather than in bursts
    that arrive bunched up; the window itself counts the times events really started."""

    def __init__(self, rate: Rate, *, smooth: bool = False) -> None:
        self._window = SlidingWindow(rate.limit, rate.period)
        self._pace = Pace(rate.period / rate.limit) if smooth else None
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self.turn():
            pass

    def _delay(self, now: float) -> float:
        delay = self._window.delay(now)
        return delay if self._pace is None else max(delay, self._pace.delay(now))

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Wait for a free slot and hold it for the block; the event counts from the block's
        end, so time spent inside (waiting on another window) is not time already served."""
        loop = asyncio.get_running_loop()
        async with self._lock:
            # Not a poll: each sleep is exactly as long as the window says.
            while True:
                delay = self._delay(loop.time())
                if delay <= 0:
                    break
                await asyncio.sleep(delay)
            try:
                yield
            finally:
                now = loop.time()
                self._window.record(now)
                if self._pace is not None:
                    self._pace.record(now)

    def idle(self, now: float) -> bool:
        return not self._lock.locked() and self._window.idle(now)


def is_group(chat_id: object) -> bool:
    """Groups, supergroups and channels have negative ids (or an @username). Pure."""
    if isinstance(chat_id, str):
        return chat_id.startswith("@") or chat_id.startswith("-")
    return isinstance(chat_id, int) and chat_id < 0


def retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        # python-telegram-bot 22 warns that this int becomes a timedelta; both are handled.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        retry_after = exc.retry_after
    if isinstance(retry_after, dt.timedelta):
        return retry_after.total_seconds()
    return float(retry_after)


class SendPace(Protocol):
    async def wait(self, chat_id: object | None) -> None:
        """Return when one paced message to `chat_id` (None: no chat) may go; it is counted."""


class LocalPace:
    """The pace of this process alone."""

    def __init__(self, limits: TelegramLimits, *, headroom: float, overall_headroom: float) -> None:
        self._limits = limits
        # Telegram counts arrivals, we count departures: a chat's period is stretched a little so
        # the network's jitter cannot squeeze two messages into one of Telegram's windows. The
        # overall one by a share of its period (`overall_headroom`): a backlog runs at that limit
        # for as long as it lasts, so jitter meets it on every message, and the margin costs
        # exactly that share of the rate.
        self._headroom = headroom
        overall = limits.overall
        self._overall = RateWindow(
            Rate(overall.limit, overall.period * (1 + overall_headroom)), smooth=True
        )
        self._chats: dict[str, RateWindow] = {}

    async def wait(self, chat_id: object | None) -> None:
        if chat_id is None:
            await self._overall.wait()
            return
        async with self._window(chat_id).turn():
            await self._overall.wait()

    def _window(self, chat_id: object) -> RateWindow:
        key = str(chat_id)
        window = self._chats.get(key)
        if window is None:
            if len(self._chats) >= _FORGET_AFTER:
                self._forget_idle()
            rate = self._limits.group_chat if is_group(chat_id) else self._limits.private_chat
            window = self._chats[key] = RateWindow(Rate(rate.limit, rate.period + self._headroom))
        return window

    def _forget_idle(self) -> None:
        now = asyncio.get_running_loop().time()
        for key in [k for k, w in self._chats.items() if w.idle(now)]:
            del self._chats[key]


class SharedPace:
    """The pace of every process sending with this token, kept in `slots`; the same margins as
    `LocalPace`. A message whose reservation fails goes at `fallback`'s pace."""

    def __init__(
        self,
        slots: SendSlots,
        limits: TelegramLimits,
        *,
        headroom: float,
        overall_headroom: float,
        fallback: SendPace,
    ) -> None:
        self._slots = slots
        self._limits = limits
        self._headroom = headroom
        overall = limits.overall
        self._overall = WindowRule(
            "telegram", overall.limit, overall.period * (1 + overall_headroom), smooth=True
        )
        self._fallback = fallback

    def rules(self, chat_id: object | None) -> list[WindowRule]:
        if chat_id is None:
            return [self._overall]
        rate = self._limits.group_chat if is_group(chat_id) else self._limits.private_chat
        chat = WindowRule(f"telegram:{chat_id}", rate.limit, rate.period + self._headroom)
        return [self._overall, chat]

    async def wait(self, chat_id: object | None) -> None:
        try:
            delay = await self._slots.reserve(self.rules(chat_id))
        except DomainError as exc:
            logger.warning("could not reserve a shared send slot (%s); pacing locally", exc)
            await self._fallback.wait(chat_id)
            return
        if delay > 0:
            await asyncio.sleep(delay)


class OutgoingLimiter(BaseRateLimiter[None]):
    def __init__(
        self,
        limits: TelegramLimits | None = None,
        *,
        max_retries: int = 3,
        headroom: float = 0.05,
        overall_headroom: float = 0.03,
        shared: SendSlots | None = None,
    ) -> None:
        limits = limits or TelegramLimits()
        self._max_retries = max_retries
        local = LocalPace(limits, headroom=headroom, overall_headroom=overall_headroom)
        self._pace: SendPace = (
            local
            if shared is None
            else SharedPace(
                shared, limits, headroom=headroom, overall_headroom=overall_headroom, fallback=local
            )
        )
        self._paused_until: dict[str | None, float] = {}  # None: every chat
        self.retries = 0  # 429s absorbed here; a figure for tests and logs

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = data.get("chat_id")
        chat = None if chat_id is None else str(chat_id)
        paced = endpoint in PACED_METHODS
        for attempt in range(self._max_retries + 1):
            await self._wait_out_pause(chat)
            if paced:
                await self._pace.wait(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = retry_seconds(exc)
                if attempt == self._max_retries:
                    raise
                self.retries += 1
                # Flood control on a chat holds that chat; on anything else, everything.
                now = asyncio.get_running_loop().time()
                if len(self._paused_until) >= _FORGET_AFTER:
                    self._paused_until = {k: v for k, v in self._paused_until.items() if v > now}
                self._paused_until[chat] = max(self._paused_until.get(chat, 0.0), now + seconds)
                logger.info(
                    "Telegram asked to wait %.0fs before %s to chat %s; waiting",
                    seconds,
                    endpoint,
                    chat,
                )
        raise AssertionError("unreachable")  # the loop returns or raises

    async def _wait_out_pause(self, chat: str | None) -> None:
        loop = asyncio.get_running_loop()
        while True:
            until = max(self._paused_until.get(None, 0.0), self._paused_until.get(chat, 0.0))
            remaining = until - loop.time()
            if remaining <= 0:
                return
            await asyncio.sleep(remaining)
