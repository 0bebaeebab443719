"""The real discord.py client, built as bot/app.py builds it, connected to the stand-in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest

from bot.discord.client import DiscordBot, build_client, run_discord
from bot.discord.endpoint import use_api_base_url
from domain.models import Media, Platform, Role
from tests.fakes import release
from tests.integration.discord.people import (
    ADMIN_ID,
    CHANNEL_ID,
    GUILD_ID,
    MEMBER_ID,
    STRANGER_ID,
    Person,
)
from tests.standins.discord import DiscordStandIn
from tests.world import World, build_world

PROGRESS_INTERVAL = 0.05
BEST_HASH = "a" * 40
FRIEREN = Media(
    id=154587,
    romaji="Sousou no Frieren",
    english="Frieren: Beyond Journey's End",
    synonyms=("Frieren",),
    episodes=28,
    status="FINISHED",
    season_year=2023,
    cover_url="https://s4.anilist.co/file/anilistcdn/media/anime/cover/large/bx154587-n1fmjRv4JQUd.jpg",
)
RELEASES = [
    release("[SubsPlease] Sousou no Frieren - 05 (1080p) [5C9E2F1A].mkv", BEST_HASH, seeders=900),
    release("[SubsPlease] Sousou no Frieren - 05 (720p) [0B3D5E7F].mkv", "b" * 40, seeders=400),
    release("[SubsPlease] Sousou no Frieren - 06 (1080p) [6A1B2C3D].mkv", "e" * 40, seeders=700),
]


@pytest.fixture
async def standin() -> AsyncIterator[DiscordStandIn]:
    async with DiscordStandIn() as server:
        server.add_guild(GUILD_ID, "Anime Club", (CHANNEL_ID,))  # the server people write in
        yield server


@pytest.fixture
def api_base(standin: DiscordStandIn) -> Iterator[str]:
    previous = use_api_base_url(standin.base_url)
    try:
        yield standin.base_url
    finally:
        use_api_base_url(previous)


@pytest.fixture
async def world() -> World:
    world = build_world(releases=RELEASES, media=[FRIEREN], discord_admins=[str(ADMIN_ID)])
    await world.users.create(
        platform=Platform.DISCORD, external_id=str(MEMBER_ID), display_name="Mia", role=Role.USER
    )
    return world


@pytest.fixture
def client(world: World, api_base: str) -> DiscordBot:
    return build_client(
        world.dispatcher, world.services, world.box.progress, progress_interval=PROGRESS_INTERVAL
    )


@pytest.fixture
async def running(client: DiscordBot, standin: DiscordStandIn) -> AsyncIterator[DiscordBot]:
    async with run_discord(client, standin.token):
        # Interactions flow once the gateway session is identified (READY, then a GUILD_CREATE
        # per server); discord.py's own "ready" waits a further two seconds in case more
        # servers come.
        await asyncio.wait_for(standin.identified.wait(), 5.0)
        yield client


@pytest.fixture
def admin(standin: DiscordStandIn, running: DiscordBot) -> Person:
    return Person(standin, ADMIN_ID, "Alice")


@pytest.fixture
def member(standin: DiscordStandIn, running: DiscordBot) -> Person:
    return Person(standin, MEMBER_ID, "Mia")


@pytest.fixture
def stranger(standin: DiscordStandIn, running: DiscordBot) -> Person:
    return Person(standin, STRANGER_ID, "Sam")
