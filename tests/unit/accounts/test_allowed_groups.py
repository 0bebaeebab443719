"""ALLOWED_GROUPS: members of a listed Telegram group or Discord server get an account on their
first message, without an invite; everyone else is still refused."""

from __future__ import annotations

import pytest

from bot.commands import Caller
from bot.settings import Settings, SettingsError
from domain.errors import NotAllowed
from domain.models import ChatTarget, Platform, Role, TargetKind
from tests.fakes_accounts import FakeMembership
from tests.world import World, build_world

TG, DC = Platform.TELEGRAM, Platform.DISCORD
CLUB = "-100123"
GUILD = "4567"
ALLOWED = {(TG, CLUB), (DC, GUILD)}


def in_group(who: str, group: str) -> Caller:
    chat = ChatTarget(TG, group, TargetKind.GROUP)
    return Caller(TG, who, f"person {who}", chat=chat, group_id=group)


async def known(w: World, platform: Platform, who: str) -> bool:
    return await w.users.by_identity(platform, who) is not None


async def test_a_stranger_writing_in_an_allowed_telegram_group_gets_an_account() -> None:
    w = build_world(admins=("1000",), allowed_groups=ALLOWED)
    reply = await w.dispatcher.handle(in_group("2", CLUB), "/start")
    assert reply.text.startswith("Hi person 2")
    user = await w.users.by_identity(TG, "2")
    assert user is not None and user.role is Role.USER
    entry = w.audit.entries[-1]
    assert (entry.actor_id, entry.action, entry.detail) == (
        user.id,
        "join",
        f"member of telegram:{CLUB}",
    )


async def test_a_stranger_in_another_group_or_a_private_chat_is_refused() -> None:
    w = build_world(admins=("1000",), allowed_groups=ALLOWED)
    with pytest.raises(NotAllowed):
        await w.dispatcher.handle(in_group("2", "-100999"), "/start")
    with pytest.raises(NotAllowed):
        await w.say("2", "/start")
    assert not await known(w, TG, "2")
    assert w.audit.entries == []


async def test_a_member_of_an_allowed_group_gets_in_from_a_private_chat() -> None:
    w = build_world(admins=("1000",), allowed_groups=ALLOWED)
    membership = FakeMembership({CLUB: {"2"}})
    private = ChatTarget(TG, "2", TargetKind.PERSON)
    caller = Caller(TG, "2", "person 2", chat=private, membership=membership)
    assert (await w.dispatcher.handle(caller, "/status")).text.startswith("No downloads")
    assert membership.asked == [(CLUB, "2")]  # only Telegram's groups are asked about

    outsider = Caller(TG, "3", "person 3", chat=ChatTarget(TG, "3"), membership=membership)
    with pytest.raises(NotAllowed):
        await w.dispatcher.handle(outsider, "/status")
    assert not await known(w, TG, "3")


async def test_known_people_are_not_asked_about_again() -> None:
    w = build_world(admins=("1000",), allowed_groups=ALLOWED)
    membership = FakeMembership({CLUB: {"2"}})
    caller = Caller(TG, "2", "person 2", membership=membership)
    await w.dispatcher.handle(caller, "/start")
    await w.dispatcher.handle(caller, "/start")
    assert len(membership.asked) == 1


async def test_a_discord_server_admits_its_members_and_its_id_means_nothing_on_telegram() -> None:
    w = build_world(admins=("1000",), allowed_groups=ALLOWED)
    await w.dispatcher.handle(Caller(DC, "77", "someone", group_id=GUILD), "/start")
    assert await known(w, DC, "77")
    with pytest.raises(NotAllowed):
        await w.dispatcher.handle(in_group("2", GUILD), "/start")
    with pytest.raises(NotAllowed):
        await w.dispatcher.handle(Caller(DC, "78", "direct message"), "/start")


async def test_a_banned_member_stays_banned_in_the_group() -> None:
    w = build_world(admins=("1000",), allowed_groups=ALLOWED)
    await w.dispatcher.handle(in_group("2", CLUB), "/start")
    user = await w.users.by_identity(TG, "2")
    assert user is not None
    await w.say("1000", f"/ban {user.id}")
    with pytest.raises(NotAllowed):
        await w.dispatcher.handle(in_group("2", CLUB), "/start")


async def test_without_allowed_groups_a_group_admits_nobody() -> None:
    w = build_world(admins=("1000",))
    with pytest.raises(NotAllowed):
        await w.dispatcher.handle(in_group("2", CLUB), "/start")
    with pytest.raises(NotAllowed):
        await w.dispatcher.handle(
            Caller(TG, "2", "p", membership=FakeMembership({CLUB: {"2"}})), "/start"
        )


def test_allowed_groups_are_read_from_the_setting() -> None:
    settings = Settings.load({"ALLOWED_GROUPS": " telegram:-100123 , Discord:4567,"}, None)
    assert settings.allowed_groups == {("telegram", "-100123"), ("discord", "4567")}
    assert Settings.load({}, None).allowed_groups == frozenset()


@pytest.mark.parametrize(
    "value", ["-100123", "slack:123", "telegram:", "telegram:club", "discord:45x", "telegram-100"]
)
def test_a_malformed_allowed_group_stops_the_start_naming_the_key(value: str) -> None:
    with pytest.raises(SettingsError, match="ALLOWED_GROUPS"):
        Settings.load({"ALLOWED_GROUPS": value}, None)
