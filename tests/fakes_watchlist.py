"""AniList's list query and list-entry mutations as a hand-written fake."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.anilist.queries import SAVE_COMPLETED, SAVE_PROGRESS, WATCHING
from domain.errors import CatalogError, RateLimited, RelinkNeeded


def list_entry(
    media_id: int,
    title: str,
    progress: int,
    episodes: int | None,
    next_episode: int | None = None,
    *,
    status: str = "RELEASING",
    airing_at: int = 1767261600,  # 2026-01-01 10:00 UTC
) -> dict[str, Any]:
    """One MediaList node, as AniList serialises WATCHING's fields."""
    upcoming = {"episode": next_episode, "airingAt": airing_at} if next_episode else None
    return {
        "status": "CURRENT",
        "progress": progress,
        "media": {
            "id": media_id,
            "title": {"romaji": title, "english": None, "native": None},
            "episodes": episodes,
            "status": status,
            "nextAiringEpisode": upcoming,
        },
    }


@dataclass
class FakeAniListLists:
    """Lists by AniList user id; `tokens` say whose each token is. A private list needs its
    owner's token; a write always does. WATCHING is answered as MediaListCollection answers it:
    `perChunk` entries of chunk `chunk`, grouped per status in `lists`, `hasNextChunk` while more
    remain. A list read of a user in `garbage` fails as the client fails on an answer that is not
    JSON (a captive portal's page)."""

    lists: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    tokens: dict[str, int] = field(default_factory=dict)
    private: set[int] = field(default_factory=set)
    calls: list[tuple[str, dict[str, Any], str | None]] = field(default_factory=list)
    rate_limited_after: int | None = None  # calls answered before every call is a 429
    garbage: set[int] = field(default_factory=set)  # AniList user ids whose list reads fail

    async def query(
        self,
        document: str,
        variables: Mapping[str, Any] | None = None,
        *,
        token: str | None = None,
    ) -> dict[str, Any]:
        variables = dict(variables or {})
        if self.rate_limited_after is not None and len(self.calls) >= self.rate_limited_after:
            raise RateLimited("AniList said 429 twice", 120.0)
        self.calls.append((document, variables, token))
        if token is not None and token not in self.tokens:
            raise RelinkNeeded("AniList refused the token (HTTP 400)")
        viewer = self.tokens.get(token) if token is not None else None
        if document == WATCHING:
            owner = int(variables["userId"])
            if owner in self.garbage:
                raise CatalogError("AniList answered HTTP 200 with a body that is not JSON")
            if owner in self.private and viewer != owner:
                return {"MediaListCollection": {"lists": [], "hasNextChunk": False}}
            chunk, per_chunk = int(variables["chunk"]), int(variables["perChunk"])
            assert 1 <= per_chunk <= 500, f"perChunk {per_chunk}: AniList's most is 500"
            # WATCHING asks for CURRENT and REPEATING: a completed show is off the list.
            rows = [r for r in self.lists.get(owner, []) if r["status"] in ("CURRENT", "REPEATING")]
            here = rows[(chunk - 1) * per_chunk : chunk * per_chunk]
            groups = [
                {"entries": [r for r in here if r["status"] == status]}
                for status in ("CURRENT", "REPEATING")
                if any(r["status"] == status for r in here)
            ]
            return {
                "MediaListCollection": {
                    "lists": groups,
                    "hasNextChunk": chunk * per_chunk < len(rows),
                }
            }
        if document in (SAVE_PROGRESS, SAVE_COMPLETED):
            assert viewer is not None, "a write without a token"
            row = next(r for r in self.lists[viewer] if r["media"]["id"] == variables["mediaId"])
            if document == SAVE_PROGRESS:
                row["progress"] = variables["progress"]
            else:
                row["status"] = "COMPLETED"
            return {
                "SaveMediaListEntry": {**row, "media": {**row["media"]}},
            }
        raise AssertionError(f"unexpected document {document[:40]!r}")
