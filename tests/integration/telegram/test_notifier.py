"""The Telegram notifier against the Bot API stand-in: one message with its buttons, and
flood control turned into a retry the outbox honours."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from bot.telegram.notifier import TelegramNotifier
from domain.errors import DeliveryFailed, TargetGone
from domain.models import Action, ChatTarget, Notification, NotificationKind, Platform, TargetKind
from tests.standins.telegram import TelegramStandIn

DONE = Notification(
    NotificationKind.DOWNLOAD_COMPLETED,
    "Download complete",
    "#3 [SubsPlease] Frieren - 05 (1080p).mkv (1.4 GB)",
    actions=(Action("Status", "/status 3"), Action("Too long", "/get " + "x" * 80)),
)


@pytest.fixture
async def bot() -> AsyncIterator[tuple[TelegramStandIn, Bot]]:
    async with TelegramStandIn() as standin, Bot(standin.token, base_url=standin.base_url) as bot:
        yield standin, bot


async def test_a_notification_arrives_as_one_message_with_its_buttons(
    bot: tuple[TelegramStandIn, Bot],
) -> None:
    standin, telegram = bot
    standin.push_message(555, "/get frieren 5")  # the person has talked to the bot
    await TelegramNotifier(telegram).deliver(ChatTarget(Platform.TELEGRAM, "555"), DONE)
    [message] = standin.sent(555)
    assert message.text.startswith("Download complete\n#3 [SubsPlease] Frieren - 05")
    # A button whose command cannot fit Telegram's callback data is left out, not fatal.
    assert message.button_data == ["/status 3"]


async def test_flood_control_becomes_a_retry_with_telegrams_wait(
    bot: tuple[TelegramStandIn, Bot],
) -> None:
    standin, telegram = bot
    standin.push_message(1, "/start", chat_id=-100555, chat_type="supergroup")
    standin.fail_next("sendMessage", retry_after=7)
    target = ChatTarget(Platform.TELEGRAM, "-100555", TargetKind.GROUP)
    with pytest.raises(DeliveryFailed) as caught:
        await TelegramNotifier(telegram).deliver(target, DONE)
    assert caught.value.retry_after == 7
    assert standin.sent() == []


@pytest.mark.parametrize("chat_id", ["general", "424242"])
async def test_a_chat_that_cannot_be_reached_is_gone(
    bot: tuple[TelegramStandIn, Bot], chat_id: str
) -> None:
    _, telegram = bot
    with pytest.raises(TargetGone):
        await TelegramNotifier(telegram).deliver(ChatTarget(Platform.TELEGRAM, chat_id), DONE)
