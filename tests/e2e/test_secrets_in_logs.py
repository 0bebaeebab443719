"""No secret reaches the logs: `iiitorrent run` at DEBUG, with every secret set, takes a /get to
completion through Telegram and hands out a link that is fetched, and then nothing it printed
holds the bot token, the qBittorrent password, the link key, a link's signature or the Fernet
key."""

from __future__ import annotations

import re
import secrets

import httpx
import pytest

from domain.security.crypto import new_key
from tests.e2e.conftest import Box
from tests.harness.process import IIITorrent
from tests.harness.torrents import MiB, free_port
from tests.standins.telegram import ApiCall, TelegramStandIn

pytestmark = pytest.mark.e2e

ADMIN = 4242
LINK = re.compile(r"https?://\S+/(?P<token>v1\.[\w.-]+)/\S+")


def text_of(call: ApiCall) -> str:
    return str(call.params.get("text", ""))


async def test_a_debug_run_with_every_secret_set_logs_none_of_them(box: Box) -> None:
    port = free_port()
    password = "qb-" + secrets.token_urlsafe(18)
    link_secret = "ls-" + secrets.token_urlsafe(24)
    fernet_key = new_key()
    async with TelegramStandIn() as telegram:
        settings = box.settings(
            TELEGRAM_BOT_TOKEN=telegram.token,
            TELEGRAM_API_BASE_URL=telegram.base_url,
            ADMIN_TELEGRAM_IDS=str(ADMIN),
            HTTP_PORT=str(port),
            QBITTORRENT_PASSWORD=password,
            LINK_SECRET=link_secret,
            ENCRYPTION_KEY=fernet_key,
            LOG_LEVEL="DEBUG",
        )
        async with IIITorrent("run", settings, box.workdir) as process:
            telegram.push_message(ADMIN, "/get frieren 5")
            added = await telegram.wait_for(
                lambda c: c.method == "sendMessage" and "Added #1" in text_of(c), timeout=60
            )
            await telegram.wait_for(
                lambda c: (
                    c.method == "editMessageText"
                    and c.message_id == added.message_id
                    and "complete" in text_of(c)
                ),
                timeout=180,
            )
            telegram.push_message(ADMIN, "/files 1")
            links = await telegram.wait_for(
                lambda c: c.method == "sendMessage" and bool(LINK.search(text_of(c))), timeout=60
            )
            link = LINK.search(text_of(links))
            assert link is not None
            url, token = link[0], link["token"]
            signature = token.rsplit(".", 1)[1]
            forged_signature = ("A" if signature[0] != "A" else "B") + signature[1:]
            async with httpx.AsyncClient() as http:
                fetched = await http.get(url, timeout=30)
                forged = await http.get(url.replace(signature, forged_signature), timeout=30)
            assert fetched.status_code == 200, fetched.text[:300]
            assert len(fetched.content) == 6 * MiB
            assert forged.status_code in (403, 404)
            assert await process.stop() == 0, process.errors[-2000:]

    logs = process.output + process.errors
    assert "DEBUG" in logs or "debug" in logs.lower(), "the run logged at DEBUG"
    assert "/files" in logs or "files" in logs, "the run logged the /files command"
    found = {
        name: value
        for name, value in {
            "bot token": telegram.token,
            "bot token's secret half": telegram.token.split(":", 1)[1],
            "qBittorrent password": password,
            "link secret": link_secret,
            "link signature": signature,
            "Fernet key": fernet_key,
        }.items()
        if value in logs
    }
    leaks = [
        line.replace(value, f"<{name}>")
        for name, value in found.items()
        for line in logs.splitlines()
        if value in line
    ]
    assert found == {}, "secrets in the logs:\n" + "\n".join(leaks[:10])
