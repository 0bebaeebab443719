"""Timing a command for the metrics, apart from the dispatcher's logic."""

from __future__ import annotations

import time
from collections.abc import Awaitable

from bot.commands.base import Reply
from domain.models import Platform
from monitoring.metrics import Metrics


async def timed(
    metrics: Metrics, platform: Platform, command: str, work: Awaitable[Reply]
) -> Reply:
    """Await `work`, counting it under (platform, command) with its outcome and latency."""
    started = time.perf_counter()
    outcome = "error"
    try:
        reply = await work
        outcome = "ok"
        return reply
    finally:
        metrics.command_seconds.labels(platform.value, command).observe(
            time.perf_counter() - started
        )
        metrics.commands_total.labels(platform.value, command, outcome).inc()
