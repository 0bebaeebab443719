"""A student's AniList-driven week on Discord, end to end (issue 13): `iiitorrent run` with its
Discord bot on the real discord.py client, logged in to a loopback Discord (REST and gateway),
AniList's list and airing schedule behind a schema-checked stand-in, Nyaa releasing episodes from
two groups over time, and a real qbittorrent-nox.

She links her AniList and turns auto on in her direct messages with the bot: the aired episodes
past her progress arrive, each link by direct message. Frieren's next episode airs and a bigger
group releases it first; the season came from SubsPlease, so the box waits for SubsPlease's
release and adds that one. The server channel that follows Frieren hears that the episode is out
and never sees a link. "✓ Watched" pressed on the notice in her direct messages is saved on her
AniList list."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from domain.models import AiringEpisode
from tests.e2e.conftest import DUNGEON, DUNGEON_3, FRIEREN, FRIEREN_6, Box, served
from tests.harness.process import IIITorrent
from tests.harness.torrents import MiB
from tests.integration.discord.people import ADMIN_ID, CHANNEL_ID, GUILD_ID, MANAGE_CHANNELS, Person
from tests.standins.anilist import SavedEntry
from tests.standins.discord import DiscordStandIn, StoredMessage, dm_channel_id

pytestmark = pytest.mark.e2e

ALICE = 5001  # her AniList user id; on Discord she is ADMIN_ID, the box's owner
TOKEN = "alice-anilist-token"
DM = dm_channel_id(ADMIN_ID)  # where the bot tells her things privately

WATCHED_6 = f"run:/watchlist watched {FRIEREN.id} 6"


def shown(message: StoredMessage) -> str:
    """What a person reads in the message: its words and its embeds' words."""
    parts = [message.content]
    for embed in message.embeds:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields") or []]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(parts)


def has_link(message: StoredMessage) -> bool:
    """A signed file link anywhere in it: words, embed URLs, link buttons."""
    everything = json.dumps([message.content, message.embeds, message.components])
    return "/dl/" in everything


async def answer(discord: DiscordStandIn, interaction_id: int, within: float) -> StoredMessage:
    """The message an interaction's answer is in, once "thinking…" has become words."""

    def worded() -> bool:
        message = discord.original(interaction_id)
        return message is not None and bool(message.content)

    await discord.wait_until(worded, within)
    message = discord.original(interaction_id)
    assert message is not None
    return message


async def posted(
    discord: DiscordStandIn, channel_id: int, *words: str, within: float
) -> StoredMessage:
    """The first message in the channel whose readable text holds every one of `words`."""

    def found() -> StoredMessage | None:
        for message in discord.in_channel(channel_id):
            if all(word in shown(message) for word in words):
                return message
        return None

    try:
        await discord.wait_until(lambda: found() is not None, within)
    except AssertionError:
        seen = [shown(m)[:200] for m in discord.in_channel(channel_id)]
        raise AssertionError(f"no message with {words} in {channel_id}; it has {seen}") from None
    message = found()
    assert message is not None
    return message


async def fetched(message: StoredMessage, public_url: str) -> bytes:
    """The notice's signed link (its embed's URL), fetched as her phone would."""
    [embed] = message.embeds
    link = str(embed.get("url"))
    assert link.startswith(f"{public_url}/dl/"), link
    return await served(link)


async def test_auto_on_discord_catches_up_keeps_the_group_and_watched_reaches_anilist(
    box: Box,
) -> None:
    dungeon = await box.swarm.seed(DUNGEON_3, size=2 * MiB, seed=41)
    frieren_6 = await box.swarm.seed(FRIEREN_6, size=2 * MiB, seed=43)
    # Only the releases of this test for episode 6: the fixture's decoys include one.
    box.nyaa.releases = [r for r in box.nyaa.releases if " - 06 " not in r.title]
    box.release(dungeon, 2001)

    box.anilist.tokens[TOKEN] = ALICE
    box.anilist.users[ALICE] = "alice"
    now = datetime.now(UTC)
    week = timedelta(days=7)
    # Frieren 1-5 out, her progress 4; 6 airs a moment after auto goes on. Dungeon Meshi 1-3
    # out, progress 2. One catch-up episode each.
    box.anilist.set_entry(ALICE, FRIEREN, progress=4)
    box.anilist.set_entry(ALICE, DUNGEON, progress=2)
    box.anilist.airing = [
        AiringEpisode(FRIEREN.id, 6, now + timedelta(seconds=45)),
        AiringEpisode(FRIEREN.id, 7, now + week),
        AiringEpisode(DUNGEON.id, 4, now + week),
    ]

    async with DiscordStandIn() as discord:
        discord.add_guild(GUILD_ID, "Anime Club", (CHANNEL_ID,))
        alice = Person(discord, ADMIN_ID, "Alice")  # in her direct messages with the bot
        alice_in_club = alice.in_guild(MANAGE_CHANNELS)
        settings = box.on_discord(discord, ADMIN_ID)
        public_url = f"http://localhost:{settings['HTTP_PORT']}"
        async with IIITorrent("run", settings, box.workdir) as process:
            await discord.wait_until(discord.identified.is_set, 60)

            linked = await answer(
                discord, await alice.slash("link", arguments=f"token {TOKEN}"), 60
            )
            assert "alice" in linked.content, linked.content
            followed = await answer(
                discord, await alice_in_club.slash("subscribe", arguments="frieren"), 60
            )
            assert "Frieren" in followed.content, followed.content
            assert followed.channel_id == CHANNEL_ID

            turned_on = await answer(
                discord, await alice.slash("watchlist", arguments="auto on"), 60
            )
            assert turned_on.channel_id == DM
            assert turned_on.content.startswith("Auto-download is on."), turned_on.content
            for fetching in (
                "Frieren: Beyond Journey's End episode 5",
                "Delicious in Dungeon episode 3",
            ):
                assert fetching in turned_on.content, turned_on.content

            # The catch-up episodes arrive, each link by direct message, byte for byte.
            for name, content in (
                (box.torrent.name, box.torrent.content.read_bytes()),
                (DUNGEON_3, dungeon.content.read_bytes()),
            ):
                notice = await posted(
                    discord, DM, "Download complete", name.removesuffix(".mkv"), within=180
                )
                assert await fetched(notice, public_url) == content

            # Episode 6 airs and the bigger group releases first: the channel hears it is out,
            # but her season waits for SubsPlease.
            other = box.bigger_group_releases_frieren_6()
            out = await posted(discord, CHANNEL_ID, "episode 6 is out", within=240)
            assert not has_link(out)
            held = {t["hash"] for t in await box.qbittorrent.torrents()}
            assert other.info_hash not in held
            assert frieren_6.info_hash not in held

            box.release(frieren_6, 2011)
            notice = await posted(
                discord, DM, "Download complete", FRIEREN_6.removesuffix(".mkv"), within=240
            )
            assert await fetched(notice, public_url) == frieren_6.content.read_bytes()

            # Watched it: the notice's button, pressed in her direct messages, writes episode 6
            # to her AniList list.
            labels = {b.get("custom_id"): b.get("label") for r in notice.components
                      for b in r["components"]}  # fmt: skip
            assert labels.get(WATCHED_6) == "✓ Watched", labels
            marked = await answer(discord, await alice.press(notice, WATCHED_6), 60)
            assert marked.channel_id == DM
            assert "6/28 watched" in marked.content, marked.content
            assert await process.stop() == 0, process.errors[-2000:]

        held = {t["hash"] for t in await box.qbittorrent.torrents()}
        assert frieren_6.info_hash in held
        assert other.info_hash not in held

    assert box.anilist.saves == [SavedEntry(ALICE, FRIEREN.id, 6, None)]
    [save] = [r for r in box.anilist.requests if "SaveMediaListEntry" in r.query]
    assert save.authorization == f"Bearer {TOKEN}"
    assert save.variables == {"mediaId": FRIEREN.id, "progress": 6}

    # Every completion notice, link and all, came to her direct messages.
    completions = [m for m in discord.messages.values() if "Download complete" in shown(m)]
    assert len(completions) == 3 and {m.channel_id for m in completions} == {DM}
    # The channel heard that it follows Frieren and that episode 6 is out; never a link, never
    # her list or her downloads.
    in_channel = discord.in_channel(CHANNEL_ID)
    assert any("episode 6 is out" in shown(m) for m in in_channel)
    assert not any(has_link(m) for m in in_channel)
    assert not any("Dungeon" in shown(m) for m in in_channel)
