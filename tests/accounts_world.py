"""The fake world of tests/fakes_services.py with accounts wired in: invites, an audit log,
shares, rate limits and AniList linking, all over in-memory fakes."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from bot.commands import Caller, Dispatcher, Reply, Services
from domain.anilist.accounts import AniListAccount
from domain.models import Platform, Release
from domain.security.crypto import TokenCipher, new_key
from domain.security.ratelimit import Rate, UserRateLimiter
from domain.services.accounts import AccountService
from domain.services.admin import AdminService
from domain.services.anilist_link import AniListLinkService, OAuthApp
from domain.services.identities import IdentityLinks
from domain.services.quotas import Limits
from tests.fakes_accounts import (
    FakeAniListAccounts,
    FakeAudit,
    FakeConnectCodes,
    FakeInvites,
    FakeLinks,
    FakeStates,
)
from tests.fakes_services import FakeWorld, build_fake_services

NO_LIMITS = Limits(0, 0, 0)
OAUTH = OAuthApp(
    client_id="4242",
    client_secret="client-secret-xyz",
    redirect_uri="https://box.example/anilist/callback",
    authorize_url="https://anilist.co/api/v2/oauth/authorize",
)


@dataclass(frozen=True, slots=True)
class AccountWorld:
    world: FakeWorld
    services: Services
    dispatcher: Dispatcher
    invites: FakeInvites
    audit: FakeAudit
    links: FakeLinks
    states: FakeStates
    anilist: FakeAniListAccounts
    keys: tuple[str, ...]
    codes: FakeConnectCodes

    async def say(self, who: str, text: str, platform: Platform = Platform.TELEGRAM) -> Reply:
        return await self.dispatcher.handle(Caller(platform, who, f"person {who}"), text)


def build_account_world(
    *,
    admins: Iterable[str] = ("1000",),
    releases: Sequence[Release] = (),
    quota_defaults: Limits = NO_LIMITS,
    rates: dict[str, Rate] | None = None,
    oauth: OAuthApp | None = None,
    keys: tuple[str, ...] | None = None,
    discord_admins: Iterable[str] = (),
    allowed_groups: Collection[tuple[Platform, str]] = (),
) -> AccountWorld:
    """`admins` and `discord_admins` are the owners' Telegram and Discord ids, as configured."""
    world = build_fake_services(
        releases=releases,
        admins=[(Platform.TELEGRAM, a) for a in admins],
        quota_defaults=quota_defaults,
    )
    clock = world.clock
    invites, audit, links, states = FakeInvites(), FakeAudit(clock), FakeLinks(), FakeStates()
    bootstrap = {
        Platform.TELEGRAM: frozenset(admins),
        Platform.DISCORD: frozenset(discord_admins),
    }
    codes = FakeConnectCodes()
    identity_links = IdentityLinks(
        users=world.users, codes=codes, downloads=world.downloads, clock=clock, audit=audit
    )
    assert world.services.quotas is not None
    keys = keys or (new_key(),)
    anilist = FakeAniListAccounts(tokens={}, codes={}, public={})
    services = replace(
        world.services,
        accounts=AccountService(
            world.users,
            bootstrap,
            invites=invites,
            audit=audit,
            clock=clock,
            allowed_groups=allowed_groups,
            links=identity_links,
        ),
        admin=AdminService(
            users=world.users,
            invites=invites,
            audit=audit,
            quotas=world.services.quotas,
            clock=clock,
        ),
        rate_limiter=(
            UserRateLimiter(rates, lambda: clock().timestamp()) if rates is not None else None
        ),
        anilist=AniListLinkService(
            links=links,
            states=states,
            users=world.users,
            cipher=TokenCipher(keys),
            anilist=anilist,
            state_key=b"k" * 32,
            clock=clock,
            oauth=oauth,
        ),
    )
    return AccountWorld(
        world, services, Dispatcher(services), invites, audit, links, states, anilist, keys, codes
    )


def account(id_: int, name: str) -> AniListAccount:
    return AniListAccount(id_, name)
