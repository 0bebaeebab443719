"""The two listeners `iiitorrent run` starts, built as bot/app.py builds them over the test world:
the public link port has /healthz and /readyz but no /metrics; the private metrics listener has
all three, and a scrape reads the torrent figures the completion watcher already holds, asking
qBittorrent nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.web.health import add_readiness_routes
from bot.web.server import build_metrics_app, build_web_app, serve
from domain.errors import TorrentClientError
from domain.models import DownloadState
from tests.world import World, build_world

HASHES = [f"{n:040x}" for n in (1, 2, 3)]


@pytest.fixture
async def world() -> World:
    world = build_world()
    for n, info_hash in enumerate(HASHES):
        magnet = f"magnet:?xt=urn:btih:{info_hash}"
        await world.torrents.add(magnet, info_hash=info_hash, owner_id=1)
        status = world.torrents.torrents_by_hash[info_hash]
        world.torrents.torrents_by_hash[info_hash] = replace(
            status, download_speed=1000 * (n + 1), upload_speed=10 * (n + 1)
        )
    world.torrents.finish(HASHES[2])
    return world


@pytest.fixture
async def ports(world: World) -> AsyncIterator[tuple[str, str]]:
    public = build_web_app()
    add_readiness_routes(public, world.box.operations)
    async with (
        serve(public, "127.0.0.1", 0) as public_port,
        serve(build_metrics_app(world.box.operations), "127.0.0.1", 0) as metrics_port,
    ):
        yield f"http://127.0.0.1:{public_port}", f"http://127.0.0.1:{metrics_port}"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def test_the_public_port_has_no_metrics(world: World, ports: tuple[str, str]) -> None:
    public, _ = ports
    async with httpx.AsyncClient(base_url=public, timeout=10) as http:
        assert (await http.get("/metrics")).status_code == 404
        assert (await http.get("/healthz")).status_code == 200
        assert (await http.get("/readyz")).status_code == 200


async def test_the_metrics_listener_serves_metrics_and_health(
    world: World, ports: tuple[str, str]
) -> None:
    _, private = ports
    async with httpx.AsyncClient(base_url=private, timeout=10) as http:
        assert (await http.get("/healthz")).status_code == 200
        assert (await http.get("/readyz")).status_code == 200
        scrape = await http.get("/metrics")
    assert scrape.status_code == 200
    assert "iiitorrent_" in scrape.text


async def test_a_scrape_asks_qbittorrent_nothing(world: World, ports: tuple[str, str]) -> None:
    _, private = ports
    await world.box.completions.poll()
    world.torrents.calls.clear()
    async with httpx.AsyncClient(base_url=private, timeout=10) as http:
        await http.get("/metrics")
        second = await http.get("/metrics")
    assert world.torrents.calls == {}, world.torrents.calls
    figures = samples(second.text)
    assert figures[("iiitorrent_dependency_up", (("dependency", "qbittorrent"),))] == 1
    downloading = (("state", DownloadState.DOWNLOADING.value),)
    completed = (("state", DownloadState.COMPLETED.value),)
    assert figures[("iiitorrent_qbittorrent_torrents", downloading)] == 2
    assert figures[("iiitorrent_qbittorrent_torrents", completed)] == 1
    assert figures[("iiitorrent_qbittorrent_download_speed_bytes", ())] == 6000
    assert figures[("iiitorrent_qbittorrent_upload_speed_bytes", ())] == 60


async def test_before_the_first_cycle_or_while_qbittorrent_is_down_it_reads_down(
    world: World, ports: tuple[str, str]
) -> None:
    _, private = ports
    up = ("iiitorrent_dependency_up", (("dependency", "qbittorrent"),))
    async with httpx.AsyncClient(base_url=private, timeout=10) as http:
        assert samples((await http.get("/metrics")).text)[up] == 0  # no cycle yet
        await world.box.completions.poll()
        assert samples((await http.get("/metrics")).text)[up] == 1
        world.torrents.down = True
        with pytest.raises(TorrentClientError):
            await world.box.completions.poll()
        assert samples((await http.get("/metrics")).text)[up] == 0
