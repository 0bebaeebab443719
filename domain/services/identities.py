"""One person, several platforms: a one-time code shown on one platform and entered on the other
attaches the second identity to the first one's account, so downloads, shares and the AniList
link are shared.

Codes are the invite machinery's (`domain.security.codes`): random, stored only as a hash, bound
to the user they were shown to, working once, for ten minutes. Two accounts' data are never
merged: an identity whose own account holds downloads stays where it is; one whose account holds
none moves over (that account is left with what else it had, and no way in through this identity).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.errors import IdentityTaken, InvalidConnectCode, InvalidInput, NotAllowed
from domain.models import Platform, User
from domain.ports import AuditLog, Clock, ConnectCodeStore, DownloadRepository, UserRepository
from domain.security.codes import code_hash, new_code

logger = logging.getLogger(__name__)

CONNECT_CODE_TTL = timedelta(minutes=10)
MAX_CODE_LENGTH = 64


@dataclass(frozen=True, slots=True)
class ConnectCode:
    """The code is in clear only here, once, for its user to type on the other platform."""

    code: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Connected:
    """The account an identity now belongs to."""

    user: User
    platform: Platform
    moved_from: int | None = None  # the account (without downloads) the identity left
    already: bool = False  # it belonged to that account before; nothing changed


class IdentityLinks:
    def __init__(
        self,
        *,
        users: UserRepository,
        codes: ConnectCodeStore,
        downloads: DownloadRepository,
        clock: Clock,
        audit: AuditLog | None = None,
    ) -> None:
        self._users = users
        self._codes = codes
        self._downloads = downloads
        self._clock = clock
        self._audit = audit

    async def issue(self, user: User) -> ConnectCode:
        if user.banned:
            raise NotAllowed(f"user {user.id} is banned")
        code = new_code()
        expires_at = self._clock() + CONNECT_CODE_TTL
        await self._codes.issue(code_hash(code), user.id, expires_at)
        logger.info("user %d asked for a connect code", user.id)
        return ConnectCode(code, expires_at)

    async def redeem(self, platform: Platform, external_id: str, code: str) -> Connected:
        """Attach (platform, external_id) to the account `code` was issued to. The code is spent
        even when the identity is refused, so a code cannot be tried twice."""
        if platform is Platform.CONSOLE:
            raise InvalidInput("the console is the box's own operator, not a chat account")
        code = code.strip()
        if not 0 < len(code) <= MAX_CODE_LENGTH:
            raise InvalidConnectCode("malformed connect code")
        user_id = await self._codes.redeem(code_hash(code), self._clock())
        account = await self._users.get(user_id) if user_id is not None else None
        if account is None or account.banned:
            logger.info("refused an unknown, spent or expired connect code on %s", platform)
            raise InvalidConnectCode("unknown, used or expired connect code")
        current = await self._users.by_identity(platform, external_id)
        if current is not None and current.id == account.id:
            return Connected(account, platform, already=True)
        if current is not None:
            if current.banned:
                raise NotAllowed(f"user {current.id} is banned")
            if await self._downloads.for_owner(current.id):
                logger.info(
                    "refused to move a %s identity of user %d (has downloads) to user %d",
                    platform,
                    current.id,
                    account.id,
                )
                raise IdentityTaken(platform.value, current.id)
        await self._users.add_identity(account.id, platform, external_id)
        moved_from = current.id if current is not None else None
        detail = f"{platform} identity" + (
            f", moved from user {moved_from}" if moved_from is not None else ""
        )
        if self._audit is not None:
            await self._audit.record(
                actor_id=account.id, action="connect", target=f"user {account.id}", detail=detail
            )
        logger.info("user %d connected a %s", account.id, detail)
        return Connected(account, platform, moved_from=moved_from)
