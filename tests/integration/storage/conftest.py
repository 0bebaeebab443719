"""Every storage test runs on SQLite and on PostgreSQL.

`database` is migrated, open and empty. On SQLite it is a file in the test's tmp_path; on
PostgreSQL it is one uniquely named database per test module, emptied before each test and dropped
after the module. The PostgreSQL leg skips, saying why, only when no server answers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from storage.database import Database, open_database
from storage.migrate import migrate
from tests.harness.databases import (
    clear_tables,
    create_postgres_database,
    drop_postgres_database,
    postgres_database,
    postgres_unreachable_reason,
    sqlite_url,
)

BACKENDS = ("sqlite", "postgres")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def postgres_module_url(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """One fresh PostgreSQL database for the whole test module."""
    reason = await postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    url = await create_postgres_database(request.module.__name__.rsplit(".", 1)[-1])
    try:
        yield url
    finally:
        await drop_postgres_database(url)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A DATABASE_URL of the backend; on PostgreSQL it is shared by the module's tests."""
    if backend == "sqlite":
        return sqlite_url(tmp_path / "data" / "iiitorrent.db")
    return str(request.getfixturevalue("postgres_module_url"))


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    await migrate(database_url)
    async with open_database(database_url) as opened:
        await clear_tables(opened)
        yield opened


@pytest.fixture
async def empty_database_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database nobody has migrated yet, for the tests of migrating."""
    if backend == "sqlite":
        yield sqlite_url(tmp_path / "empty" / "iiitorrent.db")
        return
    reason = await postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    async with postgres_database("empty") as url:
        yield url
