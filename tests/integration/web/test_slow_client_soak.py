"""Fifty slow clients at once (issue 17): while they hang on, /healthz answers every time it is
asked, and once the idle timeout has shed them every descriptor comes back. Timings are the
benchmark's (tests/perf/bench_slow_clients.py); only these facts are asserted here."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time

import httpx

from bot.web.connection_cap import DEFAULT_PER_ADDRESS
from bot.web.server import build_web_app, serve
from tests.harness.torrents import eventually

SLOW = 50  # half silent, half trickling a header byte at a time
TIMEOUT = 2.0  # the test's idle timeout; long enough to ask /healthz many times meanwhile
BOUND = 20.0  # generous deadline for the shedding and the descriptors' return


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


async def slow_client(port: int, *, trickle: bool, connected: asyncio.Event) -> None:
    """One client holding a connection without finishing a request, until the server hangs up."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    connected.set()
    try:
        closed = asyncio.ensure_future(reader.read())
        header = b"GET /healthz HTTP/1.1\r\nHost: box\r\nX-Slow: " + b"a" * 10_000
        for byte in header if trickle else b"":
            if closed.done():
                break
            try:
                writer.write(bytes([byte]))
                await writer.drain()
            except ConnectionError:
                break
            await asyncio.sleep(0.1)
        with contextlib.suppress(ConnectionError):
            assert not (await asyncio.wait_for(closed, BOUND)).startswith(b"HTTP/1.1 200")
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def test_healthz_answers_through_fifty_slow_clients_and_every_descriptor_returns() -> None:
    assert SLOW < DEFAULT_PER_ADDRESS  # all from 127.0.0.1: within one address's cap
    async with (
        serve(build_web_app(), "127.0.0.1", 0, idle_timeout=TIMEOUT) as port,
        # a fresh connection per probe, as a load balancer's health check makes
        httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0)) as client,
    ):
        before = open_fds()
        connected = [asyncio.Event() for _ in range(SLOW)]
        slow = [
            asyncio.ensure_future(slow_client(port, trickle=n % 2 == 1, connected=event))
            for n, event in enumerate(connected)
        ]
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in connected)), BOUND)
        during = open_fds()
        statuses = []
        deadline = time.monotonic() + BOUND
        while not all(task.done() for task in slow) and time.monotonic() < deadline:
            statuses.append((await client.get(f"http://127.0.0.1:{port}/healthz")).status_code)
            await asyncio.sleep(0.02)
        # each one was shed, not answered (a client never shed fails here, at the deadline)
        await asyncio.wait_for(asyncio.gather(*slow), max(deadline - time.monotonic(), 0.1))

        async def returned() -> bool:
            return open_fds() <= before

        with contextlib.suppress(TimeoutError):  # the assertion below names the figures
            await eventually(returned, within=BOUND, what="the descriptors", interval=0.05)
        after = open_fds()
    assert len(statuses) >= 5 and set(statuses) == {200}, statuses
    assert during >= before + SLOW  # the clients' ends alone; the server's are counted too
    assert after == before, f"descriptors: {before} before, {during} during, {after} after"
