"""Opening and closing databases."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from domain.models import Platform, Role
from storage.database import open_database
from storage.errors import DatabaseUnavailable, DatabaseUrlError
from storage.migrate import migrate
from storage.repositories.users import TortoiseUserRepository
from tests.harness.databases import sqlite_url


async def _pragma(database_url: str, name: str) -> object:
    async with open_database(database_url) as database:
        _, rows = await database.connection().execute_query(f"PRAGMA {name}")
        return rows[0][0]


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [("journal_mode", "wal"), ("busy_timeout", 5000), ("foreign_keys", 1)],
)
async def test_sqlite_connections_are_set_up_for_a_busy_bot(
    tmp_path: Path, pragma: str, expected: object
) -> None:
    assert await _pragma(sqlite_url(tmp_path / "db.sqlite3"), pragma) == expected


async def test_sqlite_options_in_the_url_override_the_defaults(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "db.sqlite3") + "?busy_timeout=250"
    assert await _pragma(url, "busy_timeout") == 250


async def test_sqlite_creates_the_folders_above_the_file(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "there" / "db.sqlite3"
    async with open_database(sqlite_url(path)):
        pass
    assert path.is_file()


async def test_a_database_opens_and_closes_many_times_in_one_process(database_url: str) -> None:
    await migrate(database_url)
    users = TortoiseUserRepository()
    for number in range(3):
        async with open_database(database_url) as database:
            assert await database.healthy()
            await users.create(
                platform=Platform.CONSOLE,
                external_id=f"reopen-{number}",
                display_name="x",
                role=Role.USER,
            )
    async with open_database(database_url):
        for number in range(3):
            assert await users.by_identity(Platform.CONSOLE, f"reopen-{number}") is not None


async def test_two_databases_open_at_once_stay_apart(tmp_path: Path) -> None:
    first, second = sqlite_url(tmp_path / "one.db"), sqlite_url(tmp_path / "two.db")
    await migrate(first)
    await migrate(second)
    users = TortoiseUserRepository()
    async with open_database(first):
        await users.create(
            platform=Platform.CONSOLE, external_id="first", display_name="a", role=Role.USER
        )
        async with open_database(second):
            assert await users.by_identity(Platform.CONSOLE, "first") is None
        # Closing the inner one hands the outer one back.
        assert await users.by_identity(Platform.CONSOLE, "first") is not None


@pytest.mark.parametrize(
    "url",
    ["", "mysql://root@localhost/x", "sqlite://", "postgres://127.0.0.1:5432/", "nonsense"],
)
async def test_a_bad_url_is_refused_before_anything_is_opened(url: str) -> None:
    with pytest.raises(DatabaseUrlError):
        async with open_database(url):
            pass


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_an_unreachable_server_fails_at_open_not_later() -> None:
    url = f"postgres://postgres@127.0.0.1:{_closed_port()}/nothing"
    with pytest.raises(DatabaseUnavailable, match="cannot open"):
        async with open_database(url):
            pass


async def test_a_password_never_shows_in_the_error() -> None:
    url = f"postgres://postgres:hunter2@127.0.0.1:{_closed_port()}/nothing"
    with pytest.raises(DatabaseUnavailable) as caught:
        async with open_database(url):
            pass
    assert "hunter2" not in str(caught.value)


async def test_a_folder_that_cannot_be_made_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")

    with pytest.raises(DatabaseUnavailable):
        async with open_database(sqlite_url(blocker / "db.sqlite3")):
            pass
