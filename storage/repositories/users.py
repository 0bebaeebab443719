"""Users and their platform identities (`domain.ports.UserRepository`)."""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import TYPE_CHECKING

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.errors import InvalidInput, UserNotFound
from domain.models import Platform, Preferences, Role, User
from storage import models
from storage.errors import DatabaseUnavailable
from storage.repositories.errors import translate_errors
from storage.repositories.preferences import preferences_from_json, preferences_to_json

logger = logging.getLogger(__name__)

DISPLAY_NAME_LENGTH = 255
EXTERNAL_ID_LENGTH = 64


def to_user(row: models.User) -> User:
    return User(
        id=row.id,
        role=Role(row.role),
        display_name=row.display_name,
        preferences=preferences_from_json(row.preferences),
        banned=row.banned,
    )


def _valid_external_id(external_id: str) -> bool:
    return 0 < len(external_id) <= EXTERNAL_ID_LENGTH


async def identities_of(
    user_ids: Collection[int], platforms: Collection[Platform]
) -> dict[tuple[int, Platform], str]:
    """Each user's id on each platform, in one query; the oldest identity where they have two."""
    if not user_ids or not platforms:
        return {}
    rows = (
        await models.Identity.filter(
            user_id__in=list(user_ids), platform__in=[p.value for p in platforms]
        )
        .order_by("-id")
        .values_list("user_id", "platform", "external_id")
    )
    # Newest first, so the oldest one is written last and kept.
    return {(int(user), Platform(platform)): str(external) for user, platform, external in rows}


class TortoiseUserRepository:
    @translate_errors
    async def get(self, user_id: int) -> User | None:
        row = await models.User.get_or_none(id=user_id)
        return to_user(row) if row else None

    @translate_errors
    async def by_identity(self, platform: Platform, external_id: str) -> User | None:
        if not _valid_external_id(external_id):
            return None
        row = await models.User.filter(
            identities__platform=platform.value, identities__external_id=external_id
        ).first()
        return to_user(row) if row else None

    @translate_errors
    async def create(
        self, *, platform: Platform, external_id: str, display_name: str, role: Role
    ) -> User:
        """A new user with one identity; if the identity is taken already, its user, unchanged.

        Two first messages from one person can race here; the loser gets the winner's user
        rather than an error, and never a second user.
        """
        if not _valid_external_id(external_id):
            raise InvalidInput(f"external id must be 1 to {EXTERNAL_ID_LENGTH} characters")
        try:
            async with in_transaction():
                row = await models.User.create(
                    role=Role(role).value,
                    display_name=display_name[:DISPLAY_NAME_LENGTH],
                    preferences=preferences_to_json(Preferences()),
                )
                await models.Identity.create(
                    platform=Platform(platform).value, external_id=external_id, user=row
                )
        except IntegrityError as exc:
            existing = await self.by_identity(platform, external_id)
            if existing is None:
                raise DatabaseUnavailable(f"creating a user failed: {exc}") from exc
            logger.info("identity %s:%s taken by user %s", platform, external_id, existing.id)
            return existing
        return to_user(row)

    @translate_errors
    async def set_role(self, user_id: int, role: Role) -> User:
        await self._update(user_id, role=Role(role).value)
        return await self._require(user_id)

    @translate_errors
    async def save_preferences(self, user_id: int, preferences: Preferences) -> User:
        await self._update(user_id, preferences=preferences_to_json(preferences))
        return await self._require(user_id)

    @translate_errors
    async def set_banned(self, user_id: int, banned: bool) -> User:
        await self._update(user_id, banned=banned)
        return await self._require(user_id)

    @translate_errors
    async def everyone(self) -> list[User]:
        return [to_user(row) for row in await models.User.all().order_by("id")]

    @translate_errors
    async def add_identity(self, user_id: int, platform: Platform, external_id: str) -> None:
        if not _valid_external_id(external_id):
            raise InvalidInput(f"external id must be 1 to {EXTERNAL_ID_LENGTH} characters")
        async with in_transaction():
            if not await models.User.exists(id=user_id):
                raise UserNotFound(user_id)
            # An update of the one row keeps (platform, external_id) unique while it moves.
            moved = await models.Identity.filter(
                platform=Platform(platform).value, external_id=external_id
            ).update(user_id=user_id)
            if not moved:
                await models.Identity.create(
                    platform=Platform(platform).value, external_id=external_id, user_id=user_id
                )

    @translate_errors
    async def external_id(self, user_id: int, platform: Platform) -> str | None:
        return (await identities_of([user_id], {platform})).get((user_id, platform))

    @translate_errors
    async def every_identity(self) -> list[tuple[int, Platform, str]]:
        rows = (
            await models.Identity.all()
            .order_by("user_id", "platform", "external_id")
            .values_list("user_id", "platform", "external_id")
        )
        return [
            (int(user_id), Platform(platform), str(external))
            for user_id, platform, external in rows
        ]

    async def _update(self, user_id: int, **values: object) -> None:
        if not await models.User.filter(id=user_id).update(**values):
            raise UserNotFound(user_id)

    async def _require(self, user_id: int) -> User:
        row = await models.User.get_or_none(id=user_id)
        if row is None:
            raise UserNotFound(user_id)
        return to_user(row)


if TYPE_CHECKING:
    # mypy proves the class satisfies the port; nothing runs.
    from domain.ports import UserRepository

    _check: UserRepository = TortoiseUserRepository()
