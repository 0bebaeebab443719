"""The backup folder: listing, keeping the newest N, and checking a copy before trusting it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.backup import backup, latest_backup, list_backups, parse_backup_name, prune, verify
from storage.errors import BackupError
from storage.migrate import migrate
from tests.harness.databases import sqlite_url


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("iiitorrent-20260301T120000123456Z.sqlite3", datetime(2026, 3, 1, 12, 0, 0, 123456, UTC)),
        ("iiitorrent-20260301T120000123456Z.dump", datetime(2026, 3, 1, 12, 0, 0, 123456, UTC)),
        ("iiitorrent-20260301T120000123456Z.sqlite3.partial", None),
        ("iiitorrent-20261341T120000123456Z.sqlite3", None),  # month 13
        ("notes.txt", None),
        ("iiitorrent-.sqlite3", None),
    ],
)
def test_backup_names(name: str, expected: datetime | None) -> None:
    assert parse_backup_name(name) == expected


async def test_prune_keeps_the_newest_and_ignores_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    names = [f"iiitorrent-202603{day:02d}T120000000000Z.sqlite3" for day in range(1, 8)]
    for name in names:
        (folder / name).write_bytes(b"x")
    (folder / "keep-me.txt").write_text("not a backup")
    (folder / "iiitorrent-20260309T120000000000Z.sqlite3.partial").write_bytes(b"half")
    removed = await prune(folder, keep=3)
    assert sorted(p.name for p in removed) == names[:4]
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted(
        [*names[4:], "keep-me.txt", "iiitorrent-20260309T120000000000Z.sqlite3.partial"]
    )
    newest = await latest_backup(folder)
    assert newest is not None and newest.path.name == names[-1]


async def test_prune_refuses_to_keep_nothing(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="at least one"):
        await prune(tmp_path, keep=0)


async def test_an_empty_or_missing_folder_has_no_backups(tmp_path: Path) -> None:
    assert await list_backups(tmp_path / "nowhere") == []
    assert await latest_backup(tmp_path) is None


async def test_verify_accepts_a_real_backup_and_leaves_it_untouched(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "live.db")
    await migrate(url)
    made = await backup(url, tmp_path / "backups")
    before = made.read_bytes()
    await verify(made)
    assert made.read_bytes() == before
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]  # no -wal, no -shm


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "not a backup of this database"),
        (b"this is not sqlite at all" * 100, "not a readable SQLite database|cannot be checked"),
    ],
)
async def test_verify_refuses_what_cannot_be_restored(
    tmp_path: Path, content: bytes, match: str
) -> None:
    bogus = tmp_path / "iiitorrent-20260301T120000000000Z.sqlite3"
    bogus.write_bytes(content)
    with pytest.raises(BackupError, match=match):
        await verify(bogus)


async def test_verify_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no backup file"):
        await verify(tmp_path / "gone.sqlite3")
