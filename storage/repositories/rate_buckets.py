"""Per-user token buckets shared by every process on one PostgreSQL (`domain.ports.RateBuckets`).

One take is one transaction: the bucket's row is created full if it is missing and locked in the
same statement (an upsert whose update changes nothing), refilled and spent by
`domain.security.ratelimit.spend`, and written back before the lock is let go. Two processes
taking from one bucket at once therefore queue on its row, and each sees what the other took: a
user gets one burst, however many processes answer them. The times are the database's clock, so
processes on different machines agree on them.

A bucket left alone long enough to fill again is as good as a missing one: now and then the rows
of the command being taken that are that old are deleted, so the table holds about the buckets in
use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise.transactions import in_transaction

from domain.security.ratelimit import Rate, spend
from storage.repositories.errors import translate_errors

PRUNE_EVERY = 1000  # takes between two clean-ups

_LOCK = (
    "INSERT INTO rate_buckets (user_id, command, tokens, updated) "
    "VALUES ($1, $2, $3, extract(epoch FROM clock_timestamp())::float8) "
    "ON CONFLICT (user_id, command) DO UPDATE SET tokens = rate_buckets.tokens "
    "RETURNING tokens, updated, extract(epoch FROM clock_timestamp())::float8 AS now"
)
_WRITE = "UPDATE rate_buckets SET tokens = $3, updated = $4 WHERE user_id = $1 AND command = $2"
# Rows a take holds are skipped: two processes pruning at once never wait on each other.
_PRUNE = (
    "DELETE FROM rate_buckets WHERE id IN (SELECT id FROM rate_buckets "
    "WHERE command = $1 AND updated < $2 FOR UPDATE SKIP LOCKED)"
)


class PostgresRateBuckets:
    def __init__(self, *, prune_every: int = PRUNE_EVERY) -> None:
        self._prune_every = prune_every
        self._spent = 0

    @translate_errors
    async def spend(self, user_id: int, command: str, rate: Rate) -> float:
        async with in_transaction() as connection:
            # tortoise's execute_query drops what an INSERT returns; execute_query_dict keeps it.
            rows = await connection.execute_query_dict(_LOCK, [user_id, command, float(rate.burst)])
            row = rows[0]
            now = float(row["now"])
            tokens, wait = spend(rate, float(row["tokens"]), now - float(row["updated"]))
            await connection.execute_query(_WRITE, [user_id, command, tokens, now])
            self._spent += 1
            if self._spent % self._prune_every == 0:
                await connection.execute_query(_PRUNE, [command, now - rate.refill_time()])
        return wait


if TYPE_CHECKING:
    # mypy proves the class satisfies the port; nothing runs.
    from domain.ports import RateBuckets

    _check: RateBuckets = PostgresRateBuckets()
