"""Search results a user can pick from with a button, kept briefly on the server.

A button's command must fit Telegram's 64 bytes of callback data; a release title, let alone its
torrent URL, does not. So `/search` keeps its ranked candidates under a short random token and its
buttons say `/pick <token> <n>` (add the n-th) or `/pick <token> p<n>` (show page n). Stateless
alternatives were weighed: `/get <base32 magnet>` fits, but adds by a bare info hash (no trackers,
no Nyaa torrent file, no episode recorded, no "you have this already"), and a re-search on every
press could rank differently from the list the user saw. The cost of keeping the list: it is gone
after `ttl`, and a press then says so.

The token names one list, not one user: pressing an old keyboard after a newer search still picks
from what that keyboard showed. Each list remembers its owner; anyone else is refused.

Where the lists are kept is the `domain.ports.PickLists` port: `MemoryPickLists` below for one
process (SQLite; a restart forgets them), the database when several processes share PostgreSQL and
the press may reach another process than the search (`storage.repositories.pick_lists`).
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from domain.releases import Candidate

DEFAULT_TTL = 30 * 60.0  # seconds
MAX_LISTS = 2000  # across all users; the oldest go first
TOKEN_BYTES = 4  # 8 hex digits: `/pick <token> p<n>` stays far below 64 bytes


def new_token() -> str:
    return secrets.token_hex(TOKEN_BYTES)


@dataclass(frozen=True, slots=True)
class PickList:
    token: str
    owner_id: int
    query: str
    candidates: tuple[Candidate, ...]
    created: float  # seconds, on the clock of whichever store keeps the list
    show: str | None = None  # the show's name, when the catalog knew it


class MemoryPickLists:
    """The lists of one process, in its memory."""

    def __init__(
        self,
        *,
        ttl: float = DEFAULT_TTL,
        limit: int = MAX_LISTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._limit = limit
        self._clock = clock
        self._lists: OrderedDict[str, PickList] = OrderedDict()

    async def put(
        self,
        owner_id: int,
        query: str,
        candidates: tuple[Candidate, ...],
        show: str | None = None,
    ) -> PickList:
        self._expire()
        token = new_token()
        while token in self._lists:
            token = new_token()
        kept = PickList(token, owner_id, query, candidates, self._clock(), show)
        self._lists[token] = kept
        while len(self._lists) > self._limit:
            self._lists.popitem(last=False)
        return kept

    async def get(self, token: str) -> PickList | None:
        self._expire()
        return self._lists.get(token)

    def _expire(self) -> None:
        now = self._clock()
        while self._lists:
            oldest = next(iter(self._lists.values()))
            if now - oldest.created < self._ttl:
                return
            self._lists.popitem(last=False)
