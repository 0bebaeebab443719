"""Invites, the audit log, shares, AniList links and OAuth states, on both backends."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from domain.models import AniListLink, Platform, Quota, Role, User
from domain.security.crypto import TokenCipher, new_key
from storage.database import Database
from storage.repositories.accounts import (
    TortoiseAniListLinkRepository,
    TortoiseAuditLog,
    TortoiseInviteRepository,
    TortoiseOAuthStateStore,
    TortoiseQuotaRepository,
)
from storage.repositories.users import TortoiseUserRepository

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
async def alice(database: Database) -> User:
    return await TortoiseUserRepository().create(
        platform=Platform.TELEGRAM, external_id="1001", display_name="Alice", role=Role.USER
    )


async def test_racing_newcomers_never_get_more_uses_than_an_invite_has(alice: User) -> None:
    invites = TortoiseInviteRepository()
    await invites.create(
        code_hash="h" * 64,
        role=Role.USER,
        uses=3,
        expires_at=NOW + timedelta(days=1),
        created_by=alice.id,
    )
    results = await asyncio.gather(*(invites.redeem("h" * 64, NOW) for _ in range(8)))
    assert sum(r is not None for r in results) == 3
    assert await invites.redeem("h" * 64, NOW) is None
    assert await invites.redeem("x" * 64, NOW) is None


async def test_an_expired_invite_redeems_nothing(alice: User) -> None:
    invites = TortoiseInviteRepository()
    await invites.create(
        code_hash="e" * 64, role=Role.ADMIN, uses=1, expires_at=NOW, created_by=None
    )
    assert await invites.redeem("e" * 64, NOW) is None
    redeemed = await invites.redeem("e" * 64, NOW - timedelta(seconds=1))
    assert redeemed is not None and redeemed.role is Role.ADMIN and redeemed.uses_left == 0


async def test_the_audit_log_lists_newest_first(alice: User) -> None:
    audit = TortoiseAuditLog()
    for action in ("invite", "join", "ban"):
        await audit.record(actor_id=alice.id, action=action, target="user 2")
    assert [e.action for e in await audit.latest(2)] == ["ban", "join"]


async def test_users_can_be_banned_and_listed(alice: User) -> None:
    users = TortoiseUserRepository()
    assert (await users.set_banned(alice.id, True)).banned
    assert [u.id for u in await users.everyone()] == [alice.id]


async def test_share_overrides_default_to_none_and_can_be_replaced(alice: User) -> None:
    quotas = TortoiseQuotaRepository()
    assert await quotas.get(alice.id) == Quota()
    await quotas.set(alice.id, Quota(disk_bytes=50 * 1024**3, active_torrents=3))
    await quotas.set(alice.id, Quota(disk_bytes=60 * 1024**3))
    assert await quotas.get(alice.id) == Quota(disk_bytes=60 * 1024**3)


async def test_the_token_column_never_holds_the_token(alice: User, database: Database) -> None:
    token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-anilist-token"
    cipher = TokenCipher([new_key()])
    links = TortoiseAniListLinkRepository()
    await links.save(AniListLink(alice.id, "alice", 77, cipher.encrypt(token)))
    _, rows = await database.connection().execute_query("SELECT encrypted_token FROM anilist_links")
    stored = rows[0][0]
    assert token not in stored and "secret-anilist-token" not in stored
    link = await links.get(alice.id)
    assert link is not None and cipher.decrypt(link.encrypted_token or "") == token
    await links.delete(alice.id)
    assert await links.get(alice.id) is None


async def test_an_oauth_state_is_consumed_once_and_not_after_expiry(alice: User) -> None:
    states = TortoiseOAuthStateStore()
    await states.issue("n1", alice.id, NOW + timedelta(minutes=10))
    await states.issue("n2", alice.id, NOW + timedelta(minutes=10))
    first, second = await asyncio.gather(states.consume("n1", NOW), states.consume("n1", NOW))
    assert sorted([first, second], key=lambda v: v is None) == [alice.id, None]
    assert await states.consume("n2", NOW + timedelta(minutes=11)) is None
    assert await states.consume("never", NOW) is None
