"""Hearing, on PostgreSQL, that another process wrote notices: one connection LISTENing on the
outbox's channel (`storage/repositories/outbox.py` notifies it as it commits), calling `wake` for
each notification.

`async with OutboxListener(database_url, wake):` connects and listens before its body starts,
so what is written from then on is heard; if the database cannot be reached then, it starts
anyway and keeps trying. A connection that drops (the server restarted, the session was
killed, the network went) is replaced, retrying with a growing pause: meanwhile the outbox job's
own poll is what finds new notices, and once listening again it wakes once for whatever was
written while nobody listened. A connection that went silent without closing is found by a
`SELECT 1` every `check_every` seconds. Leaving the block stops listening and closes it.

A notification is only a wake-up (the outbox's claims decide who sends what), so hearing one
twice, or one that this process wrote itself, costs one more look at the outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from types import TracebackType
from typing import Any

import asyncpg

from storage.repositories.outbox import OUTBOX_CHANNEL
from storage.urls import direct_connection, parse_database_url

logger = logging.getLogger(__name__)

# Its name in pg_stat_activity, so an operator (or a test) can tell this session from the pool's.
APPLICATION_NAME = "iiitorrent outbox listener"
CONNECT_TIMEOUT = 5.0
FIRST_RETRY = 0.5
LAST_RETRY = 30.0  # the longest pause between attempts to reconnect
CHECK_EVERY = 30.0
_CONNECTION_ERRORS = (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)


class OutboxListener:
    def __init__(
        self,
        database_url: str,
        wake: Callable[[], None],
        *,
        channel: str = OUTBOX_CHANNEL,
        check_every: float = CHECK_EVERY,
        first_retry: float = FIRST_RETRY,
        last_retry: float = LAST_RETRY,
    ) -> None:
        url = parse_database_url(database_url)
        self._connect_with: dict[str, Any] = direct_connection(url)
        self._where = url.redacted
        self._wake = wake
        self._channel = channel
        self._check_every = check_every
        self._first_retry = first_retry
        self._last_retry = last_retry
        self._task: asyncio.Task[None] | None = None
        self._connection: asyncpg.Connection | None = None

    async def __aenter__(self) -> OutboxListener:
        connection = await self._listen()
        if connection is None:
            logger.warning(
                "cannot listen for other processes' notices yet; checking the outbox every "
                "OUTBOX_POLL_INTERVAL until the database answers"
            )
        else:
            logger.info("listening for other processes' notices")
        self._task = asyncio.create_task(self._keep_listening(connection), name="outbox listener")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._close()

    async def _keep_listening(self, connection: asyncpg.Connection | None) -> None:
        pause = self._first_retry
        while True:
            if connection is None:
                await asyncio.sleep(pause)
                pause = min(pause * 2, self._last_retry)
                connection = await self._listen()
                if connection is None:
                    continue
                logger.info("listening for other processes' notices again")
                self._wake()  # for what was written while nobody listened
                pause = self._first_retry
            await self._until_lost(connection)
            logger.warning(
                "lost the connection that hears other processes' notices; checking the outbox "
                "every OUTBOX_POLL_INTERVAL until it is back"
            )
            await self._close()
            connection = None

    async def _listen(self) -> asyncpg.Connection | None:
        try:
            connection = await asyncpg.connect(
                **self._connect_with,
                timeout=CONNECT_TIMEOUT,
                server_settings={"application_name": APPLICATION_NAME},
            )
        except _CONNECTION_ERRORS as exc:
            logger.warning("cannot connect to %s to listen for notices: %s", self._where, exc)
            return None
        self._connection = connection  # closed on the way out even if LISTEN never finished
        try:
            await connection.add_listener(self._channel, self._heard)
        except _CONNECTION_ERRORS as exc:
            logger.warning("cannot LISTEN on %s: %s", self._where, exc)
            await self._close()
            return None
        return connection

    def _heard(self, connection: object, pid: int, channel: str, payload: str) -> None:
        self._wake()

    async def _until_lost(self, connection: asyncpg.Connection) -> None:
        lost = asyncio.Event()
        connection.add_termination_listener(lambda _: lost.set())
        while not connection.is_closed():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._check_every):
                    await lost.wait()
            if lost.is_set():
                return
            try:
                await connection.fetchval("SELECT 1", timeout=CONNECT_TIMEOUT)
            except _CONNECTION_ERRORS as exc:
                logger.warning("the listening connection stopped answering: %s", exc)
                return

    async def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None or connection.is_closed():
            return
        try:
            await connection.close(timeout=CONNECT_TIMEOUT)
        except _CONNECTION_ERRORS:
            connection.terminate()
