"""A client that drops a download half-way is ordinary traffic (issue 17): it is logged at DEBUG,
never as an error, and the server goes on answering."""

from __future__ import annotations

import asyncio
import logging
import socket
import struct

import httpx
import pytest

from tests.integration.web.conftest import Box
from tests.integration.web.test_serving import one_link, payload

BIG = 16 * 1024 * 1024  # far more than the socket buffers hold


async def _drop_half_way(box: Box, url: str, *, reset: bool) -> None:
    path = url[len(box.base_url) :].encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", box.port)
    writer.write(b"GET " + path + b" HTTP/1.1\r\nHost: box\r\n\r\n")
    await writer.drain()
    got = 0
    while got < 256 * 1024:
        chunk = await asyncio.wait_for(reader.read(65536), timeout=10)
        assert chunk, "the server closed first"
        got += len(chunk)
    if reset:  # an RST, as a phone losing its signal gives, rather than a FIN
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.close()


async def _settled(caplog: pytest.LogCaptureFixture, count: int) -> None:
    """Until the server has noticed every dropped client (its DEBUG line), or 10 s."""
    for _ in range(200):
        noticed = [r for r in caplog.records if "went away" in r.getMessage()]
        if len(noticed) >= count:
            return
        await asyncio.sleep(0.05)


@pytest.mark.parametrize("reset", [False, True], ids=["fin", "rst"])
async def test_a_client_dropping_a_download_leaves_no_error(
    box: Box, caplog: pytest.LogCaptureFixture, reset: bool
) -> None:
    caplog.set_level(logging.DEBUG)
    url = await one_link(box, payload(BIG))
    for _ in range(3):
        await _drop_half_way(box, url, reset=reset)
    await _settled(caplog, 3)
    async with httpx.AsyncClient() as client:
        assert (await client.get(f"{box.base_url}/healthz")).status_code == 200
        ranged = await client.get(url, headers={"Range": "bytes=0-9"})
    assert ranged.status_code == 206
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert errors == [], [(r.name, r.getMessage()) for r in errors]
    assert any("went away" in r.getMessage() for r in caplog.records)
