"""Accounts through the real discord.py client: /connect joins a Discord identity to a Telegram
account (its downloads then show in /status on Discord), and ALLOWED_GROUPS lets a listed
server's members in from that server only."""

from __future__ import annotations

import re

import pytest

from bot.discord.client import DiscordBot, build_client
from domain.models import Platform
from tests.integration.discord.conftest import PROGRESS_INTERVAL, RELEASES
from tests.integration.discord.people import ADMIN_ID, GUILD_ID, Person
from tests.world import World, build_world

TG, DC = Platform.TELEGRAM, Platform.DISCORD


@pytest.fixture
def accounts() -> World:
    return build_world(
        releases=RELEASES,
        admins=("1000",),
        discord_admins=(str(ADMIN_ID),),
        allowed_groups={(DC, str(GUILD_ID))},
    )


@pytest.fixture
def client(accounts: World, api_base: str) -> DiscordBot:
    return build_client(
        accounts.dispatcher,
        accounts.services,
        accounts.box.progress,
        progress_interval=PROGRESS_INTERVAL,
    )


async def test_a_telegram_download_shows_on_discord_after_connect(
    stranger: Person, accounts: World
) -> None:
    invite = re.search(r"/start (\S+)", (await accounts.say("1000", "/invite")).text)
    assert invite
    await accounts.say("2", f"/start {invite[1]}")
    await accounts.say("2", "/get frieren 5")
    shown = re.search(r"/connect (\S+)", (await accounts.say("2", "/connect")).text)
    assert shown

    connected = await stranger.answer(await stranger.slash("connect", code=shown[1]))
    assert connected.ephemeral and "Connected: this Discord account" in connected.content

    status = await stranger.answer(await stranger.slash("status"))
    assert status.ephemeral and "Sousou no Frieren - 05" in status.content


async def test_a_discord_connect_code_is_shown_only_to_its_owner(admin: Person) -> None:
    interaction = await admin.in_guild().slash("connect")
    answer = await admin.answer(interaction)
    assert answer.ephemeral and re.search(r"/connect \S{16}", answer.content)


async def test_a_stranger_in_the_allowed_server_gets_in_and_in_a_dm_does_not(
    stranger: Person, accounts: World
) -> None:
    refused = await stranger.answer(await stranger.slash("status"))
    assert refused.ephemeral and "not on its list" in refused.content
    assert await accounts.users.by_identity(DC, str(stranger.user_id)) is None

    answer = await stranger.answer(await stranger.in_guild().slash("status"))
    assert answer.content.startswith("No downloads")
    assert await accounts.users.by_identity(DC, str(stranger.user_id)) is not None
