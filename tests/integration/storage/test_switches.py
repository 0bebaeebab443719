"""The record of switches away from stalled torrents, on both backends: one per (first request,
stalled torrent), so a restart never switches twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.errors import InvalidInput
from domain.fallbacks import Switch
from domain.models import Platform, RequestKind, Role
from storage.database import Database
from storage.repositories.download_requests import TortoiseDownloadRequestRepository
from storage.repositories.switches import TortoiseSwitchRepository
from storage.repositories.users import TortoiseUserRepository

AT = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


async def _owner_and_request() -> tuple[int, int]:
    owner = await TortoiseUserRepository().create(
        platform=Platform.TELEGRAM, external_id="7", display_name="A", role=Role.USER
    )
    request = await TortoiseDownloadRequestRepository().create(
        user_id=owner.id, query="frieren", kind=RequestKind.EPISODE, episode=5
    )
    return owner.id, request.id


async def test_a_switch_is_recorded_once_and_read_back_per_owner(database: Database) -> None:
    owner, request = await _owner_and_request()
    switches = TortoiseSwitchRepository()
    first = Switch(request, owner, "A" * 40, "b" * 40, "[Group] Frieren - 05", AT)
    assert await switches.record(first)
    # A rerun after a crash writes the same switch again: nothing changes.
    assert not await switches.record(Switch(request, owner, "a" * 40, "c" * 40, "other", AT))
    second = Switch(request, owner, "b" * 40, "c" * 40, "[Other] Frieren - 05", AT)
    assert await switches.record(second)
    got = await switches.for_owner(owner)
    assert [(s.stalled_hash, s.replacement_hash) for s in got] == [
        ("a" * 40, "b" * 40),
        ("b" * 40, "c" * 40),
    ]
    assert got[0].at == AT and got[0].replacement_title == "[Group] Frieren - 05"
    assert await switches.for_owner(owner + 1) == []


@pytest.mark.parametrize("bad", ["xyz", "a" * 41])
async def test_a_malformed_hash_is_refused(database: Database, bad: str) -> None:
    owner, request = await _owner_and_request()
    with pytest.raises(InvalidInput):
        await TortoiseSwitchRepository().record(Switch(request, owner, bad, "b" * 40, "t", AT))
