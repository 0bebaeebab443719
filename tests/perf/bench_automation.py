"""The completion watcher against a real qbittorrent-nox holding thousands of torrents.

    python -m pytest -m perf tests/perf/bench_automation.py
    BENCH_TORRENTS=500 python -m pytest -m perf tests/perf/bench_automation.py  # smaller box

- Setup: BENCH_TORRENTS (default 2,000) magnets of random info hashes with no peers (they sit
  waiting for metadata, which is enough to be held and listed), added through the Web API in
  batches with our tags, each with its download row; 49 of them belong to the user whose /status
  is timed. One real 4 MiB torrent, seeded by a loopback swarm, is that user's 50th and completes
  during the run.
- Completion latency: from qBittorrent listing that torrent finished (watched every 50 ms) to the
  watcher writing its DownloadCompleted to the outbox, the watcher polling every
  POLL_INTERVAL seconds (the default COMPLETION_POLL_INTERVAL, 1; the wait for the next poll
  dominates, so both are printed). From there to the chat, end to end: bench_notice_latency.py.
- /status: `DownloadService.statuses` for the user with 50 downloads while the watcher runs.
- Idle cycle: CPU time (`time.process_time`) and wall time of one watcher cycle when nothing
  changed, and of the first full cycle after a start (the reconciliation of every download).
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.models import ChatTarget, Platform, RequestKind, Role
from domain.qbittorrent.gateway import QBittorrentGateway
from domain.qbittorrent.mapping import OUR_TAG, owner_tag
from domain.services.completions import CompletionWatcher
from domain.services.downloads import DownloadService
from domain.services.search import SearchService
from storage.repositories.completions import TortoiseCompletionRepository
from storage.repositories.download_requests import TortoiseDownloadRequestRepository
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.outbox import TortoiseOutboxRepository
from storage.repositories.users import TortoiseUserRepository
from tests.fakes import FakeCatalog, FakeIndex
from tests.harness.databases import migrated_database, sqlite_url
from tests.harness.torrents import MiB, QbittorrentNox, Swarm, missing_programs

pytestmark = pytest.mark.perf

TORRENTS = int(os.environ.get("BENCH_TORRENTS", "2000"))
STATUS_DOWNLOADS = 50
BATCH = 100
POLL_INTERVAL = 1.0
IDLE_CYCLES = 30
STATUS_CALLS = 30


def utc_now() -> datetime:
    return datetime.now(UTC)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


async def hold_torrents(
    qbittorrent: QbittorrentNox, owners: list[int], rng: random.Random
) -> list[str]:
    """Magnets of random hashes, one per owner in `owners`, added in batches with our tags."""
    rows = TortoiseDownloadRepository()
    hashes: list[str] = []
    for start in range(0, len(owners), BATCH):
        batch = owners[start : start + BATCH]
        by_owner: dict[int, list[str]] = {}
        for owner in batch:
            by_owner.setdefault(owner, []).append(f"{rng.getrandbits(160):040x}")
        for owner, owned in by_owner.items():
            await qbittorrent.api(
                "POST",
                "torrents/add",
                data={
                    "urls": "\n".join(f"magnet:?xt=urn:btih:{h}&dn=held-{h[:8]}" for h in owned),
                    "tags": f"{OUR_TAG},{owner_tag(owner)}",
                    "paused": "false",
                },
            )
            for h in owned:
                await rows.add(info_hash=h, owner_id=owner, name=f"held-{h[:8]}", request_id=None)
            hashes += owned
    return hashes


async def test_watcher_with_thousands_of_torrents(
    tmp_path: Path, report: Callable[[str], None]
) -> None:
    missing = missing_programs()
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")
    async with (
        migrated_database(sqlite_url(tmp_path / "db" / "iiitorrent.db")),
        Swarm(tmp_path / "swarm") as swarm,
        QbittorrentNox(tmp_path / "qbittorrent") as qbittorrent,
        QBittorrentGateway(qbittorrent.url, "", "", timeout=30.0) as gateway,
    ):  # fmt: skip
        users = TortoiseUserRepository()
        bulk = await users.create(
            platform=Platform.TELEGRAM, external_id="1", display_name="Bulk", role=Role.USER
        )
        viewer = await users.create(
            platform=Platform.TELEGRAM, external_id="2", display_name="Viewer", role=Role.USER
        )
        # The viewer's 50th download is the real torrent added below.
        owners = [viewer.id] * (STATUS_DOWNLOADS - 1) + [bulk.id] * (TORRENTS - STATUS_DOWNLOADS)
        started = time.perf_counter()
        held = await hold_torrents(qbittorrent, owners, random.Random(6))
        listed = len(await qbittorrent.torrents())
        setup = time.perf_counter() - started
        report(
            f"held {len(held)} torrents in {setup:.1f} s (qBittorrent lists {listed}; "
            f"the real one below makes {listed + 1})"
            + ("" if TORRENTS == 2000 else f" (scaled from 2,000 by BENCH_TORRENTS={TORRENTS})")
        )

        watcher = CompletionWatcher(
            sync=gateway,
            completions=TortoiseCompletionRepository(),
            outbox=TortoiseOutboxRepository(),
            clock=utc_now,
            downloads=TortoiseDownloadRepository(),
        )
        cpu, wall = time.process_time(), time.perf_counter()
        first = await watcher.poll()
        report(
            f"first (full) cycle over {first.changed} torrents: "
            f"{ms(time.process_time() - cpu)} CPU, {ms(time.perf_counter() - wall)} wall, "
            f"{first.missing} marked missing"
        )

        idle_cpu, idle_wall = [], []
        for _ in range(IDLE_CYCLES):
            cpu, wall = time.process_time(), time.perf_counter()
            await watcher.poll()
            idle_cpu.append(time.process_time() - cpu)
            idle_wall.append(time.perf_counter() - wall)
        report(
            f"idle cycle ({IDLE_CYCLES} cycles, magnets waiting for metadata): "
            f"CPU median {ms(statistics.median(idle_cpu))}, p95 {ms(percentile(idle_cpu, 0.95))}; "
            f"wall median {ms(statistics.median(idle_wall))}"
        )

        # One real torrent, requested by the viewer, completes while the watcher runs.
        seeded = await swarm.seed("Bench Show - 01 [1080p].mkv", size=4 * MiB, seed=11)
        request = await TortoiseDownloadRequestRepository().create(
            user_id=viewer.id,
            query="bench show",
            kind=RequestKind.EPISODE,
            episode=1,
            reply_to=ChatTarget(Platform.TELEGRAM, "2"),
        )
        await gateway.add(seeded.magnet, info_hash=seeded.info_hash, owner_id=viewer.id)
        await TortoiseDownloadRepository().add(
            info_hash=seeded.info_hash, owner_id=viewer.id, name=seeded.name, request_id=request.id
        )
        announced_at: list[float] = []
        cycles: list[float] = []

        async def watch() -> None:
            while True:
                began = time.perf_counter()
                done = await watcher.poll()
                cycles.append(time.perf_counter() - began)
                if seeded.info_hash in done.completed:
                    announced_at.append(time.perf_counter())
                await asyncio.sleep(POLL_INTERVAL)

        service = DownloadService(
            users=users,
            requests=TortoiseDownloadRequestRepository(),
            downloads=TortoiseDownloadRepository(),
            torrents=gateway,
            search=SearchService(FakeIndex(), FakeCatalog()),
            clock=utc_now,
        )
        watching = asyncio.create_task(watch())
        try:
            info = await qbittorrent.wait_for_torrent(
                seeded.info_hash, lambda t: t["progress"] >= 1, within=120, what="the download"
            )
            finished_at = time.perf_counter()
            status_times = []
            for _ in range(STATUS_CALLS):
                began = time.perf_counter()
                statuses = await service.statuses(viewer)
                status_times.append(time.perf_counter() - began)
            deadline = time.perf_counter() + 60
            while not announced_at:
                assert time.perf_counter() < deadline, "the completion was never announced"
                await asyncio.sleep(0.01)
        finally:
            watching.cancel()
            await asyncio.gather(watching, return_exceptions=True)
        entries = await TortoiseOutboxRepository().entries()
        assert [e.event for e, _ in entries] == [f"download_completed:{statuses[0].download.id}"]
        report(
            f"completion to DownloadCompleted in the outbox: {ms(announced_at[0] - finished_at)} "
            f"(polling every {POLL_INTERVAL:.0f} s; {info['state']} when seen)"
        )
        report(
            f"watcher cycle while running: median {ms(statistics.median(cycles))} "
            f"over {len(cycles)} cycles"
        )
        report(
            f"/status for {len(statuses)} downloads while the watcher runs: "
            f"median {ms(statistics.median(status_times))}, "
            f"p95 {ms(percentile(status_times, 0.95))}"
        )
