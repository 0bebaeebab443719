"""Bad input and broken neighbours: each gets a clear reply, and the bot keeps answering."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.telegram.application import build_application, run_telegram
from domain.models import Platform, Release, RequestState, Role
from tests.fakes import FakeIndex
from tests.integration.telegram.people import (
    ADMIN_ID,
    FRIEREN,
    MEMBER_ID,
    RELEASES,
    REPLY_WITHIN,
    Person,
)
from tests.standins.telegram import TelegramStandIn
from tests.world import World, build_world


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/get", "Usage: /get <title> <episode> [again]  or  /get <magnet link>"),
        ("/get    ", "Usage: /get <title> <episode> [again]  or  /get <magnet link>"),
        ("/get x 999999", "I can't use that: episode must be between 0 and 5000."),
        ("/get frieren 99999", "I can't use that: episode must be between 0 and 5000."),
        ("/get magnet:?xt=urn:btih:nothex", "That magnet link doesn't look right: info hash"),
        (
            "/get magnet:?dn=no-hash",
            "That magnet link doesn't look right: a magnet link must name exactly one",
        ),
        ("/search", "Usage: /search <words>"),
        ("/search " + "frieren " * 1250, "That message is too long for me (over 4096 characters)."),
        ("/pause", "Usage: /pause <download number>  (see /status)"),
        ("/pause 12345678901234567890", "Usage: /pause <download number>  (see /status)"),
        ("/resume 7", "I can't find that download among yours. /status lists them."),
        ("/delete 1 maybe", "Usage: /delete <download number> [yes|files]"),
    ],
)
async def test_bad_input_gets_a_clear_reply_and_nothing_is_added(
    admin: Person, world: World, text: str, expected: str
) -> None:
    answer = await admin.send(text)

    assert answer.text.startswith(expected)
    assert world.torrents.added_sources == []
    assert world.downloads.rows == {}
    assert all(r.state is RequestState.FAILED for r in world.requests.rows.values())
    # ...and the bot is still there for the next message.
    assert (await admin.send("/start")).text.startswith("Hi Alice!")


async def test_a_10000_character_message_is_refused_without_reaching_the_index(
    admin: Person, world: World
) -> None:
    answer = await admin.send("/get " + "x" * 10_000 + " 5")

    assert answer.text == "That message is too long for me (over 4096 characters)."
    assert world.index.queries == []
    assert world.requests.rows == {}


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        ("index", "Nyaa isn't answering right now. Please try again in a minute."),
        ("torrents", "qBittorrent isn't answering right now. Please try again in a minute."),
    ],
)
async def test_a_neighbour_down_gets_a_clear_reply_and_the_next_try_works(
    admin: Person, world: World, broken: str, expected: str
) -> None:
    neighbour = world.index if broken == "index" else world.torrents
    neighbour.down = True

    answer = await admin.send("/get frieren 5")

    assert answer.text == expected
    [request] = world.requests.rows.values()
    assert request.state is RequestState.FAILED
    assert world.downloads.rows == {}
    assert (await admin.send("/help")).text.startswith("What I can do:")

    neighbour.down = False
    assert (await admin.send("/get frieren 5")).text.startswith("Added #1:")


async def test_anilist_down_still_gets_the_episode_by_the_words_as_typed(
    admin: Person, world: World
) -> None:
    world.catalog.down = True

    answer = await admin.send("/get frieren 5")

    assert answer.text.startswith("Added #1: [SubsPlease] Sousou no Frieren - 05 (1080p)")


class HangingIndex(FakeIndex):
    """Nyaa taking its time: every search waits until the test lets it go."""

    def __init__(self, releases: list[Release]) -> None:
        super().__init__(releases)
        self.waiting = 0
        self.gate = asyncio.Event()

    async def search(self, query: str, *, category: str = "1_2") -> list[Release]:
        self.waiting += 1
        try:
            await self.gate.wait()
        finally:
            self.waiting -= 1
        return await super().search(query, category=category)


@pytest.fixture
async def slow(standin: TelegramStandIn) -> AsyncIterator[HangingIndex]:
    index = HangingIndex(RELEASES)
    world = build_world(media=[FRIEREN], admins=[str(ADMIN_ID)], index=index)
    await world.users.create(
        platform=Platform.TELEGRAM, external_id=str(MEMBER_ID), display_name="Mia", role=Role.USER
    )
    application = build_application(
        standin.token, standin.base_url, world.dispatcher, world.services, world.box.completions
    )
    async with run_telegram(application, poll_timeout=5.0):
        try:
            yield index
        finally:
            index.gate.set()


async def test_a_hanging_nyaa_holds_up_only_the_chat_that_asked(
    slow: HangingIndex, standin: TelegramStandIn
) -> None:
    admin, member = Person(standin, ADMIN_ID, "Alice"), Person(standin, MEMBER_ID, "Mia")
    admin.write("/search frieren")
    await standin.wait_until(lambda: slow.waiting == 1)
    admin.write("/start")

    # Someone else is answered while the search hangs...
    assert (await member.send("/start")).text.startswith("Hi Mia!")
    # ...but the asker's own later message waits its turn, so answers never arrive out of order.
    assert standin.sent(admin.chat) == []

    slow.gate.set()
    await standin.wait_until(lambda: len(standin.sent(admin.chat)) == 2, REPLY_WITHIN)
    first, second = standin.sent(admin.chat)
    assert first.text.startswith("Best releases for “frieren”")
    assert second.text.startswith("Hi Alice!")
