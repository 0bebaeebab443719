"""QBittorrentGateway against a stand-in speaking qBittorrent 5.x (the Debian package is 4.5)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from domain.errors import TorrentClientError
from domain.models import DownloadState
from domain.qbittorrent.gateway import QBittorrentGateway
from tests.integration.qbittorrent.standin_v5 import Qbittorrent5StandIn

OWNER, OTHER = 3, 4
STALLED = "0a48a93131164bc49cb6e5687271124949346d79"  # recorded as stalledDL
SEEDING = "476f86e6c64ce252c09c4da40bcfee609ea827c7"  # recorded as stalledUP
NEW = "c5b9337296e01ca2c1cc6d7938451f49c47011f2"
MAGNET = f"magnet:?xt=urn:btih:{NEW}&dn=New"


@pytest.fixture
async def standin(corpora: Path) -> AsyncIterator[Qbittorrent5StandIn]:
    folder = corpora / "qbittorrent"
    recorded = json.loads((folder / "sync-maindata.full.5.2.3.json").read_text())["torrents"]
    banned = (folder / "auth-login.banned.5.2.3.txt").read_text().strip()
    async with Qbittorrent5StandIn(recorded, banned_text=banned) as running:
        yield running


@pytest.fixture
async def gateway(standin: Qbittorrent5StandIn) -> AsyncIterator[QBittorrentGateway]:
    async with QBittorrentGateway(
        standin.url, standin.username, standin.password, timeout=2.0
    ) as opened:
        yield opened


async def test_logs_in_and_reads_recorded_torrents_that_are_not_ours(
    gateway: QBittorrentGateway,
) -> None:
    assert await gateway.version() == "v5.2.3"
    stalled = await gateway.torrent(STALLED)
    seeding = await gateway.torrent(SEEDING)

    assert stalled is not None and stalled.state is DownloadState.STALLED
    assert seeding is not None and seeding.state is DownloadState.COMPLETED
    assert stalled.owner_ids == () and await gateway.torrents() == []


async def test_pause_and_resume_use_stop_and_start(
    gateway: QBittorrentGateway, standin: Qbittorrent5StandIn
) -> None:
    await gateway.add(MAGNET, info_hash=NEW, owner_id=OWNER)

    await gateway.pause([NEW, SEEDING])
    paused = await gateway.torrent(NEW)
    stopped_seed = await gateway.torrent(SEEDING)
    await gateway.resume([NEW])
    resumed = await gateway.torrent(NEW)

    assert "torrents/stop" in standin.calls and "torrents/start" in standin.calls
    assert "torrents/pause" not in standin.calls and "torrents/resume" not in standin.calls
    assert paused is not None and paused.state is DownloadState.PAUSED
    assert standin.torrents[SEEDING]["state"] == "stoppedUP"
    assert stopped_seed is not None and stopped_seed.state is DownloadState.COMPLETED
    assert resumed is not None and resumed.state is DownloadState.METADATA


async def test_a_pending_url_add_is_confirmed_and_tagged(
    gateway: QBittorrentGateway, standin: Qbittorrent5StandIn
) -> None:
    await gateway.add(f"{standin.url}/download/{NEW}.torrent", info_hash=NEW, owner_id=OWNER)

    status = await gateway.torrent(NEW)
    assert status is not None and status.owner_ids == (OWNER,)
    assert [t.info_hash for t in await gateway.torrents(OWNER)] == [NEW]


async def test_a_pending_url_that_never_becomes_a_torrent_raises(
    gateway: QBittorrentGateway, standin: Qbittorrent5StandIn
) -> None:
    with pytest.raises(TorrentClientError, match="not listed"):
        await gateway.add(f"{standin.url}/not-a-torrent", info_hash=NEW, owner_id=OWNER)
    assert await gateway.torrent(NEW) is None


async def test_a_refused_add_raises(
    gateway: QBittorrentGateway, standin: Qbittorrent5StandIn
) -> None:
    standin.refuse_next_add = True
    with pytest.raises(TorrentClientError, match="refused"):
        await gateway.add(MAGNET, info_hash=NEW, owner_id=OWNER)
    assert await gateway.torrent(NEW) is None


async def test_a_conflicting_add_still_tags_the_owner(
    gateway: QBittorrentGateway, standin: Qbittorrent5StandIn
) -> None:
    standin.conflict_on_next_add = True

    await gateway.add(MAGNET, info_hash=NEW, owner_id=OWNER)

    status = await gateway.torrent(NEW)
    assert status is not None and status.owner_ids == (OWNER,)


async def test_owners_and_delete(gateway: QBittorrentGateway, standin: Qbittorrent5StandIn) -> None:
    await gateway.add(MAGNET, info_hash=NEW, owner_id=OWNER)
    await gateway.add(MAGNET, info_hash=NEW, owner_id=OTHER)
    await gateway.remove_owner(NEW, OWNER)
    after_removal = await gateway.torrent(NEW)

    await gateway.delete([NEW], delete_files=True)

    assert after_removal is not None and after_removal.owner_ids == (OTHER,)
    assert await gateway.torrent(NEW) is None
    assert STALLED in standin.torrents


async def test_a_wrong_password_and_then_a_ban_raise(standin: Qbittorrent5StandIn) -> None:
    async with QBittorrentGateway(standin.url, standin.username, "wrong", timeout=2) as gateway:
        for _ in range(3):
            with pytest.raises(TorrentClientError, match="login refused"):
                await gateway.version()
        with pytest.raises(TorrentClientError, match="too many failed authentication"):
            await gateway.version()
