"""Switches from stalled torrents to the next-best release (`domain.ports.SwitchRepository`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.fallbacks import Switch
from storage import models
from storage.repositories import checks
from storage.repositories.errors import translate_errors


def to_switch(row: models.DownloadSwitch) -> Switch:
    return Switch(
        root_request_id=row.root_request_id,  # type: ignore[attr-defined]
        owner_id=row.owner_id,  # type: ignore[attr-defined]
        stalled_hash=row.stalled_hash,
        replacement_hash=row.replacement_hash,
        replacement_title=row.replacement_title,
        at=checks.utc(row.switched_at),
    )


class TortoiseSwitchRepository:
    @translate_errors
    async def for_owner(self, owner_id: int) -> list[Switch]:
        rows = await models.DownloadSwitch.filter(owner_id=owner_id).order_by("id")
        return [to_switch(row) for row in rows]

    @translate_errors
    async def record(self, switch: Switch) -> bool:
        stalled = checks.info_hash(switch.stalled_hash)
        _, created = await models.DownloadSwitch.get_or_create(
            root_request_id=switch.root_request_id,
            stalled_hash=stalled,
            defaults={
                "owner_id": switch.owner_id,
                "replacement_hash": checks.info_hash(switch.replacement_hash),
                "replacement_title": switch.replacement_title,
                "switched_at": checks.utc(switch.at),
            },
        )
        return created


if TYPE_CHECKING:
    # mypy proves the class satisfies the port; nothing runs.
    from domain.ports import SwitchRepository

    _check: SwitchRepository = TortoiseSwitchRepository()
