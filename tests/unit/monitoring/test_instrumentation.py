"""Commands and outside calls are counted and timed where they happen."""

from __future__ import annotations

import httpx
import pytest
from prometheus_client import CollectorRegistry

from bot.commands import Caller
from bot.errors import UsageError
from domain.errors import IndexerError, TorrentClientError
from domain.http import fetch, make_http_client
from domain.models import Platform
from domain.qbittorrent.gateway import QBittorrentGateway
from monitoring.metrics import Metrics
from tests.harness.torrents import free_port
from tests.world import build_world

BOSS = Caller(Platform.TELEGRAM, "1", "Boss")


def value(registry: CollectorRegistry, name: str, **labels: str) -> float:
    found = registry.get_sample_value(name, labels)
    return 0.0 if found is None else found


async def test_commands_are_counted_by_platform_command_and_outcome() -> None:
    world = build_world(admins=["1"])
    dispatcher, metrics = world.dispatcher, world.box.metrics
    await dispatcher.handle(BOSS, "/start")
    await dispatcher.handle(BOSS, "/status")
    with pytest.raises(UsageError):
        await dispatcher.handle(BOSS, "/pause")
    r = metrics.registry
    labels = {"platform": "telegram"}
    assert value(r, "iiitorrent_commands_total", command="start", outcome="ok", **labels) == 1
    assert value(r, "iiitorrent_commands_total", command="status", outcome="ok", **labels) == 1
    assert value(r, "iiitorrent_commands_total", command="pause", outcome="error", **labels) == 1
    assert value(r, "iiitorrent_command_duration_seconds_count", command="start", **labels) == 1


async def test_fetch_times_each_service_and_counts_its_failures() -> None:
    metrics = Metrics()

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/down":
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, text="ok")

    async with make_http_client(transport=httpx.MockTransport(answer), metrics=metrics) as http:
        await fetch(
            http, "GET", "http://nyaa.test/up", error=IndexerError, max_bytes=100, total_timeout=5
        )
        with pytest.raises(IndexerError):
            await fetch(
                http,
                "GET",
                "http://nyaa.test/down",
                error=IndexerError,
                max_bytes=100,
                total_timeout=5,
            )
    r = metrics.registry
    assert value(r, "iiitorrent_external_request_duration_seconds_count", service="nyaa") == 2
    assert value(r, "iiitorrent_external_request_errors_total", service="nyaa") == 1


async def test_an_unreachable_qbittorrent_is_counted() -> None:
    metrics = Metrics()
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    async with QBittorrentGateway(url, "admin", "x", timeout=2.0, metrics=metrics) as gateway:
        with pytest.raises(TorrentClientError):
            await gateway.version()
    r = metrics.registry
    assert value(r, "iiitorrent_external_request_errors_total", service="qbittorrent") == 1
    assert (
        value(r, "iiitorrent_external_request_duration_seconds_count", service="qbittorrent") == 1
    )
