"""Builds the account services (invites, shares, rate limits, AniList linking) for the
composition root, and the encryption key they keep tokens under."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bot.settings import Settings
from domain.anilist.accounts import AniListAccounts
from domain.models import Platform
from domain.ports import Clock, DownloadRepository, TorrentClient, UserRepository
from domain.security.crypto import TokenCipher, new_key
from domain.security.ratelimit import Rate, UserRateLimiter
from domain.security.states import derive_key
from domain.services.accounts import AccountService
from domain.services.admin import AdminService
from domain.services.anilist_link import AniListLinkService, OAuthApp
from domain.services.identities import IdentityLinks
from domain.services.quotas import Limits, QuotaService
from storage.repositories.accounts import (
    TortoiseAniListLinkRepository,
    TortoiseAuditLog,
    TortoiseInviteRepository,
    TortoiseOAuthStateStore,
    TortoiseQuotaRepository,
)
from storage.repositories.broadcasts import TortoiseBroadcastLog
from storage.repositories.connect_codes import TortoiseConnectCodeStore
from storage.repositories.users import TortoiseUserRepository

logger = logging.getLogger(__name__)

KEY_FILE = "encryption-key"
CALLBACK_PATH = "/anilist/callback"


@dataclass(frozen=True, slots=True)
class AccountServices:
    accounts: AccountService
    admin: AdminService
    quotas: QuotaService
    rate_limiter: UserRateLimiter
    anilist: AniListLinkService


def encryption_keys(settings: Settings) -> list[str]:
    """ENCRYPTION_KEY, or a key generated once under DATA_DIR, readable by this user only."""
    if settings.encryption_keys:
        return [key.reveal() for key in settings.encryption_keys]
    path = settings.data_dir / KEY_FILE
    if not path.exists():
        _write_private(path, new_key())
        logger.warning(
            "ENCRYPTION_KEY is not set: generated one in %s; back it up with the database", path
        )
    return [path.read_text(encoding="ascii").strip()]


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(text + "\n")


def build_account_services(
    settings: Settings,
    *,
    users: UserRepository,
    downloads: DownloadRepository,
    torrents: TorrentClient,
    http: httpx.AsyncClient,
    clock: Clock,
    console_operator: str,
) -> AccountServices:
    invites, audit = TortoiseInviteRepository(), TortoiseAuditLog()
    keys = encryption_keys(settings)
    quotas = QuotaService(
        quotas=TortoiseQuotaRepository(),
        downloads=downloads,
        torrents=torrents,
        defaults=Limits(
            settings.quota_disk_bytes,
            settings.quota_active_torrents,
            settings.quota_downloads_per_day,
        ),
        clock=clock,
    )
    oauth = None
    if settings.anilist_client_id and settings.anilist_client_secret:
        oauth = OAuthApp(
            client_id=settings.anilist_client_id,
            client_secret=settings.anilist_client_secret.reveal(),
            redirect_uri=settings.public_url + CALLBACK_PATH,
            authorize_url=settings.anilist_oauth_url + "/authorize",
        )
    return AccountServices(
        accounts=AccountService(
            users,
            {
                Platform.TELEGRAM: settings.admin_telegram_ids,
                Platform.DISCORD: settings.admin_discord_ids,
                Platform.CONSOLE: frozenset({console_operator}),
            },
            invites=invites,
            audit=audit,
            clock=clock,
            allowed_groups={(Platform(p), group) for p, group in settings.allowed_groups},
            links=IdentityLinks(
                users=users,
                codes=TortoiseConnectCodeStore(),
                downloads=downloads,
                clock=clock,
                audit=audit,
            ),
        ),
        admin=AdminService(
            users=users,
            invites=invites,
            audit=audit,
            quotas=quotas,
            clock=clock,
            broadcasts=TortoiseBroadcastLog(),
        ),
        quotas=quotas,
        rate_limiter=UserRateLimiter(
            {
                "search": Rate(settings.rate_limit_search, settings.rate_limit_search),
                "get": Rate(settings.rate_limit_get, settings.rate_limit_get),
            },
            time.monotonic,
        ),
        anilist=AniListLinkService(
            links=TortoiseAniListLinkRepository(),
            states=TortoiseOAuthStateStore(),
            users=users,
            cipher=TokenCipher(keys),
            anilist=AniListAccounts(
                http,
                api_url=settings.anilist_api_url,
                token_url=settings.anilist_oauth_url + "/token",
            ),
            state_key=derive_key(keys[0], "anilist-oauth-state"),
            clock=clock,
            oauth=oauth,
        ),
    )


async def reencrypt_tokens(settings: Settings) -> tuple[int, int]:
    """`iiitorrent admin reencrypt`: every stored token under the first key; returns
    (re-encrypted, dropped because no key opens them)."""
    from storage.database import open_database
    from storage.migrate import migrate

    await migrate(settings.database_url)
    async with open_database(settings.database_url), httpx.AsyncClient() as http:
        keys = encryption_keys(settings)
        service = AniListLinkService(
            links=TortoiseAniListLinkRepository(),
            states=TortoiseOAuthStateStore(),
            users=TortoiseUserRepository(),
            cipher=TokenCipher(keys),
            anilist=AniListAccounts(http),
            state_key=derive_key(keys[0], "anilist-oauth-state"),
            clock=lambda: datetime.now(UTC),
        )
        return await service.reencrypt()
