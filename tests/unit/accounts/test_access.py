"""Default deny, invites, roles, bans and the audit log, through the chat commands."""

from __future__ import annotations

import re

import pytest

from bot.errors import UnknownCommand, UsageError
from domain.errors import InvalidInput, InvalidInvite, NotAllowed
from domain.models import Platform, Role
from tests.world import World, build_world

ADMIN = "1000"


def invite_code(text: str) -> str:
    match = re.search(r"/start (\S+)", text)
    assert match, text
    return match[1]


async def invite(w: World, args: str = "") -> str:
    return invite_code((await w.say(ADMIN, f"/invite {args}".strip())).text)


async def test_a_stranger_gets_nothing_until_they_redeem_an_invite() -> None:
    w = build_world(admins=("1000",))
    for text in ("/start", "/help", "/status", "/start not-a-code"):
        with pytest.raises(NotAllowed):
            await w.say("2", text)
    code = await invite(w)
    reply = await w.say("2", f"/start {code}")
    assert "Hi person 2" in reply.text
    assert "No downloads" in (await w.say("2", "/status")).text
    assert [e.action for e in w.audit.entries] == ["invite", "join"]


async def test_an_invite_works_as_many_times_as_it_says_and_not_after_it_expires() -> None:
    w = build_world(admins=("1000",))
    code = await invite(w, "2 3")
    await w.say("2", f"/start {code}")
    await w.say("3", f"/start {code}")
    with pytest.raises(InvalidInvite):
        await w.say("4", f"/start {code}")
    late = await invite(w, "5 1")
    w.clock.advance(86_401)
    with pytest.raises(InvalidInvite):
        await w.say("5", f"/start {late}")


async def test_a_known_user_sending_a_code_does_not_spend_it() -> None:
    w = build_world(admins=("1000",))
    code = await invite(w)
    await w.say("2", f"/start {code}")
    await w.say("2", f"/start {code}")  # again: just a hello
    assert (await w.say("2", "/start")).text.startswith("Hi")
    with pytest.raises(InvalidInvite):
        await w.say("3", f"/start {code}")


async def test_an_admin_invite_makes_an_admin_and_nobody_invites_an_owner() -> None:
    w = build_world(admins=("1000",))
    code = await invite(w, "admin")
    await w.say("2", f"/start {code}")
    assert "Users" in (await w.say("2", "/users")).text
    with pytest.raises(UsageError):
        await w.say(ADMIN, "/invite owner")


@pytest.mark.parametrize("text", ["/users", "/ban 1", "/invite", "/audit", "/promote 1"])
async def test_admin_commands_do_not_exist_for_users(text: str) -> None:
    w = build_world(admins=("1000",))
    await w.say("2", f"/start {await invite(w)}")
    with pytest.raises(UnknownCommand):
        await w.say("2", text)


async def test_a_banned_user_gets_nothing_not_even_with_a_fresh_invite() -> None:
    w = build_world(admins=("1000",))
    await w.say("2", f"/start {await invite(w)}")
    user = await w.users.by_identity(*_tg("2"))
    assert user is not None
    reply = await w.say(ADMIN, f"/ban {user.id}")
    assert "Banned" in reply.text
    for text in ("/start", "/status", f"/start {await invite(w)}"):
        with pytest.raises(NotAllowed):
            await w.say("2", text)
    await w.say(ADMIN, f"/unban #{user.id}")
    assert (await w.say("2", "/start")).text.startswith("Hi")


async def test_roles_only_reach_down_and_never_to_oneself() -> None:
    w = build_world(admins=("1000", "1001"))
    await w.say("1001", "/start")
    await w.say(ADMIN, "/start")
    other_admin = await w.users.by_identity(*_tg("1001"))
    me = await w.users.by_identity(*_tg(ADMIN))
    assert other_admin is not None and me is not None
    for text in (f"/ban {other_admin.id}", f"/demote {other_admin.id}", f"/ban {me.id}"):
        with pytest.raises(NotAllowed):
            await w.say(ADMIN, text)
    await w.say("2", f"/start {await invite(w)}")
    user = await w.users.by_identity(*_tg("2"))
    assert user is not None
    assert "now an admin" in (await w.say(ADMIN, f"/promote {user.id}")).text
    assert (await w.users.get(user.id)).role is Role.ADMIN  # type: ignore[union-attr]
    await w.users.set_role(me.id, Role.OWNER)
    assert "now a user" in (await w.say(ADMIN, f"/demote {user.id}")).text


async def test_the_audit_log_shows_who_did_what_newest_first() -> None:
    w = build_world(admins=("1000",))
    await w.say("2", f"/start {await invite(w)}")
    user = await w.users.by_identity(*_tg("2"))
    assert user is not None
    await w.say(ADMIN, f"/ban {user.id}")
    await w.say(ADMIN, f"/unban {user.id}")
    lines = (await w.say(ADMIN, "/audit 3")).text.splitlines()
    assert lines[0] == "Latest first:"
    assert [line.split()[3] for line in lines[1:]] == ["unban", "ban", "join"]
    assert f"user {user.id}" in lines[1]


@pytest.mark.parametrize("text", ["/invite lots", "/invite 1 2 3", "/ban", "/ban me", "/audit x"])
async def test_unreadable_admin_arguments_get_the_usage(text: str) -> None:
    w = build_world(admins=("1000",))
    with pytest.raises(UsageError):
        await w.say(ADMIN, text)


@pytest.mark.parametrize("text", ["/invite 0", "/invite 101", "/invite 1 500"])
async def test_out_of_range_invites_are_refused_with_the_range(text: str) -> None:
    w = build_world(admins=("1000",))
    with pytest.raises(InvalidInput, match="between"):
        await w.say(ADMIN, text)
    assert w.invites.rows == {}


def _tg(external_id: str) -> tuple[Platform, str]:
    return Platform.TELEGRAM, external_id
