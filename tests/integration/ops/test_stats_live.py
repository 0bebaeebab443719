"""/stats and /metrics on real parts: a qbittorrent-nox holding torrents, a SQLite database,
this machine's /proc, and a backup folder with a real backup in it."""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio

from bot.commands.stats import render_stats
from bot.web.health import record_snapshot
from domain.models import DownloadState, Platform, Role
from domain.qbittorrent.gateway import QBittorrentGateway
from domain.services.stats import BackupInfo, StatsService
from domain.system import SystemProbe
from monitoring.metrics import Metrics
from storage.backup import backup, latest_backup
from storage.database import Database
from storage.repositories.counts import TortoiseCounts
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.users import TortoiseUserRepository
from tests.harness.databases import migrated_database, sqlite_url
from tests.harness.torrents import QbittorrentNox, Torrent, eventually, magnet_uri

pytestmark = pytest.mark.integration


@pytest_asyncio.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    async with migrated_database(sqlite_url(tmp_path / "iiitorrent.db")) as opened:
        yield opened


async def test_stats_of_a_box_holding_torrents(
    qbittorrent: QbittorrentNox, seeded: Torrent, database: Database, tmp_path: Path
) -> None:
    metrics = Metrics()
    users, downloads = TortoiseUserRepository(), TortoiseDownloadRepository()
    owner = await users.create(
        platform=Platform.TELEGRAM, external_id="7", display_name="fan", role=Role.USER
    )
    async with QBittorrentGateway(qbittorrent.url, "", "", timeout=5.0, metrics=metrics) as gateway:
        # One that completes from the swarm, two nobody seeds (stuck fetching metadata).
        await gateway.add(seeded.magnet, info_hash=seeded.info_hash, owner_id=owner.id)
        await downloads.add(
            info_hash=seeded.info_hash, owner_id=owner.id, name=seeded.name, request_id=None
        )
        for n in (1, 2):
            info_hash = hashlib.sha1(f"nobody seeds {n}".encode()).hexdigest()
            name = f"Orphan - {n:02d}"
            await gateway.add(
                magnet_uri(info_hash, name, seeded.tracker_url),
                info_hash=info_hash,
                owner_id=owner.id,
            )
            await downloads.add(info_hash=info_hash, owner_id=owner.id, name=name, request_id=None)

        async def seeded_done() -> bool:
            status = await gateway.torrent(seeded.info_hash)
            return status is not None and status.state is DownloadState.COMPLETED

        await eventually(seeded_done, within=60, what="the seeded torrent to complete")
        folder = tmp_path / "backups"
        await backup(sqlite_url(tmp_path / "iiitorrent.db"), folder)

        async def latest() -> BackupInfo | None:
            found = await latest_backup(folder)
            return BackupInfo(str(found.path), found.created_at, found.size) if found else None

        service = StatsService(
            system=SystemProbe(tmp_path),
            torrents=gateway,
            counts=TortoiseCounts(),
            database=database,
            latest_backup=latest,
            clock=lambda: datetime.now(UTC),
            started_at=datetime.now(UTC),
        )
        snapshot = await service.snapshot()

    assert snapshot.problems == ()
    text = render_stats(snapshot)
    lines = text.splitlines()
    print("\n" + text)
    assert len(lines) <= 25
    version = (await qbittorrent.api("GET", "app/version")).text.strip()
    assert any(line.startswith(f"qBittorrent {version} · ↓ ") for line in lines)
    torrents_line = next(line for line in lines if line.startswith("Torrents: "))
    assert "1 completed" in torrents_line
    assert "2 metadata" in torrents_line
    assert "Users 1 · downloads 3 (2 active)" in lines
    assert "Database: ✅ ok" in lines
    backup_line = next(line for line in lines if line.startswith("Backup: "))
    # A fresh backup, its size in readable units (aerich's history alone is about a MiB).
    assert re.fullmatch(r"Backup: \d+s ago \(\d+(\.\d)? (KiB|MiB)\)", backup_line), backup_line

    record_snapshot(metrics, snapshot)
    r = metrics.registry
    assert r.get_sample_value("iiitorrent_qbittorrent_torrents", {"state": "completed"}) == 1
    assert r.get_sample_value("iiitorrent_downloads", {"state": "queued"}) == 3
    assert (r.get_sample_value("iiitorrent_backup_age_seconds") or 1e9) < 120
    assert (
        r.get_sample_value(
            "iiitorrent_external_request_duration_seconds_count", {"service": "qbittorrent"}
        )
        or 0
    ) > 3
