"""The `Notifier` port on Telegram: a notification becomes one message, actions become buttons.

Telegram's answers map onto the outbox's retry rules: flood control (429) is `DeliveryFailed`
with its `retry_after`; a bot blocked, kicked, or a chat deleted is `TargetGone`; network trouble
and other refusals are `DeliveryFailed`, tried again later by the dispatcher. Pacing is the Bot's:
the application's `OutgoingLimiter` (bot/telegram/ratelimit.py) paces notifications together with
replies and progress edits, so a burst of alerts and a user's /status share one budget.
"""

from __future__ import annotations

import logging

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.telegram.keyboards import MAX_CALLBACK_DATA
from bot.telegram.ratelimit import retry_seconds
from bot.telegram.splitting import split_text
from domain.errors import DeliveryFailed, TargetGone
from domain.models import ChatTarget, Notification, Platform

logger = logging.getLogger(__name__)

# BadRequest texts that mean the chat will never take a message again.
_GONE_TEXTS = ("chat not found", "user is deactivated", "group chat was deactivated")


def render(notification: Notification) -> tuple[str, InlineKeyboardMarkup | None]:
    """Title, body and link as plain text; actions whose command fits callback data as buttons."""
    lines = [notification.title, notification.body]
    if notification.url:
        lines.append(notification.url)
    text = "\n".join(line for line in lines if line)
    buttons = [
        [InlineKeyboardButton(a.label, callback_data=a.command)]
        for a in notification.actions
        if 1 <= len(a.command.encode("utf-8")) <= MAX_CALLBACK_DATA
    ]
    return text, InlineKeyboardMarkup(buttons) if buttons else None


class TelegramNotifier:
    platform = Platform.TELEGRAM

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def deliver(self, target: ChatTarget, notification: Notification) -> None:
        try:
            chat_id = int(target.chat_id)
        except ValueError as exc:
            raise TargetGone(f"{target.chat_id!r} is not a Telegram chat id") from exc
        text, markup = render(notification)
        chunks = split_text(text)
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            await self._send(chat_id, chunk, markup if last else None)

    async def _send(self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None) -> None:
        try:
            await self._bot.send_message(chat_id, text, reply_markup=markup)
        except RetryAfter as exc:
            # The limiter already waited and retried; the outbox tries again later.
            raise DeliveryFailed(
                f"Telegram flood control for chat {chat_id}", retry_seconds(exc)
            ) from exc
        except Forbidden as exc:
            raise TargetGone(f"Telegram chat {chat_id}: {exc.message}") from exc
        except ChatMigrated as exc:
            # The group became a supergroup: the old id is gone for good.
            raise TargetGone(f"Telegram chat {chat_id} moved to {exc.new_chat_id}") from exc
        except BadRequest as exc:
            if any(text in exc.message.lower() for text in _GONE_TEXTS):
                raise TargetGone(f"Telegram chat {chat_id}: {exc.message}") from exc
            raise DeliveryFailed(f"Telegram refused a message to {chat_id}: {exc.message}") from exc
        except TelegramError as exc:
            raise DeliveryFailed(f"Telegram chat {chat_id}: {exc}") from exc
