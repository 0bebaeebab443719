"""Many subscribers of one show: from the watcher finding the new episode to every alert
delivered through the real Telegram notifier and the bot's real `OutgoingLimiter` (Telegram's
limits: about one message a second per chat, 30 a second in all) into the Telegram Bot API
stand-in over loopback.

Telegram's 30 messages a second make 5,000 alerts take at least 5000 / 30 ≈ 167 s. To keep the
suite short the limits run ACCELERATED (the same counts over periods SPEEDUP times shorter, so
30 per 1/SPEEDUP s) and the count is scaled down to SUBSCRIBERS; the printed figures say so and
give the bound for that count, the measured ratio to it, and what it means for 5,000 at real
speed. IIITORRENT_BENCH_SUBSCRIBERS=5000 IIITORRENT_BENCH_SPEEDUP=1 is the full, real-time run.

The stand-in enforces Telegram's limits itself (its own numbers at the same speed, forgiving only
SLACK of jitter): a message beyond them is answered 429, and the 429s are counted. The rate is
the messages' arrivals at the stand-in from the first to the last, against the limit's 30 a
second; the time from the watcher's start to the last arrival is printed beside it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from telegram.ext import ExtBot

from bot.telegram.notifier import TelegramNotifier
from bot.telegram.ratelimit import OutgoingLimiter, TelegramLimits
from domain.models import Platform
from domain.notifications.dispatcher import OutboxDispatcher
from tests.standins.telegram import TelegramStandIn
from tests.unit.services.airing_world import airing_world, frieren

pytestmark = pytest.mark.perf

SUBSCRIBERS = int(os.environ.get("IIITORRENT_BENCH_SUBSCRIBERS", "1000"))
SPEEDUP = float(os.environ.get("IIITORRENT_BENCH_SPEEDUP", "5"))
TELEGRAM_PER_SECOND = 30
FULL = 5000
# Seconds (at real speed) of arrival jitter the stand-in forgives: client and stand-in share one
# loop, so a pause of the loop makes requests that left evenly arrive bunched. 0.5% of the period.
SLACK = 0.005


def utc_now() -> datetime:
    return datetime.now(UTC)


async def test_alerting_many_subscribers_within_telegrams_limits(
    report: Callable[[str], None],
) -> None:
    world = airing_world(releases=[frieren(5)])
    limiter = OutgoingLimiter(TelegramLimits().faster(SPEEDUP))
    async with (
        TelegramStandIn() as telegram,
        ExtBot(telegram.token, base_url=telegram.base_url, rate_limiter=limiter) as bot,
    ):
        telegram.enforce_limits(speedup=SPEEDUP, slack=SLACK / SPEEDUP)
        for n in range(SUBSCRIBERS):
            user_id = 10_000 + n
            user, chat = await world.person(str(user_id))
            await world.service.subscribe_title(
                user, "frieren", chat, is_chat_admin=None, auto_download=False
            )
            telegram.push_message(user_id, "/start")  # the chat exists on Telegram's side
        world.advance(timedelta(hours=1, minutes=1))
        dispatcher = OutboxDispatcher(
            world.outbox, {Platform.TELEGRAM: TelegramNotifier(bot)}, world.fakes.clock
        )

        started = time.perf_counter()
        found = await world.watcher.cycle()
        announced = time.perf_counter() - started
        sent = 0
        while sent < SUBSCRIBERS:
            sent += (await dispatcher.dispatch()).sent
        elapsed = time.perf_counter() - started
        delivered = [c for c in telegram.calls_of("sendMessage") if c.ok]
        sends = sorted(c.at for c in delivered)
        refused = len(telegram.flood_refusals)

    assert found.announced and len(delivered) == SUBSCRIBERS
    per_second = TELEGRAM_PER_SECOND * SPEEDUP
    bound = SUBSCRIBERS / per_second
    rate = SUBSCRIBERS / elapsed
    # n arrivals span n - 1 gaps of the steady rate.
    arrival_rate = (len(sends) - 1) / (sends[-1] - sends[0])
    report(
        f"\nairing alerts: {SUBSCRIBERS} subscribers of one show (of {FULL} asked), Telegram's "
        f"limits accelerated x{SPEEDUP:g} (30 msg per {1 / SPEEDUP:.2f} s); "
        f"{found.searched} Nyaa search for all of them"
    )
    report(f"  found and written to the outbox in {announced * 1000:.0f} ms")
    report(
        f"  all delivered in {elapsed:.1f} s; the accelerated limit allows at best {bound:.1f} s "
        f"(ratio {elapsed / bound:.2f}); {rate:.1f} msg/s"
    )
    window = 1.0 / SPEEDUP
    busiest = max(
        sum(1 for t in sends[i : i + 4 * TELEGRAM_PER_SECOND] if t - start < window)
        for i, start in enumerate(sends)
    )
    report(f"  busiest window: {busiest} messages (the limit allows {TELEGRAM_PER_SECOND})")
    report(
        f"  arrival rate first to last: {arrival_rate:.1f} msg/s, "
        f"{arrival_rate / per_second * 100:.1f}% of the {per_second:g} msg/s the limit allows; "
        f"{refused} answered 429 by the stand-in ({limiter.retries} retried by the limiter)"
    )
    report(
        f"  {FULL} subscribers at real speed: bound {FULL / TELEGRAM_PER_SECOND:.0f} s; "
        f"at this ratio {FULL / TELEGRAM_PER_SECOND * elapsed / bound:.0f} s"
    )
