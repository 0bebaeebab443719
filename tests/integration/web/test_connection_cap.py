"""A cap on connections per client address (issue 17): connections over it are closed on
arrival, unanswered, while the address's others are served, other addresses are untouched, and
the address may connect again once its connections close."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from bot.web.server import build_web_app, serve
from monitoring.metrics import Metrics

CAP = 4
BOUND = 10.0  # generous: only "closed on arrival, not at some timeout" is asserted
REQUEST = b"GET /healthz HTTP/1.1\r\nHost: box\r\n\r\n"


@dataclass
class Server:
    port: int
    metrics: Metrics

    def refused(self) -> float:
        value = self.metrics.registry.get_sample_value("iiitorrent_http_connections_refused_total")
        return value or 0.0


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    metrics = Metrics()
    # An idle timeout far longer than the test: held connections stay open until we close them.
    async with serve(
        build_web_app(),
        "127.0.0.1",
        0,
        idle_timeout=60,
        connections_per_address=CAP,
        metrics=metrics,
    ) as port:
        yield Server(port, metrics)


Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def connect(port: int, source: str = "127.0.0.1") -> Connection:
    return await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))


async def ask(connection: Connection) -> bytes:
    """One /healthz on a kept-alive connection: the status line, or b"" if the server hung up."""
    reader, writer = connection
    try:
        writer.write(REQUEST)
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"ok\n"), timeout=BOUND)
    except (ConnectionError, asyncio.IncompleteReadError):
        return b""
    return head.split(b"\r\n", 1)[0]


async def hung_up_unanswered(connection: Connection) -> bool:
    """The server closed this connection without a byte, though it was sent a request."""
    reader, writer = connection
    with contextlib.suppress(ConnectionError):
        writer.write(REQUEST)
        await writer.drain()
    try:
        return await asyncio.wait_for(reader.read(), timeout=BOUND) == b""
    except ConnectionError:  # reset: the request was still unread when the socket closed
        return True


async def close(connections: list[Connection]) -> None:
    for _, writer in connections:
        writer.close()
    for _, writer in connections:
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def test_connections_over_the_cap_are_closed_at_once_and_the_others_served(
    server: Server,
) -> None:
    held = [await connect(server.port) for _ in range(CAP)]
    try:
        # Answered, so the server has counted every one of them.
        assert [await ask(c) for c in held] == [b"HTTP/1.1 200 OK"] * CAP
        started = time.monotonic()
        extra = [await connect(server.port) for _ in range(3)]
        assert [await hung_up_unanswered(c) for c in extra] == [True] * 3
        assert time.monotonic() - started < BOUND
        await close(extra)
        assert server.refused() == 3
        assert [await ask(c) for c in held] == [b"HTTP/1.1 200 OK"] * CAP  # still served
        elsewhere = await connect(server.port, source="127.0.0.2")
        try:
            assert await ask(elsewhere) == b"HTTP/1.1 200 OK"
        finally:
            await close([elsewhere])
    finally:
        await close(held)


async def test_the_address_may_connect_again_once_its_connections_close(server: Server) -> None:
    for _ in range(3):  # the count comes back down every time, to exactly the cap
        await until_served(server.port)
        held = [await connect(server.port) for _ in range(CAP)]
        assert [await ask(c) for c in held] == [b"HTTP/1.1 200 OK"] * CAP
        refused = await connect(server.port)
        assert await hung_up_unanswered(refused)
        await close([refused, *held])
    assert server.refused() >= 3  # the probes of until_served may have been refused too


async def until_served(port: int) -> None:
    """The server hears of closes a moment after they are made: try until a whole cap's worth
    of connections is served at once."""
    deadline = time.monotonic() + BOUND
    while True:
        probe = [await connect(port) for _ in range(CAP)]
        answers = [await ask(c) for c in probe]
        await close(probe)
        if answers == [b"HTTP/1.1 200 OK"] * CAP:
            return
        assert time.monotonic() < deadline, answers
        await asyncio.sleep(0.05)


async def test_refusals_are_logged_once_not_per_connection(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.web.connection_cap")
    held = [await connect(server.port) for _ in range(CAP)]
    try:
        assert [await ask(c) for c in held] == [b"HTTP/1.1 200 OK"] * CAP
        extra = [await connect(server.port) for _ in range(20)]
        assert all([await hung_up_unanswered(c) for c in extra])
        await close(extra)
    finally:
        await close(held)
    lines = [r for r in caplog.records if r.name == "bot.web.connection_cap"]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert lines[0].levelno == logging.INFO and "127.0.0.1" in lines[0].getMessage()
    assert server.refused() == 20
