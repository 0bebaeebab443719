"""Issued /connect codes (`domain.ports.ConnectCodeStore`): by hash, each working once."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from storage import models
from storage.repositories.errors import translate_errors


class TortoiseConnectCodeStore:
    @translate_errors
    async def issue(self, code_hash: str, user_id: int, expires_at: datetime) -> None:
        await models.ConnectCode.create(code_hash=code_hash, user_id=user_id, expires_at=expires_at)

    @translate_errors
    async def redeem(self, code_hash: str, now: datetime) -> int | None:
        row = await models.ConnectCode.get_or_none(code_hash=code_hash)
        # Deleting is the claim: of two people entering one code, only one deletes the row.
        if row is None or not await models.ConnectCode.filter(code_hash=code_hash).delete():
            return None
        await models.ConnectCode.filter(expires_at__lte=now).delete()  # sweep the abandoned
        if row.expires_at <= now:
            return None
        return int(row.user_id)  # type: ignore[attr-defined]


if TYPE_CHECKING:
    from domain.ports import ConnectCodeStore

    _codes: ConnectCodeStore = TortoiseConnectCodeStore()
