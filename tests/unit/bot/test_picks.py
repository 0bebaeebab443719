"""The short-lived lists /search keeps for its buttons: found by token, gone after their time."""

from __future__ import annotations

from bot.commands.picks import PickLists


class Ticking:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_list_is_found_by_its_token_with_its_owner() -> None:
    lists = PickLists()
    kept = lists.put(7, "frieren", (), "Frieren")
    assert len(f"/pick {kept.token} p99".encode()) <= 64
    assert lists.get(kept.token) == kept
    assert kept.owner_id == 7
    assert lists.get("nope") is None


def test_a_list_expires_after_its_time() -> None:
    clock = Ticking()
    lists = PickLists(ttl=60, clock=clock)
    kept = lists.put(1, "frieren", ())
    clock.now = 59.9
    assert lists.get(kept.token) is not None
    clock.now = 60.0
    assert lists.get(kept.token) is None


def test_only_the_newest_lists_are_kept() -> None:
    lists = PickLists(limit=2)
    first, second, third = (lists.put(1, q, ()) for q in ("a", "b", "c"))
    assert lists.get(first.token) is None
    assert lists.get(second.token) == second and lists.get(third.token) == third
