"""/stats: the snapshot a loaded box gives, and how it reads on a phone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.commands import Caller
from bot.commands.stats import render_stats
from bot.errors import UnknownCommand
from domain.models import DownloadState, Platform, Role, TorrentStatus
from domain.services.stats import JobRun, Snapshot, StatsService
from tests.fakes import FakeTorrents
from tests.unit.monitoring.fakes import (
    NOW,
    FakeBackups,
    FakeCounts,
    FakeHealth,
    FakeJobs,
    FakeSystem,
    GiB,
    backup_made,
    figures,
)
from tests.world import build_world

MiB = 1024 * 1024


def torrent(n: int, state: DownloadState, down: int = 0, up: int = 0) -> TorrentStatus:
    return TorrentStatus(
        info_hash=f"{n:040x}",
        name=f"Show - {n:02d}",
        state=state,
        progress=0.5,
        size=GiB,
        downloaded=GiB // 2,
        download_speed=down,
        upload_speed=up,
        eta=60,
        owner_ids=(1,),
    )


def loaded_torrents() -> FakeTorrents:
    torrents = FakeTorrents()
    for t in (
        torrent(1, DownloadState.DOWNLOADING, down=3 * MiB, up=MiB),
        torrent(2, DownloadState.DOWNLOADING, down=MiB),
        torrent(3, DownloadState.STALLED),
        torrent(4, DownloadState.COMPLETED, up=MiB),
        torrent(5, DownloadState.PAUSED),
    ):
        torrents.torrents_by_hash[t.info_hash] = t
    return torrents


def service(**overrides: object) -> StatsService:
    parts: dict[str, object] = {
        "system": FakeSystem(),
        "torrents": loaded_torrents(),
        "counts": FakeCounts(
            users=4, downloads={DownloadState.QUEUED: 3, DownloadState.COMPLETED: 9}
        ),
        "database": FakeHealth(),
        "latest_backup": FakeBackups(backup_made(7)),
        "clock": lambda: NOW,
        "started_at": NOW - timedelta(hours=2, minutes=10),
        "jobs": FakeJobs(
            [
                JobRun("backup", NOW - timedelta(minutes=7), lag=0.3),
                JobRun("feeds", NOW - timedelta(minutes=1), lag=1.2, ok=False),
            ]
        ),
        "queued_notifications": _queued(5),
        "timeout": 0.5,
    }
    parts.update(overrides)
    return StatsService(**parts)  # type: ignore[arg-type]


def _queued(n: int):  # type: ignore[no-untyped-def]
    async def count() -> int:
        return n

    return count


async def test_a_loaded_box_shows_every_figure_an_admin_asks_for() -> None:
    text = render_stats(await service().snapshot())
    for expected in (
        "Up 3d 4h · bot 2h 10m",
        "CPU 12% of 4 cores · load 0.52 0.40 0.31",
        "RAM 4.0 GiB / 24.0 GiB (17%) · bot 101.0 MiB",
        "Disk 150.0 GiB free of 200.0 GiB (75%)",
        "qBittorrent v5.0.0-fake · ↓ 4.0 MiB/s ↑ 2.0 MiB/s",
        "Torrents: 2 downloading · 1 stalled · 1 paused · 1 completed",
        "Users 4 · downloads 12 (3 active)",
        "Notifications queued: 5",
        "Database: ✅ ok",
        "Backup: 7m 00s ago (2.0 MiB)",
        " backup: 7m 00s ago, lag 0.3s",
        " feeds: 1m 00s ago, lag 1.2s ❌ failed",
    ):
        assert expected in text.splitlines(), f"{expected!r} missing from:\n{text}"


async def test_it_fits_a_phone_screen_even_with_many_jobs() -> None:
    jobs = FakeJobs([JobRun(f"job-{n}-with-a-rather-long-name", NOW, lag=0.1) for n in range(30)])
    text = render_stats(await service(jobs=jobs).snapshot())
    lines = text.splitlines()
    assert len(lines) <= 25
    assert max(len(line) for line in lines) <= 64
    assert " … and 22 more" in lines


async def test_a_dead_qbittorrent_does_not_hide_the_rest() -> None:
    torrents = loaded_torrents()
    torrents.down = True
    snapshot = await service(torrents=torrents).snapshot()
    text = render_stats(snapshot)
    assert "qBittorrent: ❌ not answering" in text
    assert "Disk 150.0 GiB free of 200.0 GiB (75%)" in text
    assert "Users 4 · downloads 12" in text
    assert any("qBittorrent" in p and "connection refused" in p for p in snapshot.problems)


async def test_a_hanging_part_is_cut_off_at_the_deadline() -> None:
    snapshot = await service(system=FakeSystem(hang=True), timeout=0.05).snapshot()
    assert snapshot.system is None
    assert snapshot.problems == ("system: no answer within 0.05 s",)
    assert "Host: unreadable · bot 2h 10m" in render_stats(snapshot)


@pytest.mark.parametrize(
    ("backup", "ok", "expected"),
    [
        (None, True, "Backup: ⚠️ none yet"),
        (backup_made(45), True, "Backup: 45m 00s ago (2.0 MiB) ⚠️ stale"),
        (backup_made(2), False, "Database: ❌ not answering"),
    ],
)
async def test_warnings_stand_out(backup: object, ok: bool, expected: str) -> None:
    snapshot = await service(
        latest_backup=FakeBackups(backup),  # type: ignore[arg-type]
        database=FakeHealth(ok),
    ).snapshot()
    assert expected in render_stats(snapshot).splitlines()


async def test_a_nearly_full_disk_is_flagged() -> None:
    snapshot = await service(system=FakeSystem(figures(disk_free=5 * GiB))).snapshot()
    assert "Disk 5.0 GiB free of 200.0 GiB (2%) ⚠️ low" in render_stats(snapshot)


async def test_without_scheduler_or_outbox_those_lines_are_left_out() -> None:
    snapshot = await service(jobs=None, queued_notifications=None).snapshot()
    text = render_stats(snapshot)
    assert "Jobs" not in text
    assert "Notifications" not in text


async def test_unreadable_counts_show_question_marks_not_zeros() -> None:
    counts = FakeCounts()
    counts.broken = True
    snapshot: Snapshot = await service(counts=counts).snapshot()
    assert "Users ? · downloads ? (3 active)" in render_stats(snapshot)
    unreadable = render_stats(snapshot).splitlines()[-1]
    assert unreadable.startswith("Unreadable: ")
    assert "user count: database is locked" in unreadable
    assert "download counts: database is locked" in unreadable


async def test_only_admins_can_ask() -> None:
    world = build_world()
    dispatcher = world.dispatcher
    reply = await dispatcher.handle(Caller(Platform.CONSOLE, "operator", "Boss"), "/stats")
    assert reply.text.startswith("📊 Box status")
    await world.users.create(
        platform=Platform.TELEGRAM, external_id="42", display_name="Member", role=Role.USER
    )
    with pytest.raises(UnknownCommand):
        await dispatcher.handle(Caller(Platform.TELEGRAM, "42", "Member"), "/stats")
    help_text = (await dispatcher.handle(Caller(Platform.TELEGRAM, "42", "Member"), "/help")).text
    assert "/stats" not in help_text
