"""The walking skeleton's baseline: /get to torrent-added latency, idle memory, start-up time.

    python -m pytest -m perf tests/perf/bench_get.py

- Latency: 50 `/get` requests typed into `iiitorrent console`, each for a different episode, with
  the Nyaa and AniList stand-ins on loopback and a real qbittorrent-nox; timed from the line
  written to the `Added #…` reply (which comes after qBittorrent lists the torrent).
- Start-up: `iiitorrent run` on a fresh data folder (migrations included) until /healthz answers.
- Idle memory: that process's resident set once it idles with the Telegram bot long-polling a
  loopback Bot API and the HTTP server up. (The Discord front-end does not exist yet.)
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from domain.models import Media, Release
from tests.harness.process import IIITorrent
from tests.harness.torrents import (
    QbittorrentNox,
    free_port,
    make_torrent,
    missing_programs,
    write_random_files,
)
from tests.standins.anilist import AniListStandIn
from tests.standins.nyaa import NyaaStandIn, make_release
from tests.standins.telegram import TelegramStandIn

pytestmark = pytest.mark.perf

REQUESTS = 50
SHOW = Media(id=1, romaji="Benchmark no Bouken", english="The Benchmark Adventure", episodes=60)
ADMIN_TELEGRAM_ID = "4242"


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def episode_releases(root: Path, base_url: str) -> tuple[list[Release], dict[int, bytes]]:
    """One small real torrent per episode, and a 720p decoy beside each."""
    releases, files = [], {}
    for episode in range(1, REQUESTS + 1):
        name = f"[SubsPlease] Benchmark no Bouken - {episode:02d} (1080p) [{episode:08X}].mkv"
        write_random_files(root / "content", {name: 64 * 1024}, seed=episode)
        torrent_file, info_hash = make_torrent(
            root / "content" / name,
            "http://127.0.0.1:9/announce",
            output=root / f"{episode}.torrent",
        )
        files[episode] = torrent_file.read_bytes()
        releases.append(
            make_release(
                name, base_url=base_url, torrent_id=episode, info_hash=info_hash, seeders=5
            )
        )
        releases.append(
            make_release(
                name.replace("1080p", "720p"), base_url=base_url, torrent_id=1000 + episode
            )
        )
    return releases, files


def resident_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


async def test_get_latency_startup_and_idle_memory(
    tmp_path: Path, report: Callable[[str], None]
) -> None:
    missing = missing_programs()
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")
    async with (
        QbittorrentNox(tmp_path / "qbittorrent") as qbittorrent,
        NyaaStandIn() as nyaa,
        AniListStandIn([SHOW]) as anilist,
        TelegramStandIn() as telegram,
    ):  # fmt: skip
        nyaa.releases, nyaa.torrent_files = await asyncio.to_thread(
            episode_releases, tmp_path / "torrents", nyaa.url
        )
        settings = {
            "DATA_DIR": str(tmp_path / "data"),
            "DOWNLOAD_DIR": str(qbittorrent.save_path),
            "QBITTORRENT_URL": qbittorrent.url,
            "NYAA_URL": nyaa.url,
            "ANILIST_API_URL": anilist.url,
            "LOG_LEVEL": "WARNING",
        }

        latencies = []
        async with IIITorrent("console", settings, tmp_path / "console") as console:
            await console.send("/start")  # start-up is measured below, not in the first /get
            await console.expect(r"Hi operator", within=60)
            for episode in range(1, REQUESTS + 1):
                started = time.perf_counter()
                await console.send(f"/get benchmark no bouken {episode}")
                await console.expect(rf"Added #{episode}: [^\n]+- {episode:02d} \(1080p\)")
                latencies.append(time.perf_counter() - started)
            assert await console.close_input() == 0
        added = await qbittorrent.torrents()
        assert len(added) == REQUESTS

        port = str(free_port())
        run_settings = {
            **settings,
            "DATA_DIR": str(tmp_path / "run-data"),
            "HTTP_PORT": port,
            "METRICS_PORT": str(free_port()),
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "TELEGRAM_API_BASE_URL": telegram.base_url,
            "ADMIN_TELEGRAM_IDS": ADMIN_TELEGRAM_ID,
        }
        started = time.perf_counter()
        async with IIITorrent("run", run_settings, tmp_path / "run") as box:
            async with httpx.AsyncClient() as http:
                while True:
                    try:
                        if (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    assert box.returncode is None, box.errors
                    await asyncio.sleep(0.02)
            startup = time.perf_counter() - started
            # One round trip proves the bot is up before the idle period starts.
            telegram.push_message(int(ADMIN_TELEGRAM_ID), "/start")
            await telegram.wait_for(lambda call: call.method == "sendMessage", timeout=30)
            await asyncio.sleep(3)  # the idle period being measured
            idle_rss = resident_kib(box.pid)
            assert await box.stop() == 0

    report("")
    report(f"/get → torrent added, {REQUESTS} requests through the console:")
    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
    report(
        f"  p50 {p50 * 1000:.0f} ms · p99 {p99 * 1000:.0f} ms"
        f" · mean {statistics.fmean(latencies) * 1000:.0f} ms · max {max(latencies) * 1000:.0f} ms"
    )
    slowest = sorted(range(REQUESTS), key=latencies.__getitem__)[-3:]
    report(
        "  slowest requests: "
        + ", ".join(f"#{i + 1} {latencies[i] * 1000:.0f} ms" for i in slowest)
    )
    report(f"start-up of `iiitorrent run` to /healthz answering: {startup * 1000:.0f} ms")
    report(f"resident memory, idle, Telegram + HTTP server up: {idle_rss / 1024:.1f} MiB")
