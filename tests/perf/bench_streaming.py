"""The browser player over loopback: how soon a tap plays, what ffmpeg costs, and whether the
box stays responsive with a class watching at once. Prints figures; never asserts on timing.

    python -m pytest -m perf -p no:cacheprovider tests/perf/bench_streaming.py
    BENCH_VIDEO_SECONDS=30 BENCH_ROUNDS=3 python -m pytest -m perf ...  # shorter

- The server is the process's own public app (`build_public_app`: links, the player, a real
  Streamer with its default slots) over the fake ports, on a loopback port; media are made by
  ffmpeg for the run: 1280x720 25 fps H.264 + AAC (the copy path) and 1280x720 HEVC + FLAC (the
  transcode path), a keyframe every 2 s, as a fansub release has.
- Tap to first segment: from requesting the player page, as a phone's browser does, through the
  playlist, to the last byte of the first segment, each round on a file never streamed before
  (nothing cached). Tap to playing: the same in headless Chromium, from navigation to the page's
  first `playing` event (hls.js over MSE), when chromium is installed.
- ffmpeg CPU: user + system CPU seconds of the ffmpeg and ffprobe children (getrusage) while
  every segment of a fresh file is fetched in order, per minute of video.
- A class at once: BENCH_VIEWERS viewers, each on their own episode, fetch the playlist and
  every segment as fast as they are made (curl, one process per viewer), while /healthz is
  asked every 20 ms; then the same viewers download the raw files instead, round after round
  for as long. Wall time and /healthz p50/p99/max for both.
"""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import statistics
import subprocess
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot.streaming.streamer import Streamer, tools_installed
from bot.web.server import build_public_app, serve
from tests.integration.web.conftest import PUBLIC_URL, QB_DEFAULT, Box
from tests.integration.web.player.cdp import chromium
from tests.world import build_world, rebuilt

pytestmark = pytest.mark.perf

VIDEO_SECONDS = float(os.environ.get("BENCH_VIDEO_SECONDS", "60"))
TRANSCODE_SECONDS = float(os.environ.get("BENCH_TRANSCODE_SECONDS", "20"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
VIEWERS = int(os.environ.get("BENCH_VIEWERS", "8"))
HEALTH_EVERY = 0.02
BROWSER = {
    "User-Agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile",
    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
}


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True, timeout=600)


def make_clip(path: Path, seconds: float, *, hevc: bool) -> None:
    picture = f"testsrc2=size=1280x720:rate=25:duration={seconds}"
    tone = f"sine=frequency=440:duration={seconds}"
    video = (
        ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error:keyint=50"]
        if hevc
        else ["-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-pix_fmt", "yuv420p"]
    )
    audio = ["-c:a", "flac"] if hevc else ["-c:a", "aac", "-b:a", "128k"]
    _ffmpeg("-f", "lavfi", "-i", picture, "-f", "lavfi", "-i", tone, *video, *audio, str(path))


@dataclass(frozen=True)
class Clips:
    h264: Path
    hevc: Path


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> Clips:
    if not tools_installed():
        pytest.skip("ffmpeg and ffprobe are not installed (Debian package ffmpeg)")
    folder = tmp_path_factory.mktemp("clips")
    h264, hevc = folder / "h264.mkv", folder / "hevc.mkv"
    make_clip(h264, VIDEO_SECONDS, hevc=False)
    make_clip(hevc, TRANSCODE_SECONDS, hevc=True)
    return Clips(h264, hevc)


@dataclass
class Server:
    box: Box
    copies: int = 0

    async def link(self, source: Path) -> str:
        """A link to a fresh download holding a copy of `source`: a file never streamed."""
        self.copies += 1
        name = f"Show/[Group] Show - {self.copies:02d}{source.suffix}"
        data = await asyncio.to_thread(source.read_bytes)
        download = await self.box.torrent({name: data}, name="Show")
        links = await self.box.files.links(self.box.owner, download.id)
        return self.box.local(links.files[0].url)


@asynccontextmanager
async def player_server(tmp_path: Path) -> AsyncIterator[Server]:
    root, outside = tmp_path / "downloads", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    world = build_world()
    world.torrents.save_path_default = QB_DEFAULT
    owner = await world.person("1")
    settings = {"download_dir": root, "link_ttl": 3600, "public_url": PUBLIC_URL}
    built = rebuilt(world, settings=settings)
    service = built.services.files
    async with Streamer(tmp_path / "cache", cache_bytes=8 * 1024**3) as streamer:
        app = build_public_app(service, streamer=streamer, playback=built.playback)
        async with serve(app, "127.0.0.1", 0, connections_per_address=0) as port:
            box = Box(
                port,
                root,
                outside,
                world.users,
                world.downloads,
                world.torrents,
                world.clock,
                service,
                owner,
            )
            yield Server(box)


def stream_base(link: str) -> str:
    token = httpx.URL(link).path.split("/")[2]
    return str(httpx.URL(link).join(f"/stream/{token}/"))


async def segment_urls(client: httpx.AsyncClient, link: str) -> list[str]:
    base = stream_base(link)
    playlist = await client.get(base + "a0.m3u8")
    playlist.raise_for_status()
    return [base + line for line in playlist.text.splitlines() if line.endswith(".ts")]


async def tap_to_first_segment(client: httpx.AsyncClient, link: str) -> float:
    started = time.perf_counter()
    page = await client.get(link, headers=BROWSER)
    assert '<video id="player"' in page.text, page.text[:200]
    first = (await segment_urls(client, link))[0]
    answer = await client.get(first)
    answer.raise_for_status()
    return time.perf_counter() - started


def spread(times: list[float]) -> str:
    middle, low, high = statistics.median(times), min(times), max(times)
    return f"median {middle * 1000:.0f} ms, min {low * 1000:.0f} ms, max {high * 1000:.0f} ms"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def figures(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"p50 {statistics.median(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
        f"max {ordered[-1] * 1000:.1f} ms ({len(ordered)} asks)"
    )


async def while_asking_health(base: str, work: Callable[[], object]) -> tuple[float, list[float]]:
    """Runs `work` (a coroutine function) while /healthz is asked every HEALTH_EVERY seconds."""
    latencies: list[float] = []
    done = asyncio.Event()

    async def ask() -> None:
        async with httpx.AsyncClient(timeout=30) as client:
            while not done.is_set():
                started = time.perf_counter()
                (await client.get(base + "/healthz")).raise_for_status()
                latencies.append(time.perf_counter() - started)
                await asyncio.sleep(HEALTH_EVERY)

    asker = asyncio.create_task(ask())
    started = time.perf_counter()
    try:
        await work()  # type: ignore[misc]
    finally:
        wall = time.perf_counter() - started
        done.set()
        await asker
    return wall, latencies


async def test_tap_to_first_segment(
    clips: Clips, tmp_path: Path, report: Callable[[str], None]
) -> None:
    async with player_server(tmp_path) as server, httpx.AsyncClient(timeout=120) as client:
        for label, clip in (
            ("copy (H.264 720p)", clips.h264),
            ("transcode (HEVC 720p)", clips.hevc),
        ):
            times = [
                await tap_to_first_segment(client, await server.link(clip)) for _ in range(ROUNDS)
            ]
            report(f"tap to first segment, {label}: {spread(times)} ({ROUNDS} new files)")


async def test_tap_to_playing_in_chromium(
    clips: Clips, tmp_path: Path, report: Callable[[str], None]
) -> None:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("chromium is not installed")
    probe = (
        "window.__playing = null;"
        "document.addEventListener('loadedmetadata', e => e.target.play(), true);"
        "document.addEventListener('playing', e => {"
        " if (window.__playing === null) window.__playing = performance.now(); }, true);"
    )
    async with player_server(tmp_path) as server:
        for label, clip in (
            ("copy (H.264 720p)", clips.h264),
            ("transcode (HEVC 720p)", clips.hevc),
        ):
            times = []
            for round_ in range(ROUNDS):
                link = await server.link(clip)
                async with chromium(executable, tmp_path / f"profile-{label[:4]}-{round_}") as page:
                    await page.call("Page.addScriptToEvaluateOnNewDocument", source=probe)
                    await page.call("Page.navigate", url=link)
                    # performance.now() counts from the navigation's start.
                    times.append(await page.until("window.__playing", within=120) / 1000)
            report(f"tap to playing in Chromium, {label}: {spread(times)}")


async def test_ffmpeg_cpu_per_minute_of_video(
    clips: Clips, tmp_path: Path, report: Callable[[str], None]
) -> None:
    async with player_server(tmp_path) as server, httpx.AsyncClient(timeout=300) as client:
        for label, clip, seconds in (
            ("copy (H.264 720p)", clips.h264, VIDEO_SECONDS),
            ("transcode (HEVC 720p)", clips.hevc, TRANSCODE_SECONDS),
        ):
            link = await server.link(clip)
            before, started = children_cpu(), time.perf_counter()
            urls = await segment_urls(client, link)
            for url in urls:
                (await client.get(url)).raise_for_status()
            cpu, wall = children_cpu() - before, time.perf_counter() - started
            report(
                f"ffmpeg CPU, {label}: {cpu / (seconds / 60):.2f} CPU s per minute of video "
                f"({cpu:.2f} s for {seconds:.0f} s in {len(urls)} segments, made in {wall:.1f} s)"
            )


async def curl(urls: list[str]) -> None:
    """One client fetching `urls` one after another, in its own process (so the bench's own
    client work does not share the server's loop), every body thrown away."""
    argv = ["curl", "--silent", "--show-error", "--fail"]
    for url in urls:
        argv += ["--output", "/dev/null", url]
    process = await asyncio.create_subprocess_exec(*argv)
    if await process.wait() != 0:
        raise AssertionError(f"curl failed ({process.returncode})")


async def test_a_class_at_once_next_to_raw_files(
    clips: Clips, tmp_path: Path, report: Callable[[str], None]
) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    async with player_server(tmp_path) as server:
        links = [await server.link(clips.h264) for _ in range(VIEWERS)]
        base = server.box.base_url

        async def watch(link: str) -> None:
            async with httpx.AsyncClient(timeout=300) as own:
                urls = await segment_urls(own, link)
            await curl(urls)

        async def streams() -> None:
            await asyncio.gather(*(watch(link) for link in links))

        streaming, health = await while_asking_health(base, streams)
        report(
            f"{VIEWERS} viewers streaming at once (copy path, each their own {VIDEO_SECONDS:.0f} s "
            f"episode, every segment as fast as it is made): {streaming:.2f} s; "
            f"/healthz {figures(health)}"
        )
        rounds = 0

        async def raw() -> None:
            # Round after round for as long as the streams took, so /healthz is asked as often.
            nonlocal rounds
            started = time.perf_counter()
            while rounds == 0 or time.perf_counter() - started < streaming:
                await asyncio.gather(*(curl([link + "?download=1"]) for link in links))
                rounds += 1

        wall, health = await while_asking_health(base, raw)
        size = clips.h264.stat().st_size * VIEWERS * rounds
        report(
            f"{VIEWERS} viewers downloading the raw files at once, {rounds} rounds: "
            f"{wall:.2f} s, {size / 1024**2:.0f} MiB ({size / 1024**2 / wall:.0f} MiB/s); "
            f"/healthz {figures(health)}"
        )
