"""Watchlist auto (issue 13): `/watchlist auto on` follows every show the user watches on AniList,
catches up on what aired past their progress, follows the list as it changes, and tells them of
what goes wrong once, privately."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from bot.commands import Caller, Reply
from bot.errors import UsageError
from domain.anilist.accounts import AniListAccount
from domain.models import (
    ChatTarget,
    Media,
    NotificationKind,
    Platform,
    Release,
    Subscription,
    TargetKind,
)
from domain.services.quotas import Limits
from tests.fakes import release
from tests.fakes_watchlist import FakeAniListLists, list_entry
from tests.world import World, build_world, shares

ALICE = 5001  # Alice's AniList user id
TG = "1000"  # Alice on Telegram
ALICE_CHAT = ChatTarget(Platform.TELEGRAM, TG)
FRIEREN, MESHI, APOTHECARY = 154587, 153518, 161645
FRIEREN_MEDIA = Media(
    id=FRIEREN, romaji="Sousou no Frieren", english="Frieren", synonyms=(), episodes=28
)


def releases() -> list[Release]:
    shows = {"Sousou no Frieren": 7, "Dungeon Meshi": 4}
    return [
        release(f"[SubsPlease] {title} - {episode:02d} (1080p) [ABCD{episode:04d}].mkv")
        for title, aired in shows.items()
        for episode in range(1, aired + 1)
    ]


def lists() -> FakeAniListLists:
    return FakeAniListLists(
        lists={
            ALICE: [
                list_entry(FRIEREN, "Sousou no Frieren", 2, 28, 8),  # 7 aired, 2 watched
                list_entry(MESHI, "Dungeon Meshi", 3, 24, 5),  # 4 aired, 3 watched
                list_entry(APOTHECARY, "Kusuriya no Hitorigoto", 0, 24, 3),  # nothing on Nyaa
            ]
        },
        tokens={"tok": ALICE},
    )


async def linked_world(**settings: object) -> World:
    world = build_world(
        admins=(), releases=releases(), lists=lists(), media=[FRIEREN_MEDIA], **settings
    )
    world.anilist.tokens["tok"] = AniListAccount(ALICE, "alice")
    await world.person(TG)
    await say(world, "/link token tok")
    return world


async def say(world: World, text: str, who: str = TG) -> Reply:
    """As Telegram hands it over: from the person's private chat."""
    chat = ChatTarget(Platform.TELEGRAM, who, TargetKind.PERSON)
    return await world.dispatcher.handle(Caller(Platform.TELEGRAM, who, "Alice", chat=chat), text)


def fetched(world: World) -> list[tuple[str, int | None]]:
    return sorted((r.query, r.episode) for r in world.requests.rows.values())


async def followed(world: World) -> list[Subscription]:
    return await world.subscriptions.listed()


async def test_turning_auto_on_follows_every_show_and_catches_up() -> None:
    world = await linked_world()

    reply = await say(world, "/watchlist auto on")

    assert reply.text.startswith("Auto-download is on.")
    assert "Following 3 shows." in reply.text
    # Frieren: 5 aired past progress 2, the newest 3 (5, 6, 7) in order; Meshi: episode 4.
    assert fetched(world) == [
        ("Dungeon Meshi", 4),
        ("Kusuriya no Hitorigoto", 1),
        ("Kusuriya no Hitorigoto", 2),
        ("Sousou no Frieren", 5),
        ("Sousou no Frieren", 6),
        ("Sousou no Frieren", 7),
    ]
    frieren = [r.episode for r in world.requests.rows.values() if r.query == "Sousou no Frieren"]
    assert frieren == [5, 6, 7]  # newest last
    assert "Fetching Sousou no Frieren episode 7" in reply.text
    assert "2 aired episodes with no release on Nyaa for you yet." in reply.text
    subscriptions = await followed(world)
    assert {s.media_id for s in subscriptions} == {FRIEREN, MESHI, APOTHECARY}
    assert all(s.from_watchlist and s.auto_download for s in subscriptions)
    assert {s.target for s in subscriptions} == {ALICE_CHAT}
    # Every download is told to her privately.
    assert {r.reply_to for r in world.requests.rows.values()} == {ALICE_CHAT}


async def test_the_list_is_followed_as_it_changes_on_anilist() -> None:
    world = await linked_world()
    await say(world, "/watchlist auto on")
    before = len(world.requests.rows)

    rows = world.lists.lists[ALICE]
    rows[:] = [r for r in rows if r["media"]["id"] != MESHI]  # dropped on AniList
    rows.append(list_entry(21, "One Piece", 1097, None, 1101))  # added on AniList
    world.services.watchlist.forget(world.users.users[1].id)  # the cached list is stale
    report = await world.services.watchlist_auto.cycle()

    assert report.left == ["Dungeon Meshi"] and report.joined == ["One Piece"]
    assert {s.media_id for s in await followed(world)} == {FRIEREN, APOTHECARY, 21}
    # One Piece has nothing on Nyaa for episodes 1098-1100; nothing else is fetched again.
    assert report.not_out == 3 and len(world.requests.rows) == before + 3
    assert (await world.services.watchlist_auto.cycle()).joined == []


async def test_an_episode_already_had_is_not_fetched_again() -> None:
    world = await linked_world()
    await say(world, "/get frieren 6")
    assert len(world.torrents.torrents_by_hash) == 1

    reply = await say(world, "/watchlist auto on")

    assert "1 aired episode you already have: not fetched again." in reply.text
    frieren = sorted(r.episode or 0 for r in world.requests.rows.values() if r.episode)
    assert Counter(frieren)[6] == 1 + 1  # the /get, and the catch-up refused as already had
    hashes = [d.info_hash for d in world.downloads.rows.values()]
    assert len(hashes) == len(set(hashes))  # one download of each release


async def test_turning_auto_off_lets_the_lists_shows_go_and_keeps_hand_made_ones() -> None:
    world = await linked_world()
    await say(world, "/subscribe frieren")  # by hand, alerts only
    await say(world, "/watchlist auto on")
    subscriptions = {s.media_id: s for s in await followed(world)}
    assert not subscriptions[FRIEREN].from_watchlist and not subscriptions[FRIEREN].auto_download

    reply = await say(world, "/watchlist auto off")

    assert reply.text == "Auto-download is off (2 shows let go; your own /subscribe ones stay)."
    [kept] = await followed(world)
    assert kept.media_id == FRIEREN and not kept.from_watchlist
    user = world.users.users[1]
    assert user.preferences.watchlist_auto is None
    assert (await world.services.watchlist_auto.cycle()).users == 0


async def test_a_refusal_over_quota_is_told_once_privately() -> None:
    world = await linked_world(
        **shares(Limits(disk_bytes=0, active_torrents=0, downloads_per_day=2))
    )

    reply = await say(world, "/watchlist auto on")

    assert "left out: see the notices I sent you." in reply.text
    refusals = [
        row.entry
        for row in world.outbox.rows.values()
        if row.entry.notification.kind is NotificationKind.DOWNLOAD_FAILED
    ]
    assert refusals and {e.target for e in refusals} == {ALICE_CHAT}
    assert all("downloads per day" in e.notification.body for e in refusals)
    # The next cycles do not try (or tell) again.
    told = len(world.outbox.rows)
    await world.services.watchlist_auto.cycle()
    assert len(world.outbox.rows) == told


async def test_a_revoked_token_pauses_auto_says_so_once_and_linking_again_resumes() -> None:
    world = await linked_world()
    await say(world, "/watchlist auto on")
    del world.lists.tokens["tok"]  # Alice revoked the app on AniList
    world.services.watchlist.forget(world.users.users[1].id)

    await world.services.watchlist_auto.cycle()
    await world.services.watchlist_auto.cycle()

    paused = [
        row.entry
        for row in world.outbox.rows.values()
        if row.entry.notification.title == "Watchlist auto paused"
    ]
    assert [e.target for e in paused] == [ALICE_CHAT]
    assert await world.services.anilist.current(world.users.users[1]) is None
    assert await followed(world) == []  # nothing more is fetched for a list it cannot read

    world.lists.tokens["tok2"] = ALICE
    world.anilist.tokens["tok2"] = AniListAccount(ALICE, "alice")
    await say(world, "/link token tok2")
    world.lists.lists[ALICE].append(list_entry(21, "One Piece", 1100, None, 1101))
    report = await world.services.watchlist_auto.cycle()
    # Auto was kept on: it resumed, following the list anew (what she has is not fetched again).
    assert sorted(report.joined) == sorted(["Sousou no Frieren", "Dungeon Meshi",
                                            "Kusuriya no Hitorigoto", "One Piece"])  # fmt: skip
    assert report.fetched == [] and report.had == 4


async def test_unlinking_by_hand_pauses_auto_quietly() -> None:
    world = await linked_world()
    await say(world, "/watchlist auto on")
    told = len(world.outbox.rows)

    await say(world, "/unlink")
    await world.services.watchlist_auto.cycle()

    assert await followed(world) == [] and len(world.outbox.rows) == told


async def test_anilist_answering_429_stops_the_cycle_and_changes_nothing() -> None:
    world = await linked_world()
    await say(world, "/watchlist auto on")
    world.services.watchlist.forget(world.users.users[1].id)
    world.lists.rate_limited_after = len(world.lists.calls)
    subscriptions = await followed(world)

    report = await world.services.watchlist_auto.cycle()

    assert report.users == 0 and await followed(world) == subscriptions


@pytest.mark.parametrize("text", ["/watchlist auto", "/watchlist auto maybe", "/watchlist auto ²"])
async def test_a_bad_switch_gets_the_usage(text: str) -> None:
    world = await linked_world()
    with pytest.raises(UsageError, match="usage: /watchlist"):
        await say(world, text)
    assert await followed(world) == []


async def test_auto_needs_a_linked_account() -> None:
    world = build_world(admins=(), lists=lists())
    await world.person(TG)
    reply = await say(world, "/watchlist auto on")
    assert "/link" in reply.text
    assert await followed(world) == []


async def test_lists_are_re_read_a_few_a_run_stalest_first() -> None:
    # Re-reading every stale list at once put 100 AniList requests in one minute (the week-long
    # benchmark); a run takes the stalest few, leaving AniList's limit for everything else.
    world = build_world(admins=(), lists=FakeAniListLists())
    for n in range(12):
        who, anilist_id = str(2000 + n), 6000 + n
        world.lists.lists[anilist_id] = [list_entry(FRIEREN, "Sousou no Frieren", 1, 28, 8)]
        world.lists.tokens[f"tok{n}"] = anilist_id
        world.anilist.tokens[f"tok{n}"] = AniListAccount(anilist_id, f"user{n}")
        await world.person(who)
        await say(world, f"/link token tok{n}", who)
    watchlist = world.services.watchlist

    assert await watchlist.sync_due() == 5  # never read: the first five
    assert await watchlist.sync_due() == 5
    world.advance(timedelta(minutes=11))  # all ten read are stale now, and two never were
    asked = len(world.lists.calls)
    assert await watchlist.sync_due() == 5
    read = [variables["userId"] for _, variables, _ in world.lists.calls[asked:]]
    assert read[:2] == [6010, 6011]  # never read, so stalest


async def test_a_catch_up_release_qbittorrent_refuses_gives_way_to_the_next_best() -> None:
    world = await linked_world()
    # Episode 7's only release has a torrent link that gives no torrent; episode 6 has two
    # releases, and the better one's link is broken.
    [seven] = [r for r in releases() if "Frieren - 07" in r.title]
    [six] = [r for r in releases() if "Frieren - 06" in r.title]
    other = release("[Erai-raws] Sousou no Frieren - 06 [720p].mkv", seeders=5)
    world.index.releases.append(other)
    world.torrents.unaddable = {seven.info_hash, six.info_hash}

    reply = await say(world, "/watchlist auto on")

    names = {d.name for d in world.downloads.rows.values()}
    assert other.title in names and six.title not in names and seven.title not in names
    assert "1 episode left out: see the notices I sent you." in reply.text
    assert Counter(world.torrents.refusals) == {seven.info_hash: 1, six.info_hash: 1}
    [notice] = [
        row.entry
        for row in world.outbox.rows.values()
        if row.entry.notification.kind is NotificationKind.DOWNLOAD_FAILED
    ]
    assert notice.target == ALICE_CHAT
    assert "Sousou no Frieren episode 7 was not downloaded" in notice.notification.body
    # The show stays followed: nothing is tried (or told) again.
    told, adds = len(world.outbox.rows), world.torrents.calls["add"]
    await world.services.watchlist_auto.cycle()
    assert (len(world.outbox.rows), world.torrents.calls["add"]) == (told, adds)
    assert FRIEREN in {s.media_id for s in await followed(world)}
