"""Personal commands asked in a group: the answer goes to the asker's private chat, and the group
hears only that it did, or gets a deep link when the bot may not write to them yet."""

from __future__ import annotations

import pytest

from bot.commands import COMMANDS
from bot.telegram.context import TelegramApplication
from domain.models import ChatTarget, Platform, TargetKind
from tests.integration.telegram.people import GROUP_ID, MEMBER_ID, Person
from tests.standins.feeds import releases
from tests.standins.nyaa import build_feed
from tests.standins.telegram import TelegramStandIn
from tests.world import World

NO_DOWNLOADS = "No downloads yet. Try /get frieren 5."
LINK = "https://t.me/iiitorrent_test_bot?start="


@pytest.fixture
def mia(standin: TelegramStandIn, running: TelegramApplication) -> Person:
    return Person(standin, MEMBER_ID, "Mia")


def test_the_personal_commands_are_marked() -> None:
    personal = {c.name for c in COMMANDS if c.personal}
    assert personal == {
        "status",
        "settings",
        "link",
        "files",
        "quota",
        "connect",
        "watchlist",
        "feeds",
    }


async def test_status_asked_in_a_group_is_answered_privately(
    standin: TelegramStandIn, mia: Person
) -> None:
    standin.open_chat(MEMBER_ID)  # Mia started the bot once
    note = await mia.in_group().send("/status")
    assert note.text == "Mia, I've sent it to you privately."
    assert [m.text for m in standin.sent(MEMBER_ID)] == [NO_DOWNLOADS]
    assert [m.text for m in standin.sent(GROUP_ID)] == [note.text]


async def test_settings_asked_in_a_group_never_show_there(
    standin: TelegramStandIn, mia: Person
) -> None:
    standin.open_chat(MEMBER_ID)
    private = await mia.send("/settings")  # what Mia sees when she asks privately
    note = await mia.in_group().send("/settings")
    assert note.text == "Mia, I've sent it to you privately."
    assert [m.text for m in standin.sent(MEMBER_ID)] == [private.text, private.text]
    assert [m.text for m in standin.sent(GROUP_ID)] == [note.text]


async def test_a_feed_added_in_a_group_is_answered_and_announced_privately(
    standin: TelegramStandIn, mia: Person, world: World
) -> None:
    standin.open_chat(MEMBER_ID)
    url = "https://feeds.example/rss?passkey=0123456789abcdef"  # a private tracker's address
    world.feed_source.bodies[url] = build_feed(list(releases("Frieren", 1)))
    note = await mia.in_group().send(f"/feeds add {url} frieren action=both")
    assert note.text == "Mia, I've sent it to you privately."
    assert [m.text for m in standin.sent(GROUP_ID)] == [note.text]  # no address, no filters
    assert standin.sent(MEMBER_ID)[-1].text.startswith("Added feed #1")
    [feed] = world.feeds.rows.values()
    assert feed.reply_to == ChatTarget(Platform.TELEGRAM, str(MEMBER_ID), TargetKind.PERSON)

    listing = await mia.in_group().send("/feeds")
    assert listing.text == note.text
    assert "passkey" in standin.sent(MEMBER_ID)[-1].text  # the list, privately


async def test_someone_who_never_started_the_bot_gets_a_deep_link(
    standin: TelegramStandIn, mia: Person
) -> None:
    note = await mia.in_group().send("/status")
    assert "can't write to you privately" in note.text
    assert note.button_urls == [LINK + "cmd-status"]
    refused = standin.calls_of("sendMessage")
    assert any(c.chat_id == MEMBER_ID and c.error_code == 403 for c in refused)
    assert standin.sent(MEMBER_ID) == []

    # Following the link: Telegram opens the private chat and sends /start with the payload.
    answer = await mia.send("/start cmd-status")
    assert answer.text == NO_DOWNLOADS


async def test_the_deep_link_keeps_a_download_number(standin: TelegramStandIn, mia: Person) -> None:
    standin.open_chat(MEMBER_ID)
    await mia.send("/get frieren 5")
    asked_privately = await mia.send("/status 1")
    standin.forget_chat(MEMBER_ID)  # Mia blocked the bot since
    note = await mia.in_group().send("/status 1")
    assert note.button_urls == [LINK + "cmd-status-1"]
    answer = await mia.send("/start cmd-status-1")
    assert answer.text == asked_privately.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/start", "Hi Mia!"),  # no payload: the greeting
        ("/start cmd-delete-1-yes", "Hi Mia!"),  # not a personal command: no effect
        ("/start cmd-link-someone", "Hi Mia!"),  # arguments a link may not carry
    ],
)
async def test_other_start_payloads_only_greet(mia: Person, text: str, expected: str) -> None:
    answer = await mia.send(text)
    assert answer.text.startswith(expected)


async def test_other_commands_in_a_group_are_answered_there(
    standin: TelegramStandIn, mia: Person
) -> None:
    standin.open_chat(MEMBER_ID)
    reply = await mia.in_group().send("/help")
    assert reply.text.startswith("What I can do:")
    assert standin.sent(MEMBER_ID) == []
