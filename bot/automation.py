"""Wiring for the automation: the completion watcher, the outbox dispatcher and the scheduler
that runs them (see `scheduler/jobs.py` for the list of jobs)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import timedelta

from bot.settings import Settings
from domain.models import Platform
from domain.notifications.dispatcher import OutboxDispatcher
from domain.ports import Clock, Notifier, TorrentSync
from domain.services.completions import CompletionWatcher
from monitoring.metrics import Metrics
from scheduler.jobs import Automation, jobs
from scheduler.leader import leader_for
from scheduler.runner import running_jobs
from storage.repositories.completions import TortoiseCompletionRepository
from storage.repositories.outbox import TortoiseOutboxRepository


def build_completion_watcher(
    settings: Settings, torrents: TorrentSync, clock: Clock
) -> CompletionWatcher:
    return CompletionWatcher(
        sync=torrents,
        completions=TortoiseCompletionRepository(),
        outbox=TortoiseOutboxRepository(),
        clock=clock,
        stall_timeout=timedelta(seconds=settings.stall_timeout),
    )


@asynccontextmanager
async def running_automation(
    settings: Settings,
    *,
    completions: CompletionWatcher,
    notifiers: Mapping[Platform, Notifier],
    clock: Clock,
    metrics: Metrics | None = None,
) -> AsyncIterator[None]:
    automation = Automation(
        completions=completions,
        outbox=OutboxDispatcher(TortoiseOutboxRepository(), notifiers, clock),
        completion_interval=timedelta(seconds=settings.completion_poll_interval),
        outbox_interval=timedelta(seconds=settings.outbox_poll_interval),
    )
    async with running_jobs(
        jobs(automation), leader=leader_for(settings.database_url), metrics=metrics
    ):
        yield
