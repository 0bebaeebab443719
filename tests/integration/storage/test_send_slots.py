"""Send slots shared on PostgreSQL: reservations made at once by several processes count
against one window, each in full, none overwriting another's."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from domain.sliding_window import WindowRule
from storage import models
from storage.database import Database
from storage.repositories.send_slots import PostgresSendSlots
from tests.harness.databases import clear_tables, migrated_database

HOUR = 3600.0


@pytest.fixture
async def postgres(postgres_module_url: str) -> AsyncIterator[Database]:
    async with migrated_database(postgres_module_url) as database:
        await clear_tables(database)
        yield database


async def test_reservations_from_two_processes_share_one_window(postgres: Database) -> None:
    first, second = PostgresSendSlots(), PostgresSendSlots()  # as in two processes
    rules = [WindowRule("telegram", 20, HOUR), WindowRule("telegram:42", 20, HOUR)]
    delays = await asyncio.gather(
        *(slots.reserve(rules) for slots in (first, second) for _ in range(10))
    )
    assert max(delays) < 60  # twenty fit in the hour, whoever asked
    row = await models.SendSlot.get(key="telegram")
    assert len(row.starts) == 20  # each reservation counted; none overwrote another
    # The twenty-first waits for the first of them to leave the window, in either process.
    assert await first.reserve(rules) > HOUR - 60
    assert await second.reserve([WindowRule("telegram:42", 20, HOUR)]) > HOUR - 60


async def test_a_chat_of_its_own_is_held_only_by_the_overall_window(postgres: Database) -> None:
    slots = PostgresSendSlots()
    overall = WindowRule("telegram", 1000, 1.0, smooth=True)  # 1 ms apart
    for _ in range(3):
        await slots.reserve([overall, WindowRule("telegram:1", 1, HOUR)])
    # Chat 1 is full for an hour; chat 2 goes within milliseconds.
    assert await slots.reserve([overall, WindowRule("telegram:2", 1, HOUR)]) < 1.0
    assert await slots.reserve([overall, WindowRule("telegram:1", 1, HOUR)]) > HOUR - 60
