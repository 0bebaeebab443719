"""A progress message moves whichever process answered the /get: with several processes behind one
webhook, the one that answers may not be the scheduler's leader, whose completion watcher is the
only one that runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from bot.telegram.context import TelegramApplication
from domain.models import DownloadState, NotificationKind
from scheduler.jobs import jobs
from scheduler.runner import running_jobs
from tests.fakes_automation import NeverLeader
from tests.integration.telegram.people import BEST_HASH, Person
from tests.standins.telegram import TelegramStandIn
from tests.world import World


def edits_of(standin: TelegramStandIn, message_id: int) -> list[str]:
    return [c.text for c in standin.calls_of("editMessageText") if c.message_id == message_id]


def completion_notices(world: World) -> int:
    kinds = [row.entry.notification.kind for row in world.outbox.rows.values()]
    return kinds.count(NotificationKind.DOWNLOAD_COMPLETED)


@pytest.fixture
async def beside_the_leader(world: World) -> AsyncIterator[World]:
    """The scheduled jobs running as in a process that does not lead, and the progress feed."""
    async with running_jobs(jobs(world.box.automation()), leader=NeverLeader()), world.box.progress:
        yield world


async def test_a_process_that_does_not_lead_keeps_its_progress_message_moving_to_done(
    admin: Person,
    standin: TelegramStandIn,
    beside_the_leader: World,
    running: TelegramApplication,
) -> None:
    world = beside_the_leader
    answer = await admin.send("/get frieren 5")
    await standin.wait_until(lambda: len(edits_of(standin, answer.message_id)) == 1)
    assert edits_of(standin, answer.message_id)[0].endswith("░░░░░░░░░░ 0% · 0 B/s · ETA ∞")

    torrent = world.torrents.torrents_by_hash[BEST_HASH]
    world.torrents.torrents_by_hash[BEST_HASH] = replace(torrent, progress=0.3)
    await standin.wait_for(lambda c: c.method == "editMessageText" and "30%" in c.text)

    world.torrents.finish(BEST_HASH)
    progress = running.bot_data.front_end.progress
    await standin.wait_until(lambda: progress.active == 0)
    shown = standin.message(answer.chat_id, answer.message_id).text
    assert "30%" in edits_of(standin, answer.message_id)[1]
    assert shown.endswith("✅ complete · 0 B")
    # Completing it and telling its owner is the leader's: nothing was announced from here.
    assert completion_notices(world) == 0
    assert world.downloads.rows[1].state is not DownloadState.COMPLETED
    assert world.box.progress.followed == 0  # done: nothing is read any more


async def test_the_feed_reads_the_followed_torrent_only_while_the_watcher_is_not_cycling(
    admin: Person, standin: TelegramStandIn, world: World, running: TelegramApplication
) -> None:
    answer = await admin.send("/get frieren 5")
    await standin.wait_until(lambda: len(edits_of(standin, answer.message_id)) == 1)
    feed = world.box.progress

    torrent = world.torrents.torrents_by_hash[BEST_HASH]
    world.torrents.torrents_by_hash[BEST_HASH] = replace(torrent, progress=0.3)
    assert await feed.poll() == 1  # no watcher here: the feed reads what is followed
    await standin.wait_for(lambda c: c.method == "editMessageText" and "30%" in c.text)

    await world.box.completions.poll()  # this process leads now: its watcher cycles
    reads = world.torrents.calls["torrent"]
    assert await feed.poll() == 0
    assert world.torrents.calls["torrent"] == reads

    world.torrents.finish(BEST_HASH)
    await world.box.completions.poll()
    progress = running.bot_data.front_end.progress
    await standin.wait_until(lambda: progress.active == 0)
    assert completion_notices(world) == 1  # the leader's watcher announced it, once


async def test_on_the_leader_progress_comes_from_the_watcher_alone(
    admin: Person, standin: TelegramStandIn, world: World, running: TelegramApplication
) -> None:
    answer = await admin.send("/get frieren 5")
    await standin.wait_until(lambda: len(edits_of(standin, answer.message_id)) == 1)
    await world.box.completions.poll()
    feed = world.box.progress

    torrent = world.torrents.torrents_by_hash[BEST_HASH]
    world.torrents.torrents_by_hash[BEST_HASH] = replace(torrent, progress=0.3)
    await world.box.completions.poll()
    await standin.wait_for(lambda c: c.method == "editMessageText" and "30%" in c.text)
    reads = world.torrents.calls["torrent"]
    assert await feed.poll() == 0
    assert world.torrents.calls["torrent"] == reads

    world.torrents.finish(BEST_HASH)
    await world.box.completions.poll()
    progress = running.bot_data.front_end.progress
    await standin.wait_until(lambda: progress.active == 0)
    assert completion_notices(world) == 1


async def test_nothing_is_read_while_nothing_is_followed(world: World) -> None:
    async with world.box.progress as feed:
        before = sum(world.torrents.calls.values())
        assert await feed.poll() == 0
        assert feed.followed == 0
        assert sum(world.torrents.calls.values()) == before
