"""Issue 17: admin commands asked in a group are answered privately, like personal ones; what
goes wrong with either goes privately too; a stranger hears the refusal once a minute, no more."""

from __future__ import annotations

import pytest

from bot.commands import COMMANDS
from bot.error_text import describe
from bot.telegram.context import TelegramApplication
from domain.errors import DownloadNotFound, NotAllowed
from tests.integration.telegram.people import (
    ADMIN_ID,
    GROUP_ID,
    MEMBER_ID,
    STRANGER_ID,
    Person,
    settled,
)
from tests.standins.telegram import TelegramStandIn
from tests.world import World

LINK = "https://t.me/iiitorrent_test_bot?start="
SENT = "I've sent it to you privately."
REFUSAL = describe(NotAllowed("unknown telegram user"))


@pytest.fixture
def mia(standin: TelegramStandIn, running: TelegramApplication) -> Person:
    return Person(standin, MEMBER_ID, "Mia")


def test_every_admin_command_is_answered_privately() -> None:
    admin_only = {c.name for c in COMMANDS if c.admin_only}
    assert {"invite", "users", "audit", "stats", "broadcast"} <= admin_only
    assert all(c.answered_privately for c in COMMANDS if c.admin_only or c.personal)
    assert not any(c.answered_privately for c in COMMANDS if c.name in ("help", "search", "get"))


async def test_an_invite_asked_in_a_group_reaches_only_the_admin(
    standin: TelegramStandIn, admin: Person
) -> None:
    standin.open_chat(ADMIN_ID)
    note = await admin.in_group().send("/invite")
    assert note.text == f"Alice, {SENT}"
    (private,) = standin.sent(ADMIN_ID)
    assert "/start " in private.text
    code = private.text.split("/start ", 1)[1].split()[0]
    assert [m.text for m in standin.sent(GROUP_ID)] == [note.text]
    assert all(code not in m.text for m in standin.history(GROUP_ID))


async def test_the_user_list_asked_in_a_group_reaches_only_the_admin(
    standin: TelegramStandIn, admin: Person
) -> None:
    standin.open_chat(ADMIN_ID)
    note = await admin.in_group().send("/users")
    assert note.text == f"Alice, {SENT}"
    (private,) = standin.sent(ADMIN_ID)
    assert private.text.startswith("Users (")
    assert "Mia" in private.text
    assert [m.text for m in standin.sent(GROUP_ID)] == [note.text]


async def test_an_admin_who_never_started_the_bot_gets_a_deep_link(
    standin: TelegramStandIn, admin: Person
) -> None:
    note = await admin.in_group().send("/stats")
    assert "can't write to you privately" in note.text
    assert note.button_urls == [LINK + "cmd-stats"]
    assert standin.sent(ADMIN_ID) == []
    answer = await admin.send("/start cmd-stats")  # following the link runs it privately
    assert not answer.text.startswith("Hi ")


async def test_a_non_admin_asking_an_admin_command_hears_it_is_unknown_where_asked(
    standin: TelegramStandIn, mia: Person
) -> None:
    standin.open_chat(MEMBER_ID)
    answer = await mia.in_group().send("/invite")
    assert answer.text == "I don't know /invite. Send /help for what I can do."  # as for /foo
    assert standin.sent(MEMBER_ID) == []


async def test_an_error_of_a_personal_command_asked_in_a_group_goes_privately(
    standin: TelegramStandIn, mia: Person
) -> None:
    standin.open_chat(MEMBER_ID)
    note = await mia.in_group().send("/status 999999")
    assert note.text == f"Mia, {SENT}"
    assert [m.text for m in standin.sent(MEMBER_ID)] == [describe(DownloadNotFound(999999))]
    assert [m.text for m in standin.sent(GROUP_ID)] == [note.text]


async def test_an_error_for_someone_the_bot_may_not_write_to_gets_a_neutral_notice(
    standin: TelegramStandIn, mia: Person
) -> None:
    note = await mia.in_group().send("/status 999999")
    assert note.text.startswith("Mia, I couldn't answer you privately")
    assert "find" not in note.text  # nothing of what went wrong
    assert note.button_urls == [LINK + "cmd-status-999999"]
    assert standin.sent(MEMBER_ID) == []


async def test_an_admin_commands_error_asked_in_a_group_goes_privately(
    standin: TelegramStandIn, admin: Person
) -> None:
    standin.open_chat(ADMIN_ID)
    note = await admin.in_group().send("/ban 424242")
    assert note.text == f"Alice, {SENT}"
    (private,) = standin.sent(ADMIN_ID)
    assert "424242" in private.text
    assert [m.text for m in standin.sent(GROUP_ID)] == [note.text]


async def test_a_stranger_writing_five_times_quickly_is_refused_once(
    standin: TelegramStandIn, running: TelegramApplication, world: World
) -> None:
    stranger = Person(standin, STRANGER_ID, "Eve")
    first = await stranger.send("/start")
    assert first.text == REFUSAL
    for text in ("/status", "/get frieren 5", "/help", "/search frieren"):
        stranger.write(text)
    await settled(running, standin)
    assert [m.text for m in standin.sent(STRANGER_ID)] == [REFUSAL]
    assert world.torrents.added_sources == []
