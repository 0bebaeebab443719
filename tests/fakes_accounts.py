"""Hand-written fakes of the account ports (invites, audit, quotas, AniList links, OAuth states)
and of AniList's account endpoints."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from domain.anilist.accounts import AniListAccount
from domain.errors import AniListUserNotFound, RelinkNeeded
from domain.models import AniListLink, AuditEntry, Invite, Quota, Role
from domain.notifications.outbox import OutboxMessage
from tests.fakes import FakeClock
from tests.fakes_automation import FakeOutbox


class FakeInvites:
    def __init__(self) -> None:
        self.rows: dict[str, Invite] = {}
        self._ids = itertools.count(1)

    async def create(
        self, *, code_hash: str, role: Role, uses: int, expires_at: datetime, created_by: int | None
    ) -> Invite:
        invite = Invite(next(self._ids), role, uses, expires_at, created_by)
        self.rows[code_hash] = invite
        return invite

    async def redeem(self, code_hash: str, now: datetime) -> Invite | None:
        invite = self.rows.get(code_hash)
        if invite is None or invite.uses_left <= 0 or invite.expires_at <= now:
            return None
        self.rows[code_hash] = replace(invite, uses_left=invite.uses_left - 1)
        return self.rows[code_hash]


class FakeAudit:
    def __init__(self, clock: FakeClock) -> None:
        self.entries: list[AuditEntry] = []
        self._clock = clock

    async def record(
        self, *, actor_id: int | None, action: str, target: str = "", detail: str = ""
    ) -> AuditEntry:
        entry = AuditEntry(len(self.entries) + 1, self._clock(), actor_id, action, target, detail)
        self.entries.append(entry)
        return entry

    async def latest(self, limit: int) -> list[AuditEntry]:
        return list(reversed(self.entries))[:limit]


class FakeQuotas:
    def __init__(self) -> None:
        self.rows: dict[int, Quota] = {}

    async def get(self, user_id: int) -> Quota:
        return self.rows.get(user_id, Quota())

    async def set(self, user_id: int, quota: Quota) -> Quota:
        self.rows[user_id] = quota
        return quota


class FakeLinks:
    def __init__(self) -> None:
        self.rows: dict[int, AniListLink] = {}

    async def get(self, user_id: int) -> AniListLink | None:
        return self.rows.get(user_id)

    async def save(self, link: AniListLink) -> AniListLink:
        self.rows[link.user_id] = link
        return link

    async def delete(self, user_id: int) -> None:
        self.rows.pop(user_id, None)

    async def everyone(self) -> list[AniListLink]:
        return list(self.rows.values())


class FakeStates:
    def __init__(self) -> None:
        self.issued: dict[str, tuple[int, datetime]] = {}

    async def issue(self, nonce: str, user_id: int, expires_at: datetime) -> None:
        self.issued[nonce] = (user_id, expires_at)

    async def consume(self, nonce: str, now: datetime) -> int | None:
        found = self.issued.pop(nonce, None)
        if found is None or found[1] <= now:
            return None
        return found[0]


class FakeConnectCodes:
    def __init__(self) -> None:
        self.issued: dict[str, tuple[int, datetime]] = {}

    async def issue(self, code_hash: str, user_id: int, expires_at: datetime) -> None:
        self.issued[code_hash] = (user_id, expires_at)

    async def redeem(self, code_hash: str, now: datetime) -> int | None:
        found = self.issued.pop(code_hash, None)
        if found is None or found[1] <= now:
            return None
        return found[0]


class FakeMembership:
    """A chat platform's answer to "is this person in that group?"; records every question."""

    def __init__(self, members: dict[str, set[str]]) -> None:
        self.members = members
        self.asked: list[tuple[str, str]] = []

    async def is_member(self, group_id: str, external_id: str) -> bool:
        self.asked.append((group_id, external_id))
        return external_id in self.members.get(group_id, set())


@dataclass
class FakeAniListAccounts:
    """AniList's token endpoint and Viewer/User queries, as a dictionary of who is who."""

    tokens: dict[str, AniListAccount]
    codes: dict[str, str]
    public: dict[str, AniListAccount]

    async def exchange(
        self, *, code: str, client_id: str, client_secret: str, redirect_uri: str
    ) -> str:
        if code not in self.codes:
            raise RelinkNeeded("code refused")
        return self.codes.pop(code)

    async def viewer(self, token: str) -> AniListAccount:
        if token not in self.tokens:
            raise RelinkNeeded("token refused")
        return self.tokens[token]

    async def user(self, name: str) -> AniListAccount:
        if name.casefold() not in self.public:
            raise AniListUserNotFound(name)  # as AniList answers an unknown name
        return self.public[name.casefold()]


class FakeBroadcastLog:
    """Writes to the fake audit log and outbox; both or neither, like the one transaction."""

    def __init__(self, audit: FakeAudit, outbox: FakeOutbox) -> None:
        self._audit = audit
        self._outbox = outbox

    async def broadcast(
        self, *, actor_id: int, detail: str, messages: Sequence[OutboxMessage]
    ) -> AuditEntry:
        await self._outbox.enqueue(messages)
        return await self._audit.record(
            actor_id=actor_id, action="broadcast", target=f"{len(messages)} chats", detail=detail
        )


def account(id_: int, name: str) -> AniListAccount:
    return AniListAccount(id_, name)
