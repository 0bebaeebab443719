"""The notification outbox and completions on both backends: one entry per (event, target),
leases that two dispatchers never share, and a change committed with its notifications."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from domain.models import (
    Action,
    ChatTarget,
    DownloadState,
    Notification,
    NotificationKind,
    Platform,
    RequestKind,
    RequestState,
    Role,
    TargetKind,
)
from domain.notifications.dispatcher import OutboxDispatcher
from domain.notifications.outbox import DeliveryState, OutboxMessage
from storage.database import Database
from storage.repositories.completions import TortoiseCompletionRepository
from storage.repositories.download_requests import TortoiseDownloadRequestRepository
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.outbox import TortoiseOutboxRepository
from storage.repositories.users import TortoiseUserRepository
from tests.fakes import FakeClock
from tests.fakes_automation import RecordingNotifier

HASH = "0123456789abcdef0123456789abcdef01234567"
GROUP = ChatTarget(Platform.TELEGRAM, "-1001234", TargetKind.GROUP)


def message(event: str, chat: str = "42", body: str = "b") -> OutboxMessage:
    return OutboxMessage(
        event=event,
        target=ChatTarget(Platform.TELEGRAM, chat),
        notification=Notification(
            NotificationKind.NEW_EPISODE,
            "New episode",
            body,
            actions=(Action("Get it", "/get frieren 5"),),
            url="https://example.org/x",
        ),
    )


def clock_now() -> FakeClock:
    return FakeClock(datetime.now(UTC) + timedelta(seconds=1))


async def test_entries_round_trip_and_duplicates_are_ignored(database: Database) -> None:
    outbox = TortoiseOutboxRepository()
    assert await outbox.enqueue([message("e1"), message("e1", chat="43"), message("e2")]) == 3
    assert await outbox.enqueue([message("e1"), message("e3")]) == 1
    clock = clock_now()
    claimed = await outbox.claim(
        platforms=[Platform.TELEGRAM], now=clock(), lease_until=clock() + timedelta(60), limit=10
    )
    assert [(e.event, e.target.chat_id) for e in claimed] == [
        ("e1", "42"),
        ("e1", "43"),
        ("e2", "42"),
        ("e3", "42"),
    ]
    assert claimed[0].notification == message("e1").notification


async def test_two_dispatchers_never_lease_the_same_entry(database: Database) -> None:
    outbox = TortoiseOutboxRepository()
    await outbox.enqueue([message(f"e{n}", chat=str(n % 7)) for n in range(60)])
    clock = clock_now()

    async def claim() -> list[int]:
        entries = await outbox.claim(
            platforms=[Platform.TELEGRAM],
            now=clock(),
            lease_until=clock() + timedelta(minutes=5),
            limit=40,
        )
        return [e.id for e in entries]

    first, second = await asyncio.gather(claim(), claim())
    assert not set(first) & set(second)
    # A claimer that lost the race for some rows comes back for what is left.
    rest = await claim()
    assert sorted(first + second + rest) == list(range(1, 61))
    # Leased entries are nobody's until the lease ends, then they are due again.
    assert await claim() == []
    clock.advance(301)
    assert len(await claim()) == 40


async def test_concurrent_claimers_share_the_outbox_and_none_is_claimed_twice(
    database: Database,
) -> None:
    """Four dispatchers (as if in four processes) claim and send concurrently until the outbox
    is empty: every entry goes out once, none is left behind."""
    outbox = TortoiseOutboxRepository()
    await outbox.enqueue([message(f"e{n}", chat=str(n % 13)) for n in range(300)])
    clock = clock_now()
    taken: list[list[int]] = [[], [], [], []]
    deadline = asyncio.get_running_loop().time() + 60

    async def claimer(mine: list[int]) -> None:
        while await outbox.queued():
            assert asyncio.get_running_loop().time() < deadline, "the outbox never emptied"
            entries = await outbox.claim(
                platforms=[Platform.TELEGRAM],
                now=clock(),
                lease_until=clock() + timedelta(minutes=5),
                limit=25,
            )
            for entry in entries:
                mine.append(entry.id)
                await outbox.mark_sent(entry.id, at=clock())
            await asyncio.sleep(0)  # let the others claim, as other processes would

    await asyncio.gather(*(claimer(mine) for mine in taken))
    every = [entry_id for mine in taken for entry_id in mine]
    assert sorted(every) == list(range(1, 301))  # each once, none lost
    assert sum(1 for mine in taken if mine) > 1  # the work was shared
    assert {state for _, state in await outbox.entries()} == {DeliveryState.SENT}


async def test_a_flaky_notifier_delivers_every_entry_exactly_once(database: Database) -> None:
    outbox = TortoiseOutboxRepository()
    await outbox.enqueue([message(f"e{n}", chat=str(n % 5), body=str(n)) for n in range(40)])
    clock = clock_now()
    notifier = RecordingNotifier(fail_rate=0.5, gone={"3"})
    dispatcher = OutboxDispatcher(outbox, {Platform.TELEGRAM: notifier}, clock)
    for _ in range(60):
        await dispatcher.dispatch()
        clock.advance(3600)

    counts = notifier.counts()
    assert notifier.failures > 5
    assert len(counts) == 32 and set(counts.values()) == {1}
    states = [state for _, state in await outbox.entries()]
    assert states.count(DeliveryState.SENT) == 32 and states.count(DeliveryState.GONE) == 8
    # The gone chat stays gone for messages written later.
    await outbox.enqueue([message("later", chat="3")])
    assert (await outbox.entries())[-1][1] is DeliveryState.GONE


async def test_a_completion_is_recorded_with_its_notifications_once(database: Database) -> None:
    users = TortoiseUserRepository()
    alice = await users.create(
        platform=Platform.TELEGRAM, external_id="1", display_name="Alice", role=Role.USER
    )
    bob = await users.create(
        platform=Platform.TELEGRAM, external_id="2", display_name="Bob", role=Role.USER
    )
    requests, downloads = TortoiseDownloadRequestRepository(), TortoiseDownloadRepository()
    asked = await requests.create(
        user_id=alice.id, query="frieren", kind=RequestKind.EPISODE, episode=5, reply_to=GROUP
    )
    assert asked.reply_to == GROUP
    await downloads.add(info_hash=HASH, owner_id=alice.id, name="Frieren 05", request_id=asked.id)
    await downloads.add(info_hash=HASH, owner_id=bob.id, name="Frieren 05", request_id=None)

    completions = TortoiseCompletionRepository()
    recipients = await completions.unannounced([HASH.upper()])
    assert [(r.download.owner_id, r.target) for r in recipients] == [
        (alice.id, GROUP),
        (bob.id, None),
    ]
    # Alice asked in a group: what is hers alone goes to her private chat there.
    assert [r.personal for r in recipients] == [ChatTarget(Platform.TELEGRAM, "1"), None]
    done_at = datetime(2026, 3, 1, tzinfo=UTC)
    news = message("download_completed:1", chat=GROUP.chat_id)
    await completions.record_completion(
        [r.download.id for r in recipients], completed_at=done_at, messages=[news]
    )
    await completions.record_completion([], completed_at=done_at, messages=[news])

    assert await completions.unannounced([HASH]) == []
    rows = await downloads.by_hash(HASH)
    assert {(r.state, r.completed_at) for r in rows} == {(DownloadState.COMPLETED, done_at)}
    request = await requests.get(asked.id)
    assert request is not None and request.state is RequestState.COMPLETED
    assert [e.event for e, _ in await TortoiseOutboxRepository().entries()] == [news.event]


async def test_recipients_carry_the_requests_episode_and_anilist_show(
    database: Database,
) -> None:
    users = TortoiseUserRepository()
    alice = await users.create(
        platform=Platform.TELEGRAM, external_id="1", display_name="Alice", role=Role.USER
    )
    requests, downloads = TortoiseDownloadRequestRepository(), TortoiseDownloadRepository()
    person = ChatTarget(Platform.TELEGRAM, "1")
    watched = await requests.create(
        user_id=alice.id, query="Sousou no Frieren", kind=RequestKind.EPISODE, episode=6,
        reply_to=person, media_id=154587,
    )  # fmt: skip
    plain = await requests.create(
        user_id=alice.id, query="frieren", kind=RequestKind.EPISODE, episode=7, reply_to=GROUP
    )
    other = "f" * 40
    await downloads.add(info_hash=HASH, owner_id=alice.id, name="Frieren 06", request_id=watched.id)
    await downloads.add(info_hash=other, owner_id=alice.id, name="Frieren 07", request_id=plain.id)

    recipients = await TortoiseCompletionRepository().unannounced([HASH, other])

    assert [(r.target, r.personal, r.episode, r.media_id) for r in recipients] == [
        (person, person, 6, 154587),
        (GROUP, person, 7, None),
    ]


async def test_a_target_gone_takes_messages_again_once_forgotten(database: Database) -> None:
    outbox = TortoiseOutboxRepository()
    person = ChatTarget(Platform.TELEGRAM, "42")
    await outbox.enqueue([message("first")])
    assert await outbox.mark_target_gone(person, "bot can't initiate conversation") == 1
    await outbox.enqueue([message("while gone")])
    assert [s for _, s in await outbox.entries()] == [DeliveryState.GONE, DeliveryState.GONE]

    assert await outbox.forget_gone(person) is True  # the person pressed Start
    assert await outbox.forget_gone(person) is False
    await outbox.enqueue([message("after")])
    states = {e.event: s for e, s in await outbox.entries()}
    assert states == {
        "first": DeliveryState.GONE,
        "while gone": DeliveryState.GONE,
        "after": DeliveryState.PENDING,
    }
