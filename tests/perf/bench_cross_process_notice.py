"""A notice written by one process and sent by another, on one PostgreSQL: with the writer's
NOTIFY waking the sender, and without it (the sender finds the notice at its poll, as before).

    python -m pytest -m perf -s -p no:cacheprovider tests/perf/bench_cross_process_notice.py
    BENCH_NOTICES=10 python -m pytest -m perf ...  # shorter

- The sender: `iiitorrent run` as deployed (its own process, OUTBOX_POLL_INTERVAL at its default
  of 2 s), on a scratch PostgreSQL database, with its own qbittorrent-nox and the loopback Nyaa,
  AniList and Telegram Bot API stand-ins.
- The writer: this process, with the box's own outbox repository on the same database, as the
  leader's completion watcher would write a notice. Without NOTIFY it is the same writer with its
  `pg_notify` left out, which is what every writer did before.
- Latency: from the writer's commit returning to the stand-in answering the notice's
  sendMessage. BENCH_NOTICES notices a leg, each to its own chat (Telegram's one message a
  second per chat plays no part), a random pause of up to one poll interval apart so that the
  writes fall anywhere in the sender's poll.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from domain.models import ChatTarget, Notification, NotificationKind, Platform
from domain.notifications.outbox import OutboxMessage
from storage.database import open_database
from storage.repositories import outbox as outbox_module
from storage.repositories.outbox import TortoiseOutboxRepository
from tests.harness.databases import postgres_database, postgres_unreachable_reason
from tests.harness.process import IIITorrent
from tests.harness.torrents import QbittorrentNox, free_port, missing_programs
from tests.standins.anilist import AniListStandIn
from tests.standins.nyaa import NyaaStandIn
from tests.standins.telegram import ApiCall, TelegramStandIn

pytestmark = pytest.mark.perf

NOTICES = int(os.environ.get("BENCH_NOTICES", "30"))
POLL = 2.0  # OUTBOX_POLL_INTERVAL's default
ADMIN = 4242


async def leg(
    telegram: TelegramStandIn, label: str, chats: list[int], rng: random.Random
) -> list[float]:
    outbox = TortoiseOutboxRepository()
    latencies = []
    for chat in chats:
        await asyncio.sleep(rng.uniform(0, POLL))  # where in the sender's poll the write falls
        since = len(telegram.calls)
        message = OutboxMessage(
            f"bench:{label}:{chat}",
            ChatTarget(Platform.TELEGRAM, str(chat)),
            Notification(NotificationKind.DOWNLOAD_COMPLETED, "Download complete", label),
        )
        assert await outbox.enqueue([message]) == 1
        committed = time.monotonic()

        def to_chat(call: ApiCall, chat: int = chat) -> bool:
            return call.method == "sendMessage" and call.chat_id == chat

        sent = await telegram.wait_for(to_chat, timeout=30, since=since)
        latencies.append(sent.at - committed)
    return latencies


def summary(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p90 = ordered[max(0, round(0.9 * len(ordered)) - 1)]
    return (
        f"median {statistics.median(ordered) * 1000:7.1f} ms, p90 {p90 * 1000:7.1f} ms, "
        f"max {ordered[-1] * 1000:7.1f} ms"
    )


async def test_cross_process_notice_latency(
    tmp_path: Path, report: Callable[[str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = missing_programs()
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")
    reason = await postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    rng = random.Random(16)
    notify_chats = [7000 + n for n in range(NOTICES)]
    poll_chats = [8000 + n for n in range(NOTICES)]
    async with (
        postgres_database("bench_wakeups") as database_url,
        QbittorrentNox(tmp_path / "qbittorrent") as qbittorrent,
        NyaaStandIn() as nyaa,
        AniListStandIn([]) as anilist,
        TelegramStandIn() as telegram,
    ):
        for chat in notify_chats + poll_chats:
            telegram.open_chat(chat)
        port = free_port()
        settings = {
            "DATABASE_URL": database_url,
            "DATA_DIR": str(tmp_path / "sender" / "data"),
            "DOWNLOAD_DIR": str(qbittorrent.save_path),
            "QBITTORRENT_URL": qbittorrent.url,
            "NYAA_URL": nyaa.url,
            "ANILIST_API_URL": anilist.url,
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "TELEGRAM_API_BASE_URL": telegram.base_url,
            "ADMIN_TELEGRAM_IDS": str(ADMIN),
            "HTTP_PORT": str(port),
            "METRICS_PORT": str(free_port()),
            "LOG_LEVEL": "INFO",
        }
        async with IIITorrent("run", settings, tmp_path / "sender") as sender:
            await sender.expect("scheduler started", source="errors", within=60)
            # The sender has migrated the database by now; the writer only opens it.
            async with open_database(database_url):
                notified = await leg(telegram, "notify", notify_chats, rng)
                with monkeypatch.context() as patch:

                    async def silent(connection: object) -> None:
                        return None

                    patch.setattr(outbox_module, "notify_outbox", silent)
                    polled = await leg(telegram, "poll", poll_chats, rng)
            assert await sender.stop() == 0, sender.errors[-3000:]

    report(
        f"\nnotice written in one process, sent by another (`iiitorrent run`, "
        f"OUTBOX_POLL_INTERVAL={POLL:g}), {NOTICES} notices each, commit → Telegram:"
    )
    report(f"  with NOTIFY       {summary(notified)}")
    report(f"  polling only      {summary(polled)}")
    report(
        f"  median ratio      {statistics.median(polled) / statistics.median(notified):.0f}x "
        f"faster with NOTIFY"
    )
