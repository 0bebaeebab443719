"""Everything the bot sends keeps to Telegram's flood limits, checked against a stand-in that
enforces them: a burst of 500 notifications through the outbox, the real notifier and the real
Application's bot arrives whole, in order per chat, without one 429.

Each side keeps its own numbers: the bot its `TelegramLimits()` defaults, the thing under test;
the stand-in Telegram's published ones (`FLOOD_LIMITS`), never read from the bot, so a wrong
number in the bot meets a 429 here instead of a stand-in configured to agree with it.

Scale: both run their periods faster by the same factors (4 for the overall and private-chat
limits, 20 for groups: 3 s instead of a minute), counts unchanged, so the burst takes seconds, not
minutes. Faster still and the loopback's own jitter, not the limiter, decides the outcome: client
and stand-in share one loop on a shared machine.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from telegram import Bot
from telegram.error import RetryAfter

from bot.telegram.application import build_application, run_telegram
from bot.telegram.context import TelegramApplication
from bot.telegram.notifier import TelegramNotifier
from bot.telegram.ratelimit import Rate, TelegramLimits
from domain.models import ChatTarget, Notification, NotificationKind, Platform, TargetKind
from domain.notifications.dispatcher import OutboxDispatcher
from domain.notifications.outbox import DeliveryState, OutboxMessage
from tests.fakes import FakeClock
from tests.fakes_automation import FakeOutbox
from tests.integration.telegram.people import ADMIN_ID, Person
from tests.standins.telegram import FloodLimits, TelegramStandIn
from tests.world import World

SPEEDUP, GROUP_SPEEDUP = 4.0, 20.0  # both sides' periods run this much faster than real time
SLACK = 0.1  # seconds of arrival jitter the stand-in forgives, as Telegram does
PRIVATE_CHATS = [5000 + n for n in range(80)]  # 5 notifications each
GROUPS = [-1009000 - n for n in range(4)]  # 25 each: more than one group window
PER_PRIVATE, PER_GROUP = 5, 25


def enforce(standin: TelegramStandIn) -> FloodLimits:
    """Telegram's limits, as the stand-in knows them, at the test's speed."""
    return standin.enforce_limits(speedup=SPEEDUP, group_speedup=GROUP_SPEEDUP, slack=SLACK)


def at_test_speed(limits: TelegramLimits) -> TelegramLimits:
    """The bot's limits with its periods run as fast as the stand-in's, counts unchanged."""

    def faster(rate: Rate, speedup: float) -> Rate:
        return Rate(rate.limit, rate.period / speedup)

    return TelegramLimits(
        faster(limits.overall, SPEEDUP),
        faster(limits.private_chat, SPEEDUP),
        faster(limits.group_chat, GROUP_SPEEDUP),
    )


BOT_LIMITS = at_test_speed(TelegramLimits())  # the bot's own defaults: what production uses


@pytest.fixture
async def paced(standin: TelegramStandIn, world: World) -> AsyncIterator[TelegramApplication]:
    application = build_application(
        standin.token,
        standin.base_url,
        world.dispatcher,
        world.services,
        world.box.progress,
        progress_interval=0.05,
        limits=BOT_LIMITS,
    )
    enforce(standin)
    async with run_telegram(application, poll_timeout=5.0):
        yield application


def burst() -> list[OutboxMessage]:
    """500 messages, interleaved across chats as a busy evening's completions would be."""
    targets = [
        ChatTarget(Platform.TELEGRAM, str(c)) for c in PRIVATE_CHATS for _ in range(PER_PRIVATE)
    ]
    targets += [
        ChatTarget(Platform.TELEGRAM, str(g), TargetKind.GROUP)
        for g in GROUPS
        for _ in range(PER_GROUP)
    ]
    messages = []
    for n, target in enumerate(sorted(targets, key=lambda t: hash(t.chat_id) % 97)):
        notification = Notification(
            NotificationKind.DOWNLOAD_COMPLETED, "Download complete", f"episode number {n}"
        )
        messages.append(OutboxMessage(f"burst:{n}", target, notification))
    return messages


async def test_a_burst_of_500_notifications_arrives_whole_without_one_429(
    paced: TelegramApplication, standin: TelegramStandIn
) -> None:
    for chat in PRIVATE_CHATS:
        standin.open_chat(chat)
    for group in GROUPS:
        standin.open_chat(group, "supergroup")
    clock = FakeClock()
    outbox = FakeOutbox(clock)
    messages = burst()
    assert len(messages) == 500
    await outbox.enqueue(messages)
    dispatcher = OutboxDispatcher(outbox, {Platform.TELEGRAM: TelegramNotifier(paced.bot)}, clock)

    started = time.monotonic()
    report = await asyncio.wait_for(dispatcher.dispatch(), 30)
    took = time.monotonic() - started

    assert standin.flood_refusals == [], standin.refused_by
    assert report.sent == 500
    assert outbox.states() == {DeliveryState.SENT: 500}
    delivered = sorted(m.text for m in standin.sent())
    assert delivered == sorted(f"Download complete\n{m.notification.body}" for m in messages)
    for chat in [*PRIVATE_CHATS, *GROUPS]:
        # Each chat's messages in the order they were written.
        expected = [
            f"Download complete\n{m.notification.body}"
            for m in messages
            if m.target.chat_id == str(chat)
        ]
        assert [m.text for m in standin.sent(chat)] == expected
    # Each group took more than one window: the group limit, not luck, shaped the burst.
    assert standin.flood_limits is not None
    assert took >= standin.flood_limits.group_chat.seconds
    print(f"500 notifications in {took:.1f}s at the test's scale")


async def test_the_enforcing_standin_refuses_an_unpaced_burst() -> None:
    """The other side of the test above: without the limiter the same stand-in says 429."""
    async with TelegramStandIn() as standin, Bot(standin.token, base_url=standin.base_url) as bot:
        limits = enforce(standin)
        standin.open_chat(GROUPS[0], "supergroup")
        refused = 0
        for n in range(PER_GROUP):
            try:
                await bot.send_message(GROUPS[0], f"n{n}")
            except RetryAfter:
                refused += 1
    assert refused == len(standin.flood_refusals) == PER_GROUP - limits.group_chat.count


async def test_flood_control_is_waited_out_and_the_reply_still_arrives(
    standin: TelegramStandIn, running: TelegramApplication, admin: Person
) -> None:
    standin.fail_next("sendMessage", retry_after=1)
    started = time.monotonic()
    hello = await admin.send("/start")
    assert hello.text.startswith("Hi Alice!")
    assert len(standin.flood_refusals) == 1
    assert time.monotonic() - started >= 1.0
    assert [m.text for m in standin.sent(ADMIN_ID)] == [hello.text]


async def test_replies_in_one_private_chat_are_paced_a_period_apart(
    standin: TelegramStandIn, paced: TelegramApplication
) -> None:
    limits = enforce(standin)
    person = Person(standin, ADMIN_ID, "Alice")
    for _ in range(4):
        person.write("/help")
    await standin.wait_until(lambda: len(standin.sent(ADMIN_ID)) == 4, timeout=5)
    sends = [c.at for c in standin.calls_of("sendMessage") if c.ok]
    gaps = [b - a for a, b in itertools.pairwise(sends)]
    assert standin.flood_refusals == []
    assert all(gap >= limits.private_chat.seconds - SLACK for gap in gaps)


async def test_a_bot_allowing_itself_too_much_in_a_chat_is_refused_by_the_standin(
    standin: TelegramStandIn, world: World
) -> None:
    """Had the bot's private-chat limit been 4 a second, the stand-in would not have agreed:
    it holds the bot to Telegram's numbers, not to the bot's own."""
    wrong = at_test_speed(replace(TelegramLimits(), private_chat=Rate(4, 1.0)))
    application = build_application(
        standin.token,
        standin.base_url,
        world.dispatcher,
        world.services,
        world.box.progress,
        limits=wrong,
    )
    enforce(standin)
    async with run_telegram(application, poll_timeout=5.0):
        person = Person(standin, ADMIN_ID, "Alice")
        for _ in range(3):
            person.write("/help")
        # The limiter waits out each 429 and tries again, so the replies do arrive, late.
        await standin.wait_until(lambda: len(standin.sent(ADMIN_ID)) == 3, timeout=10)
    assert standin.flood_refusals, "a limit 4 times too generous went unnoticed"
    assert set(standin.refused_by) == {"chat"}
