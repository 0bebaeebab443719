"""Discord sharding across processes: two `iiitorrent run` on one PostgreSQL database, each
running half of the bot's shards. Discord sends a server's events to one shard only, so each
server is answered by the process holding its shard, and by that one alone."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Box
from tests.harness.process import IIITorrent
from tests.integration.discord.people import ADMIN_ID, Person
from tests.standins.discord import DiscordStandIn, shard_of

pytestmark = pytest.mark.e2e

SHARDS = 4
LINK_SECRET = "the-link-secret-both-processes-share"
ENCRYPTION_KEY = "Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC1rZXktMTI="
SESSION_WITHIN = 60.0  # discord.py identifies a process's second shard 5 s after its first


def server_on(shard: int) -> tuple[int, int]:
    """A server whose events Discord sends to `shard`, and a text channel in it."""
    guild_id = ((1_000 + shard) << 22) | 77  # 1000 is a multiple of SHARDS
    assert shard_of(guild_id, SHARDS) == shard
    return guild_id, guild_id + 1


async def test_each_process_answers_the_servers_of_its_own_shards(
    box: Box, postgres_url: str
) -> None:
    async with DiscordStandIn(shards=SHARDS) as discord:
        for shard in range(SHARDS):
            guild_id, channel_id = server_on(shard)
            discord.add_guild(guild_id, f"Club {shard}", (channel_id,))
        shared = {
            "DATABASE_URL": postgres_url,
            "LINK_SECRET": LINK_SECRET,
            "ENCRYPTION_KEY": ENCRYPTION_KEY,
            "DISCORD_SHARD_COUNT": str(SHARDS),
        }
        first = {**box.on_discord(discord, ADMIN_ID), **shared, "DISCORD_SHARD_IDS": "0,1"}
        second = {
            **box.on_discord(discord, ADMIN_ID),
            **shared,
            "DATA_DIR": str(box.workdir / "data-second"),
            "DISCORD_SHARD_IDS": "2,3",
        }
        alice = Person(discord, ADMIN_ID, "Alice")
        async with IIITorrent("run", first, box.workdir / "first") as one:
            await discord.wait_until(
                lambda: discord.sessions() == [(0, SHARDS), (1, SHARDS)], SESSION_WITHIN
            )
            # Started after the first has migrated the shared database.
            async with IIITorrent("run", second, box.workdir / "second") as two:
                await discord.wait_until(lambda: len(discord.sessions()) == SHARDS, SESSION_WITHIN)
                # What each process tells its operator it runs.
                await one.expect(r"connected \(shards 0, 1 of 4", source="errors")
                await two.expect(r"connected \(shards 2, 3 of 4", source="errors")
                asked = {}
                for shard in range(SHARDS):
                    guild_id, channel_id = server_on(shard)
                    here = alice.in_guild(guild_id=guild_id, channel_id=channel_id)
                    asked[shard] = await here.slash("help")
                    assert "/get" in (await here.answer(asked[shard])).content

                # With the first process gone, its servers have no one to hear them; the
                # second's are still answered by the second.
                assert await one.stop() == 0, one.errors[-2000:]
                await discord.wait_until(lambda: discord.sessions() == [(2, SHARDS), (3, SHARDS)])
                guild_id, channel_id = server_on(0)
                with pytest.raises(AssertionError, match="no connected session"):
                    await alice.in_guild(guild_id=guild_id, channel_id=channel_id).slash("help")
                guild_id, channel_id = server_on(3)
                later = alice.in_guild(guild_id=guild_id, channel_id=channel_id)
                after = await later.slash("help")
                assert "/get" in (await later.answer(after)).content
                assert await two.stop() == 0, two.errors[-2000:]

    # Each session identified once, with its own shard: no process ran the other's.
    assert sorted(discord.identifies) == [(shard, SHARDS) for shard in range(SHARDS)]
    for shard, interaction_id in asked.items():
        assert discord.delivered[interaction_id] == [(shard, SHARDS)]
        callbacks = [c for c in discord.calls if c.is_callback(interaction_id)]
        assert len(callbacks) == 1, f"shard {shard}'s server was answered {len(callbacks)} times"
        assert callbacks[0].ok
