"""The whole grown deployment at once: two `iiitorrent run` processes on one PostgreSQL, taking
Telegram's updates through a round-robin proxy in webhook mode, driving two qbittorrent-nox
nodes, each node's files served by its own `iiitorrent serve-files` at its own public URL.

Each node's Web API is reached through a thin pass-through that reports the node's disk as
`Node.free` bytes free: the qbittorrent-nox of these machines reports 0 for every profile, and a
test of placement by free space needs the two disks to differ. The roomy node is named last, so
free space, not the order of QBITTORRENT_NODES, is what sends every new download to it while it
answers, and to the tight one while it does not. The torrents are small and real, seeded by a
swarm on loopback.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import re
import urllib.parse
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from aiohttp import ClientSession, web
from cryptography.fernet import Fernet

from domain.models import Media
from tests.e2e.conftest import served
from tests.harness.cluster import RoundRobin, start_runs
from tests.harness.process import IIITorrent
from tests.harness.torrents import (
    MiB,
    QbittorrentNox,
    Swarm,
    Torrent,
    eventually,
    free_port,
    missing_programs,
)
from tests.standins.anilist import AniListStandIn
from tests.standins.nyaa import NyaaStandIn, make_release
from tests.standins.telegram import ChatMessage, TelegramStandIn

pytestmark = pytest.mark.e2e

SHOW = Media(id=77, romaji="Sukeiru no Bouken", english="The Scale Adventure", episodes=80)
GETS = 50  # while both nodes answer
LATER = 4  # while the roomy node is stopped
ADMIN = 4242
USERS = [7000 + n for n in range(1, GETS + LATER + 1)]  # one /get each: no chat waits on another
SIZE = 64 * 1024
GiB = 1024 * MiB
# Not passed on: the body is read whole (decompressed) and may be rewritten, then re-measured.
HOP_BY_HOP = {
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "content-encoding",
    "accept-encoding",
}
DONE = "Download complete"
LINK = re.compile(r"http://\S+/dl/\S+")


def episode_name(episode: int) -> str:
    return f"[SubsPlease] Sukeiru no Bouken - {episode:02d} (1080p) [{episode:08X}].mkv"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Node:
    """One node: its qbittorrent-nox behind a pass-through on `api_port` that reports `free`
    bytes free on its disk, and the port its `serve-files` listens on. `stop` takes both down,
    as a machine going away; `start` brings them back on the same ports."""

    def __init__(self, qbittorrent: QbittorrentNox, free: int) -> None:
        self.qbittorrent = qbittorrent
        self.free = free
        self.api_port = free_port()
        self.files_port = free_port()
        self._runner: web.AppRunner | None = None
        self._http: ClientSession | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.files_port}"

    async def start(self) -> None:
        await self.qbittorrent.start()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.api_port).start()
        self._http = ClientSession()

    async def stop(self) -> None:
        if self._runner is not None and self._http is not None:
            await self._http.close()
            await self._runner.cleanup()
            self._runner = self._http = None
        await self.qbittorrent.kill()

    async def hashes(self) -> list[str]:
        return [t["hash"] for t in await self.qbittorrent.torrents()]

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        assert self._http is not None
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        async with self._http.request(
            request.method,
            self.qbittorrent.url + request.path_qs,
            data=await request.read(),
            headers=headers,
        ) as answer:
            body = await answer.read()
            if request.path.endswith("/sync/maindata") and answer.status == 200:
                state = json.loads(body)
                state.setdefault("server_state", {})["free_space_on_disk"] = self.free
                body = json.dumps(state).encode()
            kept = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP}
            return web.Response(status=answer.status, body=body, headers=kept)


@dataclass
class Deployment:
    telegram: TelegramStandIn
    proxy: RoundRobin
    nodes: dict[str, Node]
    torrents: dict[int, Torrent]  # by episode
    runs: list[IIITorrent]

    def get(self, user: int, episode: int) -> None:
        self.telegram.push_message(user, f"/get sukeiru no bouken {episode}")

    def done(self, user: int) -> list[ChatMessage]:
        return [m for m in self.telegram.sent(user) if m.text.startswith(DONE)]

    async def all_done(self, users: list[int], within: float) -> None:
        try:
            await self.telegram.wait_until(lambda: all(self.done(u) for u in users), within)
        except AssertionError as exc:
            missing = [u for u in users if not self.done(u)]
            logs = "\n".join(f"run {n}:\n{r.errors[-2500:]}" for n, r in enumerate(self.runs))
            raise AssertionError(f"no {DONE!r} for {missing}\n{logs}") from exc

    def link(self, user: int) -> str:
        [notice] = self.done(user)
        [link] = LINK.findall(notice.text)
        return str(link)

    async def ask(self, user: int, command: str, answer_holds: str) -> str:
        """The bot's answer to `command`, from whichever process the proxy gave it to."""
        since = len(self.telegram.calls)
        self.telegram.push_message(user, command)
        call = await self.telegram.wait_for(
            lambda c: c.method == "sendMessage" and c.chat_id == user and answer_holds in c.text,
            timeout=30,
            since=since,
        )
        return call.text

    async def stats(self) -> str:
        return await self.ask(ADMIN, "/stats", "Database")


def node_settings(nodes: Mapping[str, Node]) -> dict[str, str]:
    settings = {"QBITTORRENT_NODES": ",".join(nodes)}
    for name, node in nodes.items():
        key = f"QBITTORRENT_{name.upper()}_"
        settings |= {
            key + "URL": node.url,
            key + "DOWNLOAD_DIR": str(node.qbittorrent.save_path),
            key + "PUBLIC_URL": node.public_url,
        }
    return settings


async def answers(url: str) -> bool:
    try:
        async with httpx.AsyncClient(timeout=2) as http:
            return (await http.get(url)).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture
async def deployment(postgres_url: str, tmp_path: Path) -> AsyncIterator[Deployment]:
    missing = missing_programs()
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")
    async with AsyncExitStack() as stack:
        swarm = await stack.enter_async_context(Swarm(tmp_path / "swarm"))
        seeded = await asyncio.gather(
            *(swarm.seed(episode_name(e), size=SIZE, seed=e) for e in range(1, GETS + LATER + 1))
        )
        torrents = dict(enumerate(seeded, start=1))
        nodes = {
            "tight": Node(QbittorrentNox(tmp_path / "tight"), free=20 * GiB),
            "roomy": Node(QbittorrentNox(tmp_path / "roomy"), free=200 * GiB),
        }
        for node in nodes.values():
            await node.start()
            stack.push_async_callback(node.stop)

        nyaa = await stack.enter_async_context(NyaaStandIn())
        anilist = await stack.enter_async_context(AniListStandIn([SHOW]))
        telegram = await stack.enter_async_context(TelegramStandIn())
        for episode, torrent in torrents.items():
            nyaa.releases.append(
                make_release(
                    torrent.name,
                    base_url=nyaa.url,
                    torrent_id=episode,
                    info_hash=torrent.info_hash,
                    size=SIZE,
                    seeders=5,
                )
            )
            nyaa.torrent_files[episode] = torrent.torrent_file.read_bytes()

        ports = [free_port(), free_port()]
        proxy = await stack.enter_async_context(
            RoundRobin([f"http://127.0.0.1:{port}" for port in ports])
        )
        shared = {
            "DATABASE_URL": postgres_url,
            "LINK_SECRET": "x" * 40,
            "ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "LOG_LEVEL": "INFO",
        }
        box = {
            **shared,
            **node_settings(nodes),
            "DOWNLOAD_DIR": str(nodes["roomy"].qbittorrent.save_path),
            "NYAA_URL": nyaa.url,
            "ANILIST_API_URL": anilist.url,
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "TELEGRAM_API_BASE_URL": telegram.base_url,
            "TELEGRAM_WEBHOOK_URL": f"{proxy.url}/telegram",
            "ADMIN_TELEGRAM_IDS": ",".join(map(str, [ADMIN, *USERS])),
            "OUTBOX_POLL_INTERVAL": "1",
        }
        runs = [run for run, _ in await start_runs(stack, box, ports, tmp_path)]
        for name, node in nodes.items():
            files = {
                **shared,
                "DATA_DIR": str(tmp_path / f"files-{name}" / "data"),
                "QBITTORRENT_URL": node.url,
                "DOWNLOAD_DIR": str(node.qbittorrent.save_path),
                "PUBLIC_URL": node.public_url,
                "HTTP_PORT": str(node.files_port),
            }
            await stack.enter_async_context(
                IIITorrent("serve-files", files, tmp_path / f"files-{name}")
            )
        for node in nodes.values():
            health = f"{node.public_url}/healthz"
            await eventually(functools.partial(answers, health), within=30, what=health)
        yield Deployment(telegram, proxy, nodes, torrents, runs)


async def test_gets_across_two_processes_and_two_nodes_survive_a_node_stopping(
    deployment: Deployment,
) -> None:
    d = deployment
    roomy, tight = d.nodes["roomy"], d.nodes["tight"]
    first, later = USERS[:GETS], USERS[GETS:]
    for episode, user in enumerate(first, start=1):
        d.get(user, episode)
    await d.all_done(first, within=180)

    # Every update went through the proxy, so both processes took /gets.
    assert len(d.proxy.forwarded) == 2 and min(d.proxy.forwarded.values()) >= GETS // 3
    wanted = {t.info_hash for e, t in d.torrents.items() if e <= GETS}
    held = Counter([*await roomy.hashes(), *await tight.hashes()])
    assert set(held) == wanted and set(held.values()) == {1}, "a torrent added twice, or never"
    assert set(await roomy.hashes()) == wanted, "placed on the node with less free space"
    assert all(len(d.done(u)) == 1 for u in first), "a completion notice arrived twice"

    async def check_links(users: list[int], node: Node) -> None:
        links = {u: d.link(u) for u in users}
        for link in links.values():
            assert urllib.parse.urlsplit(link).netloc == f"127.0.0.1:{node.files_port}", link
        bodies = await asyncio.gather(*(served(link) for link in links.values()))
        for (user, _), body in zip(links.items(), bodies, strict=True):
            source = d.torrents[USERS.index(user) + 1].content.read_bytes()
            assert sha256(body) == sha256(source), f"user {user}'s file is not the source's"

    await check_links(first, roomy)

    # The roomy node stops: new downloads go to the tight one, and /stats says which is down.
    await roomy.stop()
    for episode, user in enumerate(later, start=GETS + 1):
        d.get(user, episode)
    await d.all_done(later, within=120)
    assert set(await tight.hashes()) == {
        d.torrents[e].info_hash for e in range(GETS + 1, GETS + LATER + 1)
    }
    await check_links(later, tight)
    assert "roomy: ❌ down" in await d.stats()

    # Back again: its downloads are listed and served as before.
    await roomy.start()

    async def restored() -> bool:  # qBittorrent reads its torrents back after its API is up
        return set(await roomy.hashes()) == wanted

    await eventually(restored, within=30, what="the roomy node's torrents to be back")

    async def both_up() -> bool:
        text = await d.stats()
        return "roomy: ✅" in text and "tight: ✅" in text

    await eventually(both_up, within=30, what="/stats to show both nodes up")
    await check_links(first, roomy)
    # Its size comes from the node again: the bot lists the torrent, not just its record.
    assert "✅ complete · 64.0 KiB" in await d.ask(first[0], "/status", "Your downloads (1)")
