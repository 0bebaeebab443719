"""/subscribe in a Discord channel: the bot itself checks Manage Channels, so only people who
manage the channel subscribe it, and its alerts go to that channel."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.discord.client import build_client, run_discord
from domain.models import ChatTarget, Platform, Role, TargetKind
from tests.integration.discord.people import CHANNEL_ID, MANAGE_CHANNELS, Person
from tests.standins.discord import DiscordStandIn
from tests.unit.services.airing_world import AiringWorld, airing_world

MODERATOR_ID, MEMBER_ID = 700_000_000_000_000_001, 700_000_000_000_000_002


@pytest.fixture
async def airing() -> AiringWorld:
    world = airing_world()
    for user_id, name in ((MODERATOR_ID, "Mo"), (MEMBER_ID, "Mia")):
        await world.fakes.users.create(
            platform=Platform.DISCORD, external_id=str(user_id), display_name=name, role=Role.USER
        )
    return world


@pytest.fixture
async def bot(airing: AiringWorld, standin: DiscordStandIn, api_base: str) -> AsyncIterator[None]:
    client = build_client(
        airing.fakes.dispatcher, airing.fakes.services, airing.fakes.box.completions
    )
    async with run_discord(client, standin.token):
        await asyncio.wait_for(standin.identified.wait(), 5.0)
        yield


@pytest.mark.usefixtures("bot")
async def test_only_people_who_manage_the_channel_subscribe_it(
    standin: DiscordStandIn, airing: AiringWorld
) -> None:
    member = Person(standin, MEMBER_ID, "Mia").in_guild()
    moderator = Person(standin, MODERATOR_ID, "Mo").in_guild(MANAGE_CHANNELS)

    refused = await member.answer(await member.slash("subscribe", arguments="frieren"))
    assert "Only this group's admins" in refused.content
    assert airing.subscriptions.rows == {}

    accepted = await moderator.answer(await moderator.slash("subscribe", arguments="frieren"))
    assert "follows Frieren" in accepted.content
    [subscription] = airing.subscriptions.rows.values()
    assert subscription.target == ChatTarget(Platform.DISCORD, str(CHANNEL_ID), TargetKind.GROUP)
