"""ALLOWED_GROUPS through the real Telegram front-end: a stranger writing in the allowed group
gets an account, and so does one writing privately whom Telegram (getChatMember) lists in it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.telegram.application import build_application, run_telegram
from domain.models import Platform, Role
from tests.integration.telegram.people import GROUP_ID, STRANGER_ID, Person
from tests.standins.telegram import TelegramStandIn
from tests.world import World, build_world

TG = Platform.TELEGRAM


@pytest.fixture
def world() -> World:
    return build_world(admins=("1000",), allowed_groups={(TG, str(GROUP_ID))})


@pytest.fixture
async def standin(world: World) -> AsyncIterator[TelegramStandIn]:
    async with TelegramStandIn() as server:
        application = build_application(
            server.token, server.base_url, world.dispatcher, world.services, world.box.completions
        )
        async with run_telegram(application, poll_timeout=5.0):
            yield server


async def test_a_stranger_writing_in_the_allowed_group_gets_an_account(
    standin: TelegramStandIn, world: World
) -> None:
    reply = await Person(standin, STRANGER_ID, "Sam").in_group().send("/status")
    assert "not on its list" not in reply.text
    user = await world.users.by_identity(TG, str(STRANGER_ID))
    assert user is not None and user.role is Role.USER
    assert world.audit.entries[-1].detail == f"member of telegram:{GROUP_ID}"


async def test_a_member_writing_privately_is_let_in_after_telegram_says_so(
    standin: TelegramStandIn, world: World
) -> None:
    standin.open_chat(GROUP_ID, "supergroup")  # the bot is in the group; Sam is a member
    reply = await Person(standin, STRANGER_ID, "Sam").send("/start")
    assert reply.text.startswith("Hi Sam")
    asked = standin.calls_of("getChatMember")
    assert [int(c.params["chat_id"]) for c in asked] == [GROUP_ID]


async def test_someone_telegram_cannot_vouch_for_is_refused(
    standin: TelegramStandIn, world: World
) -> None:
    # The bot is not in the group (Telegram answers "chat not found"): nobody gets in through it.
    reply = await Person(standin, STRANGER_ID, "Sam").send("/start")
    assert "not on its list" in reply.text
    assert await world.users.by_identity(TG, str(STRANGER_ID)) is None
