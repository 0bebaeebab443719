"""/watchlist through the dispatcher, as the console and both chats run it."""

from __future__ import annotations

import pytest

from bot.errors import UsageError
from domain.anilist.accounts import AniListAccount
from domain.errors import TooManyRequests
from tests.fakes import release
from tests.fakes_watchlist import FakeAniListLists, list_entry
from tests.world import World, build_world

ALICE = 5001
LONG = "Kono Subarashii Sekai ni Shukufuku wo! Kurenai Densetsu Extra Edition"


@pytest.fixture
async def world() -> World:
    lists = FakeAniListLists(
        lists={
            ALICE: [
                list_entry(21, "One Piece", 1100, None, 1101),
                list_entry(154587, "Sousou no Frieren", 5, 12, 8),
                list_entry(99, LONG, 0, 1, status="FINISHED"),
            ]
        },
        tokens={"tok": ALICE},
    )
    world = build_world(admins=("1000",), lists=lists)
    world.anilist.tokens["tok"] = AniListAccount(ALICE, "alice")
    return world


async def test_unlinked_users_are_told_to_link(world: World) -> None:
    reply = await world.say("1000", "/watchlist")
    assert "/link" in reply.text and not reply.buttons
    assert world.lists.calls == []


async def test_rows_and_buttons(world: World) -> None:
    await world.say("1000", "/link token tok")
    reply = await world.say("1000", "/watchlist")
    lines = reply.text.splitlines()
    assert lines[0] == "Watching on AniList (alice):"
    # Shows with an episode to fetch come first.
    assert lines[1] == "1. Sousou no Frieren — 5/12 watched, 7 aired, next: ep 6 available"
    assert lines[2].startswith("2. Kono Subarashii")
    assert lines[2].endswith("— 0/1 watched, next: ep 1 available")
    assert lines[3].startswith("3. One Piece — 1100/? watched, 1100 aired, caught up; ep 1101 airs")
    commands = [(b.label, b.command) for b in reply.buttons]
    assert commands == [
        ("1. Get ep 6", "/get Sousou no Frieren 6"),
        ("+1", "/watchlist +1 154587"),
        ("2. Get ep 1", "/watchlist get 99 1"),  # the /get would not fit a button
        ("+1", "/watchlist +1 99"),
        ("Auto-download: turn on", "/watchlist auto on"),
    ]
    assert lines[-1] == "Auto-download is off: turn it on and new episodes come by themselves."
    assert all(len(b.command.encode()) <= 64 for b in reply.buttons)


async def test_plus_one_marks_it_on_anilist(world: World) -> None:
    await world.say("1000", "/link token tok")
    reply = await world.say("1000", "/watchlist +1 154587")
    assert (
        reply.text
        == "Marked on AniList: Sousou no Frieren — 6/12 watched, 7 aired, next: ep 7 available"
    )
    assert [b.command for b in reply.buttons] == [
        "/get Sousou no Frieren 7",
        "/watchlist +1 154587",
    ]
    assert world.lists.lists[ALICE][1]["progress"] == 6


async def test_a_read_only_link_cannot_plus_one(world: World) -> None:
    world.anilist.public["alice"] = AniListAccount(ALICE, "alice")
    await world.say("1000", "/link alice")
    listing = await world.say("1000", "/watchlist")
    assert [b.label for b in listing.buttons] == [
        "1. Get ep 6",
        "2. Get ep 1",
        "Auto-download: turn on",
    ]  # no +1
    reply = await world.say("1000", "/watchlist +1 154587")
    assert "read-only" in reply.text and "/link" in reply.text
    assert world.lists.lists[ALICE][1]["progress"] == 5


@pytest.mark.parametrize(
    "args", ["+1", "+1 abc", "+1 -4", "get 99", "get x 1", "get 99 one", "more", "+1 9999999999"]
)
async def test_bad_arguments_get_the_usage(world: World, args: str) -> None:
    await world.say("1000", "/link token tok")
    with pytest.raises(UsageError):
        await world.say("1000", f"/watchlist {args}")
    assert world.lists.lists[ALICE][1]["progress"] == 5


async def test_get_by_id_for_a_show_no_longer_listed(world: World) -> None:
    await world.say("1000", "/link token tok")
    reply = await world.say("1000", "/watchlist get 4242 1")
    assert "no longer on your AniList" in reply.text


@pytest.mark.parametrize("text", ["/unlink ²", "/unlink me", "/unlink <b>x</b>"])
async def test_unlink_with_words_after_it_is_a_slip_and_keeps_the_link(
    world: World, text: str
) -> None:
    await world.say("1000", "/link token tok")
    with pytest.raises(UsageError) as refused:
        await world.say("1000", text)
    assert str(refused.value) == "usage: /unlink"
    assert (await world.say("1000", "/watchlist")).text.startswith("Watching on AniList")
    assert (await world.say("1000", "/unlink")).text == "AniList link forgotten."


async def test_a_get_button_is_paced_like_get() -> None:
    lists = FakeAniListLists(
        lists={ALICE: [list_entry(154587, "Sousou no Frieren", 5, 12, 8)]}, tokens={"tok": ALICE}
    )
    shows = [release(f"[SubsPlease] Sousou no Frieren - {n:02d} (1080p).mkv") for n in (6, 7)]
    world = build_world(admins=(), lists=lists, releases=shows, rate_limit_get=1)
    world.anilist.tokens["tok"] = AniListAccount(ALICE, "alice")
    await world.person("2000")
    await world.say("2000", "/link token tok")
    added = await world.say("2000", "/watchlist get 154587 6")
    assert added.text.startswith("Added #1: [SubsPlease] Sousou no Frieren - 06")
    with pytest.raises(TooManyRequests):
        await world.say("2000", "/watchlist get 154587 7")
    with pytest.raises(TooManyRequests):
        await world.say("2000", "/get frieren 7")  # one budget for both
