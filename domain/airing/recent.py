"""A `ReleaseIndex` that answers a repeated search from memory for a short while.

One new episode is looked for once for every subscriber, then each auto-download subscriber's
own ranking repeats the same indexer queries seconds later; in between, the answer is the same.
Concurrent identical searches share one request. Failures are not remembered, and neither is
the latest-releases read (no words), which must be fresh. That read also says what is new: a
remembered answer to a search that a newly listed release would match is forgotten, so the next
ask sees the upload instead of an answer from before it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from domain.airing.latest import NewUploads
from domain.anilist.cache import TtlLru
from domain.models import Release
from domain.ports import ReleaseIndex
from domain.releases import normalise

_Key = tuple[str, str]


class RecentSearches:
    def __init__(
        self,
        inner: ReleaseIndex,
        ttl: float = 120.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_entries: int = 256,
    ) -> None:
        self._inner = inner
        self._clock = clock
        self._cache: TtlLru[_Key, tuple[Release, ...]] = TtlLru(ttl, max_entries)
        self._inflight: dict[_Key, asyncio.Future[tuple[Release, ...]]] = {}
        self._uploads = NewUploads()

    async def search(self, query: str, *, category: str = "1_2") -> list[Release]:
        key = (" ".join(query.casefold().split()), category)
        if not key[0]:
            # No words: the latest releases, read each minute to catch what is new; a
            # remembered answer would hide a release for the cache's whole life.
            latest = await self._inner.search(query, category=category)
            self._forget_answers_before(latest, category)
            return latest
        cached = self._cache.get(key, self._clock())
        if cached is not None:
            return list(cached)
        pending = self._inflight.get(key)
        if pending is not None:
            return list(await asyncio.shield(pending))
        future: asyncio.Future[tuple[Release, ...]] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            found = tuple(await self._inner.search(query, category=category))
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as exc:
            future.set_exception(exc)
            future.exception()  # marks it retrieved when nobody else was waiting
            raise
        finally:
            self._inflight.pop(key, None)
        self._cache.put(key, found, self._clock())
        future.set_result(found)
        return list(found)

    def _forget_answers_before(self, latest: list[Release], category: str) -> None:
        """Drop remembered answers that a release new since the last latest read would join."""
        new = self._uploads.since_last_read(latest)
        if not new or not len(self._cache):
            return
        titles = [frozenset(normalise(r.title)) for r in new]

        def stale(key: _Key) -> bool:
            # Numbers aside ("05" against "5"), every word asked is in the new release's name:
            # Nyaa would list it now. Forgetting too much costs one request; too little, a miss.
            words = [w for w in normalise(key[0]) if not w.isdigit()]
            return key[1] == category and any(all(w in t for w in words) for t in titles)

        self._cache.discard_where(stale)
