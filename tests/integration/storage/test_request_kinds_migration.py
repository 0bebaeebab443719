"""Migration 8 (request kinds) on a database that has requests from before it, on both backends.

The rows are written with the SQL of the schema before the migration, as the code before kinds
wrote them; then the pending migrations run as `iiitorrent run` runs them, and each row has the
kind the backfill derives: an episode makes it an EPISODE, a magnet query a MAGNET, and anything
else (a feed's item, a picked batch) a SOURCE.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aerich import Command

from domain.models import RequestKind, RequestState
from storage.database import open_database, tortoise_context
from storage.migrate import migrate, migration_folder, migrations_location
from storage.repositories.download_requests import TortoiseDownloadRequestRepository
from storage.tortoise_config import APP, tortoise_config
from storage.urls import parse_database_url
from tests.harness.databases import postgres_database, postgres_unreachable_reason, sqlite_url

KINDS_MIGRATION = "8_"
HASH = "0123456789abcdef0123456789abcdef01234567"
MAGNET = f"magnet:?xt=urn:btih:{HASH}&dn=Frieren"
TITLE = "[SubsPlease] Sousou no Frieren (01-28) (1080p) [Batch]"


@pytest.fixture
async def fresh_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    if backend == "sqlite":
        yield sqlite_url(tmp_path / "db" / "iiitorrent.db")
        return
    reason = await postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    async with postgres_database("kinds") as url:
        yield url


async def migrate_to_before_kinds(database_url: str, tmp_path: Path) -> None:
    """Every migration before the kinds one, from a copy of the folder without it and after."""
    url = parse_database_url(database_url)
    location = tmp_path / "before-kinds"
    shutil.copytree(migrations_location(url.dialect), location)
    for path in (location / APP).glob("*.py"):
        if int(path.name.split("_", 1)[0]) >= int(KINDS_MIGRATION.rstrip("_")):
            path.unlink()
    async with tortoise_context(url):
        command = Command(tortoise_config=tortoise_config(url), app=APP, location=str(location))
        await command.init()
        await command.upgrade(run_in_transaction=True)


async def test_existing_requests_get_the_kind_the_old_code_treated_them_as(
    fresh_url: str, tmp_path: Path
) -> None:
    dialect = parse_database_url(fresh_url).dialect
    [kinds_file] = migration_folder(dialect).glob(f"{KINDS_MIGRATION}*.py")
    await migrate_to_before_kinds(fresh_url, tmp_path)
    false = "FALSE" if dialect == "postgres" else "0"
    rows = [
        # query, episode, info_hash: as the old code wrote each kind
        ("frieren", "5", "NULL"),  # /get frieren 5, crashed before its choice
        (MAGNET, "NULL", "NULL"),  # /get magnet:..., crashed before its choice
        ("MAGNET:?xt=urn:btih:" + HASH, "NULL", "NULL"),  # the scheme in capitals
        (TITLE, "NULL", f"'{HASH}'"),  # a picked batch, its choice recorded
        ("[Erai-raws] Feed item - 12", "NULL", "NULL"),  # a feed's item, cut short
    ]
    async with open_database(fresh_url) as database:
        connection = database.connection()
        await connection.execute_script(
            'INSERT INTO "users" ("role", "display_name", "preferences", "banned", "created_at")'
            f" VALUES ('user', 'Alice', '{{}}', {false}, CURRENT_TIMESTAMP)"
        )
        for query, episode, info_hash in rows:
            quoted = query.replace("'", "''")
            await connection.execute_script(
                'INSERT INTO "download_requests" ("user_id", "query", "episode", "state",'
                ' "info_hash", "created_at", "updated_at") VALUES '
                f"(1, '{quoted}', {episode}, 'searching', {info_hash},"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )

    applied = await migrate(fresh_url)
    assert applied[0] == kinds_file.name  # then whatever came after it

    async with open_database(fresh_url):
        requests = TortoiseDownloadRequestRepository()
        found = await requests.unfinished()
        # A new request after the migration is written with its own kind, not the default.
        fresh = await requests.create(
            user_id=1, query="frieren", kind=RequestKind.EPISODE, episode=6, again=True
        )
        assert (await requests.get(fresh.id)) == fresh

    assert [(r.query, r.kind, r.again) for r in found] == [
        ("frieren", RequestKind.EPISODE, False),
        (MAGNET, RequestKind.MAGNET, False),
        ("MAGNET:?xt=urn:btih:" + HASH, RequestKind.MAGNET, False),
        (TITLE, RequestKind.SOURCE, False),
        ("[Erai-raws] Feed item - 12", RequestKind.SOURCE, False),
    ]
    assert all(r.state is RequestState.SEARCHING for r in found)
    assert found[3].info_hash == HASH  # a restart adds it by its hash, whatever its kind
    assert (fresh.kind, fresh.again) == (RequestKind.EPISODE, True)
