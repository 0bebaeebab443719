"""The checked-in migrations: they apply, re-apply as a no-op, and match the models."""

from __future__ import annotations

import asyncio
import importlib.util
import re
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aerich import Command
from aerich.utils import decompress_dict
from tortoise.backends.base.client import BaseDBAsyncClient

from storage.database import open_database, tortoise_context
from storage.errors import DatabaseUnavailable, DatabaseUrlError, MigrationError, SchemaBehind
from storage.migrate import (
    migrate,
    migration_files,
    migration_folder,
    migrations_location,
    pending_migrations,
    require_migrated,
)
from storage.tortoise_config import APP, tortoise_config
from storage.urls import parse_database_url
from tests.harness.databases import (
    postgres_database,
    postgres_unreachable_reason,
    sqlite_url,
    storage_tables,
)

VERSION_FILE = re.compile(r"^(\d+)_\d{14}_(\w+)\.py$")


async def _tables(database_url: str) -> set[str]:
    async with open_database(database_url) as database:
        if database.dialect == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        _, rows = await database.connection().execute_query(sql)
        return {row[0] for row in rows}


async def test_an_empty_database_gets_every_table_then_a_second_run_does_nothing(
    empty_database_url: str,
) -> None:
    dialect = parse_database_url(empty_database_url).dialect
    # In the order aerich applies them, by number: 10_… comes after 9_…, not after 1_….
    names = [path.name for path in migration_folder(dialect).glob("*.py")]
    expected = sorted(names, key=lambda name: int(name.split("_", 1)[0]))

    assert await migrate(empty_database_url) == expected
    assert await migrate(empty_database_url) == []
    assert set(storage_tables()) | {"aerich"} <= await _tables(empty_database_url)


async def test_the_models_have_no_change_without_a_migration(
    database_url: str, tmp_path: Path
) -> None:
    """aerich's own diff, as `aerich migrate` would run it, finds nothing to write."""
    await migrate(database_url)
    url = parse_database_url(database_url)
    # aerich writes a migration file when it finds a change, so it gets a copy to write into.
    location = tmp_path / "migrations"
    shutil.copytree(migrations_location(url.dialect), location)
    async with tortoise_context(url):
        command = Command(tortoise_config=tortoise_config(url), app=APP, location=str(location))
        await command.init()
        written = await command.migrate(name="drift", no_input=True)
    if written:
        pending = (location / APP / written).read_text(encoding="utf-8")
        pytest.fail(f"storage/models.py changed without a {url.dialect} migration:\n{pending}")


@asynccontextmanager
async def _fresh_database(backend: str, tmp_path: Path, label: str) -> AsyncIterator[str]:
    if backend == "sqlite":
        yield sqlite_url(tmp_path / label / "db.sqlite3")
        return
    reason = await postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    async with postgres_database(label) as url:
        yield url


async def _rows(connection: BaseDBAsyncClient, sql: str) -> list[tuple[Any, ...]]:
    _, rows = await connection.execute_query(sql)
    return [tuple(row) for row in rows]


async def _sqlite_schema(connection: BaseDBAsyncClient) -> dict[str, Any]:
    tables = await _rows(
        connection,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    schema: dict[str, Any] = {}
    for (table,) in sorted(tables):
        indexes = {}
        for _, name, unique, origin, _ in await _rows(connection, f"PRAGMA index_list('{table}')"):
            columns = [row[2] for row in await _rows(connection, f"PRAGMA index_info('{name}')")]
            indexes[name] = (unique, origin, columns)
        # Columns by name, without their position: ALTER TABLE ADD puts a new column last, where
        # a table made from the models has it in the models' order (PostgreSQL's are compared
        # by name too).
        columns = await _rows(connection, f"PRAGMA table_info('{table}')")
        schema[table] = {
            "columns": sorted(column[1:] for column in columns),
            "indexes": indexes,
            "foreign_keys": sorted(
                row[2:] for row in await _rows(connection, f"PRAGMA foreign_key_list('{table}')")
            ),
        }
    return schema


async def _postgres_schema(connection: BaseDBAsyncClient) -> dict[str, Any]:
    return {
        "columns": await _rows(
            connection,
            "SELECT table_name, column_name, data_type, is_nullable, character_maximum_length,"
            " column_default FROM information_schema.columns WHERE table_schema = 'public'"
            " ORDER BY table_name, column_name",
        ),
        "indexes": await _rows(
            connection,
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
            " ORDER BY tablename, indexname",
        ),
        "constraints": await _rows(
            connection,
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2",
        ),
    }


async def _schema(database_url: str) -> dict[str, Any]:
    async with open_database(database_url) as database:
        if database.dialect == "sqlite":
            return await _sqlite_schema(database.connection())
        return await _postgres_schema(database.connection())


async def _replay(database_url: str) -> list[str]:
    """Every migration's SQL, one after another, as aerich runs them on a database that has
    tables already (`migrate` creates a new database's schema in one step instead)."""
    url = parse_database_url(database_url)
    async with tortoise_context(url):
        command = Command(
            tortoise_config=tortoise_config(url),
            app=APP,
            location=str(migrations_location(url.dialect)),
        )
        await command.init()
        applied: list[str] = await command.upgrade(run_in_transaction=True)
        return applied


async def test_the_migrated_schema_is_the_one_the_models_describe(
    backend: str, tmp_path: Path
) -> None:
    """Catches a hand-edited migration whose SQL no longer matches what the models generate,
    and a new database made by `migrate` that differs from one taken through every migration."""
    async with (
        _fresh_database(backend, tmp_path, "replayed") as replayed,
        _fresh_database(backend, tmp_path, "generated") as generated,
        _fresh_database(backend, tmp_path, "created") as created,
    ):
        assert await _replay(replayed)
        async with tortoise_context(parse_database_url(generated)) as context:
            await context.generate_schemas(safe=True)
        await migrate(created)

        replayed_schema = await _schema(replayed)
        assert replayed_schema, "the introspection found no tables at all"
        assert replayed_schema == await _schema(generated)
        assert await _schema(created) == replayed_schema
        assert await _applied(created) == await _applied(replayed)


async def _applied(database_url: str) -> list[tuple[Any, ...]]:
    """What aerich has recorded: each version with the models state it keeps for the next diff."""
    async with open_database(database_url) as database:
        return await _rows(
            database.connection(), 'SELECT "version", "app", "content" FROM "aerich" ORDER BY "id"'
        )


_LATER_MIGRATION = """
from tortoise import BaseDBAsyncClient


async def upgrade(db: BaseDBAsyncClient) -> str:
    return 'ALTER TABLE "{table}" ADD "later_column" INT;'


async def downgrade(db: BaseDBAsyncClient) -> str:
    return 'ALTER TABLE "{table}" DROP COLUMN "later_column";'
"""


async def test_a_later_migration_applies_on_top_of_a_created_database(
    empty_database_url: str, tmp_path: Path
) -> None:
    dialect = parse_database_url(empty_database_url).dialect
    location = tmp_path / "migrations"
    shutil.copytree(migrations_location(dialect), location)
    created = await migrate(empty_database_url, location)
    last = max(int(name.split("_", 1)[0]) for name in created)
    later = f"{last + 1}_20991231000000_later_column.py"
    table = storage_tables()[0]
    (location / APP / later).write_text(_LATER_MIGRATION.format(table=table), encoding="utf-8")

    assert await migrate(empty_database_url, location) == [later]
    assert await migrate(empty_database_url, location) == []
    async with open_database(empty_database_url) as database:
        await database.connection().execute_query(f'SELECT "later_column" FROM "{table}"')


def _versions(folder: Path) -> dict[str, dict[str, Any]]:
    """Each migration by number and name (without aerich's timestamp), with its models state."""
    found = {}
    for path in sorted(folder.glob("*.py")):
        match = VERSION_FILE.match(path.name)
        assert match, f"{path} is not named like an aerich migration"
        spec = importlib.util.spec_from_file_location(f"migration_{path.stem}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found[f"{match[1]}_{match[2]}"] = decompress_dict(module.MODELS_STATE)
    return found


def test_the_sqlite_and_postgresql_migrations_are_the_same_steps() -> None:
    sqlite = _versions(migration_folder("sqlite"))
    postgres = _versions(migration_folder("postgres"))

    assert sqlite, "no migrations checked in"
    assert list(sqlite) == list(postgres)
    for step in sqlite:
        assert sqlite[step] == postgres[step], f"migration {step} differs between the dialects"


async def test_a_bad_url_is_refused() -> None:
    with pytest.raises(DatabaseUrlError):
        await migrate("oracle://scott:tiger@db/orcl")


async def test_a_file_that_is_no_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not a database, just some bytes " * 200)

    with pytest.raises(DatabaseUnavailable):
        await migrate(sqlite_url(path))


async def test_a_half_broken_database_fails_with_a_migration_error(
    empty_database_url: str,
) -> None:
    async with open_database(empty_database_url) as database:
        await database.connection().execute_script(
            'CREATE TABLE "aerich" ("id" INTEGER PRIMARY KEY, "nonsense" TEXT)'
        )

    with pytest.raises(MigrationError):
        await migrate(empty_database_url)


async def test_a_schema_behind_the_code_is_named_and_left_alone(empty_database_url: str) -> None:
    dialect = parse_database_url(empty_database_url).dialect
    everything = migration_files(dialect)
    assert await pending_migrations(empty_database_url) == everything
    assert "aerich" not in await _tables(empty_database_url), "reading pending ones wrote"
    with pytest.raises(SchemaBehind, match=r"no schema at all.*is DATABASE_URL the box's"):
        await require_migrated(empty_database_url)

    await migrate(empty_database_url)
    assert await pending_migrations(empty_database_url) == []
    await require_migrated(empty_database_url)

    latest = everything[-1]  # as if the database were last migrated by the code before it
    async with open_database(empty_database_url) as database:
        await database.connection().execute_query(
            "DELETE FROM aerich WHERE version = $1"
            if dialect == "postgres"
            else "DELETE FROM aerich WHERE version = ?",
            [latest],
        )
    with pytest.raises(SchemaBehind, match=f"1 migration.*{latest}.*iiitorrent migrate"):
        await require_migrated(empty_database_url)
    assert await pending_migrations(empty_database_url) == [latest]


async def test_processes_starting_together_migrate_one_at_a_time() -> None:
    reason = await postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    async with postgres_database("migrate-race") as database_url:
        # Three processes' worth of start-ups on one new database, at once.
        results = await asyncio.gather(*(migrate(database_url) for _ in range(3)))
        assert sorted(map(len, results)) == [0, 0, len(migration_files("postgres"))]
        assert await pending_migrations(database_url) == []
        assert set(storage_tables()) <= await _tables(database_url)
