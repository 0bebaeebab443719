"""Backup and restore round trips, on both backends, and how they fail."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from domain.models import DownloadState, Platform, Role
from storage.backup import backup, restore
from storage.database import Database, open_database
from storage.errors import BackupError
from storage.migrate import migrate
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.users import TortoiseUserRepository
from tests.harness.databases import postgres_database, sqlite_url

FRIEREN = "0123456789abcdef0123456789abcdef01234567"
DUNGEON = "fedcba9876543210fedcba9876543210fedcba98"


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


async def test_round_trip(database: Database, database_url: str, tmp_path: Path) -> None:
    users, downloads = TortoiseUserRepository(), TortoiseDownloadRepository()
    alice = await users.create(
        platform=Platform.TELEGRAM, external_id="1", display_name="Alice", role=Role.USER
    )
    kept = await downloads.add(
        info_hash=FRIEREN, owner_id=alice.id, name="Frieren", request_id=None
    )
    deleted = await downloads.add(
        info_hash=DUNGEON, owner_id=alice.id, name="Dungeon", request_id=None
    )

    backup_file = await backup(database_url, tmp_path / "backups")

    await downloads.set_state(kept.id, DownloadState.PAUSED)
    await downloads.delete(deleted.id)
    await users.set_role(alice.id, Role.ADMIN)
    await users.create(
        platform=Platform.DISCORD, external_id="2", display_name="Bob", role=Role.USER
    )
    await database.connection().close()  # restore runs with the bot stopped

    await restore(database_url, backup_file)

    async with open_database(database_url):
        assert await downloads.for_owner(None) == [deleted, kept]
        assert await users.get(alice.id) == alice
        assert await users.by_identity(Platform.DISCORD, "2") is None
        assert await migrate(database_url) == []  # the migration history came back too


async def test_backups_are_timestamped_and_never_overwrite_each_other(
    database: Database, database_url: str, tmp_path: Path
) -> None:
    first = await backup(database_url, tmp_path / "backups")
    second = await backup(database_url, tmp_path / "backups")

    assert first != second
    assert _mode(first) == _mode(second) == 0o600  # every user's data is in there
    assert first.name.startswith("iiitorrent-") and second.name > first.name
    assert _names(tmp_path / "backups") == sorted([first.name, second.name])


async def test_a_sqlite_backup_is_one_checked_file(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "live.db")
    await migrate(url)
    async with open_database(url):
        await TortoiseUserRepository().create(
            platform=Platform.TELEGRAM, external_id="1", display_name="Alice", role=Role.USER
        )
        # Taken while the database is open, with the row still in the write-ahead log.
        backup_file = await backup(url, tmp_path / "backups")

    assert _names(backup_file.parent) == [backup_file.name]  # no -wal, no .partial
    with sqlite3.connect(backup_file) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute('SELECT display_name FROM "users"').fetchall() == [("Alice",)]


async def test_restoring_a_sqlite_database_that_does_not_exist_yet(tmp_path: Path) -> None:
    source = sqlite_url(tmp_path / "old" / "db.sqlite3")
    await migrate(source)
    backup_file = await backup(source, tmp_path / "backups")
    fresh = sqlite_url(tmp_path / "new" / "machine" / "db.sqlite3")

    await restore(fresh, backup_file)

    assert await migrate(fresh) == []


async def _live_sqlite(tmp_path: Path) -> tuple[str, bytes]:
    url = sqlite_url(tmp_path / "live.db")
    await migrate(url)
    return url, (tmp_path / "live.db").read_bytes()


@pytest.mark.parametrize(
    "content",
    [b"", b"not a database at all\n" * 100, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["empty", "text", "bad-pages"],
)
async def test_restoring_garbage_fails_and_leaves_the_live_database_alone(
    tmp_path: Path, content: bytes
) -> None:
    url, before = await _live_sqlite(tmp_path)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(content)

    with pytest.raises(BackupError):
        await restore(url, garbage)

    assert (tmp_path / "live.db").read_bytes() == before
    assert _names(tmp_path) == ["garbage.sqlite3", "live.db"]


async def test_restoring_a_corrupted_backup_fails(tmp_path: Path) -> None:
    url, before = await _live_sqlite(tmp_path)
    backup_file = await backup(url, tmp_path / "backups")
    data = bytearray(backup_file.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size * 2 : page_size * 3] = os.urandom(page_size)  # scribble over a table page
    backup_file.write_bytes(bytes(data))

    with pytest.raises(BackupError):
        await restore(url, backup_file)

    assert (tmp_path / "live.db").read_bytes() == before


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
async def test_restoring_a_missing_file_fails(tmp_path: Path, dialect: str) -> None:
    url = sqlite_url(tmp_path / "db.sqlite3") if dialect == "sqlite" else "postgres://127.0.0.1/x"

    with pytest.raises(BackupError, match="no backup file"):
        await restore(url, tmp_path / "nope.dump")

    assert _names(tmp_path) == []


async def test_backing_up_a_missing_sqlite_file_fails_without_creating_it(tmp_path: Path) -> None:
    with pytest.raises(BackupError):
        await backup(sqlite_url(tmp_path / "missing.db"), tmp_path / "backups")
    assert not (tmp_path / "missing.db").exists()


async def test_an_in_memory_database_cannot_be_backed_up(tmp_path: Path) -> None:
    with pytest.raises(BackupError):
        await backup("sqlite://:memory:", tmp_path)


# PostgreSQL only: the `backend` fixture is narrowed to the one leg.
postgres_only = pytest.mark.parametrize("backend", ["postgres"])


@pytest.fixture
def postgres_url(database: Database, database_url: str) -> str:
    return database_url


@postgres_only
async def test_without_the_client_tools_the_error_says_so(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))

    with pytest.raises(BackupError, match="pg_dump not found"):
        await backup(postgres_url, tmp_path / "backups")
    with pytest.raises(BackupError, match="pg_restore not found"):
        await restore(postgres_url, Path(__file__))


@postgres_only
async def test_a_failing_pg_dump_is_reported_without_the_password(
    postgres_url: str, tmp_path: Path
) -> None:
    url = postgres_url.replace("://postgres@", "://postgres:s3cret-pw@").rsplit("/", 1)[0]
    url += "/no_such_database_here"

    with pytest.raises(BackupError, match="pg_dump failed") as caught:
        await backup(url, tmp_path / "backups")

    assert "s3cret-pw" not in str(caught.value)
    assert _names(tmp_path / "backups") == []


@postgres_only
async def test_restoring_a_sqlite_file_into_postgresql_fails_and_changes_nothing(
    database: Database, postgres_url: str, tmp_path: Path
) -> None:
    alice = await TortoiseUserRepository().create(
        platform=Platform.TELEGRAM, external_id="1", display_name="Alice", role=Role.USER
    )
    not_a_dump = tmp_path / "other.sqlite3"
    with sqlite3.connect(not_a_dump) as other:
        other.execute("CREATE TABLE t (x)")

    with pytest.raises(BackupError, match="pg_restore failed"):
        await restore(postgres_url, not_a_dump)

    assert await TortoiseUserRepository().get(alice.id) == alice


@postgres_only
async def test_restoring_a_dump_of_some_other_database_is_refused(
    database: Database, postgres_url: str, tmp_path: Path
) -> None:
    alice = await TortoiseUserRepository().create(
        platform=Platform.TELEGRAM, external_id="1", display_name="Alice", role=Role.USER
    )
    async with postgres_database("stranger") as stranger:
        dump = await backup(stranger, tmp_path)

    with pytest.raises(BackupError, match="not a backup of this database"):
        await restore(postgres_url, dump)

    assert await TortoiseUserRepository().get(alice.id) == alice
