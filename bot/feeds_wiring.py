"""Wiring for users' RSS feeds: the fetcher with its own HTTP client (redirects are followed by
the fetcher, hop by hop, so each is checked) and the feed service the command and the job use."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.settings import Settings
from domain.feeds.fetcher import FeedFetcher
from domain.http import make_http_client
from domain.ports import Clock, DownloadRepository, UserRepository
from domain.services.downloads import DownloadService
from domain.services.feeds import FeedService
from monitoring.metrics import Metrics
from storage.repositories.feeds import TortoiseFeedRepository


@asynccontextmanager
async def feed_service(
    settings: Settings,
    *,
    users: UserRepository,
    downloads: DownloadService,
    download_rows: DownloadRepository,
    clock: Clock,
    metrics: Metrics | None = None,
) -> AsyncIterator[FeedService]:
    async with make_http_client(metrics=metrics, follow_redirects=False) as http:
        yield FeedService(
            feeds=TortoiseFeedRepository(),
            source=FeedFetcher(http, allow_private=settings.feeds_allow_private),
            users=users,
            downloads=downloads,
            download_rows=download_rows,
            clock=clock,
            default_interval=settings.feed_poll_interval,
            metrics=metrics,
        )
