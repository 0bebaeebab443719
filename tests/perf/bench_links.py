"""Download links under load: one 1 GiB file next to nginx, then 64 downloads at once.

The server is the real aiohttp app with the link routes, over the fake ports (the database and
qBittorrent are not what is measured); files are real, on disk and in the page cache. curl is
the client for the throughput race, so neither server shares its process with the client.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import httpx
import pytest

from bot.web.files import LinkServer
from bot.web.server import build_web_app, serve
from domain.links.tokens import LinkKey, LinkSigner
from domain.models import DEFAULT_NODE, DownloadState, Platform, Role, TorrentFile, TorrentStatus
from domain.services.files import FileService, FileSite
from tests.fakes import FakeClock, FakeDownloads, FakeTorrents, FakeUsers

pytestmark = pytest.mark.perf

GIB = 1024**3
PUBLIC = "http://public.example"


def write_random(path: Path, size: int, seed: int) -> str:
    rng, digest = random.Random(seed), hashlib.sha256()
    with path.open("wb") as file:
        left = size
        while left:
            chunk = rng.randbytes(min(left, 8 * 1024 * 1024))
            file.write(chunk)
            digest.update(chunk)
            left -= len(chunk)
    return digest.hexdigest()


@asynccontextmanager
async def link_box(root: Path, names: list[str]) -> AsyncIterator[tuple[int, list[str]]]:
    """Our server on a loopback port, and one local link per file in `root`."""
    clock, users, torrents = FakeClock(), FakeUsers(), FakeTorrents()
    downloads = FakeDownloads(clock)
    owner = await users.create(
        platform=Platform.CONSOLE, external_id="b", display_name="b", role=Role.USER
    )
    info_hash = "b" * 40
    await torrents.add("magnet:?xt=urn:btih:" + info_hash, info_hash=info_hash, owner_id=owner.id)
    torrents.torrents_by_hash[info_hash] = TorrentStatus(
        info_hash,
        "bench",
        DownloadState.COMPLETED,
        1.0,
        0,
        0,
        0,
        0,
        None,
        (owner.id,),
        save_path=str(root),
    )
    torrents.files_by_hash[info_hash] = [
        TorrentFile(i, name, (root / name).stat().st_size, 1.0) for i, name in enumerate(names)
    ]
    torrents.save_path_default = str(root)
    download = await downloads.add(
        info_hash=info_hash, owner_id=owner.id, name="b", request_id=None
    )
    service = FileService(
        users=users,
        downloads=downloads,
        torrents=torrents,
        signer=LinkSigner([LinkKey.from_secret("bench")], clock, ttl=3600),
        sites={DEFAULT_NODE: FileSite(str(root), PUBLIC)},
    )
    links = await service.links(owner, download.id)
    async with serve(build_web_app(links=LinkServer(service)), "127.0.0.1", 0) as port:
        yield port, [f"http://127.0.0.1:{port}{f.url[len(PUBLIC) :]}" for f in links.files]


@contextmanager
def nginx(root: Path, work: Path) -> Iterator[int]:
    binary = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if binary is None:
        pytest.skip("nginx is not installed (apt-get install nginx): no baseline to compare with")
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    work.mkdir()
    user = "user root;" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(
        f"""{user}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    server {{ listen 127.0.0.1:{port}; root {root}; }}
}}
"""
    )
    process = subprocess.Popen(
        [binary, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.skip(f"nginx did not start: {process.stderr.read()!r}")  # type: ignore[union-attr]
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


async def curl_seconds(url: str) -> float:
    """Wall time of one download by curl into /dev/null."""
    started = time.perf_counter()
    curl = await asyncio.create_subprocess_exec("curl", "-sS", "--fail", "-o", "/dev/null", url)
    assert await curl.wait() == 0
    return time.perf_counter() - started


async def curl_sha256(url: str) -> str:
    curl = await asyncio.create_subprocess_exec(
        "curl", "-sS", "--fail", "-o", "-", url, stdout=asyncio.subprocess.PIPE
    )
    digest = hashlib.sha256()
    assert curl.stdout is not None
    while chunk := await curl.stdout.read(4 * 1024 * 1024):
        digest.update(chunk)
    assert await curl.wait() == 0
    return digest.hexdigest()


async def test_one_gib_next_to_nginx(tmp_path: Path, report: Callable[[str], None]) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    root = tmp_path / "files"
    root.mkdir()
    expected = await asyncio.to_thread(write_random, root / "episode.mkv", GIB, 1)
    with nginx(root, tmp_path / "nginx") as nginx_port:
        nginx_url = f"http://127.0.0.1:{nginx_port}/episode.mkv"
        async with link_box(root, ["episode.mkv"]) as (_, [url]):
            assert await curl_sha256(url) == expected  # also warms the page cache
            assert await curl_sha256(nginx_url) == expected
            ours, theirs = [], []
            for _ in range(3):
                ours.append(await curl_seconds(url))
                theirs.append(await curl_seconds(nginx_url))
    best_ours, best_nginx = GIB / min(ours) / 2**20, GIB / min(theirs) / 2**20
    report(
        f"1 GiB over loopback (best of 3, curl): iiitorrent {best_ours:.0f} MiB/s, "
        f"nginx {best_nginx:.0f} MiB/s, ratio {best_ours / best_nginx:.2f}"
    )


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


# The 64 clients run in a process of their own, so the server's loop is measured, not theirs.
CLIENTS = """
import asyncio, hashlib, json, sys
import httpx

urls, size, digests = json.loads(sys.argv[1])
outcomes = {"whole": 0, "ranged": 0, "aborted": 0, "wrong": 0}

async def one(n, client):
    file = n % len(urls)
    if n % 4 == 1:  # a resumed piece
        start = (n * 997331) % size
        answer = await client.get(urls[file], headers={"Range": f"bytes={start}-"})
        digest = hashlib.sha256(answer.content).hexdigest()
        ok = answer.status_code == 206 and digest == digests[file][str(start)]
        outcomes["ranged" if ok else "wrong"] += 1
    elif n % 4 == 2:  # a phone that gives up half-way
        async with client.stream("GET", urls[file]) as answer:
            got = 0
            async for chunk in answer.aiter_raw():
                got += len(chunk)
                if got >= size // 2:
                    break
        outcomes["aborted"] += 1
    else:
        digest = hashlib.sha256()
        async with client.stream("GET", urls[file]) as answer:
            async for chunk in answer.aiter_raw():
                digest.update(chunk)
        outcomes["whole" if digest.hexdigest() == digests[file]["0"] else "wrong"] += 1

async def main():
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=0)
    async with httpx.AsyncClient(limits=limits, timeout=300) as client:
        await asyncio.gather(*(one(n, client) for n in range(64)))
    print(json.dumps(outcomes))

asyncio.run(main())
"""


async def test_64_downloads_at_once(tmp_path: Path, report: Callable[[str], None]) -> None:
    root = tmp_path / "files"
    root.mkdir()
    size = 16 * 1024 * 1024
    names = [f"ep{n:02d}.mkv" for n in range(8)]
    digests: list[dict[str, str]] = []
    for index, name in enumerate(names):
        await asyncio.to_thread(write_random, root / name, size, index)
        data = (root / name).read_bytes()
        starts = {0} | {(n * 997331) % size for n in range(64) if n % len(names) == index}
        digests.append({str(s): hashlib.sha256(data[s:]).hexdigest() for s in starts})
    fds_before, tasks_before = open_fds(), len(asyncio.all_tasks())
    latencies: list[float] = []
    async with link_box(root, names) as (port, urls):
        stop = asyncio.Event()

        async def probe_health() -> None:
            async with httpx.AsyncClient() as client:
                while not stop.is_set():
                    started = time.perf_counter()
                    answer = await client.get(f"http://127.0.0.1:{port}/healthz")
                    latencies.append(time.perf_counter() - started)
                    assert answer.status_code == 200
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), 0.02)

        prober = asyncio.create_task(probe_health())
        started = time.perf_counter()
        clients = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            CLIENTS,
            json.dumps([urls, size, digests]),
            stdout=asyncio.subprocess.PIPE,
        )
        out, _ = await clients.communicate()
        elapsed = time.perf_counter() - started
        stop.set()
        await prober
    outcomes = json.loads(out)
    fds_after = open_fds()
    tasks_after = len(asyncio.all_tasks())
    latencies.sort()
    p99 = latencies[max(int(len(latencies) * 0.99) - 1, 0)] * 1000
    report(
        f"64 concurrent downloads of 16 MiB {outcomes}: {elapsed:.1f} s; "
        f"/healthz p99 {p99:.0f} ms over {len(latencies)} probes; "
        f"fds {fds_before}→{fds_after}, tasks {tasks_before}→{tasks_after}"
    )
    assert outcomes == {"whole": 32, "ranged": 16, "aborted": 16, "wrong": 0}
    assert fds_after <= fds_before, "file descriptors leaked"
    assert tasks_after <= tasks_before, "tasks leaked"
