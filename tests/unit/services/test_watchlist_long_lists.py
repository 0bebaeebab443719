"""Long AniList lists and a misbehaving AniList, as watchlist auto meets them: a list is read
500 shows a request (MediaListCollection's chunks) up to 1,000, the list job spends AniList
requests rather than counting lists, garbage from AniList changes nobody's subscriptions, and a
second season numbered absolutely on Nyaa is still caught up."""

from __future__ import annotations

import logging

import pytest

from bot.commands import Caller, Reply
from domain.anilist.accounts import AniListAccount
from domain.anilist.queries import WATCHING
from domain.models import ChatTarget, Media, MediaRelations, Platform, TargetKind
from domain.services.watchlist import MAX_CHUNKS, PER_CHUNK, REQUESTS_PER_RUN
from tests.fakes import release
from tests.fakes_watchlist import FakeAniListLists, list_entry
from tests.world import World, build_world

ALICE, BOB = 5001, 5002  # AniList user ids
TG_ALICE, TG_BOB = "1000", "1001"


def caught_up(count: int, first_id: int = 100_000) -> list[dict[str, object]]:
    """`count` shows watched up to what has aired: following them fetches nothing."""
    return [
        list_entry(first_id + n, f"Show {n}", 3, 12, 4)  # 3 aired, 3 watched
        for n in range(count)
    ]


async def say(world: World, text: str, who: str) -> Reply:
    """As Telegram hands it over: from the person's private chat."""
    chat = ChatTarget(Platform.TELEGRAM, who, TargetKind.PERSON)
    return await world.dispatcher.handle(Caller(Platform.TELEGRAM, who, who, chat=chat), text)


async def link(world: World, who: str, anilist_id: int, token: str) -> None:
    world.lists.tokens[token] = anilist_id
    world.anilist.tokens[token] = AniListAccount(anilist_id, f"user{anilist_id}")
    await world.person(who)
    await say(world, f"/link token {token}", who)


def list_reads(world: World) -> list[dict[str, object]]:
    return [variables for document, variables, _ in world.lists.calls if document == WATCHING]


async def media_followed(world: World, user_id: int) -> list[int]:
    return sorted(s.media_id for s in await world.subscriptions.listed(user_id=user_id))


async def test_a_list_of_500_shows_is_followed_whole_in_one_request() -> None:
    world = build_world(admins=(), lists=FakeAniListLists(lists={ALICE: caught_up(500)}))
    await link(world, TG_ALICE, ALICE, "tok")

    reply = await say(world, "/watchlist auto on", TG_ALICE)

    assert "Following 500 shows." in reply.text
    subscriptions = await world.subscriptions.listed()
    assert len(subscriptions) == 500
    assert {s.media_id for s in subscriptions} == {100_000 + n for n in range(500)}
    assert list_reads(world) == [{"userId": ALICE, "chunk": 1, "perChunk": 500}]
    assert world.requests.rows == {}  # all caught up: nothing to fetch


async def test_a_list_past_the_bound_is_cut_saying_so(caplog: pytest.LogCaptureFixture) -> None:
    world = build_world(admins=(), lists=FakeAniListLists(lists={ALICE: caught_up(1200)}))
    await link(world, TG_ALICE, ALICE, "tok")

    with caplog.at_level(logging.INFO):
        reply = await say(world, "/watchlist auto on", TG_ALICE)

    bound = MAX_CHUNKS * PER_CHUNK
    assert bound == 1000
    assert f"Following {bound} shows." in reply.text
    # The first 1,000 AniList sends (its latest updated) are followed; the rest are not.
    assert await media_followed(world, 1) == [100_000 + n for n in range(bound)]
    assert [v["chunk"] for v in list_reads(world)] == [1, 2]
    [cut] = [r for r in caplog.records if "more than 1000 shows" in r.getMessage()]
    assert cut.levelno == logging.WARNING
    assert cut.getMessage() == (
        "user 1's AniList list has more than 1000 shows in progress: the 1000 latest updated "
        "are followed, the rest are not"
    )

    # The next cycle reads it the same way and lets nothing go.
    world.services.watchlist.forget(1)
    report = await world.services.watchlist_auto.cycle()
    assert report.synced == 1 and report.left == [] and report.joined == []
    assert len(await world.subscriptions.listed()) == bound


async def test_the_list_job_spends_anilist_requests_not_lists() -> None:
    # Six users whose lists each take two requests (600 shows): five requests a run read two
    # lists and start a third, which is read whole; nobody's list is read half.
    world = build_world(admins=(), lists=FakeAniListLists())
    for n in range(6):
        anilist_id = 6000 + n
        world.lists.lists[anilist_id] = caught_up(600, first_id=10_000 * (n + 1))
        await link(world, str(2000 + n), anilist_id, f"tok{n}")
    watchlist = world.services.watchlist

    assert await watchlist.sync_due() == 3
    first_run = list_reads(world)
    assert len(first_run) == 6 <= REQUESTS_PER_RUN + MAX_CHUNKS - 1
    assert [v["userId"] for v in first_run] == [6000, 6000, 6001, 6001, 6002, 6002]
    assert await watchlist.sync_due() == 3
    assert await watchlist.sync_due() == 0  # all six fresh: nothing asked
    assert len(list_reads(world)) == 12
    for n in range(6):
        user = await world.users.by_identity(Platform.TELEGRAM, str(2000 + n))
        assert user is not None
        listed = watchlist.cached(user)
        assert listed is not None and len(listed.entries) == 600


async def test_garbage_from_anilist_changes_nobodys_subscriptions(
    caplog: pytest.LogCaptureFixture,
) -> None:
    lists = FakeAniListLists(lists={ALICE: caught_up(3), BOB: caught_up(2, first_id=200_000)})
    world = build_world(admins=(), lists=lists)
    await link(world, TG_ALICE, ALICE, "tok-a")
    await link(world, TG_BOB, BOB, "tok-b")
    await say(world, "/watchlist auto on", TG_ALICE)
    await say(world, "/watchlist auto on", TG_BOB)
    before = {1: await media_followed(world, 1), 2: await media_followed(world, 2)}
    assert len(before[1]) == 3 and len(before[2]) == 2
    world.lists.garbage.add(ALICE)  # AniList answers Alice's list with a captive portal's page
    world.services.watchlist.forget(1)
    world.services.watchlist.forget(2)
    asked = len(world.lists.calls)

    with caplog.at_level(logging.DEBUG):
        report = await world.services.watchlist_auto.cycle()
        again = await world.services.watchlist_auto.cycle()

    # Alice's read failed, Bob's list was read and followed after it, in the same cycle.
    assert [v["userId"] for v in list_reads(world)[-3:]] == [ALICE, BOB, ALICE]
    assert len(world.lists.calls) == asked + 3
    assert report.synced == 1 and again.synced == 0
    assert report.users == 1 and report.joined == [] and report.left == []
    assert {1: await media_followed(world, 1), 2: await media_followed(world, 2)} == before
    assert await world.services.anilist.current(world.users.users[1]) is not None  # still linked
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "could not sync user 1's AniList list" in caplog.text


# Season 2 is its own AniList show; Nyaa's releases of it carry the numbers after season 1's 28.
FRIEREN = Media(154587, "Sousou no Frieren", "Frieren: Beyond Journey's End", episodes=28)
FRIEREN_2 = Media(182255, "Sousou no Frieren 2nd Season", "Frieren Season 2", episodes=10)
SEASONS = [
    MediaRelations(FRIEREN.id, 28, "TV", sequels=(FRIEREN_2.id,), romaji=FRIEREN.romaji),
    MediaRelations(FRIEREN_2.id, 10, "TV", prequels=(FRIEREN.id,), romaji=FRIEREN_2.romaji),
]


async def test_a_second_season_numbered_absolutely_on_nyaa_is_caught_up() -> None:
    absolute = [
        release(f"[SubsPlease] Sousou no Frieren - {28 + n} (1080p) [ABCD00{n:02d}].mkv")
        for n in (1, 2, 3)
    ]
    season_1 = release("[SubsPlease] Sousou no Frieren - 01 (1080p) [0F0F0F0F].mkv")
    watching_2 = list_entry(FRIEREN_2.id, "Sousou no Frieren 2nd Season", 0, 10, 4)  # 3 aired
    lists = FakeAniListLists(lists={ALICE: [watching_2]})
    world = build_world(
        admins=(), releases=[season_1, *absolute], media=[FRIEREN, FRIEREN_2], lists=lists
    )
    world.catalog.relations_by_id = {r.id: r for r in SEASONS}
    await link(world, TG_ALICE, ALICE, "tok")

    reply = await say(world, "/watchlist auto on", TG_ALICE)

    assert "Following 1 show." in reply.text
    added = sorted(world.torrents.torrents_by_hash)
    assert added == sorted(r.info_hash for r in absolute)
    asked = sorted((r.query, r.episode) for r in world.requests.rows.values())
    assert asked == [(FRIEREN_2.romaji, 1), (FRIEREN_2.romaji, 2), (FRIEREN_2.romaji, 3)]
