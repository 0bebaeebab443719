"""Send starts shared by every process on one PostgreSQL (`domain.ports.SendSlots`).

One reservation is one transaction: the rows of the windows it counts against are locked in key
order (so two reservations never wait on each other in a circle), read, given the first start all
of them allow, and written back. A start booked ahead (a chat that must wait) holds only its
moment in the overall window, so other chats' messages still go before it. The times are the
database's clock, so processes on different machines agree on them. Every message's reservation
locks the bot's overall window, so reservations queue on that row: a few milliseconds each,
against the thirty messages a second Telegram takes.

Rows of chats nobody wrote to for an hour are deleted now and then, so the table holds about the
chats of the last hour.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tortoise.transactions import in_transaction

from domain.sliding_window import WindowRule, reserve
from storage.repositories.errors import translate_errors

FORGET_AFTER = 3600.0  # seconds since a window's last start
PRUNE_EVERY = 1000  # reservations between two clean-ups

_NOW = "SELECT extract(epoch FROM clock_timestamp())::float8 AS now"
_CREATE = (
    "INSERT INTO send_slots (key, starts, last_start) "
    "SELECT key, '[]'::jsonb, 0 FROM unnest($1::text[]) AS key ORDER BY key "
    "ON CONFLICT (key) DO NOTHING"
)
_LOCK = "SELECT key, starts FROM send_slots WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE"
_WRITE = "UPDATE send_slots SET starts = $2::jsonb, last_start = $3 WHERE key = $1"
_PRUNE = "DELETE FROM send_slots WHERE last_start < $1"


class PostgresSendSlots:
    def __init__(self) -> None:
        self._reserved = 0

    @translate_errors
    async def reserve(self, rules: Sequence[WindowRule]) -> float:
        if not rules:
            return 0.0
        by_key = {rule.key: rule for rule in rules}
        keys = sorted(by_key)
        async with in_transaction() as connection:
            await connection.execute_query(_CREATE, [keys])
            _, rows = await connection.execute_query(_LOCK, [keys])
            _, clock = await connection.execute_query(_NOW)
            now = float(clock[0]["now"])
            windows = [(by_key[row["key"]], _starts(row["starts"])) for row in rows]
            start = reserve(windows, now)
            for rule, starts in windows:
                await connection.execute_query(_WRITE, [rule.key, json.dumps(starts), start])
            self._reserved += 1
            if self._reserved % PRUNE_EVERY == 0:
                await connection.execute_query(_PRUNE, [now - FORGET_AFTER])
        return max(0.0, start - now)


def _starts(value: object) -> list[float]:
    """asyncpg hands jsonb over as its text."""
    data = json.loads(value) if isinstance(value, str) else value
    return [float(t) for t in data] if isinstance(data, list) else []


if TYPE_CHECKING:
    # mypy proves the class satisfies the port; nothing runs.
    from domain.ports import SendSlots

    _check: SendSlots = PostgresSendSlots()
