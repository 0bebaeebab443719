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
"""

from __future__ import annotations

import logging
from pathlib import Path

from aerich import Command
from aerich.exceptions import NotSupportError

from storage.database import DRIVER_ERRORS, tortoise_context
from storage.errors import MigrationError
from storage.tortoise_config import APP, tortoise_config
from storage.urls import Dialect, parse_database_url

logger = logging.getLogger(__name__)

MIGRATION_ERRORS: tuple[type[Exception], ...] = (*DRIVER_ERRORS, NotSupportError)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def migrations_location(dialect: Dialect) -> Path:
    """The folder aerich is pointed at; it keeps each app's files in a subfolder named after it."""
    return MIGRATIONS / dialect


def migration_folder(dialect: Dialect) -> Path:
    """Where the migration files of `dialect` are."""
    return migrations_location(dialect) / APP


async def migrate(database_url: str) -> list[str]:
    """Apply every pending migration; returns the files applied, empty when already up to date."""
    url = parse_database_url(database_url)
    async with tortoise_context(url):
        command = Command(
            tortoise_config=tortoise_config(url),
            app=APP,
            location=str(migrations_location(url.dialect)),
        )
        try:
            await command.init()
            applied: list[str] = await command.upgrade(run_in_transaction=True)
        except MIGRATION_ERRORS as exc:
            raise MigrationError(f"migrating {url.redacted} failed: {exc}") from exc
    if applied:
        logger.info("applied migrations to %s: %s", url.redacted, ", ".join(applied))
    else:
        logger.info("database %s is up to date", url.redacted)
    return applied
