"""The short-lived lists /search keeps for its buttons: found by token, gone after their time."""

from __future__ import annotations

from domain.picks import MemoryPickLists


class Ticking:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_a_list_is_found_by_its_token_with_its_owner() -> None:
    lists = MemoryPickLists()
    kept = await lists.put(7, "frieren", (), "Frieren")
    assert len(f"/pick {kept.token} p99".encode()) <= 64
    assert await lists.get(kept.token) == kept
    assert kept.owner_id == 7
    assert await lists.get("nope") is None


async def test_a_list_expires_after_its_time() -> None:
    clock = Ticking()
    lists = MemoryPickLists(ttl=60, clock=clock)
    kept = await lists.put(1, "frieren", ())
    clock.now = 59.9
    assert await lists.get(kept.token) is not None
    clock.now = 60.0
    assert await lists.get(kept.token) is None


async def test_only_the_newest_lists_are_kept() -> None:
    lists = MemoryPickLists(limit=2)
    first, second, third = [await lists.put(1, q, ()) for q in ("a", "b", "c")]
    assert await lists.get(first.token) is None
    assert await lists.get(second.token) == second
    assert await lists.get(third.token) == third
