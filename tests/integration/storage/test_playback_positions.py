"""The player's positions on both backends: one per (user, download, file), the latest report
replacing the earlier, and gone with the download."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.models import Platform, Role
from domain.streaming.positions import PlaybackPosition
from storage.database import Database
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.playback import TortoisePlaybackPositionRepository
from storage.repositories.users import TortoiseUserRepository

AT = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


async def test_the_latest_position_per_user_and_file_is_kept_until_the_download_goes(
    database: Database,
) -> None:
    users, downloads = TortoiseUserRepository(), TortoiseDownloadRepository()
    alice = await users.create(
        platform=Platform.TELEGRAM, external_id="7", display_name="A", role=Role.USER
    )
    bob = await users.create(
        platform=Platform.TELEGRAM, external_id="8", display_name="B", role=Role.ADMIN
    )
    download = await downloads.add(
        info_hash="a" * 40, owner_id=alice.id, name="Show", request_id=None
    )
    positions = TortoisePlaybackPositionRepository()
    assert await positions.get(alice.id, download.id, 0) is None

    await positions.save(PlaybackPosition(alice.id, download.id, 0, 61.5, 1440.0, AT))
    later = PlaybackPosition(alice.id, download.id, 0, 700.25, 1440.0, AT + timedelta(minutes=9))
    await positions.save(later)
    await positions.save(PlaybackPosition(alice.id, download.id, 1, 12.0, 1420.0, AT))
    await positions.save(PlaybackPosition(bob.id, download.id, 0, 30.0, 1440.0, AT))

    assert await positions.get(alice.id, download.id, 0) == later
    assert (await positions.get(alice.id, download.id, 1)).seconds == 12.0  # type: ignore[union-attr]
    assert (await positions.get(bob.id, download.id, 0)).seconds == 30.0  # type: ignore[union-attr]

    await downloads.delete(download.id)
    assert await positions.get(alice.id, download.id, 0) is None
