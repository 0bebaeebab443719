"""`/metrics` and `/readyz`: what Prometheus scrapes and what an orchestrator asks.

`/readyz` answers 200 when every dependency check passes, 503 naming what failed otherwise;
of several qBittorrent nodes, one answering is enough (each is listed with its state), so a
node going down takes no bot process out of a load balancer;
`/healthz` (in server.py) stays a bare liveness check, so a slow database never gets the process
restarted. `/metrics` refreshes the figures of the moment (downloads, disk, backup age, ...)
from one stats snapshot, then serves the process's own registry. With `torrents` (the completion
watcher's `figures`), the torrent gauges come from the watcher's last cycle and a scrape asks
qBittorrent nothing.

`/metrics` belongs on the private metrics listener only (`build_metrics_app`); the public link
port gets `/readyz` alone (`add_readiness_routes`).
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace

from aiohttp import web

from domain.models import DownloadState
from domain.services.stats import Snapshot, StatsService, TorrentFigures
from monitoring.metrics import CONTENT_TYPE, Metrics

logger = logging.getLogger(__name__)

CHECK_TIMEOUT = 5.0

Check = Callable[[], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class Operations:
    """What the operations endpoints read. A check passes when it returns anything but False
    without raising."""

    metrics: Metrics
    stats: StatsService | None = None
    checks: Mapping[str, Check] = field(default_factory=dict)
    # Several qBittorrent nodes, by check name: ready while at least one of them passes.
    nodes: Mapping[str, Check] = field(default_factory=dict)
    # The torrent figures of the moment without asking qBittorrent; None: the snapshot asks.
    torrents: Callable[[], TorrentFigures | None] | None = None


OPERATIONS_KEY = web.AppKey("operations", Operations)


def add_readiness_routes(app: web.Application, operations: Operations) -> None:
    """`/readyz`; `/healthz` comes with `build_web_app`."""
    app[OPERATIONS_KEY] = operations
    app.router.add_get("/readyz", readyz_handler)


def add_metrics_routes(app: web.Application, operations: Operations) -> None:
    app[OPERATIONS_KEY] = operations
    app.router.add_get("/metrics", metrics_handler)


def add_operations_routes(app: web.Application, operations: Operations) -> None:
    """`/readyz` and `/metrics` on one app."""
    add_readiness_routes(app, operations)
    add_metrics_routes(app, operations)


def record_snapshot(metrics: Metrics, snapshot: Snapshot) -> None:
    """Copy a snapshot's figures into the gauges; a part that could not be read keeps its last
    value, except the up/down gauges, which say so."""
    metrics.up.labels("database").set(1 if snapshot.database_ok else 0)
    metrics.up.labels("qbittorrent").set(1 if snapshot.torrents is not None else 0)
    if snapshot.downloads is not None:
        for state in DownloadState:
            metrics.downloads.labels(state.value).set(snapshot.downloads.get(state, 0))
    if snapshot.users is not None:
        metrics.users.set(snapshot.users)
    if snapshot.torrents is not None:
        for state in DownloadState:
            metrics.torrents.labels(state.value).set(snapshot.torrents.by_state.get(state, 0))
        metrics.download_speed.set(snapshot.torrents.download_speed)
        metrics.upload_speed.set(snapshot.torrents.upload_speed)
    if snapshot.system is not None:
        metrics.disk_free_bytes.set(snapshot.system.disk.free)
        metrics.disk_size_bytes.set(snapshot.system.disk.total)
    for node in snapshot.nodes or ():
        metrics.node_up.labels(node.name).set(1 if node.up else 0)
        if node.free_space is not None:
            metrics.node_free_bytes.labels(node.name).set(node.free_space)
    if snapshot.queued_notifications is not None:
        metrics.notifications_queued.set(snapshot.queued_notifications)
    age = snapshot.backup_age
    # No backup at all is the oldest backup there is: the staleness alert must fire.
    metrics.backup_age_seconds.set(math.inf if age is None else age)
    if snapshot.backup is not None:
        metrics.backup_last_success_timestamp.set(snapshot.backup.created_at.timestamp())
        metrics.backup_size_bytes.set(snapshot.backup.size)


async def metrics_handler(request: web.Request) -> web.Response:
    operations = request.app[OPERATIONS_KEY]
    if operations.stats is not None:
        if operations.torrents is None:
            snapshot = await operations.stats.snapshot()
        else:
            snapshot = await operations.stats.snapshot(torrents=False)
            snapshot = replace(snapshot, torrents=operations.torrents())
        record_snapshot(operations.metrics, snapshot)
    return web.Response(
        body=operations.metrics.exposition(), headers={"Content-Type": CONTENT_TYPE}
    )


async def run_checks(checks: Mapping[str, Check]) -> dict[str, str | None]:
    """Each check's failure, or None where it passed; all run at once, each with a deadline."""

    async def one(name: str, check: Check) -> str | None:
        try:
            async with asyncio.timeout(CHECK_TIMEOUT):
                result = await check()
        except TimeoutError:
            return f"no answer within {CHECK_TIMEOUT:g} s"
        except Exception as exc:  # a readiness probe reports failures, it never raises them
            return f"{type(exc).__name__}: {exc}"
        return "check failed" if result is False else None

    names = list(checks)
    results = await asyncio.gather(*(one(name, checks[name]) for name in names))
    return dict(zip(names, results, strict=True))


async def readyz_handler(request: web.Request) -> web.Response:
    operations = request.app[OPERATIONS_KEY]
    results = await run_checks({**operations.checks, **operations.nodes})
    failed = {
        name: why
        for name, why in results.items()
        if why is not None and name not in operations.nodes
    }
    if operations.nodes and all(results[name] is not None for name in operations.nodes):
        failed.update({name: results[name] or "" for name in operations.nodes})
    lines = [f"{name}: {results[name] or 'ok'}" for name in results]
    if failed:
        logger.warning("not ready: %s", "; ".join(f"{n}: {w}" for n, w in failed.items()))
        return web.Response(status=503, text="not ready\n" + "\n".join(lines) + "\n")
    return web.Response(text="ready\n" + "\n".join(lines) + "\n")
