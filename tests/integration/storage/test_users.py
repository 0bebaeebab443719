"""Users and identities, on both backends."""

from __future__ import annotations

import asyncio

import pytest

from domain.errors import InvalidInput, NotFound
from domain.models import Platform, Preferences, Role, User
from storage.database import Database
from storage.repositories.users import TortoiseUserRepository

MISSING_ID = 987_654


@pytest.fixture
def users(database: Database) -> TortoiseUserRepository:
    return TortoiseUserRepository()


async def _alice(users: TortoiseUserRepository) -> User:
    return await users.create(
        platform=Platform.TELEGRAM, external_id="1001", display_name="Alice", role=Role.USER
    )


async def test_a_new_user_has_default_preferences_and_is_found_by_identity(
    users: TortoiseUserRepository,
) -> None:
    alice = await _alice(users)

    assert alice.role is Role.USER
    assert alice.display_name == "Alice"
    assert alice.preferences == Preferences()
    assert not alice.banned
    assert await users.get(alice.id) == alice
    assert await users.by_identity(Platform.TELEGRAM, "1001") == alice


async def test_the_same_external_id_on_another_platform_is_someone_else(
    users: TortoiseUserRepository,
) -> None:
    alice = await _alice(users)

    assert await users.by_identity(Platform.DISCORD, "1001") is None
    bob = await users.create(
        platform=Platform.DISCORD, external_id="1001", display_name="Bob", role=Role.ADMIN
    )
    assert bob.id != alice.id
    assert await users.by_identity(Platform.DISCORD, "1001") == bob
    assert await users.by_identity(Platform.TELEGRAM, "1001") == alice


async def test_creating_a_taken_identity_returns_its_user_unchanged(
    users: TortoiseUserRepository,
) -> None:
    alice = await _alice(users)

    again = await users.create(
        platform=Platform.TELEGRAM, external_id="1001", display_name="Mallory", role=Role.OWNER
    )

    assert again == alice


async def test_concurrent_first_messages_make_one_user(users: TortoiseUserRepository) -> None:
    created = await asyncio.gather(
        *(
            users.create(
                platform=Platform.DISCORD, external_id="42", display_name="Eve", role=Role.USER
            )
            for _ in range(8)
        )
    )

    assert len({user.id for user in created}) == 1


@pytest.mark.parametrize("role", list(Role))
async def test_set_role(users: TortoiseUserRepository, role: Role) -> None:
    alice = await _alice(users)

    changed = await users.set_role(alice.id, role)

    assert changed.role is role
    assert await users.get(alice.id) == changed


async def test_preferences_are_saved_and_read_back(users: TortoiseUserRepository) -> None:
    alice = await _alice(users)
    wanted = Preferences(
        resolution=720,
        min_resolution=480,
        groups=("SubsPlease", "Erai-raws"),
        trusted_only=True,
        max_size=1_500_000_000,
    )

    saved = await users.save_preferences(alice.id, wanted)

    assert saved.preferences == wanted
    assert (await users.get(alice.id)) == saved
    assert (await users.by_identity(Platform.TELEGRAM, "1001")) == saved


async def test_unknown_users(users: TortoiseUserRepository) -> None:
    assert await users.get(MISSING_ID) is None
    assert await users.by_identity(Platform.CONSOLE, "nobody") is None
    with pytest.raises(NotFound):
        await users.set_role(MISSING_ID, Role.ADMIN)
    with pytest.raises(NotFound):
        await users.save_preferences(MISSING_ID, Preferences())


@pytest.mark.parametrize("external_id", ["", "9" * 65])
async def test_a_malformed_external_id_is_refused(
    users: TortoiseUserRepository, external_id: str
) -> None:
    with pytest.raises(InvalidInput):
        await users.create(
            platform=Platform.TELEGRAM, external_id=external_id, display_name="x", role=Role.USER
        )
    assert await users.by_identity(Platform.TELEGRAM, external_id) is None


async def test_a_very_long_display_name_is_cut_not_refused(users: TortoiseUserRepository) -> None:
    user = await users.create(
        platform=Platform.TELEGRAM, external_id="7", display_name="名" * 1000, role=Role.USER
    )

    assert user.display_name == "名" * 255
    assert await users.get(user.id) == user
