"""A download asked for in a server channel: its signed link reaches its owner by direct message,
never the channel (issue 13). The channel hears that it is ready; its "Files" button answers
whoever presses it ephemerally, with links only for the owner."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.bootstrap import Box
from bot.discord.client import DiscordBot, build_client, run_discord
from bot.discord.notifier import DiscordNotifier
from domain.models import Platform, Role
from tests.integration.discord.conftest import BEST_HASH
from tests.integration.discord.people import CHANNEL_ID, MEMBER_ID, Person
from tests.standins.discord import DiscordStandIn, StoredMessage
from tests.world import World, rebuilt

PUBLIC_URL = "https://box.example"
QB_DEFAULT = "/downloads"  # where qBittorrent (faked) says it saves
EPISODE = "[SubsPlease] Sousou no Frieren - 05 (1080p) [5C9E2F1A].mkv"
OTHER_ID = 666_666_666_666_666_666  # another member of the server


@pytest.fixture
async def box(
    standin: DiscordStandIn, world: World, api_base: str, tmp_path: Path
) -> AsyncIterator[Box]:
    """The box with finished files on disk, its bot connected, and its outbox delivering through
    that bot, as bot/app.py wires them."""
    world.torrents.save_path_default = QB_DEFAULT
    box = rebuilt(world, settings={"download_dir": tmp_path, "public_url": PUBLIC_URL})
    client: DiscordBot = build_client(box.dispatcher, box.services, box.completions)
    async with run_discord(client, standin.token):
        await asyncio.wait_for(standin.identified.wait(), 5.0)
        box.notifiers[Platform.DISCORD] = DiscordNotifier(client)
        yield box


async def _finish_in_channel(
    mia: Person, world: World, box: Box, root: Path
) -> tuple[StoredMessage, StoredMessage]:
    """Mia asks in the channel; the torrent finishes with its file on disk; the watcher and the
    outbox run once. Returns her direct message and the channel's notice."""
    asked = await mia.answer(await mia.slash("get", title="frieren", episode=5))
    assert asked.channel_id == CHANNEL_ID and not asked.ephemeral
    world.torrents.finish_on_disk(BEST_HASH, EPISODE, root, QB_DEFAULT)
    await box.completions.poll()
    report = await box.outbox.dispatch()
    assert report.sent == 2
    [notice] = [m for m in mia.standin.in_channel(CHANNEL_ID) if _titled(m, "Ready")]
    [dm] = [m for m in mia.standin.messages.values() if _titled(m, "Download complete")]
    assert dm.channel_id != CHANNEL_ID
    return dm, notice


def _titled(message: StoredMessage, title: str) -> bool:
    return bool(message.embeds) and message.embeds[0].get("title") == title


async def test_the_link_goes_by_direct_message_and_the_channel_hears_it_is_ready(
    standin: DiscordStandIn, world: World, box: Box, tmp_path: Path
) -> None:
    mia = Person(standin, MEMBER_ID, "Mia").in_guild()
    dm, notice = await _finish_in_channel(mia, world, box, tmp_path)

    assert dm.embeds[0]["title"] == "Download complete"
    assert dm.embeds[0]["url"].startswith(f"{PUBLIC_URL}/dl/")
    assert notice.embeds[0]["title"] == "Ready"
    assert "url" not in notice.embeds[0]
    assert PUBLIC_URL not in str(notice.embeds) + notice.content
    assert notice.custom_ids == ["run:/files 1"]


async def test_files_pressed_in_the_channel_is_answered_ephemerally(
    standin: DiscordStandIn, world: World, box: Box, tmp_path: Path
) -> None:
    mia = Person(standin, MEMBER_ID, "Mia").in_guild()
    _, notice = await _finish_in_channel(mia, world, box, tmp_path)
    await world.users.create(
        platform=Platform.DISCORD, external_id=str(OTHER_ID), display_name="Ola", role=Role.USER
    )
    ola = Person(standin, OTHER_ID, "Ola").in_guild()

    mine = await mia.answer(await mia.press(notice, "run:/files 1"))
    theirs = await ola.answer(await ola.press(notice, "run:/files 1"))

    assert mine.ephemeral and f"{PUBLIC_URL}/dl/" in mine.content
    assert theirs.ephemeral and theirs.content.startswith("I can't find that download")
    assert notice.embeds[0]["title"] == "Ready" and notice.edits == 0
    seen_by_all = [m for m in standin.in_channel(CHANNEL_ID) if not m.ephemeral]
    assert not any(PUBLIC_URL in m.content + str(m.embeds) for m in seen_by_all)
