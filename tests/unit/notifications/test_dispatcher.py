"""The outbox dispatcher: each (event, target) delivered once, whatever the notifier does."""

from __future__ import annotations

import pytest

from domain.models import ChatTarget, Notification, NotificationKind, Platform
from domain.notifications.dispatcher import OutboxDispatcher
from domain.notifications.outbox import MAX_ATTEMPTS, DeliveryState, OutboxMessage, retry_delay
from monitoring.metrics import Metrics
from tests.fakes import FakeClock
from tests.fakes_automation import FakeOutbox, RecordingNotifier


def messages(targets: int, per_target: int) -> list[OutboxMessage]:
    return [
        OutboxMessage(
            event=f"new_episode:{n}",
            target=ChatTarget(Platform.TELEGRAM, str(100 + t)),
            notification=Notification(NotificationKind.NEW_EPISODE, "New episode", f"ep {n}"),
        )
        for t in range(targets)
        for n in range(per_target)
    ]


async def drain(dispatcher: OutboxDispatcher, clock: FakeClock, rounds: int = 200) -> None:
    for _ in range(rounds):
        await dispatcher.dispatch()
        clock.advance(3600)


@pytest.mark.parametrize("retry_after", [None, 30.0])
async def test_a_notifier_failing_half_the_time_still_delivers_everything_exactly_once(
    retry_after: float | None,
) -> None:
    clock = FakeClock()
    outbox = FakeOutbox(clock)
    await outbox.enqueue(messages(targets=10, per_target=10))
    notifier = RecordingNotifier(fail_rate=0.5, retry_after=retry_after)
    dispatcher = OutboxDispatcher(outbox, {Platform.TELEGRAM: notifier}, clock)

    await drain(dispatcher, clock)

    assert notifier.failures > 20
    counts = notifier.counts()
    assert len(counts) == 100 and set(counts.values()) == {1}
    assert outbox.states() == {DeliveryState.SENT: 100}


async def test_each_target_gets_its_messages_in_order_despite_failures() -> None:
    clock = FakeClock()
    outbox = FakeOutbox(clock)
    await outbox.enqueue(messages(targets=3, per_target=8))
    notifier = RecordingNotifier(fail_rate=0.5)
    await drain(OutboxDispatcher(outbox, {Platform.TELEGRAM: notifier}, clock), clock)

    for chat in ("100", "101", "102"):
        bodies = [n.body for t, n in notifier.delivered if t.chat_id == chat]
        assert bodies == [f"ep {n}" for n in range(8)]


async def test_writing_the_same_event_twice_notifies_once() -> None:
    clock = FakeClock()
    outbox = FakeOutbox(clock)
    assert await outbox.enqueue(messages(2, 2)) == 4
    assert await outbox.enqueue(messages(2, 2)) == 0
    notifier = RecordingNotifier()
    await OutboxDispatcher(outbox, {Platform.TELEGRAM: notifier}, clock).dispatch()
    assert len(notifier.delivered) == 4


async def test_a_gone_target_is_skipped_and_never_blocks_the_others() -> None:
    clock = FakeClock()
    outbox = FakeOutbox(clock)
    await outbox.enqueue(messages(targets=3, per_target=5))
    notifier = RecordingNotifier(gone={"101"})
    dispatcher = OutboxDispatcher(outbox, {Platform.TELEGRAM: notifier}, clock)

    report = await dispatcher.dispatch()

    assert {t.chat_id for t, _ in notifier.delivered} == {"100", "102"}
    assert report.sent == 10 and report.gone == 5
    # Later messages to the gone chat are written as gone and never tried.
    await outbox.enqueue(
        [
            OutboxMessage(
                "later",
                ChatTarget(Platform.TELEGRAM, "101"),
                Notification(NotificationKind.NEW_EPISODE, "t", "later"),
            )
        ]
    )
    await drain(dispatcher, clock, rounds=3)
    assert all(t.chat_id != "101" for t, _ in notifier.delivered)
    assert outbox.states()[DeliveryState.GONE] == 6


async def test_a_crash_mid_dispatch_neither_duplicates_nor_loses_a_message() -> None:
    clock = FakeClock()
    outbox = FakeOutbox(clock)
    await outbox.enqueue(messages(targets=4, per_target=5))
    dying = RecordingNotifier(crash_after=7)
    with pytest.raises(BaseException):  # noqa: B017 - the process "dies" mid-cycle
        await OutboxDispatcher(outbox, {Platform.TELEGRAM: dying}, clock).dispatch()
    assert 0 < len(dying.delivered) < 20

    # The next process starts at once: entries the dead one leased are not sent twice...
    survivor = RecordingNotifier()
    restarted = OutboxDispatcher(outbox, {Platform.TELEGRAM: survivor}, clock)
    await restarted.dispatch()
    already = {(t.chat_id, n.body) for t, n in dying.delivered}
    assert already.isdisjoint((t.chat_id, n.body) for t, n in survivor.delivered)
    # ...and once the lease runs out, nothing is missing.
    await drain(restarted, clock, rounds=2)
    everything = dying.counts() + survivor.counts()
    assert len(everything) == 20 and set(everything.values()) == {1}


async def test_an_entry_that_keeps_failing_is_given_up_after_the_last_attempt() -> None:
    clock = FakeClock()
    outbox = FakeOutbox(clock)
    await outbox.enqueue(messages(1, 1))
    notifier = RecordingNotifier(fail_rate=1.0)
    await drain(OutboxDispatcher(outbox, {Platform.TELEGRAM: notifier}, clock), clock, rounds=50)
    assert notifier.failures == MAX_ATTEMPTS
    assert outbox.states() == {DeliveryState.FAILED: 1}


async def test_entries_for_a_platform_without_a_notifier_wait() -> None:
    clock = FakeClock()
    outbox = FakeOutbox(clock)
    await outbox.enqueue(messages(1, 2))
    report = await OutboxDispatcher(
        outbox, {Platform.DISCORD: RecordingNotifier(Platform.DISCORD)}, clock
    ).dispatch()
    assert report.claimed == 0
    assert outbox.states() == {DeliveryState.PENDING: 2}


@pytest.mark.parametrize(
    ("attempts", "retry_after", "expected"),
    [
        (1, None, 5.0),
        (2, None, 10.0),
        (4, None, 40.0),
        (30, None, 3600.0),
        (1, 120.0, 120.0),  # the platform asks for longer: it wins
        (5, 1.0, 80.0),  # our own backoff is longer
    ],
)
def test_retry_delay_doubles_up_to_an_hour_and_honours_retry_after(
    attempts: int, retry_after: float | None, expected: float
) -> None:
    assert retry_delay(attempts, retry_after) == expected


async def test_deliveries_failures_and_the_backlog_are_counted_per_platform() -> None:
    clock = FakeClock()
    outbox = FakeOutbox(clock)
    await outbox.enqueue(messages(targets=4, per_target=5))
    gone_chat = "103"
    notifier = RecordingNotifier(fail_rate=0.5, gone={gone_chat})
    metrics = Metrics()
    dispatcher = OutboxDispatcher(outbox, {Platform.TELEGRAM: notifier}, clock, metrics=metrics)

    await dispatcher.dispatch()
    sample = metrics.registry.get_sample_value
    assert sample("iiitorrent_notifications_queued") == await outbox.queued() > 0

    await drain(dispatcher, clock)
    telegram = {"platform": "telegram"}
    assert sample("iiitorrent_notifications_sent_total", telegram) == len(notifier.delivered) == 15
    failed = sample("iiitorrent_notifications_failed_total", {**telegram, "reason": "retry"})
    assert failed == notifier.failures > 0
    assert sample("iiitorrent_notifications_failed_total", {**telegram, "reason": "gone"}) == 1
    assert sample("iiitorrent_notifications_queued") == 0
