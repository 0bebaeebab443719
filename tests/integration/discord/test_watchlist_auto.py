"""Watchlist auto on Discord (issue 13), through the real discord.py client, the Discord stand-in
and the AniList stand-in holding Mia's list: turned on in a server channel, it is answered to her
alone; the catch-up download's link and its AniList buttons come by direct message, never to the
channel; "✓ Watched" pressed there is saved on AniList with her token; turned off, the list's
shows are let go."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.bootstrap import Box
from bot.discord.client import DiscordBot, build_client, run_discord
from bot.discord.notifier import DiscordNotifier
from domain.anilist.accounts import AniListAccount
from domain.anilist.client import AniListClient
from domain.models import ChatTarget, Platform, TargetKind
from tests.fakes_watchlist import list_entry
from tests.integration.discord.conftest import FRIEREN
from tests.integration.discord.people import CHANNEL_ID, MEMBER_ID, Person
from tests.standins.anilist import AniListStandIn, SavedEntry
from tests.standins.discord import DiscordStandIn, StoredMessage
from tests.world import World, rebuilt

TOKEN = "mia-anilist-token"
MIA_ON_ANILIST = 5002
PUBLIC_URL = "https://box.example"
QB_DEFAULT = "/downloads"  # where qBittorrent (faked) says it saves
EPISODE_6 = "[SubsPlease] Sousou no Frieren - 06 (1080p) [6A1B2C3D].mkv"
EPISODE_6_HASH = "e" * 40  # the only release of episode 6 (tests/integration/discord/conftest)


@pytest.fixture
async def anilist() -> AsyncIterator[AniListStandIn]:
    async with AniListStandIn() as server:
        server.tokens[TOKEN] = MIA_ON_ANILIST
        # 5 of 28 watched; episode 8 airs next, so 6 and 7 have aired (only 6 is on Nyaa).
        server.lists[MIA_ON_ANILIST] = [list_entry(FRIEREN.id, "Sousou no Frieren", 5, 28, 8)]
        yield server


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
async def box(
    standin: DiscordStandIn,
    world: World,
    api_base: str,
    anilist: AniListStandIn,
    http: httpx.AsyncClient,
    tmp_path: Path,
) -> AsyncIterator[Box]:
    """The box reading lists from the AniList stand-in, with its bot connected and its outbox
    delivering through that bot, as bot/app.py wires them."""
    world.anilist.tokens[TOKEN] = AniListAccount(MIA_ON_ANILIST, "mia")  # /link token's check
    world.torrents.save_path_default = QB_DEFAULT
    box = rebuilt(
        world,
        settings={"download_dir": tmp_path, "public_url": PUBLIC_URL},
        anilist=AniListClient(http, anilist.url),
    )
    client: DiscordBot = build_client(box.dispatcher, box.services, box.completions)
    async with run_discord(client, standin.token):
        await asyncio.wait_for(standin.identified.wait(), 5.0)
        box.notifiers[Platform.DISCORD] = DiscordNotifier(client)
        yield box


@pytest.fixture
def mia(standin: DiscordStandIn, box: Box) -> Person:
    """Mia in the server's channel, with her AniList linked."""
    return Person(standin, MEMBER_ID, "Mia").in_guild()


@pytest.fixture
def mia_by_dm(standin: DiscordStandIn, mia: Person) -> Person:
    """Mia in her direct messages with the bot: the channel the bot opens to tell her things is
    the one her presses there come from."""
    alone = Person(standin, MEMBER_ID, "Mia")
    standin.channels[alone.channel_id] = {
        "id": str(alone.channel_id),
        "type": 1,
        "recipient": MEMBER_ID,
    }
    return alone


def seen_by_channel(standin: DiscordStandIn) -> list[StoredMessage]:
    return [m for m in standin.in_channel(CHANNEL_ID) if not m.ephemeral]


def _titled(message: StoredMessage, title: str) -> bool:
    return bool(message.embeds) and message.embeds[0].get("title") == title


async def _link_and_turn_on(mia: Person) -> StoredMessage:
    linked = await mia.answer(await mia.slash("link", arguments=f"token {TOKEN}"))
    assert linked.ephemeral
    return await mia.answer(await mia.slash("watchlist", arguments="auto on"))


async def _episode_6_finishes(world: World, box: Box, root: Path) -> None:
    """qBittorrent has episode 6 whole, its file on disk; the watcher and the outbox run once."""
    world.torrents.finish_on_disk(EPISODE_6_HASH, EPISODE_6, root, QB_DEFAULT)
    await box.completions.poll()
    report = await box.outbox.dispatch()
    assert report.sent == 1  # her DM; the channel is told nothing


async def test_auto_on_in_a_channel_is_answered_to_her_alone(
    standin: DiscordStandIn, mia: Person, world: World
) -> None:
    answer = await _link_and_turn_on(mia)

    assert answer.ephemeral and answer.channel_id == CHANNEL_ID
    assert answer.content.startswith("Auto-download is on.")
    assert "Fetching Sousou no Frieren episode 6 (#1)." in answer.content
    assert "1 aired episode with no release on Nyaa for you yet." in answer.content
    assert answer.custom_ids == ["run:/watchlist auto off"]
    assert list(world.torrents.torrents_by_hash) == [EPISODE_6_HASH]
    [followed] = await world.subscriptions.listed()
    assert followed.from_watchlist and followed.auto_download
    assert followed.target == ChatTarget(Platform.DISCORD, str(MEMBER_ID), TargetKind.PERSON)
    assert seen_by_channel(standin) == []


async def test_the_catch_up_link_and_its_anilist_buttons_come_by_direct_message(
    standin: DiscordStandIn, mia: Person, mia_by_dm: Person, world: World, box: Box,
    tmp_path: Path,
) -> None:  # fmt: skip
    await _link_and_turn_on(mia)

    await _episode_6_finishes(world, box, tmp_path)

    [dm] = [m for m in standin.messages.values() if _titled(m, "Download complete")]
    assert dm.channel_id == mia_by_dm.channel_id != CHANNEL_ID
    assert standin.channels[dm.channel_id]["recipient"] == MEMBER_ID
    assert dm.embeds[0]["url"].startswith(f"{PUBLIC_URL}/dl/")
    assert EPISODE_6 in dm.embeds[0]["description"]
    assert dm.custom_ids == [
        "run:/files 1",
        "run:/status 1",
        f"run:/watchlist watched {FRIEREN.id} 6",
        f"run:/watchlist get {FRIEREN.id} 7",
    ]
    labels = [b.get("label") for row in dm.components for b in row["components"]]
    assert labels == ["Files", "Status", "✓ Watched", "Next episode"]
    assert seen_by_channel(standin) == []  # no link, and no "Ready": it was not asked there


async def test_watched_pressed_in_the_direct_message_is_saved_on_anilist_with_her_token(
    standin: DiscordStandIn, mia: Person, mia_by_dm: Person, anilist: AniListStandIn,
    world: World, box: Box, tmp_path: Path,
) -> None:  # fmt: skip
    await _link_and_turn_on(mia)
    await _episode_6_finishes(world, box, tmp_path)
    [dm] = [m for m in standin.messages.values() if _titled(m, "Download complete")]

    marked = await mia_by_dm.answer(
        await mia_by_dm.press(dm, f"run:/watchlist watched {FRIEREN.id} 6")
    )

    assert marked.content.startswith("Marked on AniList: Sousou no Frieren — 6/28 watched")
    assert marked.channel_id == mia_by_dm.channel_id
    assert anilist.saves == [SavedEntry(MIA_ON_ANILIST, FRIEREN.id, 6, None)]
    assert anilist.lists[MIA_ON_ANILIST][0]["progress"] == 6
    [save] = [r for r in anilist.requests if "SaveMediaListEntry" in r.query]
    assert save.authorization == f"Bearer {TOKEN}"
    assert save.variables == {"mediaId": FRIEREN.id, "progress": 6}
    assert dm.edits == 0  # the notice stays as it was, buttons and all
    assert seen_by_channel(standin) == []


async def test_auto_off_lets_the_lists_shows_go(
    standin: DiscordStandIn, mia: Person, world: World
) -> None:
    await _link_and_turn_on(mia)
    assert len(await world.subscriptions.listed()) == 1

    off = await mia.answer(await mia.slash("watchlist", arguments="auto off"))

    assert off.ephemeral
    assert off.content == "Auto-download is off (1 show let go; your own /subscribe ones stay)."
    assert off.custom_ids == ["run:/watchlist auto on"]
    assert await world.subscriptions.listed() == []
    assert seen_by_channel(standin) == []
