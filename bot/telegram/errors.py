"""The one error handler: the user gets `describe(exc)`, the log gets the details."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.error_text import describe
from bot.errors import BotError
from bot.telegram.context import TelegramContext
from domain.errors import DomainError, ExternalServiceError

logger = logging.getLogger(__name__)


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
    try:
        await context.bot.send_message(chat.id, describe(exc))
    except TelegramError as send_error:
        logger.warning("could not tell chat %d what went wrong: %s", chat.id, send_error)


def _who(update: object) -> str:
    if isinstance(update, Update) and update.effective_user is not None:
        return f"telegram user {update.effective_user.id}"
    return "no user"
