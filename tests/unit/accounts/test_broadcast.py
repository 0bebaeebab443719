"""/broadcast: an admin's message queued in the outbox for every person on Telegram and
Discord, once per chat, with its audit entry; refused outright for anyone else or bad text."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.errors import UnknownCommand, UsageError
from domain.errors import InvalidInput, NotAllowed
from domain.models import ChatTarget, NotificationKind, Platform, Role, TargetKind
from domain.services.admin import MAX_BROADCAST_LENGTH
from tests.world import World, build_world

TG, DC = Platform.TELEGRAM, Platform.DISCORD
OWNER, USER, BANNED = "1000", "30", "31"


def targets(box: World) -> list[ChatTarget]:
    return sorted(
        (row.entry.target for row in box.outbox.rows.values()),
        key=lambda t: (t.platform, t.chat_id),
    )


async def owner_alone() -> World:
    box = build_world(admins=(OWNER,))
    await box.say(OWNER, "/start")
    return box


async def build_box() -> World:
    """An owner, a user on both Telegram and Discord, a banned user, and a console operator."""
    box = await owner_alone()
    w = box
    for person in (USER, BANNED):
        invite = (await box.say(OWNER, "/invite")).text
        match = re.search(r"/start (\S+)", invite)
        assert match
        await box.say(person, f"/start {match[1]}")
    user = await w.users.by_identity(TG, USER)
    banned = await w.users.by_identity(TG, BANNED)
    assert user is not None and banned is not None
    await w.users.add_identity(user.id, DC, "555")
    await box.say(OWNER, f"/ban {banned.id}")
    await w.users.create(
        platform=Platform.CONSOLE, external_id="operator", display_name="op", role=Role.OWNER
    )
    return box


async def test_an_admin_reaches_every_person_once_per_chat() -> None:
    box = await build_box()
    reply = await box.say(OWNER, "/broadcast   Maintenance tonight at 22:00 UTC  ")
    assert reply.text == "📣 Sent to 2 people."
    assert targets(box) == [
        ChatTarget(DC, "555", TargetKind.PERSON),
        ChatTarget(TG, OWNER, TargetKind.PERSON),
        ChatTarget(TG, USER, TargetKind.PERSON),
    ]
    entries = [row.entry for row in box.outbox.rows.values()]
    assert {e.event for e in entries} == {entries[0].event}
    assert entries[0].event.startswith("broadcast:")
    for entry in entries:
        assert entry.notification.kind is NotificationKind.BROADCAST
        assert entry.notification.body == "Maintenance tonight at 22:00 UTC"
    latest = box.audit.entries[-1]
    assert (latest.action, latest.detail) == ("broadcast", "Maintenance tonight at 22:00 UTC")


async def test_two_broadcasts_are_two_messages_each() -> None:
    box = await build_box()
    await box.say(OWNER, "/broadcast first")
    await box.say(OWNER, "/broadcast first")
    assert len(box.outbox.rows) == 6


async def test_an_owner_alone_on_the_box_is_told_one_person() -> None:
    box = await owner_alone()
    assert (await box.say(OWNER, "/broadcast hi")).text == "📣 Sent to 1 person."


@pytest.mark.parametrize(
    ("who", "text", "error"),
    [
        (USER, "/broadcast hello", UnknownCommand),  # admin commands do not exist for users
        (OWNER, "/broadcast", UsageError),
        (OWNER, "/broadcast    ", UsageError),
        (OWNER, "/broadcast " + "x" * (MAX_BROADCAST_LENGTH + 1), InvalidInput),
    ],
    ids=["user", "empty", "blank", "too long"],
)
async def test_refusals_write_nothing(who: str, text: str, error: type[Exception]) -> None:
    box = await build_box()
    audited = len(box.audit.entries)
    with pytest.raises(error):
        await box.say(who, text)
    assert box.outbox.rows == {}
    assert len(box.audit.entries) == audited


async def test_longest_allowed_text_goes_out() -> None:
    box = await build_box()
    await box.say(OWNER, "/broadcast " + "x" * MAX_BROADCAST_LENGTH)
    assert len(box.outbox.rows) == 3


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", InvalidInput),
        (" \n\t ", InvalidInput),
        ("y" * (MAX_BROADCAST_LENGTH + 1), InvalidInput),
    ],
)
async def test_the_service_refuses_bad_text(text: str, error: type[Exception]) -> None:
    box = await build_box()
    owner = await box.users.by_identity(TG, OWNER)
    assert owner is not None
    with pytest.raises(error):
        await box.services.admin.broadcast(owner, text)
    assert box.outbox.rows == {}


async def test_the_service_refuses_non_admins_and_banned_admins() -> None:
    box = await build_box()
    admin = box.services.admin
    user = await box.users.by_identity(TG, USER)
    owner = await box.users.by_identity(TG, OWNER)
    assert user is not None and owner is not None
    with pytest.raises(NotAllowed):
        await admin.broadcast(user, "hello")
    with pytest.raises(NotAllowed):
        await admin.broadcast(replace(owner, banned=True), "hello")
    assert box.outbox.rows == {}
