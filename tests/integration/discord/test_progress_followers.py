"""A Discord shard on a process that does not lead keeps its progress embeds moving: the
completion watcher runs on the leader only, so the progress feed reads the followed torrent."""

from __future__ import annotations

from dataclasses import replace

from bot.discord.client import DiscordBot
from scheduler.jobs import jobs
from scheduler.runner import running_jobs
from tests.fakes_automation import NeverLeader
from tests.integration.discord.conftest import BEST_HASH
from tests.integration.discord.people import Person
from tests.standins.discord import DiscordStandIn
from tests.world import World


async def test_a_progress_embed_moves_to_complete_on_a_process_that_does_not_lead(
    standin: DiscordStandIn, world: World, admin: Person, running: DiscordBot
) -> None:
    async with running_jobs(jobs(world.box.automation()), leader=NeverLeader()), world.box.progress:
        interaction = await admin.slash("get", title="frieren", episode=5)
        answer = await admin.answer(interaction)
        await standin.wait_until(lambda: bool(answer.embeds))
        assert answer.embeds[0]["description"].endswith("0%")

        torrent = world.torrents.torrents_by_hash[BEST_HASH]
        world.torrents.torrents_by_hash[BEST_HASH] = replace(torrent, progress=0.5)
        await standin.wait_until(lambda: answer.embeds[0]["description"].endswith("50%"))

        world.torrents.finish(BEST_HASH)
        await standin.wait_until(lambda: "complete" in answer.embeds[0]["description"])
        await standin.wait_until(lambda: running.front_end.progress.active == 0)
        assert world.box.progress.followed == 0
