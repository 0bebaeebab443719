"""Putting a Reply into a chat: plain text, split cleanly, buttons under the last part."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import BadRequest

from bot.commands import Reply
from bot.telegram.keyboards import keyboard
from bot.telegram.splitting import split_text

logger = logging.getLogger(__name__)


async def send_reply(bot: Bot, chat_id: int, reply: Reply) -> Message | None:
    """Send the reply as new messages; returns the last one (the one that carries the buttons)."""
    markup = keyboard(reply.buttons)  # a bad button fails before anything is sent
    chunks = split_text(reply.text)
    if not chunks:
        logger.warning("not sending an empty reply to chat %d", chat_id)
        return None
    return await _send_chunks(bot, chat_id, chunks, markup)


async def edit_reply(bot: Bot, message: Message, reply: Reply) -> Message | None:
    """Turn a message of the bot's (the one whose button was pressed) into the reply; parts that
    do not fit follow as new messages. Returns the message that carries the buttons."""
    markup = keyboard(reply.buttons)
    chunks = split_text(reply.text)
    if not chunks:
        logger.warning("not editing message %d into an empty reply", message.message_id)
        return None
    first, rest = chunks[0], chunks[1:]
    edited = message
    try:
        result = await bot.edit_message_text(
            first,
            chat_id=message.chat_id,
            message_id=message.message_id,
            reply_markup=None if rest else markup,
        )
        if isinstance(result, Message):
            edited = result
    except BadRequest as exc:
        # A second press of the same button changes nothing; that is fine, not an error.
        if "not modified" not in exc.message.lower():
            # Deleted, or too old to edit: the command did run, so say so in a new message.
            logger.info("could not edit message %d: %s", message.message_id, exc.message)
            return await _send_chunks(bot, message.chat_id, chunks, markup)
    if not rest:
        return edited
    return await _send_chunks(bot, message.chat_id, rest, markup)


async def _send_chunks(
    bot: Bot, chat_id: int, chunks: Sequence[str], markup: InlineKeyboardMarkup | None
) -> Message:
    last = len(chunks) - 1
    sent = [
        await bot.send_message(chat_id, chunk, reply_markup=markup if i == last else None)
        for i, chunk in enumerate(chunks)
    ]
    return sent[-1]
