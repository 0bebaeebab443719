"""From qBittorrent finishing a download to the Telegram notice, end to end, with default settings.

    python -m pytest -m perf -s -p no:cacheprovider tests/perf/bench_notice_latency.py
    BENCH_DOWNLOADS=3 BENCH_IDLE_SECONDS=20 python -m pytest -m perf ...  # shorter

- The box: `iiitorrent run` as deployed (its own process, every timing setting at its default)
  in front of a real qbittorrent-nox, a loopback tracker and seeding qbittorrent-nox, and the
  loopback Nyaa, AniList and Telegram Bot API stand-ins. An admin sends `/get frieren <n>` for
  BENCH_DOWNLOADS episodes, one after another; each is a real 4 MiB torrent, seeded at 1 MiB/s
  so that it downloads for a few seconds, as a real one does (and the `/get` reply's progress
  edits go to the same chat meanwhile, under the same per-chat limit as the notice).
- "Finished" is the first moment qBittorrent's own Web API lists the torrent with progress 1, as
  seen by this bench asking it every 20 ms: what qBittorrent itself knows, before any of our code
  could. (qBittorrent stamps `completion_on` in whole seconds only; the latency against that
  stamp is printed beside it, and is up to a second longer by its rounding down.)
- "Announced" is the moment the Telegram stand-in answers the notice's sendMessage.
- Start-up: from spawning the process to `/healthz` answering 200 (a fresh database).
- Idle: after the downloads, CPU time (user + system, from /proc) of the box's process over
  BENCH_IDLE_SECONDS with nothing to do but its schedule (the finished torrents seeding), as a
  share of one core; the qbittorrent-nox beside it is printed too. Resident memory after it.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import FRIEREN
from tests.harness.process import IIITorrent
from tests.harness.torrents import MiB, QbittorrentNox, Swarm, Torrent, free_port, missing_programs
from tests.standins.anilist import AniListStandIn
from tests.standins.nyaa import NyaaStandIn, make_release
from tests.standins.telegram import ApiCall, TelegramStandIn

pytestmark = pytest.mark.perf

DOWNLOADS = int(os.environ.get("BENCH_DOWNLOADS", "8"))
IDLE_SECONDS = float(os.environ.get("BENCH_IDLE_SECONDS", "60"))
ADMIN = 4242
WATCH_EVERY = 0.02
SIZE = 4 * MiB
SEED_RATE = 1 * MiB  # bytes a second
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def title(episode: int) -> str:
    return f"[SubsPlease] Sousou no Frieren - {episode:02d} (1080p) [BE{episode:06X}].mkv"


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (fields 14 and 15 of /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def resident_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise LookupError("no VmRSS")


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def healthy(http: httpx.AsyncClient, port: int) -> bool:
    try:
        return (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
    except httpx.TransportError:
        return False


async def finished_at(
    qbittorrent: QbittorrentNox, info_hash: str
) -> tuple[float, dict[str, object]]:
    """The monotonic moment qBittorrent first lists the torrent complete, watched closely."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        info = await qbittorrent.torrent(info_hash)
        if info is not None and info["progress"] >= 1:
            return time.monotonic(), info
        await asyncio.sleep(WATCH_EVERY)
    raise AssertionError(f"{info_hash} never finished")


def is_notice(call: ApiCall) -> bool:
    return call.method == "sendMessage" and "Download complete" in str(call.params.get("text"))


async def test_notice_latency_end_to_end(tmp_path: Path, report: Callable[[str], None]) -> None:
    missing = missing_programs()
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")
    episodes = list(range(1, DOWNLOADS + 1))
    async with Swarm(tmp_path / "swarm") as swarm:
        torrents: dict[int, Torrent] = {
            n: await swarm.seed(title(n), size=SIZE, seed=100 + n) for n in episodes
        }
        await swarm.seeder.api(
            "POST", "app/setPreferences", data={"json": json.dumps({"up_limit": SEED_RATE})}
        )
        async with (
            QbittorrentNox(tmp_path / "box-qbittorrent") as qbittorrent,
            NyaaStandIn() as nyaa,
            AniListStandIn([FRIEREN]) as anilist,
            TelegramStandIn() as telegram,
        ):
            for n, torrent in torrents.items():
                nyaa.releases.append(
                    make_release(
                        torrent.name,
                        base_url=nyaa.url,
                        torrent_id=9000 + n,
                        info_hash=torrent.info_hash,
                        size=SIZE,
                        seeders=1,
                    )
                )
                nyaa.torrent_files[9000 + n] = torrent.torrent_file.read_bytes()
            port = free_port()
            settings = {
                "DATA_DIR": str(tmp_path / "box" / "data"),
                "DOWNLOAD_DIR": str(qbittorrent.save_path),
                "QBITTORRENT_URL": qbittorrent.url,
                "NYAA_URL": nyaa.url,
                "ANILIST_API_URL": anilist.url,
                "TELEGRAM_BOT_TOKEN": telegram.token,
                "TELEGRAM_API_BASE_URL": telegram.base_url,
                "ADMIN_TELEGRAM_IDS": str(ADMIN),
                "HTTP_PORT": str(port),
                "METRICS_PORT": str(free_port()),
            }
            spawned = time.monotonic()
            async with (
                IIITorrent("run", settings, tmp_path / "box") as process,
                httpx.AsyncClient(timeout=2.0) as http,
            ):
                while not await healthy(http, port):
                    assert process.returncode is None, process.errors[-3000:]
                    assert time.monotonic() - spawned < 60, "/healthz never answered"
                    await asyncio.sleep(0.01)
                startup = time.monotonic() - spawned

                latencies: list[float] = []
                against_stamp: list[float] = []
                behind: list[str] = []
                for n in episodes:
                    torrent = torrents[n]
                    since = len(telegram.calls)
                    telegram.push_message(ADMIN, f"/get frieren {n}")
                    watching = asyncio.create_task(finished_at(qbittorrent, torrent.info_hash))
                    notice = await telegram.wait_for(is_notice, timeout=180, since=since)
                    done, info = await watching
                    # Both sides' clocks: monotonic for the close watch, wall for qBittorrent's.
                    wall_of_notice = time.time() - (time.monotonic() - notice.at)
                    latencies.append(notice.at - done)
                    before = [
                        c
                        for c in telegram.calls[since:]
                        if c.at < notice.at
                        and c.chat_id == ADMIN
                        and c.method in ("sendMessage", "editMessageText")
                    ]
                    if os.environ.get("BENCH_TRACE"):
                        print(
                            f"ep {n}: "
                            + ", ".join(
                                f"{c.method[:6]}@{c.at - done:+.2f}"
                                for c in telegram.calls[since:]
                                if c.chat_id == ADMIN
                            )
                        )
                    if before and notice.at - before[-1].at < 1.2:
                        behind.append(f"{before[-1].method} {notice.at - before[-1].at:.2f} s")
                    against_stamp.append(wall_of_notice - float(str(info["completion_on"])))

                cpu_box, cpu_qbt = cpu_seconds(process.pid), cpu_seconds(qbittorrent.pid or 0)
                idle_started = time.monotonic()
                await asyncio.sleep(IDLE_SECONDS)  # measuring an idle stretch, not waiting on it
                idle_wall = time.monotonic() - idle_started
                box_share = (cpu_seconds(process.pid) - cpu_box) / idle_wall
                qbt_share = (cpu_seconds(qbittorrent.pid or 0) - cpu_qbt) / idle_wall
                memory = resident_mib(process.pid)
                assert await process.stop() == 0, process.errors[-3000:]

    report(
        f"\nnotice latency, end to end with default settings, {len(latencies)} downloads "
        f"(qBittorrent lists it finished → Telegram receives the notice):"
    )
    report(
        f"  median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p90 {percentile(latencies, 0.9) * 1000:.0f} ms, "
        f"max {max(latencies) * 1000:.0f} ms; each: "
        + ", ".join(f"{x * 1000:.0f}" for x in latencies)
    )
    report(
        f"  against qBittorrent's completion_on (whole seconds, rounded down): "
        f"median {statistics.median(against_stamp):.2f} s, "
        f"p90 {percentile(against_stamp, 0.9):.2f} s"
    )
    report(
        f"  notices sent within 1.2 s of the message before them in the admin's chat (the "
        f"per-chat limit): {len(behind)} of {len(latencies)}"
        + (f" ({', '.join(behind)})" if behind else "")
    )
    report(f"  start-up to /healthz: {startup:.2f} s")
    report(
        f"  idle over {idle_wall:.0f} s: the box {box_share * 100:.2f}% of a core, "
        f"its qbittorrent-nox {qbt_share * 100:.2f}%; box resident memory {memory:.0f} MiB"
    )
