"""A caching `AnimeCatalog`: title lookups are slow, rate limited and rarely change."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from domain.models import Media, MediaRelations
from domain.ports import AnimeCatalog

logger = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class TtlLru(Generic[K, V]):
    """Pure: at most `max_entries` values, each forgotten `ttl` seconds after it was stored."""

    def __init__(self, ttl: float, max_entries: int) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def get(self, key: K, now: float) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        stored, value = entry
        if now - stored >= self.ttl:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    def put(self, key: K, value: V, now: float) -> None:
        self._entries[key] = (now, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()

    def discard_where(self, stale: Callable[[K], bool]) -> None:
        """Forget every value whose key `stale` picks."""
        for key in [key for key in self._entries if stale(key)]:
            del self._entries[key]

    def __len__(self) -> int:
        return len(self._entries)


_Key = tuple[str, int]


class CachedCatalog:
    """Caches `search_media` by casefolded title (and limit) and coalesces concurrent identical
    lookups into one call to the inner catalog. Failures are not cached."""

    def __init__(
        self,
        inner: AnimeCatalog,
        ttl: float = 6 * 3600,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_entries: int = 1024,
    ) -> None:
        self._inner = inner
        self._clock = clock
        self._cache: TtlLru[_Key, tuple[Media, ...]] = TtlLru(ttl, max_entries)
        self._inflight: dict[_Key, asyncio.Task[tuple[Media, ...]]] = {}
        self._relations: TtlLru[int, MediaRelations] = TtlLru(ttl, max_entries)

    async def search_media(self, title: str, *, limit: int = 5) -> list[Media]:
        key = (" ".join(title.casefold().split()), limit)
        cached = self._cache.get(key, self._clock())
        if cached is not None:
            return list(cached)
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.ensure_future(self._load(key, title, limit))
            self._inflight[key] = task
            task.add_done_callback(lambda done: self._settle(key, done))
        # Shielded: one caller giving up must not cancel the lookup the others wait for.
        return list(await asyncio.shield(task))

    async def relations(self, media_id: int) -> MediaRelations:
        cached = self._relations.get(media_id, self._clock())
        if cached is None:
            cached = await self._inner.relations(media_id)
            self._relations.put(media_id, cached, self._clock())
        return cached

    def clear(self) -> None:
        self._cache.clear()
        self._relations.clear()

    async def _load(self, key: _Key, title: str, limit: int) -> tuple[Media, ...]:
        found = tuple(await self._inner.search_media(title, limit=limit))
        self._cache.put(key, found, self._clock())
        return found

    def _settle(self, key: _Key, task: asyncio.Task[tuple[Media, ...]]) -> None:
        if self._inflight.get(key) is task:
            del self._inflight[key]
        if not task.cancelled() and task.exception() is not None:
            # Read here so a failure nobody still awaits is not reported as never retrieved.
            logger.debug("AniList lookup %r failed: %r", key[0], task.exception())
