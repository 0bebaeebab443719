"""One person, both platforms: a /connect code shown on one platform and entered on the other
makes one account of the two identities. Codes work once, for ten minutes, for their owner only;
two accounts' downloads are never merged."""

from __future__ import annotations

import re

import pytest

from bot.commands import Caller
from bot.errors import UsageError
from domain.errors import (
    IdentityTaken,
    InvalidConnectCode,
    InvalidInput,
    InvalidInvite,
    NotAllowed,
)
from domain.models import ChatTarget, Platform, TargetKind
from domain.security.codes import code_hash
from tests.fakes import release
from tests.world import World, build_world

ADMIN = "1000"
TG, DC = Platform.TELEGRAM, Platform.DISCORD
SHOW = [release(f"[SubsPlease] Frieren - {n:02d} (1080p) [ABCD]") for n in range(1, 4)]


def code_in(text: str, command: str) -> str:
    match = re.search(rf"/{command} (\S+)", text)
    assert match, text
    return match[1]


async def member(w: World, who: str, platform: Platform = TG) -> None:
    """`who` joins on `platform` with an invite from the admin."""
    code = code_in((await w.say(ADMIN, "/invite")).text, "start")
    await w.say(who, f"/start {code}", platform)


async def connect_code(w: World, who: str, platform: Platform = TG) -> str:
    return code_in((await w.say(who, "/connect", platform)).text, "connect")


async def test_a_download_made_on_telegram_shows_on_discord_once_connected() -> None:
    w = build_world(admins=("1000",), releases=SHOW)
    await member(w, "2")
    await w.say("2", "/get frieren 1")
    code = await connect_code(w, "2")
    with pytest.raises(NotAllowed):
        await w.say("77", "/status", DC)  # a stranger on Discord, before

    reply = await w.say("77", f"/connect {code}", DC)

    assert "Connected: this Discord account" in reply.text
    assert "Frieren - 01" in (await w.say("77", "/status", DC)).text
    await w.say("77", "/get frieren 2", DC)
    telegram_status = (await w.say("2", "/status")).text
    assert "Frieren - 01" in telegram_status and "Frieren - 02" in telegram_status
    telegram = await w.users.by_identity(TG, "2")
    discord = await w.users.by_identity(DC, "77")
    assert telegram is not None and telegram == discord
    assert w.audit.entries[-1].action == "connect"
    assert w.audit.entries[-1].detail == "discord identity"


async def test_a_stranger_may_also_redeem_a_connect_code_with_start() -> None:
    w = build_world(admins=("1000",))
    await member(w, "2")
    code = await connect_code(w, "2")
    reply = await w.say("77", f"/start {code}", DC)
    assert reply.text.startswith("Hi person 2")  # the account's name: it is the same account
    assert await w.users.by_identity(DC, "77") == await w.users.by_identity(TG, "2")


async def test_the_code_is_stored_only_as_a_hash_and_expires_in_ten_minutes() -> None:
    w = build_world(admins=("1000",))
    await member(w, "2")
    code = await connect_code(w, "2")
    assert code not in w.codes.issued and code_hash(code) in w.codes.issued
    w.clock.advance(601)
    with pytest.raises(InvalidInvite):
        await w.say("77", f"/connect {code}", DC)
    assert await w.users.by_identity(DC, "77") is None


async def test_a_code_works_just_under_ten_minutes() -> None:
    w = build_world(admins=("1000",))
    await member(w, "2")
    code = await connect_code(w, "2")
    w.clock.advance(599)
    assert "Connected" in (await w.say("77", f"/connect {code}", DC)).text


async def test_a_code_works_once() -> None:
    w = build_world(admins=("1000",))
    await member(w, "2")
    await member(w, "3", DC)
    code = await connect_code(w, "2")
    await w.say("77", f"/connect {code}", DC)
    with pytest.raises(InvalidInvite):
        await w.say("78", f"/connect {code}", DC)  # a stranger replaying it
    with pytest.raises(InvalidConnectCode):
        await w.say("3", f"/connect {code}", DC)  # someone known replaying it
    assert await w.users.by_identity(DC, "78") is None
    assert await w.users.by_identity(DC, "3") != await w.users.by_identity(TG, "2")


@pytest.mark.parametrize(
    "code",
    ["not-a-code", "x" * 65, "AAAAAAAAAAAAAAAA"],
    ids=["garbage", "too-long", "plausible"],
)
async def test_unknown_codes_connect_nobody(code: str) -> None:
    w = build_world(admins=("1000",))
    await member(w, "3", DC)
    with pytest.raises(InvalidInvite):
        await w.say("77", f"/connect {code}", DC)
    with pytest.raises(InvalidConnectCode):
        await w.say("3", f"/connect {code}", DC)
    assert await w.users.by_identity(DC, "77") is None


async def test_an_invite_code_is_not_a_connect_code_for_someone_known() -> None:
    w = build_world(admins=("1000",))
    await member(w, "3", DC)
    invite = code_in((await w.say(ADMIN, "/invite")).text, "start")
    with pytest.raises(InvalidConnectCode):
        await w.say("3", f"/connect {invite}", DC)
    await w.say("4", f"/start {invite}")  # and it is still good for a newcomer
    assert await w.users.by_identity(TG, "4") is not None


async def test_someone_known_sending_start_with_a_connect_code_does_not_spend_it() -> None:
    w = build_world(admins=("1000",))
    await member(w, "2")
    await member(w, "3", DC)
    code = await connect_code(w, "2")
    assert (await w.say("3", f"/start {code}", DC)).text.startswith("Hi person 3")
    assert "Connected" in (await w.say("77", f"/connect {code}", DC)).text


async def test_an_identity_whose_account_has_downloads_is_refused_and_nothing_moves() -> None:
    w = build_world(admins=("1000",), releases=SHOW)
    await member(w, "2")
    await member(w, "3", DC)
    await w.say("3", "/get frieren 3", DC)
    code = await connect_code(w, "2")

    with pytest.raises(IdentityTaken) as refused:
        await w.say("3", f"/connect {code}", DC)

    assert refused.value.platform == "discord"
    assert "Frieren - 03" in (await w.say("3", "/status", DC)).text
    assert "Frieren - 03" not in (await w.say("2", "/status")).text
    assert [e.action for e in w.audit.entries].count("connect") == 0


async def test_an_identity_whose_account_has_no_downloads_moves_over_and_says_so() -> None:
    w = build_world(admins=("1000",), releases=SHOW)
    await member(w, "2")
    await member(w, "3", DC)
    await w.say("2", "/get frieren 1")
    old = await w.users.by_identity(DC, "3")
    assert old is not None
    code = await connect_code(w, "2")

    reply = await w.say("3", f"/connect {code}", DC)

    assert f"#{old.id}, no downloads" in reply.text
    assert "Frieren - 01" in (await w.say("3", "/status", DC)).text
    assert w.audit.entries[-1].detail == f"discord identity, moved from user {old.id}"


async def test_entering_ones_own_code_on_the_same_account_changes_nothing() -> None:
    w = build_world(admins=("1000",))
    await member(w, "2")
    code = await connect_code(w, "2")
    assert "already connected" in (await w.say("2", f"/connect {code}")).text


async def test_a_code_is_not_shown_in_a_group_chat() -> None:
    w = build_world(admins=("1000",))
    await member(w, "2")
    group = ChatTarget(TG, "-100555", TargetKind.GROUP)
    reply = await w.dispatcher.handle(Caller(TG, "2", "person 2", chat=group), "/connect")
    assert "private chat" in reply.text
    assert not re.search(r"/connect [\w-]{16}", reply.text)
    assert w.codes.issued == {}


async def test_a_banned_accounts_code_and_a_banned_identity_connect_nothing() -> None:
    w = build_world(admins=("1000",))
    await member(w, "2")
    await member(w, "3", DC)
    code = await connect_code(w, "2")
    two = await w.users.by_identity(TG, "2")
    three = await w.users.by_identity(DC, "3")
    assert two is not None and three is not None
    await w.say(ADMIN, f"/ban {two.id}")
    with pytest.raises(InvalidInvite):
        await w.say("77", f"/connect {code}", DC)

    await w.say(ADMIN, f"/unban {two.id}")
    fresh = await connect_code(w, "2")
    await w.say(ADMIN, f"/ban {three.id}")
    with pytest.raises(NotAllowed):
        await w.say("3", f"/connect {fresh}", DC)
    assert await w.users.by_identity(DC, "3") == await w.users.get(three.id)


async def test_the_console_is_no_chat_account_to_connect() -> None:
    w = build_world(admins=("1000",))
    await member(w, "2")
    code = await connect_code(w, "2")
    with pytest.raises(InvalidInput, match="console"):
        await w.say("operator", f"/connect {code}", Platform.CONSOLE)
    assert "Connected" in (await w.say("77", f"/connect {code}", DC)).text  # still unspent


@pytest.mark.parametrize("text", ["/connect one two", "/connect a b c"])
async def test_more_than_one_word_gets_the_usage(text: str) -> None:
    w = build_world(admins=("1000",))
    await member(w, "2")
    with pytest.raises(UsageError):
        await w.say("2", text)
