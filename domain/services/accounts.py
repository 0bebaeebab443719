"""Who may use the box. Default deny: only known people, bootstrap admins, and people holding a
live invite get in; the banned get nothing."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime

from domain.errors import InvalidInvite, NotAllowed
from domain.models import Platform, Role, User
from domain.ports import AuditLog, Clock, InviteRepository, UserRepository
from domain.security.codes import code_hash

logger = logging.getLogger(__name__)

MAX_CODE_LENGTH = 64


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AccountService:
    def __init__(
        self,
        users: UserRepository,
        bootstrap_admins: Mapping[Platform, frozenset[str]],
        *,
        invites: InviteRepository | None = None,
        audit: AuditLog | None = None,
        clock: Clock = _utc_now,
    ) -> None:
        self._users = users
        self._bootstrap_admins = bootstrap_admins
        self._invites = invites
        self._audit = audit
        self._clock = clock

    async def identify(self, platform: Platform, external_id: str, display_name: str) -> User:
        """The user behind a chat identity; NotAllowed for strangers and the banned."""
        user = await self._users.by_identity(platform, external_id)
        if user is None:
            if external_id not in self._bootstrap_admins.get(platform, frozenset()):
                logger.info("refused unknown %s user %s", platform, external_id)
                raise NotAllowed(f"unknown {platform} user")
            user = await self._users.create(
                platform=platform,
                external_id=external_id,
                display_name=display_name,
                role=Role.ADMIN,
            )
            logger.info("bootstrap admin %s joined as user %d", platform, user.id)
        if user.banned:
            raise NotAllowed(f"user {user.id} is banned")
        return user

    async def join(
        self, platform: Platform, external_id: str, display_name: str, code: str
    ) -> User:
        """A stranger becomes a user by redeeming an invite; a known person is just identified,
        and their invite stays unused."""
        existing = await self._users.by_identity(platform, external_id)
        if existing is not None:
            return await self.identify(platform, external_id, display_name)
        code = code.strip()
        if self._invites is None or not 0 < len(code) <= MAX_CODE_LENGTH:
            raise InvalidInvite("no such invite")
        invite = await self._invites.redeem(code_hash(code), self._clock())
        if invite is None:
            logger.info("refused an unknown or spent invite from %s user %s", platform, external_id)
            raise InvalidInvite("unknown, used up or expired invite")
        user = await self._users.create(
            platform=platform, external_id=external_id, display_name=display_name, role=invite.role
        )
        if self._audit is not None:
            await self._audit.record(
                actor_id=user.id,
                action="join",
                target=f"user {user.id}",
                detail=f"invite {invite.id} as {invite.role}",
            )
        logger.info("%s user joined as user %d with invite %d", platform, user.id, invite.id)
        return user
