"""Slow clients are shed (issue 17): a connection that sends nothing, or its headers a byte at a
time, is closed once the idle timeout passes, while /healthz keeps answering and a download
taking longer than the timeout is not cut."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web

from bot.web.server import IDLE_TIMEOUT, build_web_app, serve

TIMEOUT = 1.0  # the test's; the real one is IDLE_TIMEOUT
BOUND = 10.0  # generous: only "closed well before aiohttp's hour-long default" is asserted


@pytest.fixture
async def port() -> AsyncIterator[int]:
    async with serve(build_web_app(), "127.0.0.1", 0, idle_timeout=TIMEOUT) as bound:
        yield bound


async def _closed_by_server(reader: asyncio.StreamReader) -> bytes:
    """Everything the server sends until it closes the connection."""
    return await asyncio.wait_for(reader.read(), timeout=BOUND)


async def _silent(port: int) -> float:
    started = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        assert await _closed_by_server(reader) == b""
    finally:
        writer.close()
    return time.monotonic() - started


async def _trickling(port: int) -> float:
    started = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = b"GET /healthz HTTP/1.1\r\nHost: box\r\nX-Slow: " + b"a" * 1000
    try:
        closed = asyncio.ensure_future(_closed_by_server(reader))
        for byte in request:
            if closed.done():
                break
            try:
                writer.write(bytes([byte]))
                await writer.drain()
            except ConnectionError:
                break
            await asyncio.sleep(0.1)
        assert not (await closed).startswith(b"HTTP/1.1 200")
    finally:
        writer.close()
    return time.monotonic() - started


async def test_silent_and_trickling_clients_are_disconnected(port: int) -> None:
    assert 5 <= IDLE_TIMEOUT <= 30
    slow = [asyncio.ensure_future(_silent(port)) for _ in range(3)]
    slow += [asyncio.ensure_future(_trickling(port)) for _ in range(3)]
    await asyncio.sleep(0.2)
    async with httpx.AsyncClient() as client:  # answered while they hang on
        assert (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
    durations = await asyncio.gather(*slow)
    assert all(TIMEOUT * 0.5 <= d < BOUND for d in durations), durations
    async with httpx.AsyncClient() as client:
        assert (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200


async def test_an_idle_keep_alive_connection_is_closed_after_its_answer(port: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: box\r\n\r\n")
        await writer.drain()
        answer = await _closed_by_server(reader)
    finally:
        writer.close()
    assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b"ok\n")


async def test_an_answer_longer_than_the_timeout_is_not_cut() -> None:
    async def slow(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.content_length = 5
        await response.prepare(request)
        for byte in b"abcde":
            await asyncio.sleep(TIMEOUT / 2)
            await response.write(bytes([byte]))
        await response.write_eof()
        return response

    app = build_web_app()
    app.router.add_get("/slow", slow)
    async with (
        serve(app, "127.0.0.1", 0, idle_timeout=TIMEOUT) as bound,
        httpx.AsyncClient() as client,
    ):
        answer = await client.get(f"http://127.0.0.1:{bound}/slow", timeout=BOUND)
    assert (answer.status_code, answer.content) == (200, b"abcde")
