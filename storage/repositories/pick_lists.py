"""Pick lists shared by every process on one PostgreSQL (`domain.ports.PickLists`).

Behind a load balancer the press of a button under a `/search` reply may reach another process
than the search did, so the list lives in the database. A list is one row: its candidates as JSON,
its age on the database's clock (so processes on different machines agree when it expires). Every
write also deletes the lists past their time and the oldest beyond `limit`, so the table holds
about the last half hour's searches and needs no job of its own.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from domain.models import Release
from domain.picks import DEFAULT_TTL, MAX_LISTS, PickList, new_token
from domain.releases import Candidate, ParsedRelease
from storage.errors import StorageError
from storage.models import PickListRow
from storage.repositories.errors import translate_errors

logger = logging.getLogger(__name__)

TOKEN_DRAWS = 8
TOKEN_LENGTH = 16  # PickListRow.token's; anything longer was never a token

_NOW = "extract(epoch FROM clock_timestamp())::float8"
# Past their time, or older than the `limit`-th newest. Rows another writer is deleting are left
# to it: two writers cleaning at once never wait on each other.
_CLEAN = (
    "DELETE FROM pick_lists WHERE token IN (SELECT token FROM pick_lists "
    f"WHERE created <= {_NOW} - $1 OR created < "
    "(SELECT created FROM pick_lists ORDER BY created DESC OFFSET $2 - 1 LIMIT 1) "
    "FOR UPDATE SKIP LOCKED)"
)
_INSERT = (
    "INSERT INTO pick_lists (token, owner_id, query, show, candidates, created) "
    f"VALUES ($1, $2, $3, $4, $5::jsonb, {_NOW}) ON CONFLICT (token) DO NOTHING "
    "RETURNING created"
)
_GET = (
    "SELECT owner_id, query, show, candidates, created FROM pick_lists "
    f"WHERE token = $1 AND created > {_NOW} - $2"
)


class PostgresPickLists:
    def __init__(self, *, ttl: float = DEFAULT_TTL, limit: int = MAX_LISTS) -> None:
        self._ttl = ttl
        self._limit = limit

    @translate_errors
    async def put(
        self,
        owner_id: int,
        query: str,
        candidates: tuple[Candidate, ...],
        show: str | None = None,
    ) -> PickList:
        encoded = json.dumps(encode_candidates(candidates))
        connection = PickListRow._meta.db
        # tortoise's execute_query drops what an INSERT returns; execute_query_dict keeps it.
        for _ in range(TOKEN_DRAWS):  # a token already taken, one time in four billion: again
            token = new_token()
            rows = await connection.execute_query_dict(
                _INSERT, [token, owner_id, query, show, encoded]
            )
            if rows:
                break
        else:
            raise StorageError(f"no free pick list token in {TOKEN_DRAWS} draws")
        await connection.execute_query(_CLEAN, [self._ttl, self._limit])
        return PickList(token, owner_id, query, candidates, float(rows[0]["created"]), show)

    @translate_errors
    async def get(self, token: str) -> PickList | None:
        if len(token) > TOKEN_LENGTH:
            return None
        _, rows = await PickListRow._meta.db.execute_query(_GET, [token, self._ttl])
        if not rows:
            return None
        row = rows[0]
        data = row["candidates"]
        try:
            candidates = decode_candidates(json.loads(data) if isinstance(data, str) else data)
        except (TypeError, ValueError, KeyError) as exc:
            # Written by a version whose releases had other fields: as good as expired.
            logger.warning("pick list %s cannot be read back (%s); treated as expired", token, exc)
            return None
        return PickList(
            token,
            int(row["owner_id"]),
            row["query"],
            candidates,
            float(row["created"]),
            row["show"],
        )


def encode_candidates(candidates: tuple[Candidate, ...]) -> list[dict[str, Any]]:
    """Candidates as JSON values; `decode_candidates` gives them back equal."""
    encoded = []
    for candidate in candidates:
        release = dataclasses.asdict(candidate.release)
        published = candidate.release.published
        release["published"] = published.isoformat() if published is not None else None
        encoded.append(
            {
                "release": release,
                "parsed": dataclasses.asdict(candidate.parsed),
                "why": list(candidate.why),
            }
        )
    return encoded


def decode_candidates(data: list[dict[str, Any]]) -> tuple[Candidate, ...]:
    decoded = []
    for item in data:
        release = dict(item["release"])
        published = release.get("published")
        release["published"] = datetime.fromisoformat(published) if published else None
        # JSON has no tuples: every list in a parsed release was one.
        parsed: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in item["parsed"].items()
        }
        decoded.append(
            Candidate(
                release=Release(**release),
                parsed=ParsedRelease(**parsed),
                why=tuple(item["why"]),
            )
        )
    return tuple(decoded)


if TYPE_CHECKING:
    # mypy proves the class satisfies the port; nothing runs.
    from domain.ports import PickLists

    _check: PickLists = PostgresPickLists()
