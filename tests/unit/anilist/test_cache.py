"""CachedCatalog: TTL, LRU bound, coalescing, and failures that are not remembered."""

from __future__ import annotations

import asyncio

import pytest

from domain.anilist.cache import CachedCatalog, TtlLru
from domain.errors import CatalogError
from domain.models import Media

from .fakes import FakeCatalog, FakeTime

FRIEREN = Media(id=154587, romaji="Sousou no Frieren", english="Frieren: Beyond Journey's End")


def catalog(**kwargs: object) -> tuple[CachedCatalog, FakeCatalog, FakeTime]:
    inner = FakeCatalog({"frieren": [FRIEREN]})
    time = FakeTime()
    return CachedCatalog(inner, clock=time, **kwargs), inner, time  # type: ignore[arg-type]


async def test_second_lookup_is_served_from_the_cache_whatever_the_case_and_spacing() -> None:
    cached, inner, _ = catalog()
    assert await cached.search_media("frieren") == [FRIEREN]
    assert await cached.search_media("  FRIEREN ") == [FRIEREN]
    assert inner.calls == [("frieren", 5)]


async def test_different_limits_are_different_lookups() -> None:
    cached, inner, _ = catalog()
    await cached.search_media("frieren", limit=1)
    await cached.search_media("frieren", limit=5)
    assert len(inner.calls) == 2


async def test_entries_expire_after_the_ttl() -> None:
    cached, inner, time = catalog(ttl=100.0)
    await cached.search_media("frieren")
    time.now = 99.0
    await cached.search_media("frieren")
    time.now = 100.0
    await cached.search_media("frieren")
    assert len(inner.calls) == 2


async def test_empty_answers_are_cached_too() -> None:
    cached, inner, _ = catalog()
    assert await cached.search_media("no such show") == []
    assert await cached.search_media("no such show") == []
    assert len(inner.calls) == 1


async def test_callers_cannot_change_the_cached_list() -> None:
    cached, _, _ = catalog()
    (await cached.search_media("frieren")).clear()
    assert await cached.search_media("frieren") == [FRIEREN]


async def test_concurrent_identical_lookups_make_one_call() -> None:
    cached, inner, _ = catalog()
    inner.gate.clear()
    waiters = [asyncio.create_task(cached.search_media(t)) for t in ("frieren", "Frieren") * 5]
    await asyncio.sleep(0)
    inner.gate.set()
    results = await asyncio.gather(*waiters)
    assert results == [[FRIEREN]] * 10
    assert len(inner.calls) == 1


async def test_a_failure_reaches_every_waiter_and_is_not_cached() -> None:
    cached, inner, _ = catalog()
    inner.gate.clear()
    inner.error = CatalogError("AniList answered HTTP 500")
    waiters = [asyncio.create_task(cached.search_media("frieren")) for _ in range(3)]
    await asyncio.sleep(0)
    inner.gate.set()
    results = await asyncio.gather(*waiters, return_exceptions=True)
    assert all(isinstance(r, CatalogError) for r in results)
    inner.error = None
    assert await cached.search_media("frieren") == [FRIEREN]
    assert len(inner.calls) == 2


async def test_one_caller_giving_up_does_not_cancel_the_others() -> None:
    cached, inner, _ = catalog()
    inner.gate.clear()
    quitter = asyncio.create_task(cached.search_media("frieren"))
    stayer = asyncio.create_task(cached.search_media("frieren"))
    await asyncio.sleep(0)
    quitter.cancel()
    await asyncio.gather(quitter, return_exceptions=True)
    inner.gate.set()
    assert await asyncio.wait_for(stayer, 1) == [FRIEREN]
    assert len(inner.calls) == 1


async def test_the_cache_is_bounded_least_recently_used_first() -> None:
    cached, inner, _ = catalog(max_entries=2)
    for title in ("a", "b", "a", "c"):  # "b" is the least recently used when "c" arrives
        await cached.search_media(title)
    await cached.search_media("a")
    await cached.search_media("b")
    assert [title for title, _ in inner.calls] == ["a", "b", "c", "b"]


def test_ttl_lru_core() -> None:
    lru: TtlLru[str, int] = TtlLru(ttl=10.0, max_entries=2)
    lru.put("a", 1, now=0.0)
    lru.put("b", 2, now=5.0)
    assert lru.get("a", now=9.0) == 1
    lru.put("c", 3, now=9.0)  # evicts "b", used least recently
    assert lru.get("b", now=9.0) is None
    assert lru.get("a", now=10.0) is None  # expired
    assert len(lru) == 1
    with pytest.raises(ValueError):
        TtlLru(ttl=1.0, max_entries=0)
