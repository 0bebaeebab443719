"""Databases for tests: SQLite files, and throwaway PostgreSQL databases on a real server.

Every PostgreSQL database made here has a unique name and is dropped afterwards, so test runs
never see each other's rows. The server is IIITORRENT_TEST_POSTGRES_URL (any database on it that
the user may connect to), by default the CI server at 127.0.0.1:5432 with trust auth.

    async with postgres_database("e2e") as url:        # a fresh, empty database
        async with migrated_database(url) as database:  # migrated and open
            ...
"""

from __future__ import annotations

import os
import re
import urllib.parse
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from tortoise.models import Model

from storage import models
from storage.database import Database, open_database
from storage.migrate import migrate
from storage.urls import parse_database_url

POSTGRES_URL_ENV = "IIITORRENT_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"
CONNECT_TIMEOUT = 3.0
_NAME = re.compile(r"[^a-z0-9_]+")


def postgres_server_url() -> str:
    return os.environ.get(POSTGRES_URL_ENV) or DEFAULT_POSTGRES_URL


def sqlite_url(path: Path) -> str:
    """A DATABASE_URL for a SQLite file; absolute paths give `sqlite:///…`."""
    return f"sqlite://{path}"


async def postgres_unreachable_reason(server_url: str | None = None) -> str | None:
    """None when the server answers; otherwise why not, worded for a skip message."""
    server_url = server_url or postgres_server_url()
    try:
        connection = await asyncpg.connect(server_url, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        where = parse_database_url(server_url).redacted
        return f"no PostgreSQL server reachable at {where} (set {POSTGRES_URL_ENV}): {exc!r}"
    await connection.close()
    return None


def _with_database(server_url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(server_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


async def create_postgres_database(label: str = "test", server_url: str | None = None) -> str:
    """Create an empty database with a unique name; returns its DATABASE_URL."""
    server_url = server_url or postgres_server_url()
    name = f"iiitorrent_{_NAME.sub('_', label.lower())[:30]}_{uuid.uuid4().hex[:10]}"
    connection = await asyncpg.connect(server_url, timeout=CONNECT_TIMEOUT)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return _with_database(server_url, name)


async def drop_postgres_database(database_url: str, server_url: str | None = None) -> None:
    """Drop a database made by `create_postgres_database`, even with sessions still open."""
    server_url = server_url or postgres_server_url()
    name = parse_database_url(database_url).database
    connection = await asyncpg.connect(server_url, timeout=CONNECT_TIMEOUT)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@asynccontextmanager
async def postgres_database(label: str = "test") -> AsyncIterator[str]:
    url = await create_postgres_database(label)
    try:
        yield url
    finally:
        await drop_postgres_database(url)


@asynccontextmanager
async def migrated_database(database_url: str) -> AsyncIterator[Database]:
    """Apply the migrations, then open; the database is closed on exit."""
    await migrate(database_url)
    async with open_database(database_url) as database:
        yield database


def storage_tables() -> list[str]:
    """The application's tables, children before parents (aerich's own table excluded)."""
    tables = [
        value._meta.db_table
        for value in vars(models).values()
        if isinstance(value, type) and issubclass(value, Model) and value is not Model
    ]
    # Every foreign key points at a table defined earlier in models.py.
    return list(reversed(tables))


async def clear_tables(database: Database) -> None:
    """Delete every row of the application's tables and restart their ids."""
    tables = storage_tables()
    connection = database.connection()
    if database.dialect == "postgres":
        quoted = ", ".join(f'"{table}"' for table in tables)
        await connection.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        return
    for table in tables:
        await connection.execute_script(f'DELETE FROM "{table}"')
    names = ", ".join(f"'{table}'" for table in tables)
    await connection.execute_script(f"DELETE FROM sqlite_sequence WHERE name IN ({names})")
