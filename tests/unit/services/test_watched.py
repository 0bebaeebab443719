"""✓ Watched (issue 13): an episode set as the AniList progress, never lowering it; a read-only
link refused with a line on how to sign in; at the show's last episode, an offer to mark it
completed, which takes it off the watching list. The service and `/watchlist watched|complete`
through the dispatcher, over the hand-written AniList fake."""

from __future__ import annotations

import pytest

from bot.commands import Caller, Reply
from bot.errors import UsageError
from domain.anilist.accounts import AniListAccount
from domain.anilist.queries import SAVE_COMPLETED, SAVE_PROGRESS
from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.models import ChatTarget, Platform, TargetKind, User
from tests.fakes_watchlist import FakeAniListLists, list_entry
from tests.world import World, build_world

ALICE = 5001  # Alice's AniList user id
TG = "1000"  # Alice on Telegram
FRIEREN, EVA = 154587, 30


@pytest.fixture
def world() -> World:
    lists = FakeAniListLists(
        lists={
            ALICE: [
                list_entry(FRIEREN, "Sousou no Frieren", 5, 28, 8),
                list_entry(EVA, "Shin Seiki Evangelion", 24, 26, status="FINISHED"),
            ]
        },
        tokens={"tok": ALICE},
    )
    world = build_world(admins=(TG,), lists=lists)
    world.anilist.tokens["tok"] = AniListAccount(ALICE, "alice")
    world.anilist.public["alice"] = AniListAccount(ALICE, "alice")
    return world


async def say(world: World, text: str) -> Reply:
    chat = ChatTarget(Platform.TELEGRAM, TG, TargetKind.PERSON)
    return await world.dispatcher.handle(Caller(Platform.TELEGRAM, TG, "Alice", chat=chat), text)


async def signed_in(world: World) -> User:
    await say(world, "/link token tok")
    user = await world.users.by_identity(Platform.TELEGRAM, TG)
    assert user is not None
    return user


def progress_of(world: World, media_id: int) -> int:
    [row] = [r for r in world.lists.lists[ALICE] if r["media"]["id"] == media_id]
    return int(row["progress"])


def saves(world: World) -> list[tuple[str, dict[str, object]]]:
    return [
        ("progress" if document == SAVE_PROGRESS else "completed", variables)
        for document, variables, _ in world.lists.calls
        if document in (SAVE_PROGRESS, SAVE_COMPLETED)
    ]


async def test_the_episode_becomes_the_progress_even_past_the_next_one(world: World) -> None:
    user = await signed_in(world)

    done = await world.services.watchlist.set_progress(user, FRIEREN, 7)

    assert done.changed and done.entry.progress == 7 and not done.may_complete
    assert progress_of(world, FRIEREN) == 7
    assert saves(world) == [("progress", {"mediaId": FRIEREN, "progress": 7})]
    assert world.lists.calls[-1][2] == "tok"  # written with Alice's own token


async def test_an_episode_behind_what_anilist_says_changes_nothing(world: World) -> None:
    user = await signed_in(world)
    listed = await world.services.watchlist.watchlist(user)  # cached: Alice at 5
    assert listed.entries[0].progress == 5
    world.lists.lists[ALICE][0]["progress"] = 7  # she marked 7 on AniList's site since

    done = await world.services.watchlist.set_progress(user, FRIEREN, 6)

    # Read fresh, not from the cache, which would have written 6 over her 7.
    assert not done.changed and done.entry.progress == 7
    assert progress_of(world, FRIEREN) == 7 and saves(world) == []
    same = await world.services.watchlist.set_progress(user, FRIEREN, 7)
    assert not same.changed and saves(world) == []


async def test_a_read_only_link_is_refused_and_told_how_to_sign_in(world: World) -> None:
    await say(world, "/link alice")
    user = await world.users.by_identity(Platform.TELEGRAM, TG)
    assert user is not None

    with pytest.raises(NotAllowed):
        await world.services.watchlist.set_progress(user, FRIEREN, 6)
    with pytest.raises(NotAllowed):
        await world.services.watchlist.complete(user, FRIEREN)
    reply = await say(world, f"/watchlist watched {FRIEREN} 6")

    assert len(reply.text.splitlines()) == 1 and "read-only" in reply.text
    assert "/link" in reply.text and not reply.buttons
    assert progress_of(world, FRIEREN) == 5 and saves(world) == []


async def test_past_the_last_episode_or_off_the_list_is_refused(world: World) -> None:
    user = await signed_in(world)
    with pytest.raises(InvalidInput):
        await world.services.watchlist.set_progress(user, EVA, 27)
    with pytest.raises(NotFound):
        await world.services.watchlist.set_progress(user, 999, 1)
    reply = await say(world, "/watchlist watched 999 1")
    assert reply.text.startswith("That show is not on your AniList watching list")
    assert saves(world) == []


async def test_the_last_episode_offers_to_mark_the_show_completed(world: World) -> None:
    await signed_in(world)

    reply = await say(world, f"/watchlist watched {EVA} 26")

    assert reply.text.splitlines() == [
        "Marked on AniList: Shin Seiki Evangelion — 26/26 watched, all watched",
        "That was the last episode.",
    ]
    assert [(b.label, b.command) for b in reply.buttons] == [
        ("Mark completed", f"/watchlist complete {EVA}")
    ]
    done = await say(world, f"/watchlist complete {EVA}")

    assert done.text == "Marked completed on AniList: Shin Seiki Evangelion."
    assert saves(world) == [
        ("progress", {"mediaId": EVA, "progress": 26}),
        ("completed", {"mediaId": EVA}),
    ]
    asked = len(world.lists.calls)
    listing = await say(world, "/watchlist")
    # The cached list lost the show at once, as AniList's own list did.
    assert "Evangelion" not in listing.text and len(world.lists.calls) == asked
    again = await say(world, f"/watchlist complete {EVA}")
    assert "not on your AniList watching list" in again.text
    assert len(saves(world)) == 2


async def test_watching_the_last_episode_again_still_offers_completing(world: World) -> None:
    world.lists.lists[ALICE][1]["progress"] = 26
    await signed_in(world)

    reply = await say(world, f"/watchlist watched {EVA} 25")

    assert reply.text == (
        "AniList already has you at episode 26 of Shin Seiki Evangelion, so I left it there."
    )
    assert [b.command for b in reply.buttons] == [f"/watchlist complete {EVA}"]
    assert saves(world) == []


async def test_watched_short_of_the_end_offers_what_is_next(world: World) -> None:
    await signed_in(world)

    reply = await say(world, f"/watchlist watched {FRIEREN} 6")

    assert reply.text == (
        "Marked on AniList: Sousou no Frieren — 6/28 watched, 7 aired, next: ep 7 available"
    )
    assert [b.command for b in reply.buttons] == [
        "/get Sousou no Frieren 7",
        f"/watchlist +1 {FRIEREN}",
    ]


@pytest.mark.parametrize(
    "args",
    ["watched", f"watched {FRIEREN}", f"watched {FRIEREN} 0", f"watched {FRIEREN} ５",
     "watched x 6", f"watched {FRIEREN} 100000", "complete", "complete ²"],
)  # fmt: skip
async def test_bad_numbers_get_the_usage(world: World, args: str) -> None:
    await signed_in(world)
    with pytest.raises(UsageError):
        await say(world, f"/watchlist {args}")
    assert saves(world) == []


async def test_unlinked_users_are_told_to_link(world: World) -> None:
    reply = await say(world, f"/watchlist watched {FRIEREN} 6")
    assert "/link" in reply.text and world.lists.calls == []
