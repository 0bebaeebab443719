"""pytest fixtures over `tests.harness.torrents`. Import the ones a folder needs into its
conftest.py (pytest finds fixtures by name there):

    from tests.harness.fixtures import qbittorrent, seeded, swarm, torrent_programs  # noqa: F401

Everything skips, with the reason shown, when qbittorrent-nox, opentracker or mktorrent is not
installed. The swarm (tracker + seeder) and its one seeded torrent are shared by the whole
session; each test gets its own fresh qbittorrent-nox.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.harness.torrents import (
    TORRENT_PROGRAMS,
    MiB,
    QbittorrentNox,
    Swarm,
    Torrent,
    missing_programs,
)


@pytest.fixture(scope="session")
def torrent_programs() -> None:
    missing = missing_programs(TORRENT_PROGRAMS)
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (Debian packages of the same names)")


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def swarm(
    torrent_programs: None, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Swarm]:
    """opentracker and a seeding qbittorrent-nox on loopback, for the whole session."""
    async with Swarm(tmp_path_factory.mktemp("swarm")) as running:
        yield running


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def seeded(swarm: Swarm) -> Torrent:
    """One 4 MiB single-file torrent the swarm seeds; its magnet downloads at once."""
    return await swarm.seed("Harness Show - 01 [1080p].mkv", size=4 * MiB, seed=1)


@pytest_asyncio.fixture
async def qbittorrent(torrent_programs: None, tmp_path: Path) -> AsyncIterator[QbittorrentNox]:
    """A fresh qbittorrent-nox for one test, its Web API open to loopback without login."""
    async with QbittorrentNox(tmp_path / "qbittorrent") as running:
        yield running
