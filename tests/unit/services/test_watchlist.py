"""The watchlist over fakes: what has aired, +1 written back with the user's token, read-only
links refused a write, a refused token dropping the link, the cache, and the sync job."""

from __future__ import annotations

import pytest

from domain.anilist.accounts import AniListAccount
from domain.errors import InvalidInput, NotAllowed, NotFound, RateLimited, RelinkNeeded
from domain.models import Platform, Role, User
from tests.fakes_watchlist import FakeAniListLists, list_entry
from tests.world import World, build_world

TOKEN = "tok-alice"
ALICE = 5001


async def linked(world: World, who: str = "1000", *, token: str = TOKEN) -> User:
    world.anilist.tokens[token] = AniListAccount(ALICE, "alice")
    world.lists.tokens[token] = ALICE
    await world.say(who, f"/link token {token}")
    user = await world.users.by_identity(Platform.TELEGRAM, who)
    assert user is not None
    return user


@pytest.fixture
def world() -> World:
    lists = FakeAniListLists(
        lists={
            ALICE: [
                list_entry(154587, "Sousou no Frieren", 5, 28, 8),
                list_entry(21, "One Piece", 1100, None, 1101),
                list_entry(30, "Shin Seiki Evangelion", 26, 26, status="FINISHED"),
            ]
        },
        private={ALICE},
    )
    return build_world(admins=("1000",), lists=lists)


async def test_the_list_says_what_has_aired(world: World) -> None:
    user = await linked(world)
    listed = await world.services.watchlist.watchlist(user)
    summary = [(e.title, e.progress, e.aired, e.next_available) for e in listed.entries]
    assert summary == [
        ("Sousou no Frieren", 5, 7, True),
        ("One Piece", 1100, 1100, False),
        ("Shin Seiki Evangelion", 26, 26, False),
    ]
    # A private list is read with the user's own token.
    assert {token for _, _, token in world.lists.calls} == {TOKEN}


async def test_plus_one_is_written_back_with_the_users_token(world: World) -> None:
    user = await linked(world)
    saved = await world.services.watchlist.advance(user, 154587)
    assert saved.progress == 6 and saved.next_available
    assert world.lists.lists[ALICE][0]["progress"] == 6
    _, variables, token = world.lists.calls[-1]
    assert variables == {"mediaId": 154587, "progress": 6} and token == TOKEN
    # The cache knows at once; AniList is not asked again.
    asked = len(world.lists.calls)
    listed = await world.services.watchlist.watchlist(user)
    assert listed.entries[0].progress == 6 and len(world.lists.calls) == asked


async def test_plus_one_past_the_last_episode_or_off_the_list_is_refused(
    world: World,
) -> None:
    user = await linked(world)
    with pytest.raises(InvalidInput):
        await world.services.watchlist.advance(user, 30)
    with pytest.raises(NotFound):
        await world.services.watchlist.advance(user, 999)
    assert world.lists.lists[ALICE][2]["progress"] == 26


async def test_a_read_only_link_reads_the_public_list_but_cannot_write(
    world: World,
) -> None:
    world.lists.private.clear()
    world.anilist.public["alice"] = AniListAccount(ALICE, "alice")
    await world.say("1000", "/link alice")
    user = await world.users.by_identity(Platform.TELEGRAM, "1000")
    assert user is not None
    listed = await world.services.watchlist.watchlist(user)
    assert len(listed.entries) == 3
    assert world.lists.calls[-1][2] is None  # no token
    with pytest.raises(NotAllowed):
        await world.services.watchlist.advance(user, 154587)
    assert world.lists.lists[ALICE][0]["progress"] == 5


async def test_a_token_anilist_refuses_drops_the_link(world: World) -> None:
    user = await linked(world)
    del world.lists.tokens[TOKEN]  # revoked on AniList's side
    with pytest.raises(RelinkNeeded):
        await world.services.watchlist.watchlist(user)
    assert world.links.rows == {}
    with pytest.raises(RelinkNeeded):
        await world.services.watchlist.watchlist(user)


async def test_a_fresh_list_comes_from_the_cache(world: World) -> None:
    user = await linked(world)
    await world.services.watchlist.watchlist(user)
    asked = len(world.lists.calls)
    world.clock.advance(9 * 60)
    await world.services.watchlist.watchlist(user)
    assert len(world.lists.calls) == asked
    world.clock.advance(2 * 60)
    await world.services.watchlist.watchlist(user)
    assert len(world.lists.calls) == asked + 1


async def test_a_busy_anilist_shows_the_last_list_marked_stale(world: World) -> None:
    user = await linked(world)
    first = await world.services.watchlist.watchlist(user)
    world.clock.advance(30 * 60)
    world.lists.rate_limited_after = len(world.lists.calls)
    again = await world.services.watchlist.watchlist(user)
    assert again.stale and again.entries == first.entries and again.as_of == first.as_of


async def test_a_busy_anilist_with_nothing_cached_says_so(world: World) -> None:
    user = await linked(world)
    world.lists.rate_limited_after = 0
    with pytest.raises(RateLimited):
        await world.services.watchlist.watchlist(user)


async def test_the_sync_job_refreshes_stale_lists_and_stops_at_a_429() -> None:
    lists = FakeAniListLists()
    world = build_world(admins=("1000",), lists=lists)
    link_service = world.services.anilist
    assert link_service is not None
    for n in range(3):
        token, anilist_id = f"tok-{n}", 6000 + n
        world.anilist.tokens[token] = AniListAccount(anilist_id, f"u{n}")
        lists.tokens[token] = anilist_id
        lists.lists[anilist_id] = [list_entry(100 + n, f"Show {n}", 0, 12, 3)]
        user = await world.users.create(
            platform=Platform.TELEGRAM, external_id=f"u{n}", display_name=f"u{n}", role=Role.USER
        )
        await link_service.link_token(user, token)

    lists.rate_limited_after = 1  # one list, then AniList says 429 and means it
    assert await world.services.watchlist.sync_due() == 1
    assert len(lists.calls) == 1  # nobody else was tried against the 429

    lists.rate_limited_after = None
    world.clock.advance(60)
    assert await world.services.watchlist.sync_due() == 2  # the fresh one is left alone
    assert await world.services.watchlist.sync_due() == 0
    world.clock.advance(11 * 60)
    assert await world.services.watchlist.sync_due() == 3

    # /watchlist now answers from what the job fetched, without asking AniList.
    asked = len(lists.calls)
    someone = await world.users.by_identity(Platform.TELEGRAM, "u1")
    assert someone is not None
    listed = await world.services.watchlist.watchlist(someone)
    assert [e.title for e in listed.entries] == ["Show 1"] and len(lists.calls) == asked


async def test_the_sync_job_skips_a_dead_token_and_goes_on() -> None:
    lists = FakeAniListLists()
    world = build_world(admins=("1000",), lists=lists)
    link_service = world.services.anilist
    assert link_service is not None
    for n in range(2):
        token, anilist_id = f"tok-{n}", 6000 + n
        world.anilist.tokens[token] = AniListAccount(anilist_id, f"u{n}")
        lists.tokens[token] = anilist_id
        lists.lists[anilist_id] = []
        user = await world.users.create(
            platform=Platform.TELEGRAM, external_id=f"u{n}", display_name=f"u{n}", role=Role.USER
        )
        await link_service.link_token(user, token)
    del lists.tokens["tok-0"]
    assert await world.services.watchlist.sync_due() == 1
    assert [link.username for link in world.links.rows.values()] == ["u1"]
