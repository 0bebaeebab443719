"""Retention's record of warnings, and the queued-notification count for /stats, on both
backends."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from domain.models import ChatTarget, Platform, Role
from domain.notifications.events import Recipient
from domain.notifications.retention import download_expiring, download_removed
from storage.database import Database
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.outbox import TortoiseOutboxRepository
from storage.repositories.retention import TortoiseWarningLog
from storage.repositories.users import TortoiseUserRepository

CHAT = ChatTarget(Platform.TELEGRAM, "42")


async def test_a_warning_is_remembered_per_copy_from_when_it_was_written(
    database: Database,
) -> None:
    owner = await TortoiseUserRepository().create(
        platform=Platform.TELEGRAM, external_id="42", display_name="A", role=Role.USER
    )
    rows = TortoiseDownloadRepository()
    warned = await rows.add(info_hash="a" * 40, owner_id=owner.id, name="A", request_id=None)
    other = await rows.add(info_hash="b" * 40, owner_id=owner.id, name="B", request_id=None)
    outbox, log = TortoiseOutboxRepository(), TortoiseWarningLog()
    assert await log.warned([warned, other]) == {}
    before = datetime.now(UTC) - timedelta(seconds=1)
    removal = before + timedelta(days=1)
    message = download_expiring(Recipient(warned, CHAT), removal)
    assert message is not None
    # A removal notice is not a warning; only the expiring one counts.
    notice = download_removed(Recipient(other, CHAT), "the disk was nearly full")
    assert notice is not None
    await outbox.enqueue([message, notice])
    told = await log.warned([warned, other])
    assert list(told) == [warned.id]
    assert before <= told[warned.id] <= datetime.now(UTC) + timedelta(seconds=1)
    # A download with the same id added at another time is another copy, never warned.
    again = replace(warned, added_at=warned.added_at + timedelta(days=3))
    assert await log.warned([again]) == {}
    assert await outbox.queued() == 2


async def test_the_queued_count_ignores_sent_entries(database: Database) -> None:
    outbox = TortoiseOutboxRepository()
    owner = await TortoiseUserRepository().create(
        platform=Platform.TELEGRAM, external_id="7", display_name="A", role=Role.USER
    )
    download = await TortoiseDownloadRepository().add(
        info_hash="c" * 40, owner_id=owner.id, name="C", request_id=None
    )
    message = download_removed(Recipient(download, CHAT), "old")
    assert message is not None
    await outbox.enqueue([message])
    assert await outbox.queued() == 1
    (entry, _), *_ = await outbox.entries()
    await outbox.mark_sent(entry.id, at=datetime.now(UTC))
    assert await outbox.queued() == 0
