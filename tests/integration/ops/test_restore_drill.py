"""The restore drill: back up a busy database, restore it into a scratch one, prove it whole.

Runs on SQLite and on PostgreSQL (a throwaway cluster made with initdb, archiving WAL the way
the compose stack does). Prints how long the backup and the restore took: the figures an admin
needs to trust a 15-minute recovery point.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest

from domain.models import Platform, Role
from storage import models
from storage.backup import backup, list_backups, restore, verify
from storage.database import open_database
from storage.migrate import migrate
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.users import TortoiseUserRepository
from tests.harness.databases import sqlite_url
from tests.integration.ops.pg_cluster import ThrowawayCluster

USERS = 40
DOWNLOADS = 300


@pytest.fixture(scope="module")
def cluster() -> Iterator[ThrowawayCluster]:
    with ThrowawayCluster() as running:
        yield running


async def _create(server_url: str, name: str) -> str:
    connection = await asyncpg.connect(server_url, timeout=10)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


@asynccontextmanager
async def two_databases(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[tuple[str, str]]:
    if backend == "sqlite":
        yield sqlite_url(tmp_path / "live" / "iiitorrent.db"), sqlite_url(tmp_path / "scratch.db")
        return
    cluster: ThrowawayCluster = request.getfixturevalue("cluster")
    suffix = str(time.monotonic_ns())
    yield (
        await _create(cluster.url, f"live_{suffix}"),
        await _create(cluster.url, f"scratch_{suffix}"),
    )


async def fill(database_url: str) -> str:
    """Users and downloads like a busy box's; returns the newest download's name."""
    await migrate(database_url)
    users, downloads = TortoiseUserRepository(), TortoiseDownloadRepository()
    newest = ""
    async with open_database(database_url):
        owners = [
            await users.create(
                platform=Platform.TELEGRAM,
                external_id=str(1000 + n),
                display_name=f"fan {n}",
                role=Role.USER,
            )
            for n in range(USERS)
        ]
        for n in range(DOWNLOADS):
            newest = f"[Group] Show {n // 12} - {n % 12 + 1:02d} [1080p].mkv"
            await downloads.add(
                info_hash=f"{n:040x}", owner_id=owners[n % USERS].id, name=newest, request_id=None
            )
    return newest


async def counts(database_url: str) -> tuple[int, int, str | None]:
    async with open_database(database_url):
        newest = await models.Download.all().order_by("-id").first()
        return (
            await models.User.all().count(),
            await models.Download.all().count(),
            newest.name if newest else None,
        )


@pytest.mark.integration
@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_restore_drill(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    async with two_databases(backend, tmp_path, request) as (live, scratch):
        newest = await fill(live)
        started = time.perf_counter()
        made = await backup(live, tmp_path / "backups")
        backed_up = time.perf_counter() - started
        await verify(made, live)

        started = time.perf_counter()
        await restore(scratch, made)
        restored = time.perf_counter() - started

        assert await counts(scratch) == (USERS, DOWNLOADS, newest)
        assert [b.path for b in await list_backups(tmp_path / "backups")] == [made]
        print(
            f"\nrestore drill ({backend}): {USERS} users, {DOWNLOADS} downloads, "
            f"{made.stat().st_size} bytes; backup {backed_up:.2f} s, restore {restored:.2f} s"
        )


@pytest.mark.integration
async def test_the_cluster_archives_wal_as_the_compose_stack_does(
    cluster: ThrowawayCluster,
) -> None:
    """archive_command and archive_mode as docker/postgres sets them put segments in the archive."""
    connection = await asyncpg.connect(cluster.url, timeout=10)
    try:
        await connection.execute("CREATE TABLE drill (n int); INSERT INTO drill VALUES (1)")
        await connection.execute("SELECT pg_switch_wal()")
    finally:
        await connection.close()
    deadline = time.monotonic() + 30
    while not any(cluster.archive.iterdir()):
        assert time.monotonic() < deadline, "no WAL segment reached the archive within 30 s"
        await asyncio.sleep(0.2)
