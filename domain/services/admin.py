"""What admins do to people: invites, roles, bans, shares, all written to the audit log.

An admin acts only on people ranked below them, never on themselves, so two admins cannot lock
each other out: owners (whoever the configuration lists) manage admins, admins manage users, and
nobody acts on an equal or a better.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from domain.errors import InvalidInput, NotAllowed, OutOfRank, UserNotFound
from domain.models import (
    AuditEntry,
    ChatTarget,
    Invite,
    Notification,
    NotificationKind,
    Platform,
    Quota,
    Role,
    TargetKind,
    User,
)
from domain.notifications.outbox import OutboxMessage
from domain.ports import AuditLog, BroadcastLog, Clock, InviteRepository, UserRepository
from domain.security.codes import code_hash, new_code
from domain.services.quotas import Limits, QuotaService

logger = logging.getLogger(__name__)

MAX_INVITE_USES = 100
MAX_INVITE_DAYS = 90
MAX_AUDIT_SHOWN = 50
MAX_BROADCAST_LENGTH = 3000  # leaves room under Telegram's 4096 and Discord's embed limits
_BROADCAST_PLATFORMS = (Platform.TELEGRAM, Platform.DISCORD)  # the console has nobody to reach
_RANK = {Role.USER: 0, Role.ADMIN: 1, Role.OWNER: 2}


@dataclass(frozen=True, slots=True)
class NewInvite:
    """The code is in clear only here, once, for the admin to hand out."""

    code: str
    invite: Invite


class AdminService:
    def __init__(
        self,
        *,
        users: UserRepository,
        invites: InviteRepository,
        audit: AuditLog,
        quotas: QuotaService,
        clock: Clock,
        broadcasts: BroadcastLog,
    ) -> None:
        self._users = users
        self._broadcasts = broadcasts
        self._invites = invites
        self._audit = audit
        self._quotas = quotas
        self._clock = clock

    async def invite(self, actor: User, *, uses: int = 1, days: int = 7, role: Role) -> NewInvite:
        _require_admin(actor)
        if not 1 <= uses <= MAX_INVITE_USES:
            raise InvalidInput(f"uses must be between 1 and {MAX_INVITE_USES}")
        if not 1 <= days <= MAX_INVITE_DAYS:
            raise InvalidInput(f"days must be between 1 and {MAX_INVITE_DAYS}")
        if role is Role.OWNER:
            raise NotAllowed("owners come from the configuration; nobody is invited as one")
        code = new_code()
        invite = await self._invites.create(
            code_hash=code_hash(code),
            role=role,
            uses=uses,
            expires_at=self._clock() + timedelta(days=days),
            created_by=actor.id,
        )
        terms = f"{uses} uses, {days} days, {role}"
        await self._record(actor, "invite", f"invite {invite.id}", terms)
        return NewInvite(code, invite)

    async def users(self, actor: User) -> list[User]:
        _require_admin(actor)
        return await self._users.everyone()

    async def ban(self, actor: User, user_id: int) -> User:
        target = await self._below(actor, user_id)
        changed = await self._users.set_banned(target.id, True)
        await self._record(actor, "ban", f"user {target.id}")
        return changed

    async def unban(self, actor: User, user_id: int) -> User:
        target = await self._below(actor, user_id)
        changed = await self._users.set_banned(target.id, False)
        await self._record(actor, "unban", f"user {target.id}")
        return changed

    async def promote(self, actor: User, user_id: int) -> User:
        target = await self._below(actor, user_id)
        if target.role is not Role.USER:
            raise InvalidInput(f"user {user_id} is already {target.role}")
        changed = await self._users.set_role(target.id, Role.ADMIN)
        await self._record(actor, "promote", f"user {target.id}", "user → admin")
        return changed

    async def demote(self, actor: User, user_id: int) -> User:
        target = await self._below(actor, user_id)
        if target.role is not Role.ADMIN:
            raise InvalidInput(f"user {user_id} is not an admin")
        changed = await self._users.set_role(target.id, Role.USER)
        await self._record(actor, "demote", f"user {target.id}", "admin → user")
        return changed

    async def set_quota(self, actor: User, user_id: int, quota: Quota) -> Limits:
        _require_admin(actor)
        if await self._users.get(user_id) is None:
            raise UserNotFound(user_id)
        limits = await self._quotas.set(user_id, quota)
        detail = (
            f"disk {limits.disk_bytes}, active {limits.active_torrents}, "
            f"daily {limits.downloads_per_day}"
        )
        await self._record(actor, "quota", f"user {user_id}", detail)
        return limits

    async def audit(self, actor: User, limit: int = 20) -> list[AuditEntry]:
        _require_admin(actor)
        return await self._audit.latest(max(1, min(limit, MAX_AUDIT_SHOWN)))

    async def broadcast(self, actor: User, text: str) -> int:
        """Queue `text` for every chat identity of every person not banned; returns how many
        people that reaches.

        Delivery goes through the outbox, so rate limits, retries and gone chats apply and
        nobody gets it twice; the audit entry and the messages commit together.
        """
        _require_admin(actor)
        text = text.strip()
        if not 1 <= len(text) <= MAX_BROADCAST_LENGTH:
            raise InvalidInput(f"a broadcast must be 1 to {MAX_BROADCAST_LENGTH} characters")
        banned = {user.id for user in await self._users.everyone() if user.banned}
        event = f"broadcast:{uuid.uuid4().hex}"
        notification = Notification(
            NotificationKind.BROADCAST, f"Message from {actor.display_name}", text
        )
        identities = [
            (user_id, platform, external_id)
            for user_id, platform, external_id in await self._users.every_identity()
            if platform in _BROADCAST_PLATFORMS and user_id not in banned
        ]
        messages = [
            OutboxMessage(event, ChatTarget(platform, external_id, TargetKind.PERSON), notification)
            for _, platform, external_id in identities
        ]
        await self._broadcasts.broadcast(actor_id=actor.id, detail=text, messages=messages)
        people = len({user_id for user_id, _, _ in identities})
        logger.info("user %d: broadcast to %d people, %d chats", actor.id, people, len(messages))
        return people

    async def _below(self, actor: User, user_id: int) -> User:
        _require_admin(actor)
        target = await self._users.get(user_id)
        if target is None:
            raise UserNotFound(user_id)
        if target.id == actor.id or _RANK[target.role] >= _RANK[actor.role]:
            raise OutOfRank(
                f"{actor.role} {actor.id} cannot act on {target.role} {target.id}",
                own=target.id == actor.id,
            )
        return target

    async def _record(self, actor: User, action: str, target: str, detail: str = "") -> None:
        await self._audit.record(actor_id=actor.id, action=action, target=target, detail=detail)
        logger.info("user %d: %s %s %s", actor.id, action, target, detail)


def _require_admin(actor: User) -> None:
    if not actor.is_admin or actor.banned:
        raise NotAllowed(f"user {actor.id} is not an admin")
