"""/subscribe in a Telegram group: the handler asks Telegram (getChatMember) whether the sender
administers the group, so only its admins subscribe it; in a private chat nobody is asked."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.telegram.application import build_application, run_telegram
from domain.models import TargetKind
from tests.integration.telegram.people import GROUP_ID, Person
from tests.standins.telegram import TelegramStandIn
from tests.unit.services.airing_world import AiringWorld, airing_world

OWNER_ID, MEMBER_ID = 4001, 4002


@pytest.fixture
async def world() -> AiringWorld:
    world = airing_world()
    await world.person(str(OWNER_ID))
    await world.person(str(MEMBER_ID))
    return world


@pytest.fixture
async def standin(world: AiringWorld) -> AsyncIterator[TelegramStandIn]:
    services = world.fakes.services
    async with TelegramStandIn() as server:
        application = build_application(
            server.token,
            server.base_url,
            world.fakes.dispatcher,
            services,
            world.fakes.box.progress,
        )
        async with run_telegram(application, poll_timeout=5.0):
            yield server


async def test_only_the_groups_admins_subscribe_it(
    standin: TelegramStandIn, world: AiringWorld
) -> None:
    standin.make_chat_admin(GROUP_ID, OWNER_ID)
    member = Person(standin, MEMBER_ID, "Mia").in_group()
    owner = Person(standin, OWNER_ID, "Olga").in_group()

    refused = await member.send("/subscribe frieren")
    assert "Only this group's admins" in refused.text
    assert world.subscriptions.rows == {}

    accepted = await owner.send("/subscribe frieren auto")
    assert "This group follows Frieren: Beyond Journey's End" in accepted.text
    assert "Episode 5 airs" in accepted.text
    [subscription] = world.subscriptions.rows.values()
    assert subscription.target.kind is TargetKind.GROUP and subscription.auto_download

    listed = await member.send("/subscriptions")  # members may look
    assert f"#{subscription.id} Frieren" in listed.text
    refused = await member.send(f"/unsubscribe {subscription.id}")
    assert "isn't one of the subscriptions you can change" in refused.text
    done = await owner.send("/unsubscribe frieren")
    assert done.text.startswith("🔕 No more alerts for Frieren")
    assert len(standin.calls_of("getChatMember")) == 4  # subscribe ×2, unsubscribe ×2; not the list


async def test_a_private_chat_subscribes_the_person_without_asking_telegram(
    standin: TelegramStandIn, world: AiringWorld
) -> None:
    member = Person(standin, MEMBER_ID, "Mia")
    reply = await member.send("/subscribe frieren")
    assert reply.text.startswith("🔔 You follow Frieren")
    assert reply.button_data == [f"/unsubscribe {next(iter(world.subscriptions.rows))}"]
    assert (await member.send("/subscribe")).text.startswith("Usage: /subscribe")
    assert "knows no show" in (await member.send("/subscribe zzzz qqqq")).text
    assert "No subscriptions" not in (await member.send("/subscriptions")).text
    assert standin.calls_of("getChatMember") == []
