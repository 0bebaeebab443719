"""The real use-case services wired over the fakes of tests/fakes.py, for front-end tests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.commands import Services
from domain.models import Media, Platform, Release
from domain.services.accounts import AccountService
from domain.services.disk import DiskGuard
from domain.services.downloads import DownloadService
from domain.services.preferences import PreferenceService
from domain.services.quotas import Limits, QuotaService
from domain.services.search import SearchService
from tests.fakes import (
    FakeCatalog,
    FakeClock,
    FakeDownloads,
    FakeIndex,
    FakeRequests,
    FakeTorrents,
    FakeUsers,
)
from tests.fakes_accounts import FakeQuotas


@dataclass(frozen=True, slots=True)
class FakeWorld:
    """The services a front-end calls, and the fakes underneath for a test to poke and read."""

    services: Services
    users: FakeUsers
    requests: FakeRequests
    downloads: FakeDownloads
    torrents: FakeTorrents
    index: FakeIndex
    catalog: FakeCatalog
    clock: FakeClock


def build_fake_services(
    *,
    releases: Sequence[Release] = (),
    media: Sequence[Media] = (),
    admins: Iterable[tuple[Platform, str]] = (),
    index: FakeIndex | None = None,
    torrents: FakeTorrents | None = None,
    quota_defaults: Limits | None = None,
    disk: DiskGuard | None = None,
) -> FakeWorld:
    """`admins` are the bootstrap admins, as (platform, external id). `index` and `torrents`
    replace the default fakes, for a test that needs one that misbehaves in its own way."""
    clock = FakeClock()
    users, requests, downloads = FakeUsers(), FakeRequests(clock), FakeDownloads(clock)
    catalog = FakeCatalog(media)
    index = FakeIndex(releases) if index is None else index
    torrents = FakeTorrents() if torrents is None else torrents
    bootstrap: dict[Platform, frozenset[str]] = {}
    for platform, external_id in admins:
        bootstrap[platform] = bootstrap.get(platform, frozenset()) | {external_id}
    search = SearchService(index, catalog)
    quotas = None
    if quota_defaults is not None:  # shares are off unless a test asks for them
        quotas = QuotaService(
            quotas=FakeQuotas(),
            downloads=downloads,
            torrents=torrents,
            defaults=quota_defaults,
            clock=clock,
        )
    services = Services(
        accounts=AccountService(users, bootstrap),
        search=search,
        downloads=DownloadService(
            users=users,
            requests=requests,
            downloads=downloads,
            torrents=torrents,
            search=search,
            clock=clock,
            quotas=quotas,
            disk=disk,
        ),
        quotas=quotas,
        preferences=PreferenceService(users),
    )
    return FakeWorld(services, users, requests, downloads, torrents, index, catalog, clock)
