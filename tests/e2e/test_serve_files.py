"""`iiitorrent serve-files`: a second process serving the box's links from the same database,
qBittorrent and keys, without bots, jobs or migrations of its own."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import httpx
import pytest

from bot.keys import KEY_FILE
from bot.web.answers import REFUSED_BODY
from domain.links.keyfile import KEY_FILE_NAME
from storage.database import open_database
from storage.migrate import migrate, migration_files
from tests.e2e.conftest import Box, sent_to
from tests.harness.databases import sqlite_url
from tests.harness.process import IIITorrent
from tests.harness.torrents import eventually, free_port
from tests.standins.telegram import TelegramStandIn

pytestmark = pytest.mark.e2e

ADMIN = 4242


def on_port(link: str, port: int) -> str:
    """`link` as the file server on `port` of this machine would be reached."""
    return urllib.parse.urlsplit(link)._replace(netloc=f"127.0.0.1:{port}").geturl()


def tampered(link: str) -> str:
    """`link` with one character of its token changed."""
    parts = urllib.parse.urlsplit(link)
    _, prefix, token, *rest = parts.path.split("/")
    token = token[:-1] + ("A" if token[-1] != "A" else "B")
    return parts._replace(path="/".join(["", prefix, token, *rest])).geturl()


async def _answers(http: httpx.AsyncClient, url: str) -> bool:
    try:
        return (await http.get(url)).status_code == 200
    except httpx.TransportError:
        return False


async def test_serve_files_serves_the_links_the_box_sent(box: Box, postgres_url: str) -> None:
    async with TelegramStandIn() as telegram:
        settings = {**box.on_telegram(telegram, ADMIN), "DATABASE_URL": postgres_url}
        async with IIITorrent("run", settings, box.workdir) as run:
            telegram.push_message(ADMIN, "/get frieren 5")
            notice = await telegram.wait_for(sent_to(ADMIN, "Download complete"), timeout=240)
            [link] = re.findall(r"http://\S+/dl/\S+", str(notice.params["text"]))

            # Another node's process: its own DATA_DIR, the box's keys copied by the operator.
            data = Path(settings["DATA_DIR"])
            port = free_port()
            node = {
                "DATA_DIR": str(box.workdir / "node-data"),
                "DATABASE_URL": postgres_url,
                "QBITTORRENT_URL": settings["QBITTORRENT_URL"],
                "DOWNLOAD_DIR": settings["DOWNLOAD_DIR"],
                "LINK_SECRET": (data / KEY_FILE_NAME).read_text().strip(),
                "ENCRYPTION_KEY": (data / KEY_FILE).read_text().strip(),
                "HTTP_PORT": str(port),
            }
            async with (
                IIITorrent("serve-files", node, box.workdir / "node") as files,
                httpx.AsyncClient() as http,
            ):
                health = f"http://127.0.0.1:{port}/healthz"
                await eventually(lambda: _answers(http, health), within=30, what="/healthz")
                ready = await http.get(f"http://127.0.0.1:{port}/readyz")
                whole = await http.get(on_port(link, port))
                part = await http.get(on_port(link, port), headers={"Range": "bytes=100-1123"})
                refused = await http.get(on_port(tampered(link), port))
                assert await files.stop() == 0, files.errors[-2000:]
            assert await run.stop() == 0, run.errors[-2000:]

    content = box.torrent.content.read_bytes()
    assert ready.status_code == 200, ready.text
    assert whole.status_code == 200
    assert whole.content == content
    assert part.status_code == 206
    assert part.content == content[100:1124]
    assert part.headers["content-range"] == f"bytes 100-1123/{len(content)}"
    assert refused.status_code == 403
    assert refused.text == REFUSED_BODY
    assert not (box.workdir / "node-data" / KEY_FILE_NAME).exists(), "it made a key of its own"


async def test_serve_files_refuses_a_database_behind_the_code(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "shared" / "iiitorrent.db")
    await migrate(url)
    latest = migration_files("sqlite")[-1]
    async with open_database(url) as database:  # as the code before the latest left it
        await database.connection().execute_query("DELETE FROM aerich WHERE version = ?", [latest])
    node = {
        "DATA_DIR": str(tmp_path / "node-data"),
        "DATABASE_URL": url,
        "QBITTORRENT_URL": f"http://127.0.0.1:{free_port()}",
        "LINK_SECRET": "a-link-secret-of-the-box",
        "ENCRYPTION_KEY": "Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC1rZXktMTI=",
        "HTTP_PORT": str(free_port()),
    }
    async with IIITorrent("serve-files", node, tmp_path / "node") as files:
        code = await files.exited()

    assert code == 1
    assert "behind this code" in files.errors
    assert latest in files.errors
    assert "iiitorrent migrate" in files.errors
    assert "Traceback" not in files.errors
    async with open_database(url) as database:  # and it was left behind, not migrated
        _, rows = await database.connection().execute_query(
            "SELECT version FROM aerich WHERE version = ?", [latest]
        )
    assert not rows


async def test_serve_files_without_the_box_keys_refuses_to_start(tmp_path: Path) -> None:
    node = {
        "DATA_DIR": str(tmp_path / "node-data"),
        "DATABASE_URL": sqlite_url(tmp_path / "iiitorrent.db"),
        "QBITTORRENT_URL": f"http://127.0.0.1:{free_port()}",
        "HTTP_PORT": str(free_port()),
    }
    async with IIITorrent("serve-files", node, tmp_path / "node") as files:
        code = await files.exited()

    assert code == 2
    assert "LINK_SECRET is not set" in files.errors
    assert not (tmp_path / "node-data" / KEY_FILE_NAME).exists()
    assert not (tmp_path / "iiitorrent.db").exists(), "it opened the database anyway"
