"""`iiitorrent run` as deployed: Telegram long-polling a loopback Bot API, the HTTP server, a
real qbittorrent-nox, the completion notice with its signed link, and a clean stop on SIGTERM."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import Box
from tests.harness.process import IIITorrent
from tests.harness.torrents import eventually, free_port
from tests.standins.telegram import ApiCall, TelegramStandIn

pytestmark = pytest.mark.e2e

ADMIN = 4242
STRANGER = 5151


def text_of(call: ApiCall) -> str:
    return str(call.params.get("text", ""))


async def test_telegram_get_ends_with_a_complete_status_and_a_link_that_plays(box: Box) -> None:
    port = free_port()
    async with TelegramStandIn() as telegram:
        settings = box.settings(
            TELEGRAM_BOT_TOKEN=telegram.token,
            TELEGRAM_API_BASE_URL=telegram.base_url,
            ADMIN_TELEGRAM_IDS=str(ADMIN),
            HTTP_PORT=str(port),
            LOG_LEVEL="DEBUG",
        )
        async with IIITorrent("run", settings, box.workdir) as process:
            telegram.push_message(STRANGER, "/get frieren 5")
            refusal = await telegram.wait_for(lambda c: c.method == "sendMessage", timeout=60)
            assert "not on its list" in text_of(refusal)

            telegram.push_message(ADMIN, "/get frieren 5")
            added = await telegram.wait_for(
                lambda c: c.method == "sendMessage" and "Added #1" in text_of(c), timeout=60
            )
            # The same message is edited until the episode is complete.
            await telegram.wait_for(
                lambda c: (
                    c.method == "editMessageText"
                    and c.message_id == added.message_id
                    and "complete" in text_of(c)
                ),
                timeout=180,
            )
            # Then the completion notice brings a signed link, and the link serves the episode.
            notice = await telegram.wait_for(
                lambda c: c.method == "sendMessage" and "Download complete" in text_of(c),
                timeout=60,
            )
            [link] = re.findall(r"http://\S+/dl/\S+", text_of(notice))
            async with httpx.AsyncClient() as http:
                served = await http.get(link)
                health = await http.get(f"http://127.0.0.1:{port}/healthz")
            assert served.status_code == 200
            assert served.content == box.torrent.content.read_bytes()
            assert served.headers["content-type"] == "video/x-matroska"
            assert health.status_code == 200
            assert await process.stop() == 0, process.errors[-2000:]

    logs = process.errors
    assert "Added" in logs or "added" in logs, "the run logged its work"
    assert telegram.token not in logs
    assert telegram.token.split(":", 1)[1] not in logs


async def test_with_no_settings_run_supervises_its_own_qbittorrent(tmp_path: Path) -> None:
    if shutil.which("qbittorrent-nox") is None:
        pytest.skip("qbittorrent-nox is not installed")
    port = free_port()
    data = tmp_path / "data"
    settings = {"DATA_DIR": str(data), "HTTP_PORT": str(port), "METRICS_PORT": str(free_port())}
    async with IIITorrent("run", settings, tmp_path) as box:
        await box.expect(r"qbittorrent-nox \(pid (\d+)\) answers", source="errors", within=60)
        pid = int((data / "qbittorrent" / "qbittorrent-nox.pid").read_text().strip())
        async with httpx.AsyncClient() as http:
            await eventually(lambda: _healthy(http, port), within=30, what="/healthz to answer")
        assert (data / "qbittorrent-password").stat().st_mode & 0o077 == 0
        assert await box.stop() == 0, box.errors[-2000:]
    assert not _alive(pid), "qbittorrent-nox outlived the box"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def _healthy(http: httpx.AsyncClient, port: int) -> bool:
    try:
        return (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
    except httpx.TransportError:
        return False
