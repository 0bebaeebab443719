"""The placement rule, as a table: each row is the nodes' states and where a torrent goes."""

from __future__ import annotations

import pytest

from domain.errors import NodeDown, NoNodeAvailable
from domain.qbittorrent.placement import NodeState, place, room_for_new

HASH = "a" * 40
GiB = 1024**3


def node(
    name: str,
    free: int | None = 10 * GiB,
    *,
    up: bool = True,
    active: int = 0,
    cap: int = 0,
    holds: bool = False,
) -> NodeState:
    return NodeState(name, up, free, active, cap, holds)


@pytest.mark.parametrize(
    ("nodes", "chosen"),
    [
        pytest.param([node("a")], "a", id="one node takes everything"),
        pytest.param([node("a", 5 * GiB), node("b", 9 * GiB)], "b", id="most free space wins"),
        pytest.param(
            [node("a", 5 * GiB), node("b", 9 * GiB, active=2, cap=2)],
            "a",
            id="a node at its cap is passed over however free it is",
        ),
        pytest.param(
            [node("a", 5 * GiB), node("b", 9 * GiB, active=1, cap=2)],
            "b",
            id="under its cap a node still counts",
        ),
        pytest.param(
            [node("a", 5 * GiB), node("b", 9 * GiB, up=False)],
            "a",
            id="a down node is passed over",
        ),
        pytest.param(
            [node("a", 1 * GiB, holds=True), node("b", 9 * GiB)],
            "a",
            id="a torrent already on a node stays there",
        ),
        pytest.param(
            [node("a", 9 * GiB), node("b", 1 * GiB, active=4, cap=4, holds=True)],
            "b",
            id="the holder takes it even at its cap: only a new owner's tag is added",
        ),
        pytest.param(
            [node("a", 5 * GiB, active=3), node("b", 5 * GiB, active=1)],
            "b",
            id="equal space: fewer active downloads wins",
        ),
        pytest.param(
            [node("a", 5 * GiB), node("b", 5 * GiB)], "a", id="a full tie: the first named"
        ),
        pytest.param(
            [node("a", None), node("b", 1)],
            "b",
            id="a node that reported no free space yet ranks below one that did",
        ),
        pytest.param([node("a", None)], "a", id="but it still takes one when it is alone"),
    ],
)
def test_placement(nodes: list[NodeState], chosen: str) -> None:
    assert place(HASH, nodes) == chosen


def test_a_torrent_on_a_down_node_is_never_added_to_another() -> None:
    with pytest.raises(NodeDown, match="on node a, which is not answering") as caught:
        place(HASH, [node("a", up=False, holds=True), node("b")])
    assert caught.value.node == "a"


@pytest.mark.parametrize(
    ("nodes", "message"),
    [
        (
            [node("a", up=False), node("b", active=2, cap=2)],
            r"a: not answering; b: 2 of 2 downloads active",
        ),
        ([], r"none configured"),
    ],
)
def test_no_node_can_take_it_says_why_for_each(nodes: list[NodeState], message: str) -> None:
    with pytest.raises(NoNodeAvailable, match=message):
        place(HASH, nodes)


@pytest.mark.parametrize(
    ("nodes", "room"),
    [
        pytest.param([node("a", 5 * GiB), node("b", 9 * GiB)], 9 * GiB, id="the freest taker"),
        pytest.param(
            [node("a", 5 * GiB), node("b", 9 * GiB, active=2, cap=2)], 5 * GiB, id="b is full"
        ),
        pytest.param([node("a", 5 * GiB), node("b", 9 * GiB, up=False)], 5 * GiB, id="b is down"),
        pytest.param(
            [node("a", 5 * GiB, up=False), node("b", 9 * GiB, up=False)],
            9 * GiB,
            id="none can take one: the most on any",
        ),
        pytest.param([node("a", None), node("b", 3 * GiB)], 3 * GiB, id="a not reported yet"),
        pytest.param([node("a", None)], None, id="nothing known"),
    ],
)
def test_the_disk_floor_is_judged_on_the_node_a_new_torrent_gets(
    nodes: list[NodeState], room: int | None
) -> None:
    assert room_for_new(nodes) == room
