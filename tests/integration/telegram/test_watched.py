"""✓ Watched on Telegram (issue 13), through the real python-telegram-bot, the Telegram stand-in
and the AniList stand-in (which runs every document on AniList's real schema): an episode the
watchlist fetched by itself finishes, its private notice has "✓ Watched", and pressing it saves
that episode as the progress on AniList with the user's token; at the last episode the answer
offers "Mark completed", which AniList saves as COMPLETED."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.telegram.context import TelegramApplication
from bot.telegram.notifier import TelegramNotifier
from domain.anilist.accounts import AniListAccount
from domain.anilist.client import AniListClient
from domain.models import Platform
from tests.fakes_watchlist import list_entry
from tests.integration.telegram.people import ADMIN_ID, Person
from tests.standins.anilist import AniListStandIn, SavedEntry
from tests.standins.telegram import ChatMessage, TelegramStandIn
from tests.world import World, rebuilt

TOKEN = "alice-token"
ALICE = 5001  # Alice's AniList user id
FRIEREN = 154587
EPISODE_6 = "e" * 40  # tests/integration/telegram/people.py's Frieren 06


@pytest.fixture
async def anilist() -> AsyncIterator[AniListStandIn]:
    async with AniListStandIn() as server:
        server.tokens[TOKEN] = ALICE
        # 7 of 28 aired, 5 watched; Nyaa has episode 6.
        server.lists[ALICE] = [list_entry(FRIEREN, "Sousou no Frieren", 5, 28, 8)]
        yield server


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
def world(world: World, anilist: AniListStandIn, http: httpx.AsyncClient) -> World:
    """The Telegram tests' world, with users' lists read from and written to the stand-in."""
    world.anilist.tokens[TOKEN] = AniListAccount(ALICE, "alice")
    return dataclasses.replace(world, box=rebuilt(world, anilist=AniListClient(http, anilist.url)))


@pytest.fixture
def notifying(world: World, running: TelegramApplication) -> World:
    """The outbox delivers through the running bot, as bot/app.py wires it."""
    world.box.notifiers[Platform.TELEGRAM] = TelegramNotifier(running.bot)
    return world


def _notice(standin: TelegramStandIn, title: str) -> ChatMessage:
    [found] = [m for m in standin.sent(ADMIN_ID) if m.text.startswith(title)]
    return found


def _labels(message: ChatMessage) -> list[str]:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


async def test_watched_pressed_under_a_watchlist_downloads_notice_is_saved_on_anilist(
    admin: Person, anilist: AniListStandIn, notifying: World, standin: TelegramStandIn
) -> None:
    world = notifying
    await admin.send(f"/link token {TOKEN}")
    answer = await admin.send("/watchlist auto on")
    assert "Fetching Sousou no Frieren episode 6 (#1)." in answer.text

    world.torrents.finish(EPISODE_6)
    await world.box.completions.poll()
    await world.box.outbox.dispatch()

    notice = _notice(standin, "Download complete")
    assert notice.button_data == [
        "/files 1",
        "/status 1",
        f"/watchlist watched {FRIEREN} 6",
        f"/watchlist get {FRIEREN} 7",
    ]
    assert _labels(notice) == ["Files", "Status", "✓ Watched", "Next episode"]

    done = await admin.press(notice, f"/watchlist watched {FRIEREN} 6")

    assert "Marked on AniList: Sousou no Frieren — 6/28 watched" in str(done.params.get("text"))
    assert anilist.saves == [SavedEntry(ALICE, FRIEREN, 6, None)]
    [save] = [r for r in anilist.requests if "mutation SaveProgress" in r.query]
    assert save.authorization == f"Bearer {TOKEN}"
    assert save.variables == {"mediaId": FRIEREN, "progress": 6}


async def test_the_last_episode_watched_offers_completing_and_anilist_saves_it(
    admin: Person, anilist: AniListStandIn
) -> None:
    anilist.set_entry(ALICE, FRIEREN, progress=27)
    await admin.send(f"/link token {TOKEN}")

    answer = await admin.send(f"/watchlist watched {FRIEREN} 28")

    assert "28/28 watched" in answer.text and "That was the last episode." in answer.text
    assert answer.button_data == [f"/watchlist complete {FRIEREN}"]
    done = await admin.press(answer, f"/watchlist complete {FRIEREN}")

    assert "Marked completed on AniList: Sousou no Frieren." in str(done.params.get("text"))
    assert anilist.saves == [
        SavedEntry(ALICE, FRIEREN, 28, None),
        SavedEntry(ALICE, FRIEREN, None, "COMPLETED"),
    ]
    row = anilist.entry(ALICE, FRIEREN)
    assert row is not None and (row["status"], row["progress"]) == ("COMPLETED", 28)


async def test_a_read_only_link_is_told_how_to_sign_in(
    admin: Person, anilist: AniListStandIn, world: World
) -> None:
    world.anilist.public["alice"] = AniListAccount(ALICE, "alice")
    await admin.send("/link alice")

    answer = await admin.send(f"/watchlist watched {FRIEREN} 6")

    assert "read-only" in answer.text and "/link" in answer.text
    assert len(answer.text.splitlines()) == 1
    assert anilist.saves == []
