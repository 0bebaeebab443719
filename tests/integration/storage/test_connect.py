"""One account on two platforms, on both backends: connect codes, moving identities, and the
whole /connect flow through the Dispatcher over real storage (fakes only for the torrent side)."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.commands import Caller, Dispatcher
from domain.errors import IdentityTaken, InvalidInput, NotFound
from domain.models import Platform, Role
from storage.database import Database
from storage.repositories.connect_codes import TortoiseConnectCodeStore
from storage.repositories.users import TortoiseUserRepository
from tests.fakes import FakeClock, FakeTorrents, release
from tests.world import build_world, stored_box

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
TG, DC = Platform.TELEGRAM, Platform.DISCORD
SHOW = [release(f"[SubsPlease] Frieren - {n:02d} (1080p) [ABCD]") for n in range(1, 4)]


async def test_a_code_redeems_once_for_its_user_and_not_after_it_expires(
    database: Database,
) -> None:
    users, codes = TortoiseUserRepository(), TortoiseConnectCodeStore()
    alice = await users.create(platform=TG, external_id="1", display_name="A", role=Role.USER)
    await codes.issue("a" * 64, alice.id, NOW + timedelta(minutes=10))
    await codes.issue("b" * 64, alice.id, NOW + timedelta(minutes=10))

    assert await codes.redeem("a" * 64, NOW) == alice.id
    assert await codes.redeem("a" * 64, NOW) is None
    assert await codes.redeem("c" * 64, NOW) is None
    assert await codes.redeem("b" * 64, NOW + timedelta(minutes=10)) is None


async def test_two_people_racing_for_one_code_get_it_once(database: Database) -> None:
    users, codes = TortoiseUserRepository(), TortoiseConnectCodeStore()
    alice = await users.create(platform=TG, external_id="1", display_name="A", role=Role.USER)
    await codes.issue("r" * 64, alice.id, NOW + timedelta(minutes=10))
    results = await asyncio.gather(*(codes.redeem("r" * 64, NOW) for _ in range(5)))
    assert sorted(results, key=str) == [alice.id, None, None, None, None]


async def test_an_identity_is_added_or_moved_and_stays_unique(database: Database) -> None:
    users = TortoiseUserRepository()
    alice = await users.create(platform=TG, external_id="1", display_name="A", role=Role.USER)
    bob = await users.create(platform=DC, external_id="2", display_name="B", role=Role.USER)

    await users.add_identity(alice.id, DC, "9")
    await users.add_identity(alice.id, DC, "2")  # bob's, moved over
    await users.add_identity(alice.id, DC, "2")  # again: nothing changes

    assert await users.by_identity(DC, "9") == alice
    assert await users.by_identity(DC, "2") == alice
    assert await users.get(bob.id) == bob  # bob's account stays, without that identity
    with pytest.raises(NotFound):
        await users.add_identity(987_654, DC, "3")
    with pytest.raises(InvalidInput):
        await users.add_identity(alice.id, DC, "x" * 65)
    assert await users.by_identity(DC, "3") is None


def _dispatcher() -> tuple[Dispatcher, FakeTorrents, FakeClock]:
    world = build_world(admins=["1000"], releases=SHOW)
    world.clock.now = NOW
    return stored_box(world).dispatcher, world.torrents, world.clock


def _code(text: str, command: str) -> str:
    match = re.search(rf"/{command} (\S+)", text)
    assert match, text
    return match[1]


async def test_a_download_made_on_telegram_shows_in_status_on_discord(database: Database) -> None:
    dispatcher, _, _ = _dispatcher()
    alice_tg = Caller(TG, "2", "Alice")
    alice_dc = Caller(DC, "77", "alice#0001")
    invite = _code((await dispatcher.handle(Caller(TG, "1000", "Boss"), "/invite")).text, "start")
    await dispatcher.handle(alice_tg, f"/start {invite}")
    await dispatcher.handle(alice_tg, "/get frieren 1")
    code = _code((await dispatcher.handle(alice_tg, "/connect")).text, "connect")

    assert "Connected" in (await dispatcher.handle(alice_dc, f"/connect {code}")).text

    assert "Frieren - 01" in (await dispatcher.handle(alice_dc, "/status")).text
    await dispatcher.handle(alice_dc, "/get frieren 2")
    status = (await dispatcher.handle(alice_tg, "/status")).text
    assert "Frieren - 01" in status and "Frieren - 02" in status
    audit = (await dispatcher.handle(Caller(TG, "1000", "Boss"), "/audit 1")).text
    assert "connect" in audit and "discord identity" in audit


async def test_a_discord_account_with_downloads_is_not_merged(database: Database) -> None:
    dispatcher, _, _ = _dispatcher()
    boss = Caller(TG, "1000", "Boss")
    alice_tg, bob_dc = Caller(TG, "2", "Alice"), Caller(DC, "3", "Bob")
    invite = _code((await dispatcher.handle(boss, "/invite 2")).text, "start")
    await dispatcher.handle(alice_tg, f"/start {invite}")
    await dispatcher.handle(bob_dc, f"/start {invite}")
    await dispatcher.handle(bob_dc, "/get frieren 3")
    code = _code((await dispatcher.handle(alice_tg, "/connect")).text, "connect")

    with pytest.raises(IdentityTaken):
        await dispatcher.handle(bob_dc, f"/connect {code}")

    assert "Frieren - 03" in (await dispatcher.handle(bob_dc, "/status")).text
    assert "Frieren - 03" not in (await dispatcher.handle(alice_tg, "/status")).text
