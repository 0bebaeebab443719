"""The PostgreSQL leader: whoever holds a session-level `pg_try_advisory_lock` on a dedicated
connection (see `scheduler/leader.py`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import Any

import asyncpg

logger = logging.getLogger(__name__)

# An arbitrary 64-bit key, the same for every process of one deployment.
LOCK_KEY = 0x1117_0770_6A0B
CONNECT_TIMEOUT = 5.0


class PostgresLeader:
    def __init__(self, connect_with: Mapping[str, Any], *, key: int = LOCK_KEY) -> None:
        """`connect_with`: `asyncpg.connect`'s arguments (`storage.urls.direct_connection`), not
        DATABASE_URL as it is: its query may hold the ORM's pool options, which asyncpg would
        send the server as settings it refuses."""
        self._connect_with = dict(connect_with)
        self._key = key
        self._connection: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()
        self._closed = False

    async def is_leader(self) -> bool:
        async with self._lock:
            if self._closed:  # stepped down for good: a process on its way out leads nothing
                return False
            if self._connection is not None:
                if await self._still_holding():
                    return True
                await self._drop()
            return await self._try_acquire()

    async def close(self) -> None:
        async with self._lock:
            self._closed = True
            if self._connection is not None:
                # The lock goes with the connection anyway; unlocking first is a courtesy.
                with contextlib.suppress(OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                    await self._connection.execute("SELECT pg_advisory_unlock($1)", self._key)
                await self._drop()

    async def _still_holding(self) -> bool:
        assert self._connection is not None
        try:
            await self._connection.fetchval("SELECT 1", timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            logger.warning("lost the scheduler leader connection: %s", exc)
            return False
        return True

    async def _try_acquire(self) -> bool:
        try:
            connection = await asyncpg.connect(**self._connect_with, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
            logger.warning("cannot reach the database to elect a scheduler leader: %s", exc)
            return False
        try:
            acquired = bool(await connection.fetchval("SELECT pg_try_advisory_lock($1)", self._key))
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            logger.warning("scheduler leader election failed: %s", exc)
            acquired = False
        if not acquired:
            await connection.close()
            return False
        self._connection = connection
        logger.info("this process now runs the scheduled jobs")
        return True

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            try:
                await connection.close(timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError):
                connection.terminate()
