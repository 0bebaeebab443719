"""/watchlist on Telegram against the AniList stand-in: the list with its buttons, and a +1
press that AniList records with the user's own token."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest

from domain.anilist.accounts import AniListAccount
from domain.anilist.client import AniListClient
from tests.fakes_watchlist import list_entry
from tests.integration.telegram.people import Person
from tests.standins.anilist import AniListStandIn
from tests.world import World, rebuilt

TOKEN = "alice-token"
ALICE = 5001


@pytest.fixture
async def anilist() -> AsyncIterator[AniListStandIn]:
    async with AniListStandIn() as server:
        server.tokens[TOKEN] = ALICE
        server.lists[ALICE] = [list_entry(154587, "Sousou no Frieren", 5, 28, 8)]
        yield server


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
def world(world: World, anilist: AniListStandIn, http: httpx.AsyncClient) -> World:
    """The Telegram tests' world, with users' lists read from the AniList stand-in."""
    world.anilist.tokens[TOKEN] = AniListAccount(ALICE, "alice")
    return replace(world, box=rebuilt(world, anilist=AniListClient(http, anilist.url)))


async def test_plus_one_press_is_saved_on_anilist(admin: Person, anilist: AniListStandIn) -> None:
    await admin.send(f"/link token {TOKEN}")
    listing = await admin.send("/watchlist")
    assert "1. Sousou no Frieren — 5/28 watched, 7 aired, next: ep 6 available" in listing.text
    assert listing.button_data == [
        "/get Sousou no Frieren 6",
        "/watchlist +1 154587",
        "/watchlist auto on",
    ]

    done = await admin.press(listing, "/watchlist +1 154587")

    assert "6/28 watched" in str(done.params.get("text"))
    assert anilist.lists[ALICE][0]["progress"] == 6
    [save] = [r for r in anilist.requests if "mutation SaveProgress" in r.query]
    assert save.authorization == f"Bearer {TOKEN}"
    assert save.variables == {"mediaId": 154587, "progress": 6}


async def test_auto_on_fetches_what_aired_past_the_progress_and_its_button_turns_it_off(
    admin: Person, anilist: AniListStandIn, world: World
) -> None:
    await admin.send(f"/link token {TOKEN}")

    # 7 aired, 5 watched: 6 is on Nyaa, 7 is not yet.
    answer = await admin.send("/watchlist auto on")

    assert answer.text.startswith("Auto-download is on.")
    assert "Fetching Sousou no Frieren episode 6 (#1)." in answer.text
    assert "1 aired episode with no release on Nyaa for you yet." in answer.text
    assert list(world.torrents.torrents_by_hash) == ["e" * 40]
    assert answer.button_data == ["/watchlist auto off"]
    [followed] = await world.subscriptions.listed()
    assert followed.from_watchlist and followed.target.chat_id == str(admin.user_id)

    off = await admin.press(answer, "/watchlist auto off")

    assert "Auto-download is off (1 show let go" in str(off.params.get("text"))
    assert await world.subscriptions.listed() == []
