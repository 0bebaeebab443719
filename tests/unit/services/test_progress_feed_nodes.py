"""The progress feed of a process whose completion watcher does not run, over two qBittorrent
nodes: each followed torrent is read from the node that holds it, and a node that does not answer
costs only its own torrents' news."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from domain.models import TorrentStatus
from tests.unit.services.test_nodes import H1, H2, someone, two_nodes


class Heard:
    def __init__(self) -> None:
        self.snapshots: list[dict[str, TorrentStatus | None]] = []

    def __call__(self, changes: Mapping[str, TorrentStatus | None], complete: bool) -> None:
        assert not complete  # the feed reads only what is followed: never the whole picture
        self.snapshots.append(dict(changes))

    def progress(self) -> dict[str, float | None]:
        latest: dict[str, TorrentStatus | None] = {}
        for snapshot in self.snapshots:
            latest.update(snapshot)
        return {h: (s.progress if s is not None else None) for h, s in latest.items()}


async def test_each_followed_torrent_is_read_from_its_own_node() -> None:
    world, a, b = two_nodes(cap_b=1)
    user = await someone(world)
    await world.services.downloads.request_magnet(user, f"magnet:?xt=urn:btih:{H1}")  # on b
    await world.services.downloads.request_magnet(user, f"magnet:?xt=urn:btih:{H2}")  # on a
    feed, heard = world.box.progress, Heard()
    feed.subscribe(heard)
    release_1, release_2 = feed.follow(H1), feed.follow(H2)
    b.torrents_by_hash[H1] = replace(b.torrents_by_hash[H1], progress=0.4)
    a.torrents_by_hash[H2] = replace(a.torrents_by_hash[H2], progress=0.7)

    assert await feed.poll() == 2
    assert heard.progress() == {H1: 0.4, H2: 0.7}

    # Unchanged torrents are not told again; a node that does not answer keeps its news back.
    before = len(heard.snapshots)
    a.down = True
    b.torrents_by_hash[H1] = replace(b.torrents_by_hash[H1], progress=0.9)
    await feed.poll()
    assert heard.snapshots[before:] == [{H1: b.torrents_by_hash[H1]}]

    # Let go of both: nothing is read any more.
    release_1()
    release_2()
    reads = a.calls["torrent"] + b.calls["torrent"]
    assert await feed.poll() == 0
    assert a.calls["torrent"] + b.calls["torrent"] == reads


async def test_a_torrent_removed_from_its_node_is_told_once_as_gone() -> None:
    world, _, b = two_nodes()
    user = await someone(world)
    await world.services.downloads.request_magnet(user, f"magnet:?xt=urn:btih:{H1}")
    feed, heard = world.box.progress, Heard()
    feed.subscribe(heard)
    feed.follow(H1)
    await feed.poll()

    del b.torrents_by_hash[H1]
    await feed.poll()
    await feed.poll()
    assert heard.snapshots[1:] == [{H1: None}]
