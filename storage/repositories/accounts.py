"""Invites, the audit log, share overrides, AniList links and OAuth states
(the account ports of `domain.ports`)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from tortoise.expressions import F

from domain.models import AniListLink, AuditEntry, Invite, Quota, Role
from storage import models
from storage.repositories.errors import translate_errors

TARGET_LENGTH = 255


def _invite(row: models.Invite) -> Invite:
    return Invite(
        id=row.id,
        role=Role(row.role),
        uses_left=row.uses_left,
        expires_at=row.expires_at,
        created_by=row.created_by_id,  # type: ignore[attr-defined]
    )


class TortoiseInviteRepository:
    @translate_errors
    async def create(
        self, *, code_hash: str, role: Role, uses: int, expires_at: datetime, created_by: int | None
    ) -> Invite:
        row = await models.Invite.create(
            code_hash=code_hash,
            role=Role(role).value,
            uses_left=uses,
            expires_at=expires_at,
            created_by_id=created_by,
        )
        return _invite(row)

    @translate_errors
    async def redeem(self, code_hash: str, now: datetime) -> Invite | None:
        # One conditional UPDATE: two newcomers racing for the last use cannot both get it.
        taken = await models.Invite.filter(
            code_hash=code_hash, uses_left__gt=0, expires_at__gt=now
        ).update(uses_left=F("uses_left") - 1)
        if not taken:
            return None
        row = await models.Invite.get(code_hash=code_hash)
        return _invite(row)


class TortoiseAuditLog:
    @translate_errors
    async def record(
        self, *, actor_id: int | None, action: str, target: str = "", detail: str = ""
    ) -> AuditEntry:
        row = await models.AuditLogEntry.create(
            actor_id=actor_id, action=action[:32], target=target[:TARGET_LENGTH], detail=detail
        )
        return AuditEntry(row.id, row.at, row.actor_id, row.action, row.target, row.detail)

    @translate_errors
    async def latest(self, limit: int) -> list[AuditEntry]:
        rows = await models.AuditLogEntry.all().order_by("-id").limit(limit)
        return [AuditEntry(r.id, r.at, r.actor_id, r.action, r.target, r.detail) for r in rows]


class TortoiseQuotaRepository:
    @translate_errors
    async def get(self, user_id: int) -> Quota:
        row = await models.UserQuota.get_or_none(user_id=user_id)
        if row is None:
            return Quota()
        return Quota(row.disk_bytes, row.active_torrents, row.downloads_per_day)

    @translate_errors
    async def set(self, user_id: int, quota: Quota) -> Quota:
        await models.UserQuota.update_or_create(
            defaults={
                "disk_bytes": quota.disk_bytes,
                "active_torrents": quota.active_torrents,
                "downloads_per_day": quota.downloads_per_day,
            },
            user_id=user_id,
        )
        return quota


def _link(row: models.AniListLink) -> AniListLink:
    return AniListLink(
        user_id=row.user_id,  # type: ignore[attr-defined]
        username=row.username,
        anilist_user_id=row.anilist_user_id,
        encrypted_token=row.encrypted_token,
    )


class TortoiseAniListLinkRepository:
    @translate_errors
    async def get(self, user_id: int) -> AniListLink | None:
        row = await models.AniListLink.get_or_none(user_id=user_id)
        return _link(row) if row else None

    @translate_errors
    async def save(self, link: AniListLink) -> AniListLink:
        await models.AniListLink.update_or_create(
            defaults={
                "username": link.username,
                "anilist_user_id": link.anilist_user_id,
                "encrypted_token": link.encrypted_token,
            },
            user_id=link.user_id,
        )
        return link

    @translate_errors
    async def delete(self, user_id: int) -> None:
        await models.AniListLink.filter(user_id=user_id).delete()

    @translate_errors
    async def everyone(self) -> list[AniListLink]:
        return [_link(row) for row in await models.AniListLink.all().order_by("user_id")]


class TortoiseOAuthStateStore:
    @translate_errors
    async def issue(self, nonce: str, user_id: int, expires_at: datetime) -> None:
        await models.OAuthState.create(nonce=nonce, user_id=user_id, expires_at=expires_at)

    @translate_errors
    async def consume(self, nonce: str, now: datetime) -> int | None:
        row = await models.OAuthState.get_or_none(nonce=nonce)
        # Deleting is the claim: of two callbacks with one state, only one deletes a row.
        if row is None or not await models.OAuthState.filter(nonce=nonce).delete():
            return None
        await models.OAuthState.filter(expires_at__lte=now).delete()  # sweep the abandoned
        if row.expires_at <= now:
            return None
        return int(row.user_id)  # type: ignore[attr-defined]


if TYPE_CHECKING:
    from domain.ports import (
        AniListLinkRepository,
        AuditLog,
        InviteRepository,
        OAuthStateStore,
        QuotaRepository,
    )

    _invites: InviteRepository = TortoiseInviteRepository()
    _audit: AuditLog = TortoiseAuditLog()
    _quotas: QuotaRepository = TortoiseQuotaRepository()
    _links: AniListLinkRepository = TortoiseAniListLinkRepository()
    _states: OAuthStateStore = TortoiseOAuthStateStore()
