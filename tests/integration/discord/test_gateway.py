"""The gateway session as Discord opens it: READY, then a GUILD_CREATE for each server the bot is
in, from which discord.py fills its own guild cache."""

from __future__ import annotations

from bot.discord.client import DiscordBot
from tests.integration.discord.people import CHANNEL_ID, GUILD_ID
from tests.standins.discord import DiscordStandIn


async def test_the_servers_the_bot_is_in_are_cached_from_guild_create(
    standin: DiscordStandIn, running: DiscordBot
) -> None:
    await standin.wait_until(lambda: running.get_guild(GUILD_ID) is not None)

    guild = running.get_guild(GUILD_ID)
    assert guild is not None and guild.name == "Anime Club"
    assert not guild.unavailable
    assert guild.get_channel(CHANNEL_ID) is not None
    assert guild.me is not None and guild.me.id == standin.application_id
    assert [g.id for g in running.guilds] == [GUILD_ID]
