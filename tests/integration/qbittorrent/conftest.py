from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from domain.qbittorrent.gateway import QBittorrentGateway
from tests.harness.fixtures import qbittorrent, seeded, swarm, torrent_programs  # noqa: F401
from tests.harness.torrents import QbittorrentNox


@pytest_asyncio.fixture
async def gateway(qbittorrent: QbittorrentNox) -> AsyncIterator[QBittorrentGateway]:  # noqa: F811
    """Our gateway on the test's own qbittorrent-nox (no login needed on loopback there)."""
    async with QBittorrentGateway(qbittorrent.url, "", "", timeout=5.0) as opened:
        yield opened
