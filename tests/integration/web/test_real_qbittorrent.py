"""A batch downloaded by a real qbittorrent-nox, then fetched through its links."""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from bot.web.files import LinkServer
from bot.web.server import build_web_app, serve
from domain.models import DownloadState
from domain.qbittorrent.gateway import QBittorrentGateway
from tests.harness.fixtures import qbittorrent, swarm, torrent_programs  # noqa: F401
from tests.harness.torrents import FileServer, QbittorrentNox, Swarm, eventually
from tests.world import build_world, rebuilt

pytestmark = pytest.mark.integration
PUBLIC = "https://box.example"


@pytest_asyncio.fixture
async def gateway(qbittorrent: QbittorrentNox) -> AsyncIterator[QBittorrentGateway]:  # noqa: F811
    async with QBittorrentGateway(qbittorrent.url, "", "", timeout=5.0) as opened:
        yield opened


async def test_a_real_batch_through_its_links(
    gateway: QBittorrentGateway,
    swarm: Swarm,  # noqa: F811
    qbittorrent: QbittorrentNox,  # noqa: F811
) -> None:
    torrent = await swarm.seed(
        "Links Batch [720p]",
        files={"Links Batch - 01.mkv": 500_000, "extras/Links Batch - NCOP.mkv": 200_000},
        seed=11,
    )
    world = build_world()
    downloads = world.downloads
    owner = await world.person("o")
    async with FileServer(torrent.torrent_file.parent) as server:
        await gateway.add(
            server.url_for(torrent.torrent_file.name),
            info_hash=torrent.info_hash,
            owner_id=owner.id,
        )

        async def done() -> bool:
            status = await gateway.torrent(torrent.info_hash)
            return status is not None and status.state is DownloadState.COMPLETED

        await eventually(done, within=60, what="the batch to finish")
    download = await downloads.add(
        info_hash=torrent.info_hash, owner_id=owner.id, name="Links Batch", request_id=None
    )
    # The supervised case: qBittorrent and this process see the same folder.
    root = Path(await gateway.default_save_path())
    assert root == Path(qbittorrent.save_path)
    settings = {"download_dir": root, "link_ttl": 600, "public_url": PUBLIC}
    service = rebuilt(world, torrents=gateway, settings=settings).services.files
    links = await service.links(owner, download.id)
    expected = torrent.files()
    assert {f.name for f in links.files} == set(expected)
    assert links.zip_url is not None
    async with serve(build_web_app(links=LinkServer(service)), "127.0.0.1", 0) as port:
        local = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient() as client:
            for link in links.files:
                answer = await client.get(local + link.url[len(PUBLIC) :])
                assert answer.content == expected[link.name]
            archive = await client.get(local + links.zip_url[len(PUBLIC) :])
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
        assert {name: zf.read(name) for name in zf.namelist()} == expected
