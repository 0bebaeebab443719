"""Downloads and who owns them, on both backends."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.errors import InvalidInput, NotFound
from domain.models import DownloadState, Platform, RequestKind, Role
from storage.database import Database
from storage.repositories.download_requests import TortoiseDownloadRequestRepository
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.users import TortoiseUserRepository

FRIEREN = "0123456789abcdef0123456789abcdef01234567"
DUNGEON = "fedcba9876543210fedcba9876543210fedcba98"
MISSING_ID = 987_654

Repo = TortoiseDownloadRepository


@pytest.fixture
def downloads(database: Database) -> Repo:
    return TortoiseDownloadRepository()


@pytest.fixture
async def owners(database: Database) -> tuple[int, int]:
    users = TortoiseUserRepository()
    alice = await users.create(
        platform=Platform.TELEGRAM, external_id="1", display_name="Alice", role=Role.USER
    )
    bob = await users.create(
        platform=Platform.DISCORD, external_id="2", display_name="Bob", role=Role.USER
    )
    return alice.id, bob.id


async def test_an_added_download_is_queued_and_found(
    downloads: Repo, owners: tuple[int, int]
) -> None:
    alice, _ = owners

    added = await downloads.add(
        info_hash=FRIEREN, owner_id=alice, name="Frieren 05", request_id=None
    )

    assert (added.info_hash, added.owner_id, added.name) == (FRIEREN, alice, "Frieren 05")
    assert added.state is DownloadState.QUEUED
    assert added.added_at.utcoffset() == timedelta(0)
    assert added.completed_at is None and added.request_id is None
    assert await downloads.get(added.id) == added


async def test_a_download_keeps_the_node_it_was_placed_on(
    downloads: Repo, owners: tuple[int, int]
) -> None:
    alice, bob = owners
    placed = await downloads.add(
        info_hash=FRIEREN, owner_id=alice, name="Frieren 05", request_id=None, node="north"
    )
    one_box = await downloads.add(info_hash=DUNGEON, owner_id=bob, name="Dungeon", request_id=None)
    assert (await downloads.get(placed.id)) == placed and placed.node == "north"
    assert one_box.node == "default"  # a box with one qBittorrent, as every row before nodes


async def test_adding_twice_returns_the_first_row(downloads: Repo, owners: tuple[int, int]) -> None:
    alice, _ = owners
    first = await downloads.add(info_hash=FRIEREN, owner_id=alice, name="first", request_id=None)

    again = await downloads.add(
        info_hash=FRIEREN.upper(), owner_id=alice, name="second", request_id=None
    )

    assert again == first
    assert await downloads.for_owner(alice) == [first]


async def test_concurrent_adds_of_one_torrent_make_one_row(
    downloads: Repo, owners: tuple[int, int]
) -> None:
    alice, _ = owners

    added = await asyncio.gather(
        *(
            downloads.add(info_hash=FRIEREN, owner_id=alice, name=f"try {n}", request_id=None)
            for n in range(10)
        )
    )

    assert len({download.id for download in added}) == 1
    assert len(await downloads.by_hash(FRIEREN)) == 1


async def test_one_torrent_serves_several_owners_each_seeing_only_their_own(
    downloads: Repo, owners: tuple[int, int]
) -> None:
    alice, bob = owners
    alice_frieren = await downloads.add(
        info_hash=FRIEREN, owner_id=alice, name="Frieren", request_id=None
    )
    bob_frieren = await downloads.add(
        info_hash=FRIEREN, owner_id=bob, name="Frieren", request_id=None
    )
    bob_dungeon = await downloads.add(
        info_hash=DUNGEON, owner_id=bob, name="Dungeon", request_id=None
    )

    assert alice_frieren.id != bob_frieren.id
    assert await downloads.for_owner(alice) == [alice_frieren]
    assert await downloads.for_owner(bob) == [bob_dungeon, bob_frieren]  # newest first
    assert await downloads.for_owner(None) == [bob_dungeon, bob_frieren, alice_frieren]
    assert await downloads.by_hash(FRIEREN) == [alice_frieren, bob_frieren]
    assert await downloads.by_hash(DUNGEON.upper()) == [bob_dungeon]
    assert await downloads.for_owner(MISSING_ID) == []
    assert await downloads.by_hash("f" * 40) == []


async def test_a_download_remembers_its_request(downloads: Repo, owners: tuple[int, int]) -> None:
    alice, _ = owners
    request = await TortoiseDownloadRequestRepository().create(
        user_id=alice, query="frieren", kind=RequestKind.EPISODE, episode=5
    )

    added = await downloads.add(
        info_hash=FRIEREN, owner_id=alice, name="Frieren", request_id=request.id
    )

    assert added.request_id == request.id
    assert await downloads.get(added.id) == added


@pytest.mark.parametrize(
    "state", [s for s in DownloadState if s is not DownloadState.COMPLETED], ids=str
)
async def test_set_state(downloads: Repo, owners: tuple[int, int], state: DownloadState) -> None:
    added = await downloads.add(info_hash=FRIEREN, owner_id=owners[0], name="x", request_id=None)

    changed = await downloads.set_state(added.id, state)

    assert changed.state is state
    assert changed.completed_at is None
    assert await downloads.get(added.id) == changed


async def test_completion_keeps_the_given_time_in_utc(
    downloads: Repo, owners: tuple[int, int]
) -> None:
    added = await downloads.add(info_hash=FRIEREN, owner_id=owners[0], name="x", request_id=None)
    tokyo = datetime(2024, 3, 2, 6, 30, 15, 250_000, tzinfo=ZoneInfo("Asia/Tokyo"))

    completed = await downloads.set_state(added.id, DownloadState.COMPLETED, completed_at=tokyo)

    assert completed.state is DownloadState.COMPLETED
    assert completed.completed_at == tokyo
    assert completed.completed_at is not None and completed.completed_at.utcoffset() == timedelta(0)
    assert await downloads.get(added.id) == completed


async def test_completion_without_a_time_is_stamped_once(
    downloads: Repo, owners: tuple[int, int]
) -> None:
    added = await downloads.add(info_hash=FRIEREN, owner_id=owners[0], name="x", request_id=None)
    before = datetime.now(UTC)

    completed = await downloads.set_state(added.id, DownloadState.COMPLETED)
    seen_again = await downloads.set_state(added.id, DownloadState.COMPLETED)

    assert completed.completed_at is not None and completed.completed_at >= before
    assert seen_again.completed_at == completed.completed_at


async def test_delete(downloads: Repo, owners: tuple[int, int]) -> None:
    alice, bob = owners
    kept = await downloads.add(info_hash=FRIEREN, owner_id=bob, name="x", request_id=None)
    gone = await downloads.add(info_hash=FRIEREN, owner_id=alice, name="x", request_id=None)

    await downloads.delete(gone.id)

    assert await downloads.get(gone.id) is None
    assert await downloads.by_hash(FRIEREN) == [kept]
    with pytest.raises(NotFound):
        await downloads.delete(gone.id)


async def test_unknown_downloads(downloads: Repo) -> None:
    assert await downloads.get(MISSING_ID) is None
    with pytest.raises(NotFound):
        await downloads.set_state(MISSING_ID, DownloadState.PAUSED)
    with pytest.raises(NotFound):
        await downloads.delete(MISSING_ID)


async def test_adding_for_an_unknown_owner_or_request_is_not_found(
    downloads: Repo, owners: tuple[int, int]
) -> None:
    with pytest.raises(NotFound):
        await downloads.add(info_hash=FRIEREN, owner_id=MISSING_ID, name="x", request_id=None)
    with pytest.raises(NotFound):
        await downloads.add(info_hash=FRIEREN, owner_id=owners[0], name="x", request_id=MISSING_ID)
    assert await downloads.for_owner(None) == []


@pytest.mark.parametrize("bad_hash", ["", "abc", FRIEREN + "a", "z" * 40, "urn:btih:" + FRIEREN])
async def test_a_malformed_hash_is_refused(
    downloads: Repo, owners: tuple[int, int], bad_hash: str
) -> None:
    with pytest.raises(InvalidInput):
        await downloads.add(info_hash=bad_hash, owner_id=owners[0], name="x", request_id=None)
    assert await downloads.for_owner(None) == []


async def test_a_naive_completion_time_is_refused(downloads: Repo, owners: tuple[int, int]) -> None:
    added = await downloads.add(info_hash=FRIEREN, owner_id=owners[0], name="x", request_id=None)

    with pytest.raises(InvalidInput):
        await downloads.set_state(
            added.id, DownloadState.COMPLETED, completed_at=datetime(2024, 1, 1, 12, 0)
        )

    assert await downloads.get(added.id) == added
