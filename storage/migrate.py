"""Applying the aerich migrations checked in under `storage/migrations/`.

One folder per dialect. aerich writes each migration as the SQL of the database it was generated
against (`SERIAL` and `TIMESTAMPTZ` for PostgreSQL, `AUTOINCREMENT` and `TIMESTAMP` for SQLite),
and one string cannot serve both. Rather than hand-merging its output into files that branch on
the dialect, every file stays exactly as aerich wrote it, so `aerich upgrade`, `heads` and
`history` keep working on either folder, at the cost of generating each change twice:

    storage/migrations/sqlite.toml       aerich config for the SQLite folder
    storage/migrations/sqlite/models/    SQLite migrations
    storage/migrations/postgres.toml     aerich config for the PostgreSQL folder
    storage/migrations/postgres/models/  PostgreSQL migrations

After changing `storage/models.py`, from the repository root, against scratch databases:

    export DATABASE_URL=sqlite:///tmp/scratch.db
    aerich -c storage/migrations/sqlite.toml upgrade
    aerich -c storage/migrations/sqlite.toml migrate --name what_changed
    export DATABASE_URL=postgres://postgres@127.0.0.1/scratch
    aerich -c storage/migrations/postgres.toml upgrade
    aerich -c storage/migrations/postgres.toml migrate --name what_changed

(`migrate --offline` diffs against the last file instead of a database.) A data step aerich cannot
write, such as filling a new column of existing rows, is added by hand to the end of `upgrade` in
both files, in SQL both dialects run alike (see 8_*_request_kinds.py). The configs' module
attributes `TORTOISE_ORM_SQLITE` and `TORTOISE_ORM_POSTGRES` read DATABASE_URL and refuse the
other dialect's URL.

The test suite fails while the models and either folder disagree, or the two folders disagree with
each other. aerich keeps class-level state, so run one `migrate` at a time per process.

A database with no tables at all is not taken through every migration: its schema is created
straight from the models, which the suite checks is the schema the migrations make, and each
migration is recorded as applied (aerich's own "fake" upgrade, which keeps each file's models
state), so a later migration applies on top exactly as on a migrated database.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction
from tortoise.utils import get_schema_sql

from storage.database import driver_errors, tortoise_context
from storage.errors import MigrationError, SchemaBehind
from storage.tortoise_config import APP, tortoise_config
from storage.urls import DatabaseUrl, Dialect, direct_connection, parse_database_url

if TYPE_CHECKING:
    from aerich import Command

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The same for every process of one deployment; not the scheduler leader's key.
MIGRATION_LOCK_KEY = 0x1117_0770_6A0C
LOCK_CONNECT_TIMEOUT = 10.0


def migrations_location(dialect: Dialect) -> Path:
    """The folder aerich is pointed at; it keeps each app's files in a subfolder named after it."""
    return MIGRATIONS / dialect


def migration_folder(dialect: Dialect) -> Path:
    """Where the migration files of `dialect` are."""
    return migrations_location(dialect) / APP


async def migrate(database_url: str, location: Path | None = None) -> list[str]:
    """Apply every pending migration; returns the files applied, empty when already up to date.
    `location` is a migrations folder laid out like `migrations_location`, the checked-in one by
    default. On PostgreSQL, processes starting together migrate one at a time: the others wait,
    then find nothing left to apply."""
    url = parse_database_url(database_url)
    location = location or migrations_location(url.dialect)
    if not await _pending(url, location / APP):
        logger.info("database %s is up to date", url.redacted)
        return []
    # Only with something to apply: aerich and the command-line library under it take ~0.05 s.
    from aerich import Command
    from aerich.exceptions import NotSupportError

    errors: tuple[type[Exception], ...] = (*driver_errors(), NotSupportError)
    async with _one_migrator(url), tortoise_context(url) as context:
        command = Command(tortoise_config=tortoise_config(url), app=APP, location=str(location))
        try:
            await command.init()
            applied: list[str]
            if await _is_empty(context.db(), url.dialect):
                applied = await _create_latest(command, url.dialect)
            else:
                applied = await command.upgrade(run_in_transaction=True)
        except errors as exc:
            raise MigrationError(f"migrating {url.redacted} failed: {exc}") from exc
    if applied:
        logger.info("applied migrations to %s: %s", url.redacted, ", ".join(applied))
    else:
        logger.info("database %s is up to date", url.redacted)
    return applied


def migration_files(dialect: Dialect, folder: Path | None = None) -> list[str]:
    """The migrations of `dialect` (checked in, or in `folder`), in the order aerich applies
    them: by number."""
    names = [
        path.name
        for path in (folder or migration_folder(dialect)).glob("*_*.py")
        if path.name.split("_", 1)[0].isdigit()
    ]
    return sorted(names, key=lambda name: int(name.split("_", 1)[0]))


async def pending_migrations(database_url: str) -> list[str]:
    """The checked-in migrations the database has not applied, read without writing anything."""
    url = parse_database_url(database_url)
    return await _pending(url, migration_folder(url.dialect))


async def require_migrated(database_url: str) -> None:
    """Raise `SchemaBehind` when the database lacks migrations this code needs; for a process
    that reads the schema another one owns, and must never change it."""
    url = parse_database_url(database_url)
    pending = await pending_migrations(database_url)
    where = url.redacted
    if pending and pending == migration_files(url.dialect):
        raise SchemaBehind(
            f"the database {where} has no schema at all (never migrated): is DATABASE_URL the "
            "box's database? If it is, run `iiitorrent migrate` against it, then start again"
        )
    if pending:
        raise SchemaBehind(
            f"the database {where} is behind this code: {len(pending)} migration(s) not "
            f"applied ({', '.join(pending)}); run `iiitorrent migrate` against it, or upgrade "
            "and start the box that owns it, then start again"
        )


async def _pending(url: DatabaseUrl, folder: Path) -> list[str]:
    """The migration files in `folder` that aerich's table does not list as applied, read with
    plain SQL (no aerich import); all of them for a database without that table."""
    files = migration_files(url.dialect, folder)
    if url.path is not None and not url.path.exists():
        return files  # a new SQLite file: not even opened, so not created either
    async with tortoise_context(url, history=False) as context:
        try:
            _, rows = await context.db().execute_query(
                f'SELECT "version" FROM "aerich" WHERE "app" = \'{APP}\''
            )
        except driver_errors():
            return files  # no aerich table: a new or a broken database, for aerich to tell
    applied = {str(row[0]) for row in rows}
    return [name for name in files if name not in applied]


@asynccontextmanager
async def _one_migrator(url: DatabaseUrl) -> AsyncIterator[None]:
    """Holds PostgreSQL's migration lock (a session advisory lock on a connection of its own,
    released with it, so a migrator that dies frees it); SQLite has one writer anyway."""
    if url.dialect != "postgres":
        yield
        return
    import asyncpg  # only for PostgreSQL: a SQLite box never loads it

    connection = await asyncpg.connect(**direct_connection(url), timeout=LOCK_CONNECT_TIMEOUT)
    try:
        await connection.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
        yield
    finally:
        await connection.close()


async def _is_empty(connection: BaseDBAsyncClient, dialect: Dialect) -> bool:
    """No table at all: a new database, which gets the latest schema in one step."""
    if dialect == "sqlite":
        sql = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        sql = "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
    _, rows = await connection.execute_query(sql)
    return int(rows[0][0]) == 0


async def _create_latest(command: Command, dialect: Dialect) -> list[str]:
    """The models' schema in one step, and every migration recorded as applied."""
    name = dialect  # tortoise_config names the connection after its dialect
    schema = get_schema_sql(connections.get(name), safe=False)
    if dialect == "sqlite":
        # sqlite3's executescript commits whatever is open, then commits statement by statement,
        # a disk sync each: inside one BEGIN/COMMIT of its own the schema is one write
        await connections.get(name).execute_script(f"BEGIN;\n{schema}\nCOMMIT;")
        async with in_transaction(name):
            return await command.upgrade(run_in_transaction=True, fake=True)
    async with in_transaction(name) as connection:
        await connection.execute_script(schema)
        return await command.upgrade(run_in_transaction=True, fake=True)
