"""A box of two qBittorrent nodes, built by `build_box` over two fakes: where downloads go, what
their rows say, and where their links point."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.errors import DiskFull
from domain.models import Platform, Role, TorrentFile, User
from tests.fakes import FakeTorrents
from tests.unit.monitoring.test_endpoints import server
from tests.world import World, build_world, node_settings

GiB = 1024**3
H1, H2 = "1" * 40, "2" * 40


def two_nodes(
    *, cap_b: int = 0, admins: tuple[str, ...] = ()
) -> tuple[World, FakeTorrents, FakeTorrents]:
    a, b = FakeTorrents(), FakeTorrents()
    a.free_space, b.free_space = 2 * GiB, 8 * GiB
    a.save_path_default = b.save_path_default = "/downloads"
    world = build_world(
        nodes={"a": a, "b": b},
        admins=admins,
        qbittorrent_nodes=(
            node_settings("a", "/srv/a", "https://a.example"),
            node_settings("b", "/srv/b", "https://b.example/", max_active=cap_b),
        ),
    )
    return world, a, b


async def someone(world: World) -> User:
    return await world.users.create(
        platform=Platform.TELEGRAM, external_id="1", display_name="o", role=Role.USER
    )


async def test_a_download_goes_to_the_freest_node_and_its_row_says_which() -> None:
    world, a, b = two_nodes(cap_b=1)
    user = await someone(world)
    first = await world.services.downloads.request_magnet(user, f"magnet:?xt=urn:btih:{H1}")
    second = await world.services.downloads.request_magnet(user, f"magnet:?xt=urn:btih:{H2}")
    assert (first.download.node, second.download.node) == ("b", "a")  # b took its one
    assert set(b.torrents_by_hash) == {H1} and set(a.torrents_by_hash) == {H2}


async def test_links_point_at_the_file_server_of_the_node_holding_the_files() -> None:
    world, a, b = two_nodes()
    user = await someone(world)
    added = await world.services.downloads.request_magnet(user, f"magnet:?xt=urn:btih:{H1}")
    b.finish(H1)
    b.torrents_by_hash[H1] = replace(b.torrents_by_hash[H1], save_path="/downloads/tv")
    b.files_by_hash[H1] = [TorrentFile(0, "Frieren - 05.mkv", 1000, 1.0)]
    links = await world.services.files.links(user, added.download.id)
    (link,) = links.files
    assert link.url.startswith("https://b.example/dl/")
    resolved = await world.services.files.resolve(link.url.split("/")[4])
    (served,) = resolved.files
    assert (served.root, served.parts) == ("/srv/b", ("tv", "Frieren - 05.mkv"))
    assert a.calls["default_save_path"] == 0  # b's own default save path was the one read


async def test_stats_list_the_nodes_and_say_which_is_down() -> None:
    world, a, _ = two_nodes(cap_b=3, admins=("9",))
    user = await someone(world)
    await world.services.downloads.request_magnet(user, f"magnet:?xt=urn:btih:{H1}")  # on b
    a.down = True
    reply = await world.say("9", "/stats")
    assert "Nodes:\n a: ❌ down\n b: ✅ 8.0 GiB free · 1/3 active" in reply.text
    assert "qBittorrent node a: connection refused" in reply.text


async def test_readyz_shows_each_node_and_fails_only_when_none_answers() -> None:
    world, a, b = two_nodes()
    b.down = True
    async with server(world.box.operations) as client:
        one_down = await client.get("/readyz")
        a.down = True
        both_down = await client.get("/readyz")
    assert one_down.status_code == 200
    assert one_down.text.splitlines() == [
        "ready",
        "database: ok",
        "qbittorrent a: ok",
        "qbittorrent b: NodeDown: qBittorrent node b is not answering: connection refused",
    ]
    assert both_down.status_code == 503
    assert both_down.text.splitlines()[0] == "not ready"


async def test_a_torrent_tagged_on_a_node_without_its_row_is_adopted_on_that_node() -> None:
    world, _, b = two_nodes()
    user = await someone(world)
    await b.add(f"magnet:?xt=urn:btih:{H2}", info_hash=H2, owner_id=user.id)  # no row written
    b.torrents_by_hash[H2] = replace(b.torrents_by_hash[H2], added_on=world.clock.now)
    world.advance(timedelta(hours=1))
    report = await world.box.completions.poll()
    assert report.adopted == 1
    (row,) = await world.downloads.by_hash(H2)
    assert (row.owner_id, row.node) == (user.id, "b")


async def test_the_disk_floor_holds_on_the_node_that_would_take_the_download() -> None:
    world, a, b = two_nodes(cap_b=1)
    world = build_world(
        nodes={"a": a, "b": b},
        disk_free_floor=5 * GiB,  # a has 2 GiB free, b 8 GiB; this process's own disk 1 TiB
        qbittorrent_nodes=world.settings.qbittorrent_nodes,
    )
    user = await someone(world)
    first = await world.services.downloads.request_magnet(user, f"magnet:?xt=urn:btih:{H1}")
    assert first.download.node == "b"
    with pytest.raises(DiskFull) as refused:  # b is at its cap: only a is left, under the floor
        await world.services.downloads.request_magnet(user, f"magnet:?xt=urn:btih:{H2}")
    assert refused.value.free == 2 * GiB
    assert H2 not in a.torrents_by_hash and H2 not in b.torrents_by_hash


async def test_metrics_say_which_node_is_up_and_how_much_room_it_has() -> None:
    world, _, b = two_nodes()
    b.down = True
    async with server(world.box.operations) as client:
        scrape = (await client.get("/metrics")).text
    assert 'iiitorrent_qbittorrent_node_up{node="a"} 1.0' in scrape
    assert 'iiitorrent_qbittorrent_node_up{node="b"} 0.0' in scrape
    assert 'iiitorrent_qbittorrent_node_free_bytes{node="a"} 2.147483648e+09' in scrape
