"""Autocomplete answers within Discord's 3 seconds, or with nothing rather than late."""

from __future__ import annotations

import asyncio

from bot.discord.client import DiscordBot
from domain.models import Media
from tests.fakes import FakeCatalog
from tests.integration.discord.people import Person
from tests.standins.discord import DiscordStandIn
from tests.world import World


class HangingCatalog(FakeCatalog):
    """AniList that answers only when told to."""

    def __init__(self, media: list[Media]) -> None:
        super().__init__(media)
        self.gate = asyncio.Event()
        self.calls = 0

    async def search_media(self, title: str, *, limit: int = 5) -> list[Media]:
        self.calls += 1
        await self.gate.wait()
        return await super().search_media(title, limit=limit)


async def test_show_titles_are_suggested_from_the_catalog(
    standin: DiscordStandIn, admin: Person
) -> None:
    interaction = await admin.type_into("get", "title", "frier")
    answered = await admin.callback(interaction)

    assert answered.body["type"] == 8
    assert standin.choices(interaction) == [
        {"name": "Frieren: Beyond Journey's End (2023)", "value": "Sousou no Frieren"}
    ]


async def test_a_hanging_catalog_gets_an_empty_answer_in_time_and_fills_the_cache(
    standin: DiscordStandIn, world: World, admin: Person, running: DiscordBot
) -> None:
    hanging = HangingCatalog(world.catalog.media)
    world.services.search._catalog = hanging

    first = await admin.type_into("search", "words", "sousou")
    answered = await admin.callback(first)
    hanging.gate.set()  # AniList answers after all, too late for that keystroke
    await standin.wait_until(lambda: hanging.calls == 1)
    second = await admin.type_into("search", "words", "Sousou ")

    assert answered.ok  # within Discord's deadline, or the stand-in would have refused it
    assert standin.choices(first) == []
    await admin.callback(second)
    assert [c["value"] for c in standin.choices(second) or []] == ["Sousou no Frieren"]
    assert hanging.calls == 1  # the second keystroke was served from the cache


async def test_downloads_are_suggested_from_the_callers_own(
    standin: DiscordStandIn, member: Person, admin: Person
) -> None:
    await member.answer(await member.slash("get", title="frieren", episode=5))
    await admin.answer(await admin.slash("get", title="frieren", episode=6))

    mine = await member.type_into("delete", "download", "", kind=int)
    await member.callback(mine)
    by_name = await admin.type_into("pause", "download", "frieren - 06", kind=int)
    await admin.callback(by_name)

    assert [c["value"] for c in standin.choices(mine) or []] == [1]
    assert standin.choices(mine)[0]["name"].startswith("#1 · 0% · [SubsPlease] Sousou")  # type: ignore[index]
    assert [c["value"] for c in standin.choices(by_name) or []] == [2]


async def test_a_stranger_gets_no_suggestions(standin: DiscordStandIn, stranger: Person) -> None:
    interaction = await stranger.type_into("delete", "download", "1", kind=int)
    await stranger.callback(interaction)
    assert standin.choices(interaction) == []
