"""Buttons carry a command and run it as whoever presses them."""

from __future__ import annotations

from bot.discord.client import DiscordBot
from domain.models import Platform, Role
from tests.integration.discord.conftest import BEST_HASH
from tests.integration.discord.people import Person
from tests.standins.discord import EPHEMERAL, DiscordStandIn
from tests.world import World


async def test_the_owner_confirms_a_delete_in_place(
    standin: DiscordStandIn, world: World, member: Person
) -> None:
    await member.answer(await member.slash("get", title="frieren", episode=5))
    asked = await member.answer(await member.slash("delete", download=1))
    assert asked.custom_ids == ["run:/delete 1 yes", "run:/delete 1 files"]

    press = await member.press(asked, "run:/delete 1 files")
    acknowledged = await member.callback(press)
    await standin.wait_until(lambda: asked.content.startswith("🗑 Deleted #1"))

    assert acknowledged.body["type"] == 6  # the pressed message itself becomes the answer
    assert asked.custom_ids == []
    assert world.torrents.deleted == [(BEST_HASH, True)]


async def test_someone_elses_press_touches_nothing_and_says_so_privately(
    standin: DiscordStandIn, world: World, member: Person, running: DiscordBot
) -> None:
    await member.answer(await member.slash("get", title="frieren", episode=5))
    asked = await member.answer(await member.slash("delete", download=1))
    before = asked.content
    # Another known person presses the same button (as on a message shared in a channel).
    other = Person(standin, 777_777_777_777_777_777, "Eve")
    await world.users.create(
        platform=Platform.DISCORD,
        external_id=str(other.user_id),
        display_name="Eve",
        role=Role.USER,
    )

    press = await other.press(asked, "run:/delete 1 yes")
    told = await other.answer(press)
    acknowledged = await other.callback(press)

    assert acknowledged.body["type"] == 5 and acknowledged.body["data"]["flags"] & EPHEMERAL
    assert told.ephemeral
    assert told.content.startswith("I can't find that download among yours")
    assert asked.content == before
    assert world.torrents.deleted == []
    assert len(world.downloads.rows) == 1


async def test_a_press_from_a_stranger_does_nothing(
    standin: DiscordStandIn, world: World, member: Person, stranger: Person
) -> None:
    await member.answer(await member.slash("get", title="frieren", episode=5))
    asked = await member.answer(await member.slash("delete", download=1))

    press = await stranger.press(asked, "run:/delete 1 files")
    told = await stranger.answer(press)

    assert told.ephemeral and "not on its list" in told.content
    assert world.torrents.deleted == []
