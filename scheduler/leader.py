"""Who runs the jobs when several processes share one database.

On PostgreSQL the leader is whoever holds a session-level `pg_try_advisory_lock` on a dedicated
connection. The lock dies with the connection, so when the leader's process dies (or its
connection drops) the next job run of another process takes over. On SQLite there is one process
by construction, and it always leads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class Leader(Protocol):
    async def is_leader(self) -> bool:
        """Whether this process runs the jobs now; tries to become leader if nobody is."""

    async def close(self) -> None:
        """Step down."""


class AlwaysLeader:
    """The only process there is."""

    async def is_leader(self) -> bool:
        return True

    async def close(self) -> None:
        return None


def leader_for(postgres: Mapping[str, Any] | None) -> Leader:
    """A PostgreSQL advisory-lock leader connecting with `postgres`, `asyncpg.connect`'s
    arguments (`storage.urls.direct_connection`); None, for SQLite: its one process leads."""
    if postgres is None:
        return AlwaysLeader()
    # Imported here: asyncpg takes ~0.06 s to import, which a SQLite box never needs.
    from scheduler.postgres_leader import PostgresLeader

    return PostgresLeader(postgres)
