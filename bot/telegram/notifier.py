"""The `Notifier` port on Telegram: a notification becomes one message, actions become buttons.

Telegram's answers map onto the outbox's retry rules: flood control (429) is `DeliveryFailed`
with its `retry_after`; a bot blocked, kicked, or a chat deleted is `TargetGone`; network trouble
and other refusals are `DeliveryFailed`, tried again later by the dispatcher. Pacing stays within
Telegram's limits: about one message a second per chat, 20 a minute per group, 30 a second in all.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.telegram.keyboards import MAX_CALLBACK_DATA
from bot.telegram.splitting import split_text
from domain.errors import DeliveryFailed, TargetGone
from domain.models import ChatTarget, Notification, Platform, TargetKind

logger = logging.getLogger(__name__)

# BadRequest texts that mean the chat will never take a message again.
_GONE_TEXTS = ("chat not found", "user is deactivated", "group chat was deactivated")


class RateWindow:
    """At most `limit` events per `period` seconds; `wait` sleeps until the next one may go."""

    def __init__(self, limit: int, period: float) -> None:
        self._limit = limit
        self._period = period
        self._times: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        async with self._lock:
            while True:
                now = loop.time()
                while self._times and now - self._times[0] >= self._period:
                    self._times.popleft()
                if len(self._times) < self._limit:
                    self._times.append(now)
                    return
                await asyncio.sleep(self._period - (now - self._times[0]))


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

    def __init__(
        self,
        bot: Bot,
        *,
        per_second: int = 30,
        per_chat_second: int = 1,
        per_group_minute: int = 20,
    ) -> None:
        self._bot = bot
        self._overall = RateWindow(per_second, 1.0)
        self._per_chat_second = per_chat_second
        self._per_group_minute = per_group_minute
        self._chats: dict[str, RateWindow] = {}

    def _chat_window(self, target: ChatTarget) -> RateWindow:
        window = self._chats.get(target.chat_id)
        if window is None:
            if target.kind is TargetKind.GROUP:
                window = RateWindow(self._per_group_minute, 60.0)
            else:
                window = RateWindow(self._per_chat_second, 1.0)
            self._chats[target.chat_id] = window
        return window

    async def deliver(self, target: ChatTarget, notification: Notification) -> None:
        try:
            chat_id = int(target.chat_id)
        except ValueError as exc:
            raise TargetGone(f"{target.chat_id!r} is not a Telegram chat id") from exc
        text, markup = render(notification)
        chunks = split_text(text)
        await self._chat_window(target).wait()
        for index, chunk in enumerate(chunks):
            await self._overall.wait()
            last = index == len(chunks) - 1
            await self._send(chat_id, chunk, markup if last else None)

    async def _send(self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None) -> None:
        try:
            await self._bot.send_message(chat_id, text, reply_markup=markup)
        except RetryAfter as exc:
            retry_after = exc.retry_after
            seconds = (
                retry_after.total_seconds()
                if hasattr(retry_after, "total_seconds")
                else retry_after
            )
            raise DeliveryFailed(
                f"Telegram flood control for chat {chat_id}", float(seconds)
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
