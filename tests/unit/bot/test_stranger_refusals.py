"""A stranger hears "this is a private box" at most once per chat per minute (issue 17)."""

from __future__ import annotations

from datetime import timedelta

from bot.commands import StrangerRefusals
from tests.world import build_world


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_five_quick_messages_get_one_refusal() -> None:
    refusals = StrangerRefusals(clock=Clock())
    assert [refusals.may_refuse("telegram:3003") for _ in range(5)] == [True] + [False] * 4


def test_the_refusal_comes_again_after_the_window() -> None:
    clock = Clock()
    refusals = StrangerRefusals(60.0, clock=clock)
    assert refusals.may_refuse("telegram:3003")
    clock.now += 59.9
    assert not refusals.may_refuse("telegram:3003")
    clock.now += 0.1
    assert refusals.may_refuse("telegram:3003")
    assert not refusals.may_refuse("telegram:3003")


def test_each_chat_has_its_own_window() -> None:
    refusals = StrangerRefusals(clock=Clock())
    assert all(refusals.may_refuse(f"telegram:{chat}") for chat in range(30))
    assert not any(refusals.may_refuse(f"telegram:{chat}") for chat in range(30))


def test_memory_stays_bounded() -> None:
    clock = Clock()
    refusals = StrangerRefusals(clock=clock)
    refusals.MAX_CHATS = 3
    for chat in range(10):
        refusals.may_refuse(str(chat))
    assert refusals.may_refuse("0")  # forgotten, so refused again rather than remembered forever
    clock.now += 61
    assert refusals.may_refuse("9")


def test_the_box_refuses_on_its_own_clock() -> None:
    # Built by the composition root, the refusals keep the box's monotonic clock: a test (or a
    # box) that moves its clock moves them too.
    world = build_world()
    refusals = world.dispatcher.refusals
    assert refusals.may_refuse("telegram:-100")
    assert not refusals.may_refuse("telegram:-100")
    world.advance(timedelta(seconds=61))
    assert refusals.may_refuse("telegram:-100")
