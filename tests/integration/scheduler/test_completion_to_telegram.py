"""A real download finishes in a real qbittorrent-nox: the watcher sees it through sync/maindata,
writes exactly one DownloadCompleted to the outbox, and the Telegram notifier delivers it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from telegram import Bot

from bot.telegram.notifier import TelegramNotifier
from domain.models import ChatTarget, NotificationKind, Platform, RequestKind, RequestState, Role
from domain.notifications.dispatcher import OutboxDispatcher
from domain.notifications.outbox import DeliveryState
from domain.qbittorrent.gateway import QBittorrentGateway
from domain.services.completions import CompletionWatcher
from storage.repositories.completions import TortoiseCompletionRepository
from storage.repositories.download_requests import TortoiseDownloadRequestRepository
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.outbox import TortoiseOutboxRepository
from storage.repositories.users import TortoiseUserRepository
from tests.harness.databases import migrated_database, sqlite_url
from tests.harness.torrents import QbittorrentNox, Torrent
from tests.standins.telegram import TelegramStandIn

CHAT = 7001


def utc_now() -> datetime:
    return datetime.now(UTC)


def watcher(gateway: QBittorrentGateway) -> CompletionWatcher:
    return CompletionWatcher(
        sync=gateway,
        completions=TortoiseCompletionRepository(),
        outbox=TortoiseOutboxRepository(),
        clock=utc_now,
    )


async def test_a_real_download_is_announced_once_on_telegram(
    qbittorrent: QbittorrentNox, seeded: Torrent, tmp_path: Path
) -> None:
    async with (
        migrated_database(sqlite_url(tmp_path / "db" / "iiitorrent.db")),
        QBittorrentGateway(qbittorrent.url, "", "", timeout=5.0) as gateway,
        TelegramStandIn() as standin,
        Bot(standin.token, base_url=standin.base_url) as bot,
    ):
        user = await TortoiseUserRepository().create(
            platform=Platform.TELEGRAM, external_id=str(CHAT), display_name="Ann", role=Role.USER
        )
        requests = TortoiseDownloadRequestRepository()
        request = await requests.create(
            user_id=user.id,
            query="harness show",
            kind=RequestKind.EPISODE,
            episode=1,
            reply_to=ChatTarget(Platform.TELEGRAM, str(CHAT)),
        )
        await gateway.add(seeded.magnet, info_hash=seeded.info_hash, owner_id=user.id)
        await TortoiseDownloadRepository().add(
            info_hash=seeded.info_hash, owner_id=user.id, name=seeded.name, request_id=request.id
        )

        watching = watcher(gateway)
        deadline = asyncio.get_running_loop().time() + 90
        announced: tuple[str, ...] = ()
        while not announced:
            assert asyncio.get_running_loop().time() < deadline, "never saw it complete"
            announced = (await watching.poll()).completed
            await asyncio.sleep(0.2)
        assert announced == (seeded.info_hash,)
        # More cycles, and a restarted watcher reconciling from scratch, add nothing.
        await watching.poll()
        assert (await watcher(gateway).poll()).completed == ()

        outbox = TortoiseOutboxRepository()
        entries = await outbox.entries()
        assert [e.notification.kind for e, _ in entries] == [NotificationKind.DOWNLOAD_COMPLETED]
        done = await requests.get(request.id)
        assert done is not None and done.state is RequestState.COMPLETED

        standin.push_message(CHAT, "/start")
        report = await OutboxDispatcher(
            outbox, {Platform.TELEGRAM: TelegramNotifier(bot)}, utc_now
        ).dispatch()
        assert report.sent == 1
        [message] = standin.sent(CHAT)
        assert message.text.startswith("Download complete")
        assert seeded.name in message.text
        assert [state for _, state in await outbox.entries()] == [DeliveryState.SENT]
