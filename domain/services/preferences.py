"""Changing what a user wants picked for them, one preference at a time, with the values checked
before anything is stored."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence

from domain.errors import InvalidInput, UserNotFound
from domain.models import LANGUAGES, Preferences, User
from domain.ports import UserRepository

logger = logging.getLogger(__name__)

RESOLUTIONS = (480, 720, 1080, 2160)
MAX_GROUPS = 10
MAX_GROUP_LENGTH = 32
MIN_MAX_SIZE = 1024**2  # a cap below a megabyte would refuse every real episode
MAX_MAX_SIZE = 1024**4
# Release groups as Nyaa titles spell them: letters, digits and a little punctuation.
_GROUP = re.compile(r"^[\w.\-&+!' ]+$")


def _resolution(value: int) -> int:
    if value not in RESOLUTIONS:
        raise InvalidInput(f"resolution {value}: use one of {', '.join(map(str, RESOLUTIONS))}")
    return value


def _groups(groups: Sequence[str]) -> tuple[str, ...]:
    kept: list[str] = []
    for group in groups:
        group = " ".join(group.split())
        if not group:
            continue
        if len(group) > MAX_GROUP_LENGTH:
            raise InvalidInput(f"a group name longer than {MAX_GROUP_LENGTH} characters")
        if not _GROUP.match(group):
            raise InvalidInput(f"group name {group!r} has characters release groups do not use")
        if group.casefold() not in (k.casefold() for k in kept):
            kept.append(group)
    if len(kept) > MAX_GROUPS:
        raise InvalidInput(f"{len(kept)} groups; at most {MAX_GROUPS}")
    return tuple(kept)


class PreferenceService:
    def __init__(self, users: UserRepository) -> None:
        self._users = users

    async def current(self, user: User) -> Preferences:
        fresh = await self._users.get(user.id)
        if fresh is None:
            raise UserNotFound(user.id)
        return fresh.preferences

    async def _save(self, user: User, preferences: Preferences) -> Preferences:
        saved = await self._users.save_preferences(user.id, preferences)
        logger.info("user %d changed preferences", user.id)
        return saved.preferences

    async def set_resolution(self, user: User, resolution: int) -> Preferences:
        """The resolution picked first; a floor above it comes down with it."""
        resolution = _resolution(resolution)
        now = await self.current(user)
        floor = min(now.min_resolution, resolution)
        return await self._save(
            user, dataclasses.replace(now, resolution=resolution, min_resolution=floor)
        )

    async def set_min_resolution(self, user: User, resolution: int | None) -> Preferences:
        """Nothing below this is ever picked; None lifts the floor. It may not exceed the
        preferred resolution, or nothing would be both preferred and allowed."""
        now = await self.current(user)
        floor = 0 if resolution is None else _resolution(resolution)
        if floor > now.resolution:
            raise InvalidInput(
                f"a minimum of {floor}p is above your preferred {now.resolution}p; "
                "raise the preferred resolution first"
            )
        return await self._save(user, dataclasses.replace(now, min_resolution=floor))

    async def set_groups(self, user: User, groups: Sequence[str]) -> Preferences:
        """Release groups preferred in this order; an empty list prefers none."""
        kept = _groups(groups)
        now = await self.current(user)
        return await self._save(user, dataclasses.replace(now, groups=kept))

    async def set_language(self, user: User, language: str) -> Preferences:
        """The audio to prefer: any, sub (original audio, subtitled), dub, or dual audio."""
        if language not in LANGUAGES:
            raise InvalidInput(f"language must be one of {', '.join(LANGUAGES)}")
        now = await self.current(user)
        return await self._save(user, dataclasses.replace(now, language=language))

    async def set_trusted_only(self, user: User, trusted_only: bool) -> Preferences:
        now = await self.current(user)
        return await self._save(user, dataclasses.replace(now, trusted_only=trusted_only))

    async def set_max_size(self, user: User, max_size: int | None) -> Preferences:
        """Bytes per episode; None lifts the cap."""
        if max_size is not None and not MIN_MAX_SIZE <= max_size <= MAX_MAX_SIZE:
            raise InvalidInput("a size cap must be between 1 MB and 1 TB per episode")
        now = await self.current(user)
        return await self._save(user, dataclasses.replace(now, max_size=max_size))
