"""One box driving two real qbittorrent-nox nodes, built by `build_box`: downloads spread by the
placement rule and the caps, a torrent already on a node is not added to the other, a stopped
node is passed over and named by /stats and /readyz, and its torrents are back once it runs.

The torrents are magnets nobody seeds, so each stays active (waiting for metadata) and counts
against its node's cap for the whole test."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
import pytest_asyncio

from bot.app import qbittorrent_gateways
from bot.bootstrap import Box
from bot.commands import Caller, Reply
from bot.settings import Settings
from domain.errors import NoNodeAvailable
from domain.models import DownloadState, Platform, Role, User
from monitoring.metrics import Metrics
from tests.harness.torrents import QbittorrentNox, eventually
from tests.unit.monitoring.test_endpoints import server
from tests.world import World, build_world, rebuilt

pytestmark = pytest.mark.integration


def unseeded(label: str) -> tuple[str, str]:
    info_hash = hashlib.sha1(label.encode()).hexdigest()
    return info_hash, f"magnet:?xt=urn:btih:{info_hash}&dn={label.replace(' ', '+')}"


X1, X2, X3, X4 = (unseeded(f"node test {n}") for n in range(1, 5))


@pytest_asyncio.fixture
async def nodes(torrent_programs: None, tmp_path: Path) -> AsyncIterator[dict[str, QbittorrentNox]]:
    async with AsyncExitStack() as stack:
        yield {
            name: await stack.enter_async_context(QbittorrentNox(tmp_path / name))
            for name in ("north", "south")
        }


@pytest_asyncio.fixture
async def box(nodes: dict[str, QbittorrentNox]) -> AsyncIterator[tuple[Box, World]]:
    """The box as `iiitorrent run` configures it: the nodes from the environment, a gateway
    each opened by the composition root."""
    environment = {"QBITTORRENT_NODES": ",".join(nodes)}
    for name, qb in nodes.items():
        key = f"QBITTORRENT_{name.upper()}_"
        environment |= {
            key + "URL": qb.url,
            key + "DOWNLOAD_DIR": str(qb.save_path),
            key + "PUBLIC_URL": f"https://{name}.example",
            key + "MAX_ACTIVE": "1",
        }
    settings = Settings.load(environment, env_file=None)
    world = build_world(admins=("9",))
    async with qbittorrent_gateways(settings, Metrics()) as gateways:
        # The default disk floor too: these qbittorrent-nox nodes report no free space measured.
        changed = {
            "qbittorrent_nodes": settings.qbittorrent_nodes,
            "disk_free_floor": settings.disk_free_floor,
        }
        yield rebuilt(world, settings=changed, torrents=gateways), world


async def person(world: World, external_id: str) -> User:
    return await world.users.create(
        platform=Platform.TELEGRAM,
        external_id=external_id,
        display_name=external_id,
        role=Role.USER,
    )


async def admin_stats(built: Box) -> Reply:
    return await built.dispatcher.handle(Caller(Platform.TELEGRAM, "9", "admin"), "/stats")


async def holders(nodes: dict[str, QbittorrentNox], info_hash: str) -> list[str]:
    return [name for name, qb in nodes.items() if await qb.torrent(info_hash) is not None]


async def test_two_nodes_share_the_downloads_and_survive_one_stopping(
    nodes: dict[str, QbittorrentNox], box: tuple[Box, World]
) -> None:
    built, world = box
    downloads = built.services.downloads
    alice, bob = await person(world, "1"), await person(world, "2")

    first = await downloads.request_magnet(alice, X1[1])
    second = await downloads.request_magnet(alice, X2[1])
    # Each node takes one: the one that got the first is at its cap of one for the second.
    assert {first.download.node, second.download.node} == {"north", "south"}
    assert await holders(nodes, X1[0]) == [first.download.node]
    assert await holders(nodes, X2[0]) == [second.download.node]
    with pytest.raises(NoNodeAvailable, match=r"north: 1 of 1 downloads active; south: 1 of 1"):
        await downloads.request_magnet(alice, X3[1])
    assert await holders(nodes, X3[0]) == []

    # Already on a node: only tagged there for its new owner, even at that node's cap.
    again = await downloads.request_magnet(bob, X1[1])
    assert again.download.node == first.download.node
    assert await holders(nodes, X1[0]) == [first.download.node]
    await built.completions.poll()

    # The node holding X2 stops; X1's node is emptied, so it is the one that can take X4.
    down, up = second.download.node, first.download.node
    await nodes[down].stop()
    for added in (first, again):
        owner = alice if added is first else bob
        await downloads.delete(owner, added.download.id, delete_files=True)
    fourth = await downloads.request_magnet(alice, X4[1])
    assert fourth.download.node == up and await nodes[up].torrent(X4[0]) is not None

    await built.completions.poll()
    row = await world.downloads.get(second.download.id)
    assert row is not None and row.state is not DownloadState.MISSING  # down is not deleted
    stats = await admin_stats(built)
    assert f" {down}: ❌ down" in stats.text and f" {up}: ✅" in stats.text
    async with server(built.operations) as client:
        ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert f"qbittorrent {up}: ok" in ready.text
    assert f"qbittorrent {down}: NodeDown: qBittorrent node {down} is not answering" in ready.text

    await nodes[down].start()

    async def back() -> bool:
        await built.completions.poll()
        status = await built.nodes.torrent(X2[0])
        return status is not None and all(r.up for r in await built.nodes.reports())

    await eventually(back, within=30, what=f"node {down} and its torrent to be back")
    assert await built.nodes.node_of(X2[0]) == down
    statuses = await downloads.statuses(alice)
    assert {s.download.info_hash: s.torrent is not None for s in statuses} == {
        X2[0]: True,
        X4[0]: True,
    }
    stats = await admin_stats(built)
    assert "❌ down" not in stats.text
