"""Two `iiitorrent run` processes on one PostgreSQL, as a deployment that survives one of them
dying: both deliver the outbox, together within Telegram's limits, only the leader polls Telegram,
and when the leader is killed with SIGKILL the other takes the scheduled jobs and the polling over.
In webhook mode both take updates, behind the harness's round-robin proxy, and a button pressed
under one process's /search answer works in the other. A notice written by another process is sent
at once, not at the next poll of the outbox (LISTEN/NOTIFY).

The Telegram stand-in enforces Telegram's own flood limits at real speed (it cannot know how many
processes talk to it: it counts per token, as Telegram does). Each process is asked through its
own /metrics what it did: how many notices it sent, how many runs of the leader's jobs it made.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from domain.models import ChatTarget, Notification, NotificationKind, Platform
from domain.notifications.outbox import DeliveryState, OutboxMessage
from tests.e2e.conftest import EPISODE_TITLE, Box, text_of
from tests.harness.cluster import RoundRobin, burst, enqueue, metric, outbox_states
from tests.harness.process import IIITorrent
from tests.harness.torrents import eventually
from tests.standins.telegram import TelegramStandIn

pytestmark = pytest.mark.e2e

ADMIN = 4242
CHATS = [6000 + n for n in range(100)]
PER_CHAT = 5  # 500 notices: about 17 s at Telegram's 30 a second
SLACK = 0.1  # seconds of arrival jitter the stand-in forgives, as Telegram does
LEADS = "this process now runs the scheduled jobs"
POLLS = "is polling"  # the Telegram bot's log line once it takes updates
LISTENS = "listening for other processes' notices"
SEED_RATE = 1024 * 1024  # bytes a second the swarm uploads, when a test wants a slow download


def settings_for(
    box: Box, telegram: TelegramStandIn, database_url: str, name: str, shared: dict[str, str]
) -> dict[str, str]:
    return {
        **box.on_telegram(telegram, ADMIN),
        "DATABASE_URL": database_url,
        "DATA_DIR": str(box.workdir / name / "data"),
        "OUTBOX_POLL_INTERVAL": "1",
        **shared,
    }


@asynccontextmanager
async def webhook_pair(
    box: Box,
    telegram: TelegramStandIn,
    postgres_url: str,
    tmp_path: Path,
    *,
    only_second: bool = False,
) -> AsyncIterator[tuple[RoundRobin, IIITorrent, IIITorrent]]:
    """Two `run` processes in webhook mode behind the round-robin proxy, the first leading; with
    `only_second`, every update goes to the second, which does not lead."""
    # No TELEGRAM_WEBHOOK_SECRET: each process derives the same one from the token.
    shared = {"LINK_SECRET": "x" * 40, "ENCRYPTION_KEY": Fernet.generate_key().decode()}
    first = settings_for(box, telegram, postgres_url, "first", shared)
    second = settings_for(box, telegram, postgres_url, "second", shared)
    taking = (second,) if only_second else (first, second)
    async with RoundRobin([f"http://127.0.0.1:{s['HTTP_PORT']}" for s in taking]) as proxy:
        hook = {"TELEGRAM_WEBHOOK_URL": f"{proxy.url}/telegram"}
        async with IIITorrent("run", {**first, **hook}, tmp_path / "first") as a:
            await a.expect(LEADS, source="errors", within=60)
            async with IIITorrent("run", {**second, **hook}, tmp_path / "second") as b:
                await b.expect("scheduler started", source="errors", within=60)
                yield proxy, a, b


async def test_two_processes_share_the_outbox_and_survive_the_leader_dying(
    box: Box, postgres_url: str, tmp_path: Path
) -> None:
    shared = {"LINK_SECRET": "x" * 40, "ENCRYPTION_KEY": Fernet.generate_key().decode()}
    async with TelegramStandIn() as telegram:
        for chat in CHATS:
            telegram.open_chat(chat)
        telegram.enforce_limits(slack=SLACK)
        first = settings_for(box, telegram, postgres_url, "first", shared)
        second = settings_for(box, telegram, postgres_url, "second", shared)
        async with IIITorrent("run", first, tmp_path / "first") as a:
            # One at a time: the first applies the migrations, the second finds them done.
            await a.expect("scheduler started", source="errors", within=60)
            async with IIITorrent("run", second, tmp_path / "second") as b:
                await b.expect("scheduler started", source="errors", within=60)
                processes = {"first": (a, first), "second": (b, second)}

                messages = burst(CHATS, PER_CHAT)
                await enqueue(postgres_url, messages)
                try:
                    await telegram.wait_until(
                        lambda: sum(len(telegram.sent(c)) for c in CHATS) >= len(messages),
                        timeout=120,
                    )
                except AssertionError as exc:
                    count = sum(len(telegram.sent(c)) for c in CHATS)
                    raise AssertionError(
                        f"{count} of {len(messages)} arrived, "
                        f"{len(telegram.flood_refusals)} refused with 429;\n"
                        f"first:\n{a.errors[-3000:]}\nsecond:\n{b.errors[-3000:]}"
                    ) from exc
                arrived = Counter((m.chat_id, m.text) for c in CHATS for m in telegram.sent(c))
                wanted = {
                    (int(m.target.chat_id), f"{m.notification.title}\n{m.notification.body}")
                    for m in messages
                }
                assert set(arrived) == wanted, "some notices never arrived, or arrived changed"
                assert set(arrived.values()) == {1}, "a notice arrived twice"
                assert telegram.flood_refusals == []
                sent = {
                    name: await metric(s, "notifications_sent_total", platform="telegram")
                    for name, (_, s) in processes.items()
                }
                assert sum(sent.values()) == len(messages)
                assert all(sent.values()), f"one process did all the sending: {sent}"
                assert (await outbox_states(postgres_url))[DeliveryState.SENT] == len(messages)
                # Only the leader polls Telegram: one poller per token, as Telegram allows.
                assert [POLLS in p.errors for p, _ in processes.values()].count(True) == 1
                assert telegram.poll_conflicts == []

                # The leader dies mid-run; the other takes the jobs over at their next run.
                leaders = [name for name, (p, _) in processes.items() if LEADS in p.errors]
                assert len(leaders) == 1, leaders
                leader, _ = processes[leaders[0]]
                (survivor, survivor_settings) = next(
                    v for k, v in processes.items() if k != leaders[0]
                )
                runs = dict(job="completions", outcome="ok")
                assert await metric(survivor_settings, "scheduler_job_runs_total", **runs) == 0
                assert await leader.kill() == -9
                await survivor.expect(LEADS, source="errors", within=15)

                async def survivor_runs_jobs() -> bool:
                    done = await metric(survivor_settings, "scheduler_job_runs_total", **runs)
                    return done > 0

                await eventually(survivor_runs_jobs, within=10, what="the survivor's job runs")
                # ... and takes Telegram's updates: it answers a person now.
                await survivor.expect(POLLS, source="errors", within=10)
                answered = len(telegram.sent(ADMIN))
                telegram.push_message(ADMIN, "/help")
                await telegram.wait_until(lambda: len(telegram.sent(ADMIN)) > answered, 30)


async def test_a_notice_written_by_another_process_is_sent_at_once_not_at_the_poll(
    box: Box, postgres_url: str, tmp_path: Path
) -> None:
    shared = {
        "LINK_SECRET": "x" * 40,
        "ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "OUTBOX_POLL_INTERVAL": "3600",  # an hour: only being woken explains a delivery
    }
    chat = CHATS[0]
    async with TelegramStandIn() as telegram:
        telegram.open_chat(chat)
        first = settings_for(box, telegram, postgres_url, "first", {})
        second = settings_for(box, telegram, postgres_url, "second", {})
        async with IIITorrent("run", {**first, **shared}, tmp_path / "first") as a:
            await a.expect("scheduler started", source="errors", within=60)
            async with IIITorrent("run", {**second, **shared}, tmp_path / "second") as b:
                await b.expect("scheduler started", source="errors", within=60)
                assert LISTENS in a.errors and LISTENS in b.errors
                # Written by this test's process, which neither of them hears in-process; one
                # after another, so each arrives after both outbox jobs went back to waiting.
                for n in range(3):
                    notice = OutboxMessage(
                        f"elsewhere:{n}",
                        ChatTarget(Platform.TELEGRAM, str(chat)),
                        Notification(NotificationKind.DOWNLOAD_COMPLETED, "Done", f"notice {n}"),
                    )
                    await enqueue(postgres_url, [notice])
                    try:
                        await telegram.wait_until(lambda n=n: len(telegram.sent(chat)) > n, 15)
                    except AssertionError as exc:
                        raise AssertionError(
                            f"notice {n} did not arrive;\nfirst:\n{a.errors[-3000:]}\n"
                            f"second:\n{b.errors[-3000:]}"
                        ) from exc
                assert [m.text for m in telegram.sent(chat)] == [
                    f"Done\nnotice {n}" for n in range(3)
                ]


async def test_in_webhook_mode_both_processes_take_updates_behind_one_proxy(
    box: Box, postgres_url: str, tmp_path: Path
) -> None:
    async with (
        TelegramStandIn() as telegram,
        webhook_pair(box, telegram, postgres_url, tmp_path) as (proxy, _, _),
    ):
        telegram.push_message(ADMIN, "/start")
        await telegram.wait_until(lambda: len(telegram.sent(ADMIN)) == 1, 30)
        for _ in range(6):
            telegram.push_message(ADMIN, "/help")
        await telegram.wait_until(lambda: len(telegram.sent(ADMIN)) == 7, 30)

    assert telegram.webhook_deliveries and {s for _, s in telegram.webhook_deliveries} == {200}
    assert set(proxy.forwarded) == set(proxy.backends), proxy.forwarded  # each process took some
    assert telegram.polls_received == 0  # nobody polled
    assert telegram.sent(ADMIN)[0].text.startswith("Hi")


async def test_a_get_answered_by_the_process_that_does_not_lead_has_its_progress_kept(
    box: Box, postgres_url: str, tmp_path: Path
) -> None:
    # Slow enough that the message must move after the answer: the 6 MiB take several seconds.
    await box.swarm.seeder.api(
        "POST", "app/setPreferences", data={"json": json.dumps({"up_limit": SEED_RATE})}
    )
    async with (
        TelegramStandIn() as telegram,
        webhook_pair(box, telegram, postgres_url, tmp_path, only_second=True) as (proxy, _, b),
    ):
        telegram.push_message(ADMIN, "/get frieren 5")
        added = await telegram.wait_for(
            lambda c: c.method == "sendMessage" and "Added #1" in text_of(c), 60
        )
        done = await telegram.wait_for(
            lambda c: (
                c.method == "editMessageText"
                and c.message_id == added.message_id
                and "✅ complete" in text_of(c)
            ),
            timeout=120,
        )
        # The completion notice comes once, from the outbox.
        await telegram.wait_for(
            lambda c: c.method == "sendMessage" and "Download complete" in text_of(c),
            timeout=60,
        )
        assert LEADS not in b.errors, "the process that answered led after all"
        assert proxy.forwarded  # the /get went through the second process

    edits = [
        text_of(c) for c in telegram.calls_of("editMessageText") if c.message_id == added.message_id
    ]
    assert len(edits) >= 2, edits  # it moved: a state before the end, then the end
    assert edits[-1] == text_of(done)
    notices = [c for c in telegram.calls_of("sendMessage") if "Download complete" in text_of(c)]
    assert len(notices) == 1


async def test_in_webhook_mode_a_search_shown_by_one_process_is_picked_in_the_other(
    box: Box, postgres_url: str, tmp_path: Path
) -> None:
    async with (
        TelegramStandIn() as telegram,
        webhook_pair(box, telegram, postgres_url, tmp_path) as (proxy, a, b),
    ):
        telegram.push_message(ADMIN, "/search frieren 5")
        await telegram.wait_until(lambda: any(m.button_data for m in telegram.sent(ADMIN)), 60)
        searched_by = proxy.turns[-1]
        [listed] = [m for m in telegram.sent(ADMIN) if m.button_data]
        line = next(x for x in listed.text.splitlines() if EPISODE_TITLE[:40] in x)
        number = line.split(".", 1)[0]
        press = next(d for d in listed.button_data if d.endswith(f" {number}"))
        telegram.push_callback(ADMIN, press, listed.message_id)

        def added() -> bool:  # in a new message, or in the list's, edited
            return any(m.text.startswith("Added #1") for m in telegram.sent(ADMIN))

        try:
            await telegram.wait_until(added, 60)
        except AssertionError as exc:
            texts = [m.text for m in telegram.sent(ADMIN)]
            raise AssertionError(
                f"no download added; the chat holds {texts};\n"
                f"first:\n{a.errors[-3000:]}\nsecond:\n{b.errors[-3000:]}"
            ) from exc
        pressed_by = proxy.turns[-1]

    assert pressed_by != searched_by, "the press reached the process that searched"
    assert telegram.polls_received == 0
