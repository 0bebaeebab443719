"""The one error handler: the user gets `describe(exc)`, the log gets the details.

A personal or admin command asked in a group is answered privately, and so is what went wrong
with it: the group hears only that the answer went to the asker. A stranger hears that this is
a private box at most once a minute per chat (the Dispatcher's `refusals`); otherwise nothing.
"""

from __future__ import annotations

import logging

from telegram import Chat, Update
from telegram import User as TelegramUser
from telegram.error import Forbidden, TelegramError

from bot.commands import Reply
from bot.error_text import describe
from bot.errors import BotError, UnknownCommand
from bot.telegram.context import TelegramContext
from bot.telegram.handlers import (
    SENT_PRIVATELY,
    answers_privately,
    caller_of,
    cannot_write_privately,
    private_link_note,
)
from bot.telegram.replies import send_reply
from domain.errors import DomainError, ExternalServiceError, InvalidInvite, NotAllowed

logger = logging.getLogger(__name__)

NO_PRIVATE_CHAT = "I couldn't answer you privately — start a chat with me, and ask there."


async def on_error(update: object, context: TelegramContext) -> None:
    exc = context.error
    if exc is None:
        return
    who = _who(update)
    if isinstance(exc, ExternalServiceError):
        # Expected, but an admin wants to notice Nyaa or qBittorrent being down.
        logger.warning("%s failed for %s: %s", exc.service, who, exc)
    elif isinstance(exc, DomainError | BotError):
        logger.info("refused %s: %s: %s", who, type(exc).__name__, exc)
    else:
        logger.error("unexpected error handling an update from %s", who, exc_info=exc)
    if isinstance(exc, Forbidden):
        return  # the bot was blocked or removed from the chat: nobody to tell
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is None:
        return
    if _keeps_out(exc) and not context.front_end.dispatcher.refusals.may_refuse(
        f"telegram:{chat.id}"
    ):
        logger.info("not refusing %s again in chat %d so soon", who, chat.id)
        return
    text = describe(exc)
    asked = _asked_privately(update, context, exc)
    if asked is not None:
        user, command = asked
        await _tell_privately(context, chat.id, user, command, text)
        return
    try:
        await context.bot.send_message(chat.id, text)
    except TelegramError as send_error:
        logger.warning("could not tell chat %d what went wrong: %s", chat.id, send_error)


def _keeps_out(exc: BaseException) -> bool:
    """Whether `exc` refuses someone the box does not let in: a stranger or a banned user
    (`NotAllowed` itself), or a stranger's wrong code (`InvalidInvite`). Those are told at most
    once a minute per chat; a member's refusal (a spent connect code, a rank, a group's rules)
    is an answer like any other, each time."""
    return type(exc) is NotAllowed or isinstance(exc, InvalidInvite)


def _asked_privately(
    update: object, context: TelegramContext, exc: BaseException
) -> tuple[TelegramUser, str] | None:
    """Who asked and the command text (typed, or a button's), when it was asked in a group and is
    answered privately; None otherwise.
    A stranger's refusal and an unknown command (admin commands are unknown to everyone else)
    stay where they were asked, as for any other command."""
    if isinstance(exc, NotAllowed | UnknownCommand) or not isinstance(update, Update):
        return None
    message, query = update.message, update.callback_query
    chat, user = update.effective_chat, update.effective_user
    text = message.text if message is not None else query.data if query is not None else None
    if text is None or user is None:
        return None
    if chat is None or chat.type not in (Chat.GROUP, Chat.SUPERGROUP):
        return None
    return (user, text) if answers_privately(context, text) else None


async def _tell_privately(
    context: TelegramContext, group_id: int, user: TelegramUser, asked: str, text: str
) -> None:
    """What went wrong, in the asker's private chat; the group hears only that it went there,
    or, when the bot may not write to them, a neutral notice with a way to open that chat."""
    bot = context.bot
    name = caller_of(user).display_name
    try:
        await bot.send_message(user.id, text)
    except TelegramError as private_error:
        if not cannot_write_privately(private_error):
            logger.warning("could not tell user %d privately: %s", user.id, private_error)
        note = private_link_note(bot.username, name, asked, NO_PRIVATE_CHAT)
        try:
            await send_reply(bot, group_id, note)
        except TelegramError as send_error:
            logger.warning("could not tell chat %d to start a chat: %s", group_id, send_error)
        return
    try:
        await send_reply(bot, group_id, Reply(f"{name}, {SENT_PRIVATELY}"))
    except TelegramError as send_error:
        logger.warning("could not tell chat %d where the answer went: %s", group_id, send_error)


def _who(update: object) -> str:
    if isinstance(update, Update) and update.effective_user is not None:
        return f"telegram user {update.effective_user.id}"
    return "no user"
