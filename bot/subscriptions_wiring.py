"""Wiring for subscriptions and airing alerts: the service behind the commands and the watcher
the scheduler runs."""

from __future__ import annotations

from dataclasses import dataclass

from domain.airing.recent import RecentSearches
from domain.ports import AiringSource, AnimeCatalog, Clock, ReleaseIndex, TorrentClient
from domain.services.airing import AiringWatcher
from domain.services.downloads import DownloadService
from domain.services.quotas import QuotaService
from domain.services.search import SearchService
from domain.services.subscriptions import SubscriptionService
from storage.repositories.download_requests import TortoiseDownloadRequestRepository
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.subscriptions import TortoiseSubscriptionRepository
from storage.repositories.users import TortoiseUserRepository


@dataclass(frozen=True, slots=True)
class SubscriptionParts:
    service: SubscriptionService
    watcher: AiringWatcher


def build_subscriptions(
    *,
    schedule: AiringSource,
    catalog: AnimeCatalog,
    index: ReleaseIndex,
    torrents: TorrentClient,
    quotas: QuotaService | None,
    clock: Clock,
) -> SubscriptionParts:
    subscriptions = TortoiseSubscriptionRepository()
    users = TortoiseUserRepository()
    # Detection and every subscriber's ranking repeat the same Nyaa queries within seconds:
    # remembered briefly, they cost Nyaa one request per show and episode.
    search = SearchService(RecentSearches(index, clock=lambda: clock().timestamp()), catalog)
    downloads = DownloadService(
        users=users,
        requests=TortoiseDownloadRequestRepository(),
        downloads=TortoiseDownloadRepository(),
        torrents=torrents,
        search=search,
        clock=clock,
        quotas=quotas,
    )
    return SubscriptionParts(
        service=SubscriptionService(
            subscriptions=subscriptions, catalog=catalog, schedule=schedule, clock=clock
        ),
        watcher=AiringWatcher(
            subscriptions=subscriptions,
            schedule=schedule,
            search=search,
            downloads=downloads,
            users=users,
            clock=clock,
        ),
    )
