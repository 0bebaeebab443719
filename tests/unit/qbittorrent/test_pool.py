"""The node pool over hand-written fake qBittorrents: placement, routing, one merged feed, and a
node going away and coming back."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.errors import NodeDown, NoNodeAvailable, NotFound, TorrentClientError
from domain.models import DownloadState, NodeReport
from domain.qbittorrent.pool import NodePool, PoolNode
from domain.qbittorrent.sync import TorrentTable
from tests.fakes import FakeTorrents

GiB = 1024**3
H1, H2, H3, H4 = ("1" * 40, "2" * 40, "3" * 40, "4" * 40)


def magnet(info_hash: str) -> str:
    return f"magnet:?xt=urn:btih:{info_hash}"


def node(free: int | None) -> FakeTorrents:
    fake = FakeTorrents()
    fake.free_space = free
    return fake


def pool_of(**nodes: tuple[FakeTorrents, int]) -> NodePool:
    return NodePool([PoolNode(name, fake, cap) for name, (fake, cap) in nodes.items()])


async def test_new_torrents_go_to_the_freest_node_under_its_cap() -> None:
    a, b = node(5 * GiB), node(9 * GiB)
    pool = pool_of(a=(a, 0), b=(b, 1))
    await pool.add(magnet(H1), info_hash=H1, owner_id=1)
    await pool.add(magnet(H2), info_hash=H2, owner_id=1)  # b has its one active download
    b.finish(H1)
    await pool.add(magnet(H3), info_hash=H3, owner_id=1)  # b's one is done: b again
    assert set(a.torrents_by_hash) == {H2}
    assert set(b.torrents_by_hash) == {H1, H3}
    assert [await pool.node_of(h) for h in (H1, H2, H3)] == ["b", "a", "b"]


async def test_a_torrent_already_on_a_node_is_only_tagged_there() -> None:
    a, b = node(1 * GiB), node(9 * GiB)
    pool = pool_of(a=(a, 0), b=(b, 0))
    await a.add(magnet(H1), info_hash=H1, owner_id=7)  # there before the pool placed anything
    await pool.add(magnet(H1), info_hash=H1, owner_id=8)
    assert b.torrents_by_hash == {}
    assert a.torrents_by_hash[H1].owner_ids == (7, 8)
    assert a.added_sources == [magnet(H1)]  # added once, by its first owner


async def test_no_node_can_take_it_when_every_one_is_down_or_full() -> None:
    a, b = node(9 * GiB), node(5 * GiB)
    pool = pool_of(a=(a, 1), b=(b, 0))
    await pool.add(magnet(H1), info_hash=H1, owner_id=1)
    await pool.add(magnet(H2), info_hash=H2, owner_id=1)
    assert set(b.torrents_by_hash) == {H2}
    b.down = True
    with pytest.raises(NoNodeAvailable, match=r"a: 1 of 1 downloads active; b: not answering"):
        await pool.add(magnet(H3), info_hash=H3, owner_id=1)
    assert H3 not in a.torrents_by_hash


async def test_every_call_about_a_torrent_goes_to_the_node_holding_it() -> None:
    a, b = node(9 * GiB), node(1 * GiB)
    await b.add(magnet(H2), info_hash=H2, owner_id=1)
    pool = pool_of(a=(a, 0), b=(b, 0))
    await pool.add(magnet(H1), info_hash=H1, owner_id=1)
    await pool.pause([H1, H2])
    assert a.torrents_by_hash[H1].state is DownloadState.PAUSED
    assert b.torrents_by_hash[H2].state is DownloadState.PAUSED
    b.files_by_hash[H2] = []
    assert (await pool.torrent(H2)) == b.torrents_by_hash[H2]
    await pool.delete([H2], delete_files=True)
    assert b.deleted == [(H2, True)] and a.deleted == []
    assert await pool.torrent(H4) is None  # on no node, and every node says so
    with pytest.raises(NotFound):
        await pool.node_of(H4)


async def test_the_feed_merges_every_node_and_reports_changes_and_removals() -> None:
    a, b = node(5 * GiB), node(9 * GiB)
    await a.add(magnet(H1), info_hash=H1, owner_id=1)
    await b.add(magnet(H2), info_hash=H2, owner_id=1)
    pool = pool_of(a=(a, 0), b=(b, 0))
    table = TorrentTable()
    first = await pool.sync(0)
    table.apply(first)
    assert first.full_update and table.hashes() == {H1, H2}
    a.finish(H1)
    await b.delete([H2], delete_files=False)
    second = await pool.sync(first.rid)
    table.apply(second)
    assert not second.full_update
    assert set(second.torrents) == {H1} and second.removed == (H2,)
    assert table.status(H1).state is DownloadState.COMPLETED and H2 not in table
    quiet = await pool.sync(second.rid)
    assert quiet.torrents == {} and quiet.removed == ()


async def test_a_down_node_keeps_its_torrents_and_they_are_whole_again_when_it_answers() -> None:
    a, b = node(5 * GiB), node(9 * GiB)
    pool = pool_of(a=(a, 0), b=(b, 0))
    await pool.add(magnet(H1), info_hash=H1, owner_id=1)  # b: the most free
    table = TorrentTable()
    answer = await pool.sync(0)
    table.apply(answer)
    b.down = True
    while_down = await pool.sync(answer.rid)
    table.apply(while_down)
    assert H1 not in while_down.removed and H1 in table
    await pool.add(magnet(H2), info_hash=H2, owner_id=1)  # b is down: a takes it
    assert H2 in a.torrents_by_hash
    with pytest.raises(NodeDown, match="node b is not answering") as caught:
        await pool.pause([H1])
    assert caught.value.node == "b"
    reports = {r.name: r for r in await pool.reports()}
    assert reports["a"] == NodeReport("a", True, 5 * GiB, 1, 0, None)
    assert not reports["b"].up and reports["b"].error == "connection refused"

    b.down = False
    b.finish(H1)
    back = await pool.sync(while_down.rid)
    assert back.full_update and set(back.torrents) == {H1, H2}
    table.apply(back)
    assert table.status(H1).state is DownloadState.COMPLETED
    assert [r.up for r in await pool.reports()] == [True, True]


async def test_a_node_never_seen_makes_the_next_answer_whole() -> None:
    a, b = node(5 * GiB), node(9 * GiB)
    await b.add(magnet(H2), info_hash=H2, owner_id=1)
    b.down = True
    pool = pool_of(a=(a, 0), b=(b, 0))
    first = await pool.sync(0)
    assert first.torrents == {}
    b.down = False
    second = await pool.sync(first.rid)
    assert second.full_update and set(second.torrents) == {H2}


async def test_the_feed_fails_only_when_no_node_answers() -> None:
    a, b = node(5 * GiB), node(9 * GiB)
    pool = pool_of(a=(a, 0), b=(b, 0))
    a.down = b.down = True
    with pytest.raises(TorrentClientError):
        await pool.sync(0)


async def test_one_node_is_passed_straight_through() -> None:
    only = node(3 * GiB)
    pool = NodePool([PoolNode("default", only)])
    await pool.add(magnet(H1), info_hash=H1, owner_id=1)
    first = await pool.sync(0)
    second = await pool.sync(first.rid)
    assert only.asked == [0, first.rid] and second.rid == only.asked[-1] + 1
    only.down = True
    with pytest.raises(TorrentClientError, match=r"^connection refused$"):
        await pool.torrents()
    assert [replace(r, error=None) for r in await pool.reports()] == [
        NodeReport("default", False, 3 * GiB, 1, 0)
    ]
