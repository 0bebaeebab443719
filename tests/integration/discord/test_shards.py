"""A client given its shards (DISCORD_SHARD_COUNT, DISCORD_SHARD_IDS) runs only those: it hears
the servers Discord routes to them and nothing else, and finds the gateway through /gateway/bot
as an unsharded client does."""

from __future__ import annotations

import asyncio

import pytest
from discord.gateway import DiscordWebSocket

from bot.discord.client import Shards, build_client, run_discord
from bot.discord.endpoint import use_api_base_url
from tests.integration.discord.people import ADMIN_ID, Person
from tests.standins.discord import DiscordStandIn, shard_of
from tests.world import build_world

MINE = (2_001 << 22) | 5  # a server of shard 1 of 2
OTHERS = (2_000 << 22) | 5  # a server of shard 0 of 2


async def test_a_client_with_shard_1_of_2_hears_only_the_servers_of_shard_1() -> None:
    assert (shard_of(MINE, 2), shard_of(OTHERS, 2)) == (1, 0)
    world = build_world(discord_admins=[str(ADMIN_ID)])
    async with DiscordStandIn(shards=2) as standin:
        standin.add_guild(MINE, "Mine", (MINE + 1,))
        standin.add_guild(OTHERS, "Others", (OTHERS + 1,))
        previous = use_api_base_url(standin.base_url)
        gateway = DiscordWebSocket.DEFAULT_GATEWAY  # the sharded client points it at the stand-in
        try:
            client = build_client(
                world.dispatcher, world.services, world.box.progress, shards=Shards(2, (1,))
            )
            async with run_discord(client, standin.token):
                await asyncio.wait_for(standin.identified.wait(), 5.0)
                await standin.wait_until(lambda: client.get_guild(MINE) is not None)
                alice = Person(standin, ADMIN_ID, "Alice")
                here = alice.in_guild(guild_id=MINE, channel_id=MINE + 1)
                answered = await here.slash("help")
                assert "/get" in (await here.answer(answered)).content
                # Shard 0's server and direct messages (shard 0's too) never reach this client.
                with pytest.raises(AssertionError, match="no connected session"):
                    await alice.in_guild(guild_id=OTHERS, channel_id=OTHERS + 1).slash("help")
                with pytest.raises(AssertionError, match="no connected session"):
                    await alice.slash("help")
        finally:
            use_api_base_url(previous)
            DiscordWebSocket.DEFAULT_GATEWAY = gateway

    assert standin.identifies == [(1, 2)]
    assert [g.id for g in client.guilds] == [MINE]
    assert any(c.path == "/gateway/bot" for c in standin.calls), "the gateway was not asked for"
