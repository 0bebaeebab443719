"""On PostgreSQL a process hears of the notices another process writes: the writer's NOTIFY wakes
this process's outbox job at once, although its poll here is ten minutes away, and it still
does after its listening connection is killed and comes back.

The box is the process's own (`build_box` with the real Tortoise repositories, and the
composition root's listener, `hearing_other_processes`); the notices are written through a
database context of their own, as another process would, so this process's doorbell is not rung
by the write itself.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager

import asyncpg
import pytest

from bot.app import hearing_other_processes, tortoise_repositories, utc_now
from bot.bootstrap import Box
from domain.models import ChatTarget, Notification, NotificationKind, Platform
from domain.notifications.outbox import OutboxMessage
from scheduler.jobs import jobs
from scheduler.runner import running_jobs
from storage.database import open_database
from storage.listener import APPLICATION_NAME, OutboxListener
from storage.repositories.outbox import TortoiseOutboxRepository
from tests.fakes_automation import RecordingNotifier
from tests.harness.databases import (
    migrated_database,
    postgres_database,
    postgres_unreachable_reason,
)
from tests.harness.torrents import eventually, free_port
from tests.world import build_world, rebuilt

POLL = 600  # seconds: the outbox's own check, far beyond every wait below
WITHIN = 10.0  # a bound on failure, not a pace


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    reason = await postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    async with postgres_database("wakeups") as url, migrated_database(url):
        yield url


def notice(event: str) -> OutboxMessage:
    return OutboxMessage(
        event,
        ChatTarget(Platform.TELEGRAM, "100"),
        Notification(NotificationKind.DOWNLOAD_COMPLETED, "Download complete", event),
    )


def this_process(postgres_url: str) -> tuple[Box, RecordingNotifier]:
    world = build_world()
    box = rebuilt(
        world,
        settings={"database_url": postgres_url, "outbox_poll_interval": POLL},
        repositories=tortoise_repositories(),
        clock=utc_now,  # the database stamps the notices with the real time
    )
    notifier = RecordingNotifier()
    box.notifiers[Platform.TELEGRAM] = notifier
    return box, notifier


def outbox_job(box: Box) -> AbstractAsyncContextManager[object]:
    [job] = [spec for spec in jobs(box.automation()) if spec.name == "outbox"]
    assert job.every.total_seconds() == POLL
    return running_jobs([job])


async def written_elsewhere(postgres_url: str, messages: Sequence[OutboxMessage]) -> None:
    """Written as another process writes: its own connections, no doorbell of ours."""

    async def write() -> None:
        async with open_database(postgres_url):
            assert await TortoiseOutboxRepository().enqueue(messages) == len(messages)

    await asyncio.create_task(write())  # a task of its own, so its database context ends there


async def delivered(notifier: RecordingNotifier, *events: str) -> None:
    async def arrived() -> bool:
        return {n.body for _, n in notifier.delivered} >= set(events)

    await eventually(arrived, within=WITHIN, what=f"delivery of {events}")


async def listeners(postgres_url: str) -> list[int]:
    """The listening sessions on this test's database, by backend pid, once each has LISTENed."""
    connection = await asyncpg.connect(postgres_url)
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name = $1 AND state = 'idle' AND query LIKE 'LISTEN%'",
            APPLICATION_NAME,
        )
        return [row["pid"] for row in rows]
    finally:
        await connection.close()


async def terminate(postgres_url: str, pids: Sequence[int]) -> None:
    connection = await asyncpg.connect(postgres_url)
    try:
        for pid in pids:
            assert await connection.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await connection.close()


async def test_a_notice_another_process_writes_is_sent_long_before_the_poll(
    postgres_url: str,
) -> None:
    # The pool's options in the URL are the ORM's: the listener's own connection leaves them out.
    box, notifier = this_process(postgres_url + "?min_size=1&max_size=3")
    async with hearing_other_processes(box), outbox_job(box):
        await written_elsewhere(postgres_url, [notice("first")])
        await delivered(notifier, "first")
        # Not a lucky first run: a second notice, after the job went back to waiting.
        await written_elsewhere(postgres_url, [notice("second")])
        await delivered(notifier, "first", "second")
    assert sorted(n.body for _, n in notifier.delivered) == ["first", "second"]  # each once


async def test_after_its_connection_is_killed_it_listens_again(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    box, notifier = this_process(postgres_url)
    async with hearing_other_processes(box), outbox_job(box):
        [before] = await listeners(postgres_url)
        with caplog.at_level(logging.WARNING, logger="storage.listener"):
            await terminate(postgres_url, [before])

            async def listening_again() -> list[int]:
                return [pid for pid in await listeners(postgres_url) if pid != before]

            [after] = await eventually(listening_again, within=WITHIN, what="a new listener")
        assert "lost the connection that hears other processes' notices" in caplog.text

        await written_elsewhere(postgres_url, [notice("after the drop")])
        await delivered(notifier, "after the drop")
        assert await listeners(postgres_url) == [after]  # one session, not one per drop
    assert await listeners(postgres_url) == []  # closed with the block


async def test_a_database_down_at_start_leaves_the_process_polling(
    caplog: pytest.LogCaptureFixture,
) -> None:
    woken: list[None] = []
    nowhere = f"postgres://postgres@127.0.0.1:{free_port()}/iiitorrent"
    with caplog.at_level(logging.WARNING, logger="storage.listener"):
        async with OutboxListener(nowhere, lambda: woken.append(None), first_retry=0.01):
            pass  # started, and stops cleanly although it never listened
    assert "cannot listen for other processes' notices yet" in caplog.text
    assert woken == []
