"""Two senders with one token on one PostgreSQL, as two processes are: each Application books its
messages' starts in the shared send slots, so together they keep Telegram's limits, which the
stand-in enforces per token whoever calls it.

Same scale as test_rate_limits.py: periods run faster by the same factors on both sides."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.telegram.application import build_application, run_telegram
from bot.telegram.notifier import TelegramNotifier
from domain.models import Platform
from domain.notifications.dispatcher import OutboxDispatcher
from domain.notifications.outbox import DeliveryState
from storage.database import Database
from storage.repositories.outbox import TortoiseOutboxRepository
from storage.repositories.send_slots import PostgresSendSlots
from tests.fakes import FakeClock
from tests.harness.databases import (
    migrated_database,
    postgres_database,
    postgres_unreachable_reason,
)
from tests.integration.telegram.test_rate_limits import (
    BOT_LIMITS,
    GROUPS,
    PRIVATE_CHATS,
    burst,
    enforce,
)
from tests.standins.telegram import TelegramStandIn
from tests.world import World


class Follower:
    async def is_leader(self) -> bool:
        return False

    async def close(self) -> None:
        return None


@pytest.fixture
async def postgres() -> AsyncIterator[Database]:
    reason = await postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    async with postgres_database("shared_pace") as url, migrated_database(url) as database:
        yield database


async def test_two_senders_keep_telegrams_limits_together(
    standin: TelegramStandIn, world: World, postgres: Database
) -> None:
    for chat in PRIVATE_CHATS:
        standin.open_chat(chat)
    for group in GROUPS:
        standin.open_chat(group, "supergroup")
    enforce(standin)
    applications = [
        build_application(
            standin.token,
            standin.base_url,
            world.dispatcher,
            world.services,
            world.box.progress,
            limits=BOT_LIMITS,
            send_slots=PostgresSendSlots(),
        )
        for _ in range(2)
    ]
    outbox = TortoiseOutboxRepository()
    messages = burst()
    await outbox.enqueue(messages)
    clock = FakeClock(datetime.now(UTC) + timedelta(seconds=1))  # what was enqueued is due
    async with (
        run_telegram(applications[0], poll_timeout=5.0),
        # The other process: it sends, and leaves polling to the leader.
        run_telegram(applications[1], poll_timeout=5.0, leader=Follower()),
    ):
        dispatchers = [
            OutboxDispatcher(outbox, {Platform.TELEGRAM: TelegramNotifier(a.bot)}, clock)
            for a in applications
        ]
        reports = await asyncio.wait_for(asyncio.gather(*(d.dispatch() for d in dispatchers)), 60)

    assert standin.flood_refusals == [], standin.refused_by
    assert [r.sent for r in reports] != [500, 0] and sum(r.sent for r in reports) == 500
    assert Counter(state for _, state in await outbox.entries()) == {DeliveryState.SENT: 500}
    arrived = Counter(m.text for m in standin.sent())
    assert set(arrived.values()) == {1}
    assert set(arrived) == {f"Download complete\n{m.notification.body}" for m in messages}
