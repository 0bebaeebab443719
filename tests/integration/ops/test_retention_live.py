"""Retention against a real qbittorrent-nox: a finished download's owner gets the warning on
Telegram, and a day later the torrent and its files are gone from the disk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from telegram import Bot

from bot.telegram.notifier import TelegramNotifier
from domain.models import ChatTarget, Platform, RequestKind, Role
from domain.notifications.dispatcher import OutboxDispatcher
from domain.qbittorrent.gateway import QBittorrentGateway
from domain.retention import RetentionPolicy
from domain.services.completions import CompletionWatcher
from domain.services.downloads import DownloadService
from domain.services.retention import RetentionService
from domain.services.search import SearchService
from storage.repositories.completions import TortoiseCompletionRepository
from storage.repositories.download_requests import TortoiseDownloadRequestRepository
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.outbox import TortoiseOutboxRepository
from storage.repositories.retention import TortoiseWarningLog
from storage.repositories.users import TortoiseUserRepository
from tests.fakes import FakeCatalog, FakeIndex
from tests.harness.databases import migrated_database, sqlite_url
from tests.harness.torrents import QbittorrentNox, Torrent, eventually
from tests.standins.telegram import TelegramStandIn

pytestmark = pytest.mark.integration
CHAT = 7002


class ShiftedClock:
    """The wall clock moved forward by `ahead`: days pass in a test without waiting for them."""

    def __init__(self) -> None:
        self.ahead = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.ahead


async def test_an_expired_download_is_announced_then_removed_with_its_files(
    qbittorrent: QbittorrentNox, seeded: Torrent, tmp_path: Path
) -> None:
    clock = ShiftedClock()
    async with (
        migrated_database(sqlite_url(tmp_path / "db" / "iiitorrent.db")),
        QBittorrentGateway(qbittorrent.url, "", "", timeout=5.0) as gateway,
        TelegramStandIn() as standin,
        Bot(standin.token, base_url=standin.base_url) as bot,
    ):
        users, rows = TortoiseUserRepository(), TortoiseDownloadRepository()
        requests, outbox = TortoiseDownloadRequestRepository(), TortoiseOutboxRepository()
        user = await users.create(
            platform=Platform.TELEGRAM, external_id=str(CHAT), display_name="Ann", role=Role.USER
        )
        request = await requests.create(
            user_id=user.id,
            query="harness show",
            kind=RequestKind.EPISODE,
            episode=1,
            reply_to=ChatTarget(Platform.TELEGRAM, str(CHAT)),
        )
        await gateway.add(seeded.magnet, info_hash=seeded.info_hash, owner_id=user.id)
        download = await rows.add(
            info_hash=seeded.info_hash, owner_id=user.id, name=seeded.name, request_id=request.id
        )
        watcher = CompletionWatcher(
            sync=gateway,
            completions=TortoiseCompletionRepository(),
            outbox=outbox,
            clock=clock,
        )

        async def completed() -> bool:
            return bool((await watcher.poll()).completed)

        await eventually(completed, within=90, what="the download to complete")
        on_disk = Path(qbittorrent.save_path) / seeded.name
        assert on_disk.is_file()

        downloads = DownloadService(
            users=users,
            requests=requests,
            downloads=rows,
            torrents=gateway,
            search=SearchService(FakeIndex(), FakeCatalog()),
            clock=clock,
        )
        retention = RetentionService(
            downloads=rows,
            torrents=gateway,
            recipients=TortoiseCompletionRepository(),
            outbox=outbox,
            warnings=TortoiseWarningLog(),
            remover=downloads,
            clock=clock,
            policy=RetentionPolicy(max_age=timedelta(days=14), warning=timedelta(hours=24)),
        )
        dispatcher = OutboxDispatcher(outbox, {Platform.TELEGRAM: TelegramNotifier(bot)}, clock)
        standin.push_message(CHAT, "/start")
        await dispatcher.dispatch()  # the completion notice
        assert len(standin.sent(CHAT)) == 1

        clock.ahead = timedelta(days=13, hours=1)
        report = await retention.sweep()
        assert report.warned == (download.id,) and report.expired == ()
        assert (await dispatcher.dispatch()).sent == 1
        warning = standin.sent(CHAT)[-1].text
        assert warning.startswith("Download expiring") and seeded.name in warning
        assert on_disk.is_file()  # told, not yet removed

        clock.ahead = timedelta(days=14, hours=2)
        assert (await retention.sweep()).expired == (download.id,)

        async def gone() -> bool:
            return not on_disk.exists() and await gateway.torrent(seeded.info_hash) is None

        await eventually(gone, within=30, what="the torrent and its file to be deleted")
        assert await rows.get(download.id) is None
