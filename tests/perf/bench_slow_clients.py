"""Fifty slow clients for 30 s (issue 17): /healthz latency meanwhile, and the descriptors.

    python -m pytest -m perf tests/perf/bench_slow_clients.py

The server is the real app with the real idle timeout (15 s) and the default per-address cap
(64; all clients are 127.0.0.1). The clients run in a process of their own, so the descriptors
counted in /proc/self/fd are the server's and its loop is what the probes time: half send
nothing, half trickle a header byte a second, and each reconnects at once when shed, so fifty
are held for the whole 30 s. /healthz is asked every 20 ms on a fresh connection, as a load
balancer's health check would. Prints p50/p99 and the descriptor count before, during and after.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import sys
import time
from collections.abc import Callable

import httpx
import pytest

from bot.web.server import IDLE_TIMEOUT, build_web_app, serve
from monitoring.metrics import Metrics
from tests.harness.torrents import eventually

pytestmark = pytest.mark.perf

SLOW = 50
DURATION = 30.0

CLIENTS = """
import asyncio, json, sys, time

port, count, duration = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
stats = {"connections": 0, "shed": 0, "answered": 0}
HEADER = b"GET /healthz HTTP/1.1\\r\\nHost: box\\r\\nX-Slow: " + b"a" * 1000

async def slow(n, end):
    while time.monotonic() < end:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        stats["connections"] += 1
        closed = asyncio.ensure_future(reader.read())
        try:
            for byte in HEADER if n % 2 else b"":
                if closed.done() or time.monotonic() >= end:
                    break
                writer.write(bytes([byte]))
                await asyncio.wait({closed}, timeout=1.0)
            await asyncio.wait({closed}, timeout=max(end - time.monotonic(), 0))
            if closed.done():
                data = closed.result()
                stats["answered" if data.startswith(b"HTTP/") else "shed"] += 1
        except ConnectionError:
            stats["shed"] += 1
        finally:
            closed.cancel()
            writer.close()

async def main():
    end = time.monotonic() + duration
    await asyncio.gather(*(slow(n, end) for n in range(count)))
    print(json.dumps(stats))

asyncio.run(main())
"""


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def percentile(ordered: list[float], share: float) -> float:
    return ordered[max(int(len(ordered) * share) - 1, 0)]


async def test_fifty_slow_clients_for_thirty_seconds(report: Callable[[str], None]) -> None:
    metrics = Metrics()
    before_server = open_fds()
    latencies: list[float] = []
    during: list[int] = []
    statuses: set[int] = set()
    limits = httpx.Limits(max_keepalive_connections=0)
    async with (
        serve(build_web_app(), "127.0.0.1", 0, metrics=metrics) as port,
        httpx.AsyncClient(limits=limits, timeout=10) as client,
    ):
        before = open_fds()
        clients = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            CLIENTS,
            str(port),
            str(SLOW),
            str(DURATION),
            stdout=asyncio.subprocess.PIPE,
        )
        finished = asyncio.ensure_future(clients.communicate())
        await asyncio.sleep(1.0)  # let them connect: the figures are for the held load
        while not finished.done():
            started = time.perf_counter()
            answer = await client.get(f"http://127.0.0.1:{port}/healthz")
            latencies.append(time.perf_counter() - started)
            statuses.add(answer.status_code)
            during.append(open_fds())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(finished), 0.02)
        out, _ = await finished

        async def returned() -> bool:
            return open_fds() <= before

        with contextlib.suppress(TimeoutError):  # the assertion below names the figures
            await eventually(returned, within=IDLE_TIMEOUT + 10, what="fds", interval=0.05)
        after = open_fds()
    after_server = open_fds()
    outcomes = json.loads(out)
    refused = metrics.registry.get_sample_value("iiitorrent_http_connections_refused_total")
    latencies.sort()
    report(
        f"{SLOW} slow clients for {DURATION:.0f} s (idle timeout {IDLE_TIMEOUT:.0f} s) {outcomes}, "
        f"refused {refused:.0f}: /healthz p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms "
        f"over {len(latencies)} probes (fresh connection each)"
    )
    report(
        f"server fds: {before_server} before serve, {before} listening, during "
        f"{min(during)}-{max(during)} (median {statistics.median(during):.0f}), "
        f"{after} after the clients left, {after_server} after serve"
    )
    assert statuses == {200}
    assert outcomes["answered"] == 0  # no slow request was ever completed and answered
    assert after == before and after_server == before_server, "file descriptors leaked"
