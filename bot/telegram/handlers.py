"""Telegram updates in, Dispatcher replies out. Every command and every button press goes through
the same Dispatcher the console uses; this module only translates."""

from __future__ import annotations

import contextlib
import logging

from telegram import Bot, Chat, Message, Update
from telegram import User as TelegramUser
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.commands import Caller, Reply
from bot.telegram.context import TelegramContext
from bot.telegram.progress import TrackedMessage
from bot.telegram.replies import edit_reply, send_reply
from domain.models import ChatTarget, Platform, TargetKind

logger = logging.getLogger(__name__)


def caller_of(user: TelegramUser, chat: Chat | None = None) -> Caller:
    name = user.full_name or user.username or str(user.id)
    target = None
    if chat is not None:
        kind = TargetKind.PERSON if chat.type == Chat.PRIVATE else TargetKind.GROUP
        target = ChatTarget(Platform.TELEGRAM, str(chat.id), kind)
    return Caller(Platform.TELEGRAM, str(user.id), name, chat=target)


def addressed_elsewhere(text: str, bot_username: str) -> bool:
    """`/help@OtherBot` in a group is for another bot; `/help` and `/help@us` are for us."""
    head = text.split(maxsplit=1)[0] if text.strip() else ""
    _, at, target = head.partition("@")
    return bool(at) and target.casefold() != bot_username.casefold()


async def on_command(update: Update, context: TelegramContext) -> None:
    message, user = update.message, update.effective_user
    if message is None or message.text is None or user is None:
        return
    if addressed_elsewhere(message.text, context.bot.username):
        return
    caller = caller_of(user, message.chat)
    await _typing(context.bot, message.chat_id)
    reply = await context.front_end.dispatcher.handle(caller, message.text)
    if reply.delete_request:
        await _delete(message)
    shown = await send_reply(context.bot, message.chat_id, reply)
    _follow(context, caller, reply, shown)


async def on_button(update: Update, context: TelegramContext) -> None:
    """A button's callback data is a command; it runs as whoever pressed, never as whoever asked
    for the buttons, so the Dispatcher's ownership checks apply to the presser."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer()  # stops the spinner on the presser's button at once
    except BadRequest as exc:
        logger.debug("callback query %s could not be answered: %s", query.id, exc.message)
    if not query.data:
        return
    caller = caller_of(query.from_user, update.effective_chat)
    reply = await context.front_end.dispatcher.handle(caller, query.data)
    message = query.message
    shown: Message | None
    if isinstance(message, Message):
        shown = await edit_reply(context.bot, message, reply)
    elif update.effective_chat is not None:
        shown = await send_reply(context.bot, update.effective_chat.id, reply)
    else:
        return
    _follow(context, caller, reply, shown)


def handlers() -> list[BaseHandler[Update, TelegramContext, None]]:
    """Every handler the application registers, in order."""
    return [
        # Only new messages: editing an old "/delete 3 yes" must not run it again.
        MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, on_command),
        CallbackQueryHandler(on_button),
    ]


def _follow(context: TelegramContext, caller: Caller, reply: Reply, shown: Message | None) -> None:
    if reply.track_download is None or shown is None:
        return
    tracked = TrackedMessage(shown.chat_id, shown.message_id, shown.text or reply.text)
    context.front_end.progress.track(context.bot, caller, reply.track_download, tracked)


async def _delete(message: Message) -> None:
    """Remove a message that carried a secret; in a group the bot may lack the right to."""
    try:
        await message.delete()
    except TelegramError as exc:
        logger.warning("could not delete a message holding a secret: %s", type(exc).__name__)


async def _typing(bot: Bot, chat_id: int) -> None:
    # Searching Nyaa can take seconds; "typing…" tells the user the bot heard them.
    with contextlib.suppress(TelegramError):
        await bot.send_chat_action(chat_id, ChatAction.TYPING)
