"""Who may use the box. Default deny: only known people, the owners named in the configuration,
members of allowed groups, and people holding a live invite (or a connect code of their own
account) get in; the banned get nothing.

Owners are whoever the configuration lists (they set up the box): a listed identity's account is
made owner at start and on its next message, and an owner no longer listed becomes an admin at
start.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from datetime import UTC, datetime

from domain.errors import InvalidConnectCode, InvalidInvite, NotAllowed
from domain.models import ChatTarget, Platform, Role, TargetKind, User
from domain.ports import (
    AuditLog,
    Clock,
    GroupMembership,
    InviteRepository,
    OutboxRepository,
    UserRepository,
)
from domain.security.codes import code_hash
from domain.services.identities import IdentityLinks

logger = logging.getLogger(__name__)

MAX_CODE_LENGTH = 64


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AccountService:
    def __init__(
        self,
        users: UserRepository,
        owners: Mapping[Platform, frozenset[str]],
        *,
        invites: InviteRepository | None = None,
        audit: AuditLog | None = None,
        clock: Clock = _utc_now,
        allowed_groups: Collection[tuple[Platform, str]] = (),
        links: IdentityLinks | None = None,
        outbox: OutboxRepository | None = None,
    ) -> None:
        self._outbox = outbox
        self._users = users
        self._owners = owners
        self._invites = invites
        self._audit = audit
        self._clock = clock
        self._allowed_groups = frozenset(allowed_groups)
        self._links = links

    @property
    def links(self) -> IdentityLinks | None:
        return self._links

    async def opened_private_chat(self, chat: ChatTarget) -> None:
        """The person started the bot in their private chat: a chat the notices had found closed
        (Telegram refuses a bot whose user never pressed Start) takes them again."""
        if self._outbox is None or chat.kind is not TargetKind.PERSON:
            return
        if await self._outbox.forget_gone(chat):
            logger.info(
                "%s chat %s was opened: notices go there again", chat.platform, chat.chat_id
            )

    def _listed(self, platform: Platform, external_id: str) -> bool:
        return external_id in self._owners.get(platform, frozenset())

    async def identify(
        self,
        platform: Platform,
        external_id: str,
        display_name: str,
        *,
        group_id: str | None = None,
        membership: GroupMembership | None = None,
    ) -> User:
        """The user behind a chat identity; NotAllowed for strangers and the banned.

        A stranger writing in an allowed group (`group_id`), or one `membership` finds in an
        allowed group, becomes a user on the spot.
        """
        user = await self._users.by_identity(platform, external_id)
        if user is None:
            user = await self._admit(platform, external_id, display_name, group_id, membership)
        elif self._listed(platform, external_id) and user.role is not Role.OWNER:
            user = await self._users.set_role(user.id, Role.OWNER)
            await self._record(None, "owner", f"user {user.id}", f"listed {platform} identity")
        if user.banned:
            raise NotAllowed(f"user {user.id} is banned")
        return user

    async def _admit(
        self,
        platform: Platform,
        external_id: str,
        display_name: str,
        group_id: str | None,
        membership: GroupMembership | None,
    ) -> User:
        if self._listed(platform, external_id):
            user = await self._users.create(
                platform=platform,
                external_id=external_id,
                display_name=display_name,
                role=Role.OWNER,
            )
            logger.info("listed owner %s joined as user %d", platform, user.id)
            return user
        group = await self._allowed_group_of(platform, external_id, group_id, membership)
        if group is None:
            logger.info("refused unknown %s user %s", platform, external_id)
            raise NotAllowed(f"unknown {platform} user")
        user = await self._users.create(
            platform=platform, external_id=external_id, display_name=display_name, role=Role.USER
        )
        await self._record(user.id, "join", f"user {user.id}", f"member of {platform}:{group}")
        logger.info("%s member of allowed group %s joined as user %d", platform, group, user.id)
        return user

    async def _allowed_group_of(
        self,
        platform: Platform,
        external_id: str,
        group_id: str | None,
        membership: GroupMembership | None,
    ) -> str | None:
        if group_id is not None and (platform, group_id) in self._allowed_groups:
            return group_id
        if membership is None:
            return None
        for allowed_platform, allowed in sorted(self._allowed_groups):
            if allowed_platform is platform and await membership.is_member(allowed, external_id):
                return allowed
        return None

    async def settle_owners(self) -> None:
        """At start: the listed identities' accounts are owners, and only they are."""
        listed: set[int] = set()
        for platform, external_ids in self._owners.items():
            for external_id in sorted(external_ids):
                user = await self._users.by_identity(platform, external_id)
                if user is None:
                    continue
                listed.add(user.id)
                if user.role is not Role.OWNER:
                    await self._users.set_role(user.id, Role.OWNER)
                    await self._record(
                        None, "owner", f"user {user.id}", f"listed {platform} identity"
                    )
        for user in await self._users.everyone():
            if user.role is Role.OWNER and user.id not in listed:
                await self._users.set_role(user.id, Role.ADMIN)
                await self._record(None, "demote", f"user {user.id}", "owner → admin: not listed")

    async def join(
        self, platform: Platform, external_id: str, display_name: str, code: str
    ) -> User:
        """A stranger becomes a user by redeeming an invite, or joins their own account on
        another platform with a connect code; a known person is just identified, and the code
        stays unused."""
        existing = await self._users.by_identity(platform, external_id)
        if existing is not None:
            return await self.identify(platform, external_id, display_name)
        code = code.strip()
        if not 0 < len(code) <= MAX_CODE_LENGTH:
            raise InvalidInvite("no such invite")
        invite = None
        if self._invites is not None:
            invite = await self._invites.redeem(code_hash(code), self._clock())
        if invite is None:
            return await self._connect_stranger(platform, external_id, code)
        user = await self._users.create(
            platform=platform, external_id=external_id, display_name=display_name, role=invite.role
        )
        await self._record(
            user.id, "join", f"user {user.id}", f"invite {invite.id} as {invite.role}"
        )
        logger.info("%s user joined as user %d with invite %d", platform, user.id, invite.id)
        return user

    async def _connect_stranger(self, platform: Platform, external_id: str, code: str) -> User:
        if self._links is None or platform is Platform.CONSOLE:
            raise InvalidInvite("unknown, used up or expired invite")
        try:
            connected = await self._links.redeem(platform, external_id, code)
        except InvalidConnectCode as exc:
            # A stranger is not told which kind of code they got wrong.
            logger.info("refused an unknown or spent code from %s user %s", platform, external_id)
            raise InvalidInvite("unknown, used up or expired invite or connect code") from exc
        return await self.identify(platform, external_id, connected.user.display_name)

    async def _record(self, actor_id: int | None, action: str, target: str, detail: str) -> None:
        if self._audit is not None:
            await self._audit.record(actor_id=actor_id, action=action, target=target, detail=detail)
