"""Wiring for the automation: the completion watcher, the outbox dispatcher and the scheduler
that runs them (see `scheduler/jobs.py` for the list of jobs)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from datetime import timedelta

from bot.settings import Settings
from domain.models import Platform
from domain.notifications.dispatcher import OutboxDispatcher
from domain.ports import Clock, Notifier, TorrentSync
from domain.services.airing import AiringWatcher
from domain.services.completions import CompletionWatcher, NoticeLinks
from domain.services.downloads import DownloadService
from domain.services.fallback import StallFallback
from domain.services.feeds import FeedService
from domain.services.retention import RetentionService
from domain.services.search import SearchService
from domain.services.watchlist import WatchlistService
from monitoring.metrics import Metrics
from scheduler.history import RunHistory
from scheduler.jobs import Automation, jobs
from scheduler.leader import leader_for
from scheduler.runner import running_jobs
from storage.repositories.completions import TortoiseCompletionRepository
from storage.repositories.download_requests import TortoiseDownloadRequestRepository
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.outbox import TortoiseOutboxRepository
from storage.repositories.switches import TortoiseSwitchRepository
from storage.repositories.users import TortoiseUserRepository


def build_completion_watcher(
    settings: Settings,
    torrents: TorrentSync,
    clock: Clock,
    *,
    downloads: DownloadService | None = None,
    search: SearchService | None = None,
    links: NoticeLinks | None = None,
) -> CompletionWatcher:
    """With `downloads` and `search`, a stalled download found by a search is switched to the
    next-best release (up to STALL_SWITCHES times)."""
    fallback = None
    if downloads is not None and search is not None and settings.stall_switches > 0:
        fallback = StallFallback(
            users=TortoiseUserRepository(),
            requests=TortoiseDownloadRequestRepository(),
            downloads=TortoiseDownloadRepository(),
            service=downloads,
            search=search,
            switches=TortoiseSwitchRepository(),
            clock=clock,
            max_switches=settings.stall_switches,
        )
    return CompletionWatcher(
        sync=torrents,
        completions=TortoiseCompletionRepository(),
        outbox=TortoiseOutboxRepository(),
        clock=clock,
        stall_timeout=timedelta(seconds=settings.stall_timeout),
        fallback=fallback,
        downloads=TortoiseDownloadRepository(),
        links=links,
    )


@asynccontextmanager
async def running_automation(
    settings: Settings,
    *,
    completions: CompletionWatcher,
    notifiers: Mapping[Platform, Notifier],
    clock: Clock,
    metrics: Metrics | None = None,
    feeds: FeedService | None = None,
    airing: AiringWatcher | None = None,
    backup: Callable[[], Awaitable[object]] | None = None,
    retention: RetentionService | None = None,
    history: RunHistory | None = None,
    watchlist: WatchlistService | None = None,
) -> AsyncIterator[None]:
    automation = Automation(
        completions=completions,
        outbox=OutboxDispatcher(TortoiseOutboxRepository(), notifiers, clock, metrics=metrics),
        completion_interval=timedelta(seconds=settings.completion_poll_interval),
        outbox_interval=timedelta(seconds=settings.outbox_poll_interval),
        feeds=feeds,
        airing=airing,
        backup=backup,
        backup_interval=timedelta(seconds=settings.backup_interval),
        retention=retention,
        watchlist=watchlist,
    )
    async with running_jobs(
        jobs(automation),
        leader=leader_for(settings.database_url),
        metrics=metrics,
        history=history,
    ):
        yield
