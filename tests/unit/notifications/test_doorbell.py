"""The outbox is woken when a notice is written: delivered at once, not at the next poll, and
still once. The fallback poll here is an hour, so only the bell can explain a delivery."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.commands import Caller
from domain.models import ChatTarget, Media, Notification, NotificationKind, Platform, TargetKind
from domain.notifications.doorbell import Doorbell, RingingOutbox
from domain.notifications.outbox import DeliveryState, OutboxMessage
from scheduler.jobs import JobSpec, jobs, then_ring
from scheduler.runner import running_jobs
from tests.fakes import FakeClock, release
from tests.fakes_automation import FakeOutbox, RecordingNotifier
from tests.world import build_world

HOUR = timedelta(hours=1)
FRIEREN = Media(id=154587, romaji="Sousou no Frieren", english="Frieren", episodes=28)
EPISODE = release("[SubsPlease] Sousou no Frieren - 05 (1080p) [F02B9CEE].mkv", "a" * 40)


def notice(event: str, chat: str = "100") -> OutboxMessage:
    return OutboxMessage(
        event,
        ChatTarget(Platform.TELEGRAM, chat),
        Notification(NotificationKind.NEW_EPISODE, "t", "b"),
    )


class Waking(RecordingNotifier):
    """Records deliveries and lets a test await the next one."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = asyncio.Event()

    async def deliver(self, target: ChatTarget, notification: Notification) -> None:
        await super().deliver(target, notification)
        self.arrived.set()

    async def next_delivery(self) -> None:
        await asyncio.wait_for(self.arrived.wait(), 5)  # a bound on failure, not a pace
        self.arrived.clear()


async def test_a_ring_before_anyone_waits_is_kept_and_a_wait_clears_it() -> None:
    bell = Doorbell()
    bell.ring()
    assert await bell.wait(HOUR.total_seconds())
    assert not bell.rung
    assert not await bell.wait(0)  # nothing new: the wait runs out


async def test_the_outbox_rings_only_when_something_new_was_written() -> None:
    bell = Doorbell()
    outbox = RingingOutbox(FakeOutbox(FakeClock()), bell)
    assert await outbox.enqueue([notice("a")]) == 1
    assert await bell.wait(0)
    assert await outbox.enqueue([notice("a")]) == 0  # the same (event, target): kept once
    assert not bell.rung


async def test_a_woken_job_runs_at_once_and_a_ring_during_a_run_gets_one_more() -> None:
    bell, runs, release_run = Doorbell(), [], asyncio.Event()
    started = asyncio.Event()

    async def job() -> None:
        runs.append(len(runs))
        started.set()
        await release_run.wait()

    async with running_jobs([JobSpec("outbox", job, HOUR, wake=bell)]):
        await asyncio.wait_for(started.wait(), 5)  # the run at start
        started.clear()
        bell.ring()
        bell.ring()  # rings during a run collapse into one more run
        release_run.set()
        await asyncio.wait_for(started.wait(), 5)
        assert len(runs) == 2
        assert not bell.rung


async def test_a_finished_download_is_delivered_without_waiting_for_the_poll() -> None:
    world = build_world(
        releases=[EPISODE], media=[FRIEREN], admins=["1"], outbox_poll_interval=3600
    )
    box = world.box
    notifier = Waking()
    box.notifiers[Platform.TELEGRAM] = notifier
    [outbox_job] = [spec for spec in jobs(box.automation()) if spec.name == "outbox"]
    assert outbox_job.every == HOUR and outbox_job.wake is box.doorbell

    chat = ChatTarget(Platform.TELEGRAM, "1", TargetKind.PERSON)
    await world.dispatcher.handle(
        Caller(Platform.TELEGRAM, "1", "Admin", chat=chat), "/get frieren 5"
    )
    async with running_jobs([outbox_job]):
        world.torrents.finish(EPISODE.info_hash)
        report = await box.completions.poll()
        assert report.completed == (EPISODE.info_hash,)
        await notifier.next_delivery()

    [(target, delivered)] = notifier.delivered
    assert target == chat and delivered.title == "Download complete"
    assert world.outbox.states() == {DeliveryState.SENT: 1}


async def test_a_job_writing_in_its_own_transactions_rings_when_it_ends_even_failing() -> None:
    bell = Doorbell()

    async def failing() -> None:
        assert not bell.rung  # not before: its writes may not be committed yet
        raise RuntimeError("half-way")

    with pytest.raises(RuntimeError):
        await then_ring(failing, bell)()
    assert bell.rung
