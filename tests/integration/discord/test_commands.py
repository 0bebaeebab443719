"""Slash commands through discord.py's own objects: acknowledged at once, answered in place."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from bot.discord.client import DiscordBot
from domain.models import ChatTarget, Platform, Release, TargetKind
from tests.fakes import FakeIndex, release
from tests.integration.discord.conftest import BEST_HASH, FRIEREN
from tests.integration.discord.people import MEMBER_ID, Person
from tests.standins.discord import EPHEMERAL, DiscordStandIn
from tests.standins.feeds import releases
from tests.standins.nyaa import build_feed
from tests.world import World


class SlowIndex(FakeIndex):
    """Nyaa taking as long as a test likes: searches wait until `release` is set."""

    def __init__(self, releases: list[Release]) -> None:
        super().__init__(releases)
        self.gate = asyncio.Event()
        self.finished = 0

    async def search(self, query: str, *, category: str = "1_2") -> list[Release]:
        await self.gate.wait()
        self.finished += 1
        return await super().search(query, category=category)


async def test_the_slash_commands_are_registered_with_typed_options(
    standin: DiscordStandIn, running: DiscordBot
) -> None:
    commands = {c["name"]: c for c in standin.commands}
    wanted = {"get", "search", "status", "pause", "resume", "delete", "help", "start"}
    assert wanted <= set(commands)
    get = {o["name"]: o for o in commands["get"]["options"]}
    assert get["title"]["autocomplete"] is True
    assert (get["episode"]["type"], get["episode"]["min_value"]) == (4, 0)
    delete = commands["delete"]["options"][0]
    assert (delete["name"], delete["type"], delete["required"], delete["autocomplete"]) == (
        "download",
        4,
        True,
        True,
    )


async def test_a_slow_search_is_acknowledged_at_once_and_answered_later(
    standin: DiscordStandIn, world: World, admin: Person
) -> None:
    slow = SlowIndex(world.index.releases)
    world.services.search._index = slow  # the same service, now over a slow Nyaa

    interaction = await admin.slash("get", title="frieren", episode=5)
    acknowledged = await admin.callback(interaction)

    assert acknowledged.ok and acknowledged.body["type"] == 5  # "thinking…"
    assert slow.finished == 0  # acknowledged while the search was still running
    slow.gate.set()
    answer = await admin.answer(interaction)
    assert answer.content.startswith("Added #1: [SubsPlease] Sousou no Frieren - 05 (1080p)")
    assert not answer.ephemeral  # the club sees what is coming


async def test_a_download_gets_a_progress_embed_edited_until_complete(
    standin: DiscordStandIn, world: World, admin: Person, running: DiscordBot
) -> None:
    interaction = await admin.slash("get", title="frieren", episode=5)
    answer = await admin.answer(interaction)
    await standin.wait_until(lambda: bool(answer.embeds))
    assert answer.embeds[0]["description"].endswith("0%")
    assert answer.embeds[0]["title"].startswith("[SubsPlease] Sousou no Frieren - 05")
    assert answer.embeds[0]["title"].endswith("(#1)")
    assert answer.embeds[0]["thumbnail"]["url"] == FRIEREN.cover_url  # the show's cover art

    torrent = world.torrents.torrents_by_hash[BEST_HASH]
    world.torrents.torrents_by_hash[BEST_HASH] = replace(
        torrent, progress=0.5, size=1000, download_speed=2048, eta=90
    )
    await world.box.completions.poll()  # the watcher's cycle tells the follower
    await standin.wait_until(lambda: answer.embeds[0]["description"].endswith("50%"))
    fields = {f["name"]: f["value"] for f in answer.embeds[0]["fields"]}
    assert (fields["Speed"], fields["ETA"]) == ("2.0 KiB/s", "1m 30s")

    world.torrents.finish(BEST_HASH)
    await world.box.completions.poll()
    await standin.wait_until(lambda: "complete" in answer.embeds[0]["description"])
    await standin.wait_until(lambda: running.front_end.progress.active == 0)
    edits = answer.edits
    world.torrents.torrents_by_hash[BEST_HASH] = replace(
        world.torrents.torrents_by_hash[BEST_HASH], upload_speed=4096
    )
    await world.box.completions.poll()  # a finished download is left alone
    assert answer.edits == edits


async def test_status_is_private(member: Person, world: World) -> None:
    interaction = await member.slash("status")
    acknowledged = await member.callback(interaction)
    answer = await member.answer(interaction)

    assert acknowledged.body["data"]["flags"] & EPHEMERAL
    assert answer.ephemeral
    assert answer.content == "No downloads yet. Try /get frieren 5."


async def test_a_feed_added_in_a_channel_is_answered_and_announced_privately(
    member: Person, world: World
) -> None:
    url = "https://feeds.example/rss?passkey=0123456789abcdef"
    world.feed_source.bodies[url] = build_feed(list(releases("Frieren", 1)))
    interaction = await member.in_guild().slash("feeds", arguments=f"add {url} frieren")
    answer = await member.answer(interaction)
    assert answer.ephemeral  # the channel sees neither the address nor the filters
    assert answer.content.startswith("Added feed #1")
    world.feed_source.bodies[url] = build_feed(list(releases("Frieren", 2)))
    world.clock.advance(3600)
    await world.services.feeds.poll_due()
    [notice] = world.outbox.rows.values()
    assert notice.entry.target == ChatTarget(Platform.DISCORD, str(MEMBER_ID), TargetKind.PERSON)


async def test_a_stranger_is_refused_privately_and_nothing_happens(
    stranger: Person, world: World
) -> None:
    interaction = await stranger.slash("get", title="frieren", episode=5)
    told = await stranger.told(interaction)

    assert "not on its list" in told.body["content"]
    assert told.body["flags"] & EPHEMERAL
    assert world.torrents.added_sources == []
    assert world.users.identities.get(("discord", str(stranger.user_id))) is None


async def test_an_error_in_a_public_command_is_told_only_to_the_asker(
    standin: DiscordStandIn, admin: Person
) -> None:
    interaction = await admin.slash("get", title="nothing-like-this")  # no episode, no release

    told = await admin.told(interaction)
    assert told.body["content"].startswith("I found no good release")
    assert told.body["flags"] & EPHEMERAL
    assert standin.original(interaction) is None  # the public "thinking…" was taken away


async def test_a_long_reply_is_split_into_messages_discord_accepts(
    standin: DiscordStandIn, world: World, member: Person
) -> None:
    mia = await world.users.by_identity(Platform.DISCORD, str(member.user_id))
    assert mia is not None
    for number in range(60):
        title = f"[Group] A Very Long Show Title That Goes On And On - {number:02d} (1080p).mkv"
        info_hash = f"{number:040x}"
        await world.torrents.add(title, info_hash=info_hash, owner_id=mia.id)
        await world.downloads.add(info_hash=info_hash, owner_id=mia.id, name=title, request_id=None)

    interaction = await member.slash("status")
    answer = await member.answer(interaction)

    def shown() -> str:
        return "\n\n".join(p.content for p in standin.in_channel(member.channel_id))

    await standin.wait_until(lambda: shown().count("A Very Long Show Title") == 60)
    parts = standin.in_channel(member.channel_id)
    assert answer.content.startswith("Your downloads (60):")
    assert len(parts) >= 4
    assert all(0 < len(p.content) <= 2000 for p in parts)
    assert all(p.ephemeral for p in parts)
    # Cut between downloads, never inside one.
    assert all(p.content.rstrip().endswith("ETA ∞") for p in parts)


async def test_a_hostile_release_title_pings_nobody_and_shows_as_typed(
    standin: DiscordStandIn, world: World, admin: Person
) -> None:
    title = "[@everyone] **Frieren** __05__ <@&123> ||spoiler|| (1080p).mkv"
    world.index.releases.append(release(title, "f" * 40, seeders=5000))

    interaction = await admin.slash("search", words="frieren")
    answer = await admin.answer(interaction)
    body = next(
        c.body for c in reversed(standin.calls) if c.method == "PATCH" and "@original" in c.path
    )

    assert body["allowed_mentions"] == {"parse": []}
    assert "@\u200beveryone" in answer.content  # escaped: shows, cannot ping
    assert "\\*\\*Frieren\\*\\*" in answer.content
    assert "\\|\\|spoiler\\|\\|" in answer.content
