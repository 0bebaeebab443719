"""One `iiitorrent run` next to two on one PostgreSQL: what the second process buys.

    python -m pytest -m perf tests/perf/bench_scale.py

- /get throughput: 50 `/get`s from 50 people at once, each for a different episode (small real
  torrents nobody seeds, as in bench_get.py), through the Telegram stand-in in webhook mode
  behind the round-robin proxy with one process and then with two; requests a second from the
  first push to the last `Added #…` reply, and each request's latency (push → reply).
- Notice throughput: 500 completion notices put into the outbox at once (5 each to 100 chats),
  sent by one process and then by two; the stand-in enforces Telegram's limits per token at
  real speed, so two processes share the same 30 a second: the rate is printed next to it.
- Failover: the leader SIGKILLed → the other logs that it runs the scheduled jobs, and → its
  first completed run of the completions job (its /metrics), three times.
"""

from __future__ import annotations

import asyncio
import functools
import statistics
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.harness.cluster import RoundRobin, burst, enqueue, metric, start_runs
from tests.harness.databases import postgres_database, postgres_unreachable_reason
from tests.harness.process import IIITorrent
from tests.harness.torrents import QbittorrentNox, eventually, free_port, missing_programs
from tests.perf.bench_get import REQUESTS, SHOW, episode_releases, percentile
from tests.standins.anilist import AniListStandIn
from tests.standins.nyaa import NyaaStandIn
from tests.standins.telegram import ApiCall, TelegramStandIn

pytestmark = pytest.mark.perf

ADMIN = 4242
PEOPLE = [8000 + n for n in range(1, REQUESTS + 1)]
CHATS = [6000 + n for n in range(100)]
PER_CHAT = 5
TELEGRAM_PER_SECOND = 30
SLACK = 0.1  # seconds of arrival jitter the stand-in forgives, as Telegram does
LEADS = "this process now runs the scheduled jobs"
FAILOVERS = 3


@dataclass
class Cluster:
    telegram: TelegramStandIn
    runs: list[IIITorrent]
    settings: list[dict[str, str]]
    database_url: str


@pytest.fixture
async def parts(tmp_path: Path) -> AsyncIterator[tuple[QbittorrentNox, NyaaStandIn, str]]:
    """The qbittorrent-nox, the Nyaa stand-in listing bench_get.py's episodes, AniList's URL."""
    missing = missing_programs()
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")
    reason = await postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    async with (
        QbittorrentNox(tmp_path / "qbittorrent") as qbittorrent,
        NyaaStandIn() as nyaa,
        AniListStandIn([SHOW]) as anilist,
    ):
        nyaa.releases, nyaa.torrent_files = await asyncio.to_thread(
            episode_releases, tmp_path / "torrents", nyaa.url
        )
        yield qbittorrent, nyaa, anilist.url


@asynccontextmanager
async def cluster(
    parts: tuple[QbittorrentNox, NyaaStandIn, str],
    root: Path,
    processes: int,
    *,
    webhook: bool = True,
    limits: bool = False,
) -> AsyncIterator[Cluster]:
    """`processes` × `iiitorrent run` on a fresh PostgreSQL database, started one at a time,
    with the Telegram stand-in (and, for a webhook, the proxy in front of them)."""
    qbittorrent, nyaa, anilist_url = parts
    async with AsyncExitStack() as stack:
        url = await stack.enter_async_context(postgres_database("bench"))
        telegram = await stack.enter_async_context(TelegramStandIn())
        if limits:
            telegram.enforce_limits(slack=SLACK)
        ports = [free_port() for _ in range(processes)]
        box = {
            "DATABASE_URL": url,
            "LINK_SECRET": "x" * 40,
            "ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "QBITTORRENT_URL": qbittorrent.url,
            "DOWNLOAD_DIR": str(qbittorrent.save_path),
            "NYAA_URL": nyaa.url,
            "ANILIST_API_URL": anilist_url,
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "TELEGRAM_API_BASE_URL": telegram.base_url,
            "ADMIN_TELEGRAM_IDS": ",".join(map(str, [ADMIN, *PEOPLE])),
            "OUTBOX_POLL_INTERVAL": "1",
            "LOG_LEVEL": "INFO",
        }
        if webhook:
            proxy = await stack.enter_async_context(
                RoundRobin([f"http://127.0.0.1:{port}" for port in ports])
            )
            box["TELEGRAM_WEBHOOK_URL"] = f"{proxy.url}/telegram"
        started = await start_runs(stack, box, ports, root)
        runs, settings = [run for run, _ in started], [one for _, one in started]
        yield Cluster(telegram, runs, settings, url)


def answered(telegram: TelegramStandIn, count: int) -> bool:
    return len(telegram.sent(ADMIN)) >= count


def added(telegram: TelegramStandIn, person: int) -> ApiCall | None:
    return next(
        (
            c
            for c in telegram.calls
            if c.method == "sendMessage" and c.chat_id == person and c.text.startswith("Added #")
        ),
        None,
    )


async def get_round(
    parts: tuple[QbittorrentNox, NyaaStandIn, str], root: Path, processes: int
) -> tuple[float, list[float]]:
    """(requests a second, latencies) of REQUESTS /gets at once."""
    qbittorrent = parts[0]
    previous = "|".join(t["hash"] for t in await qbittorrent.torrents())
    if previous:  # the last round's torrents: each round adds them afresh
        await qbittorrent.api(
            "POST", "torrents/delete", data={"hashes": previous, "deleteFiles": "true"}
        )

        async def gone() -> bool:
            return not await qbittorrent.torrents()

        await eventually(gone, within=30, what="the last round's torrents to go")
    async with cluster(parts, root, processes) as c:
        # Every process answers once before the clock starts.
        for n in range(processes):
            c.telegram.push_message(ADMIN, "/help")
            await c.telegram.wait_until(functools.partial(answered, c.telegram, n + 1), 30)
        pushed = {}
        started = time.monotonic()
        for episode, person in enumerate(PEOPLE, start=1):
            pushed[person] = time.monotonic()
            c.telegram.push_message(person, f"/get benchmark no bouken {episode}")
        await c.telegram.wait_until(lambda: all(added(c.telegram, p) for p in PEOPLE), 180)
        replies = {p: added(c.telegram, p) for p in PEOPLE}
    arrived = {p: call.at for p, call in replies.items() if call is not None}
    latencies = [arrived[p] - pushed[p] for p in PEOPLE]
    return REQUESTS / (max(arrived.values()) - started), latencies


async def notice_round(
    parts: tuple[QbittorrentNox, NyaaStandIn, str], root: Path, processes: int
) -> tuple[float, int, list[float]]:
    """(notices a second from first to last arrival, 429s, each process's share)."""
    messages = burst(CHATS, PER_CHAT)
    async with cluster(parts, root, processes, webhook=False, limits=True) as c:
        for chat in CHATS:
            c.telegram.open_chat(chat)
        await enqueue(c.database_url, messages)
        chats = set(CHATS)

        def sent() -> list[ApiCall]:
            return [
                call
                for call in c.telegram.calls
                if call.method == "sendMessage" and call.ok and call.chat_id in chats
            ]

        await c.telegram.wait_until(lambda: len(sent()) >= len(messages), 180)
        times = sorted(call.at for call in sent())
        shares = [
            await metric(s, "notifications_sent_total", platform="telegram") for s in c.settings
        ]
        refused = len(c.telegram.flood_refusals)
    return (len(times) - 1) / (times[-1] - times[0]), refused, shares


async def failover_round(
    parts: tuple[QbittorrentNox, NyaaStandIn, str], root: Path
) -> tuple[float, float]:
    """(seconds to the survivor's log line, seconds to its first completions run)."""
    async with cluster(parts, root, 2, webhook=False) as c:
        [leader] = [n for n, run in enumerate(c.runs) if LEADS in run.errors]
        survivor, settings = c.runs[1 - leader], c.settings[1 - leader]
        runs = {"job": "completions", "outcome": "ok"}
        before = await metric(settings, "scheduler_job_runs_total", **runs)
        killed = time.monotonic()
        await c.runs[leader].kill()
        await survivor.expect(LEADS, source="errors", within=60)
        leads = time.monotonic() - killed

        async def ran() -> bool:
            return await metric(settings, "scheduler_job_runs_total", **runs) > before

        await eventually(ran, within=60, what="the survivor's first job run", interval=0.02)
        return leads, time.monotonic() - killed


async def test_get_and_notice_throughput_and_failover(
    parts: tuple[QbittorrentNox, NyaaStandIn, str],
    tmp_path: Path,
    report: Callable[[str], None],
) -> None:
    gets = {n: await get_round(parts, tmp_path / f"get{n}", n) for n in (1, 2)}
    notices = {n: await notice_round(parts, tmp_path / f"notices{n}", n) for n in (1, 2)}
    failovers = [await failover_round(parts, tmp_path / f"failover{n}") for n in range(FAILOVERS)]

    report("")
    report(f"/get → `Added` reply, {REQUESTS} people at once, webhook behind the proxy:")
    for n, (rate, latencies) in gets.items():
        report(
            f"  {n} process{'es' if n > 1 else ''}: {rate:.1f} requests/s"
            f" · p50 {percentile(latencies, 0.5) * 1000:.0f} ms"
            f" · p99 {percentile(latencies, 0.99) * 1000:.0f} ms"
        )
    report(f"  two / one: {gets[2][0] / gets[1][0]:.2f}×")
    report(f"{len(CHATS) * PER_CHAT} notices from the outbox, Telegram's limits enforced:")
    for n, (rate, refused, shares) in notices.items():
        report(
            f"  {n} process{'es' if n > 1 else ''}: {rate:.1f}/s"
            f" ({rate / TELEGRAM_PER_SECOND:.1%} of the {TELEGRAM_PER_SECOND}/s limit)"
            f" · {refused} answered 429 · sent by each: {', '.join(f'{s:.0f}' for s in shares)}"
        )
    report(f"  two / one: {notices[2][0] / notices[1][0]:.2f}×")
    leads, jobs = zip(*failovers, strict=True)
    report(f"failover, leader SIGKILLed, {FAILOVERS} times:")
    report(
        f"  → the other says it runs the jobs: {', '.join(f'{s:.2f}' for s in leads)} s"
        f" (median {statistics.median(leads):.2f} s)"
    )
    report(
        f"  → its first completions run done: {', '.join(f'{s:.2f}' for s in jobs)} s"
        f" (median {statistics.median(jobs):.2f} s)"
    )
