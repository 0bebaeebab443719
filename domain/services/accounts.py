"""Who may use the box. Default deny: only known people, and bootstrap admins, get in."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from domain.errors import NotAllowed
from domain.models import Platform, Role, User
from domain.ports import UserRepository

logger = logging.getLogger(__name__)


class AccountService:
    def __init__(
        self, users: UserRepository, bootstrap_admins: Mapping[Platform, frozenset[str]]
    ) -> None:
        self._users = users
        self._bootstrap_admins = bootstrap_admins

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
