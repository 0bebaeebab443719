"""/metrics and /readyz on a real aiohttp server on a loopback port."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bot.web.health import Check, Operations, add_operations_routes
from bot.web.server import build_web_app, serve
from domain.errors import TorrentClientError
from domain.models import DownloadState
from domain.services.stats import StatsService
from monitoring.metrics import Metrics
from tests.fakes import FakeTorrents
from tests.unit.monitoring.fakes import (
    NOW,
    FakeBackups,
    FakeCounts,
    FakeHealth,
    FakeSystem,
    backup_made,
)
from tests.unit.monitoring.promtool import promtool


@asynccontextmanager
async def server(operations: Operations) -> AsyncIterator[httpx.AsyncClient]:
    app = build_web_app()
    add_operations_routes(app, operations)
    async with (
        serve(app, "127.0.0.1", 0) as port,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client,
    ):
        yield client


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def stats_service(backup_minutes_ago: float | None) -> StatsService:
    return StatsService(
        system=FakeSystem(),
        torrents=FakeTorrents(),
        counts=FakeCounts(users=4, downloads={DownloadState.COMPLETED: 7}),
        database=FakeHealth(),
        latest_backup=FakeBackups(
            None if backup_minutes_ago is None else backup_made(backup_minutes_ago)
        ),
        clock=lambda: NOW,
        started_at=NOW - timedelta(hours=1),
    )


async def test_a_scrape_carries_the_figures_of_the_moment() -> None:
    metrics = Metrics()
    metrics.commands_total.labels("telegram", "get", "ok").inc()
    async with server(Operations(metrics, stats_service(backup_minutes_ago=12))) as client:
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    found = samples(response.text)
    assert found[("iiitorrent_downloads", (("state", "completed"),))] == 7
    assert found[("iiitorrent_downloads", (("state", "downloading"),))] == 0
    assert found[("iiitorrent_users", ())] == 4
    assert found[("iiitorrent_backup_age_seconds", ())] == 12 * 60
    assert found[("iiitorrent_download_disk_free_bytes", ())] == 150 * 1024**3
    assert found[("iiitorrent_dependency_up", (("dependency", "qbittorrent"),))] == 1
    assert (
        found[
            (
                "iiitorrent_commands_total",
                (("command", "get"), ("outcome", "ok"), ("platform", "telegram")),
            )
        ]
        == 1
    )
    promtool("check", "metrics", stdin=response.content)


async def test_no_backup_at_all_reads_as_infinitely_old() -> None:
    async with server(Operations(Metrics(), stats_service(backup_minutes_ago=None))) as client:
        found = samples((await client.get("/metrics")).text)
    assert found[("iiitorrent_backup_age_seconds", ())] == float("inf")


async def test_a_scrape_without_stats_still_serves_the_counters() -> None:
    async with server(Operations(Metrics())) as client:
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert "# TYPE iiitorrent_commands_total counter" in response.text


async def _ok() -> bool:
    return True


async def _refused() -> str:
    raise TorrentClientError("qBittorrent unreachable (connection refused)")


async def _false() -> bool:
    return False


async def _hangs() -> None:
    await asyncio.Event().wait()


async def test_ready_when_every_dependency_answers() -> None:
    checks: Mapping[str, Check] = {"database": _ok, "qbittorrent": _ok}
    async with server(Operations(Metrics(), checks=checks)) as client:
        response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.text == "ready\ndatabase: ok\nqbittorrent: ok\n"


async def test_not_ready_names_what_failed() -> None:
    checks: Mapping[str, Check] = {"database": _false, "qbittorrent": _refused}
    async with server(Operations(Metrics(), checks=checks)) as client:
        response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.text.splitlines() == [
        "not ready",
        "database: check failed",
        "qbittorrent: TorrentClientError: qBittorrent unreachable (connection refused)",
    ]


async def test_a_hanging_dependency_is_reported_not_waited_for(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("bot.web.health.CHECK_TIMEOUT", 0.1)
    checks: Mapping[str, Check] = {"database": _ok, "qbittorrent": _hangs}
    async with server(Operations(Metrics(), checks=checks)) as client:
        response = await client.get("/readyz")
    assert response.status_code == 503
    assert "qbittorrent: no answer within 0.1 s" in response.text


async def test_liveness_stays_up_while_not_ready() -> None:
    async with server(Operations(Metrics(), checks={"database": _false})) as client:
        assert (await client.get("/healthz")).status_code == 200
        assert (await client.get("/readyz")).status_code == 503
