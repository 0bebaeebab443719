"""Opening and closing the database: `async with open_database(url) as database: ...`.

tortoise-orm keeps its state in a context variable, so the database is visible to the task that
opened it and to every task started from inside the `async with` (asyncio copies the context into
new tasks). Each `open_database` gets its own tortoise context, so tests can open and close
databases one after another, or nest them, in one process.

SQLite runs in WAL mode with a busy timeout and foreign keys on (see `tortoise_config`); its
parent directory is created on open.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.context import TortoiseContext
from tortoise.exceptions import BaseORMException

from storage.errors import DatabaseUnavailable
from storage.tortoise_config import tortoise_config
from storage.urls import DatabaseUrl, Dialect, parse_database_url

logger = logging.getLogger(__name__)

_DRIVER_ERRORS: tuple[type[Exception], ...] = (
    BaseORMException,
    OSError,
    sqlite3.Error,
    TimeoutError,
)


def driver_errors() -> tuple[type[Exception], ...]:
    """What a failing driver may raise underneath tortoise's own exceptions. asyncpg's are among
    them once it is loaded: only a PostgreSQL connection loads it (it takes ~0.06 s to import,
    which a SQLite box never needs), so none of them can be raised before."""
    asyncpg = sys.modules.get("asyncpg")
    if asyncpg is None:
        return _DRIVER_ERRORS
    return (*_DRIVER_ERRORS, asyncpg.PostgresError, asyncpg.InterfaceError)


CONNECT_TIMEOUT = 10.0
HEALTH_TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class Database:
    """An open database; the repositories use it implicitly through tortoise's context."""

    url: DatabaseUrl
    _context: TortoiseContext = field(repr=False)

    @property
    def dialect(self) -> Dialect:
        return self.url.dialect

    def connection(self) -> BaseDBAsyncClient:
        return self._context.db()

    async def healthy(self) -> bool:
        """Whether a trivial query answers within HEALTH_TIMEOUT seconds (for /healthz)."""
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT):
                await self.connection().execute_query("SELECT 1")
        except driver_errors() as exc:
            logger.warning("database health check failed: %s", exc)
            return False
        return True


def prepare_location(url: DatabaseUrl) -> None:
    """SQLite creates the file but not the folders above it."""
    if url.path is not None:
        url.path.parent.mkdir(parents=True, exist_ok=True)


@asynccontextmanager
async def tortoise_context(
    url: DatabaseUrl, *, history: bool = True
) -> AsyncIterator[TortoiseContext]:
    """A fresh tortoise context for `url`, connected, closed on exit; `history` as in
    `tortoise_config`."""
    async with TortoiseContext() as context:
        try:
            prepare_location(url)
            await context.init(config=tortoise_config(url, history=history))
            # Connect now, so a wrong URL or a stopped server fails at start, not mid-request.
            async with asyncio.timeout(CONNECT_TIMEOUT):
                await context.db().execute_query("SELECT 1")
        except driver_errors() as exc:
            raise DatabaseUnavailable(f"cannot open {url.redacted}: {exc}") from exc
        yield context


@asynccontextmanager
async def open_database(database_url: str) -> AsyncIterator[Database]:
    """Open `database_url` for the repositories; raises `DatabaseUrlError` or
    `DatabaseUnavailable` at once rather than on the first query. Does not migrate."""
    url = parse_database_url(database_url)
    async with tortoise_context(url, history=False) as context:
        logger.info("database open: %s", url.redacted)
        try:
            yield Database(url, context)
        finally:
            logger.info("database closed: %s", url.redacted)
