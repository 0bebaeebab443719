"""Notifications to direct messages and channels, through discord.py's HTTP client."""

from __future__ import annotations

import pytest

from bot.discord.client import DiscordBot
from bot.discord.notifier import DiscordNotifier
from domain.errors import DeliveryFailed, TargetGone
from domain.models import (
    Action,
    ChatTarget,
    Notification,
    NotificationKind,
    Platform,
    TargetKind,
)
from tests.integration.discord.people import CHANNEL_ID, GUILD_ID, MEMBER_ID
from tests.standins.discord import DiscordStandIn

DONE = Notification(
    NotificationKind.DOWNLOAD_COMPLETED,
    "Sousou no Frieren - 05 is ready",
    "1.3 GiB, fetched in 4 minutes.",
    actions=(Action("Get it", "/get frieren 6"),),
    url="https://box.example/files/abc?sig=1",
)


def person(user_id: int) -> ChatTarget:
    return ChatTarget(Platform.DISCORD, str(user_id), TargetKind.PERSON)


def channel(channel_id: int) -> ChatTarget:
    return ChatTarget(Platform.DISCORD, str(channel_id), TargetKind.GROUP)


async def test_a_person_gets_a_direct_message_with_an_embed_and_a_button(
    standin: DiscordStandIn, running: DiscordBot
) -> None:
    await DiscordNotifier(running).deliver(person(MEMBER_ID), DONE)

    opened = [c for c in standin.calls if c.path == "/users/@me/channels"]
    assert [c.body for c in opened] == [{"recipient_id": MEMBER_ID}]
    (message,) = standin.in_channel(int(standin.calls[-1].path.split("/")[2]))
    assert message.embeds[0]["title"] == "Sousou no Frieren - 05 is ready"
    assert message.embeds[0]["url"] == DONE.url
    assert message.custom_ids == ["run:/get frieren 6"]


async def test_a_person_who_blocks_direct_messages_is_gone_not_retried(
    standin: DiscordStandIn, running: DiscordBot
) -> None:
    standin.block_dms(MEMBER_ID)

    with pytest.raises(TargetGone, match="does not accept direct messages"):
        await DiscordNotifier(running).deliver(person(MEMBER_ID), DONE)
    sends = [c for c in standin.calls if c.method == "POST" and c.path.endswith("/messages")]
    assert [(c.status, c.code) for c in sends] == [(403, 50007)]  # asked once, not again


async def test_a_channel_that_no_longer_exists_is_gone(
    standin: DiscordStandIn, running: DiscordBot
) -> None:
    with pytest.raises(TargetGone):
        await DiscordNotifier(running).deliver(channel(123456789), DONE)


async def test_a_rate_limit_is_waited_out_and_the_alert_still_arrives(
    standin: DiscordStandIn, running: DiscordBot
) -> None:
    standin.add_channel(CHANNEL_ID, GUILD_ID)
    standin.fail_next("POST", f"/channels/{CHANNEL_ID}/messages", retry_after=0.3)

    await DiscordNotifier(running).deliver(channel(CHANNEL_ID), DONE)

    refused, accepted = [c for c in standin.calls if c.path == f"/channels/{CHANNEL_ID}/messages"]
    assert (refused.status, accepted.status) == (429, 200)
    assert accepted.at - refused.at >= 0.3
    assert len(standin.in_channel(CHANNEL_ID)) == 1


async def test_a_rate_limit_longer_than_worth_waiting_is_handed_back_to_retry_later(
    standin: DiscordStandIn, running: DiscordBot
) -> None:
    standin.add_channel(CHANNEL_ID, GUILD_ID)
    standin.fail_next("POST", f"/channels/{CHANNEL_ID}/messages", retry_after=600)

    with pytest.raises(DeliveryFailed) as caught:
        await DiscordNotifier(running).deliver(channel(CHANNEL_ID), DONE)
    assert not isinstance(caught.value, TargetGone)
    assert caught.value.retry_after == 600


async def test_a_hostile_notification_fits_discords_limits_and_pings_nobody(
    standin: DiscordStandIn, running: DiscordBot
) -> None:
    standin.add_channel(CHANNEL_ID, GUILD_ID)
    hostile = Notification(
        NotificationKind.NEW_EPISODE,
        "@everyone " + "**Frieren** " * 60,
        "<@&1> " + "x" * 9000,
        actions=(Action("Get it", "/get " + "y" * 200),),  # too long for a button: left off
    )

    await DiscordNotifier(running).deliver(channel(CHANNEL_ID), hostile)

    (message,) = standin.in_channel(CHANNEL_ID)
    shown = message.embeds[0]
    assert len(shown["title"]) <= 256 and shown["title"].startswith("@\u200beveryone \\*\\*")
    assert len(shown["description"]) <= 4096
    assert message.allowed_mentions == {"parse": []}
    assert message.custom_ids == []


@pytest.mark.parametrize("chat_id", ["", "general", "-5", "12ab"])
async def test_a_target_that_is_not_a_discord_id_is_gone(running: DiscordBot, chat_id: str) -> None:
    with pytest.raises(TargetGone):
        await DiscordNotifier(running).deliver(ChatTarget(Platform.DISCORD, chat_id), DONE)
