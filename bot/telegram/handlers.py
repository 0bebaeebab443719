"""Telegram updates in, Dispatcher replies out. Every command and every button press goes through
the same Dispatcher the console uses; this module only translates."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging

from telegram import Bot, CallbackQuery, Chat, ChatMember, Message, Update
from telegram import User as TelegramUser
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.commands import Button, Caller, Reply
from bot.commands.arguments import split_command
from bot.error_text import describe
from bot.errors import BotError
from bot.telegram.context import TelegramContext
from bot.telegram.deeplinks import command_for, deep_link, payload_for
from bot.telegram.membership import TelegramMembership
from bot.telegram.progress import TrackedMessage
from bot.telegram.replies import edit_reply, send_reply
from bot.telegram.uploads import send_uploads
from domain.errors import DomainError, ExternalServiceError
from domain.models import ChatTarget, Platform, TargetKind

logger = logging.getLogger(__name__)

# Commands whose rules depend on whether the caller administers the group they are sent in; only
# these cost a getChatMember call.
ASKS_CHAT_ADMIN = frozenset({"subscribe", "unsubscribe"})
_CHAT_ADMINS = frozenset({ChatMember.OWNER, ChatMember.ADMINISTRATOR})
QUICK_ANSWER = 1.0  # seconds a button's command may take before the spinner is stopped anyway
SENT_PRIVATELY = "I've sent it to you privately."  # all the group hears of a private answer


def caller_of(user: TelegramUser, chat: Chat | None = None, bot: Bot | None = None) -> Caller:
    """The person and the chat; in a group, the group (for ALLOWED_GROUPS), and in a private
    chat a way to ask Telegram whether a stranger is in an allowed group."""
    name = user.full_name or user.username or str(user.id)
    target = group_id = membership = None
    if chat is not None:
        kind = TargetKind.PERSON if chat.type == Chat.PRIVATE else TargetKind.GROUP
        target = ChatTarget(Platform.TELEGRAM, str(chat.id), kind)
        if chat.type in (Chat.GROUP, Chat.SUPERGROUP):
            group_id = str(chat.id)
        elif chat.type == Chat.PRIVATE and bot is not None:
            membership = TelegramMembership(bot)
    return Caller(
        Platform.TELEGRAM,
        str(user.id),
        name,
        chat=target,
        group_id=group_id,
        membership=membership,
    )


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
    text = message.text
    if message.chat.type == Chat.PRIVATE:
        text = _from_deep_link(context, text)
    caller = await _with_chat_admin(context.bot, caller_of(user, message.chat, context.bot), text)
    in_group = caller.chat is not None and caller.chat.kind is TargetKind.GROUP
    if in_group and answers_privately(context, text):
        await _answer_privately(context, message, caller, text)
        return
    await _typing(context.bot, message.chat_id)
    reply = await context.front_end.dispatcher.handle(caller, text)
    if reply.delete_request:
        reply = _said_removed(reply, await _delete(message))
    shown = await send_reply(context.bot, message.chat_id, reply)
    _follow(context, caller, reply, shown)
    await _send_uploads(context, message.chat_id, reply)


def answers_privately(context: TelegramContext, text: str) -> bool:
    """Whether `text`, asked in a group, is answered in the asker's private chat."""
    return context.front_end.dispatcher.answers_privately(text)


def private_link_note(bot_username: str, display_name: str, text: str, wording: str) -> Reply:
    """What the group hears when the bot may not write to the asker privately yet: `wording`,
    and a button with a deep link that opens the private chat and runs the command there."""
    name, args = split_command(text)
    link = deep_link(bot_username, payload_for(name, args))
    return Reply(
        f"{display_name}, {wording}", buttons=(Button("Open a private chat", "", url=link),)
    )


def cannot_write_privately(exc: TelegramError) -> bool:
    """The asker never started the bot, or blocked it: Telegram lets them open the chat, not us."""
    if isinstance(exc, Forbidden):
        return True
    return isinstance(exc, BadRequest) and "chat not found" in exc.message.lower()


def _from_deep_link(context: TelegramContext, text: str) -> str:
    """`/start cmd-status` from a deep link is `/status`; any other /start stays as it is (an
    invite or connect code among them)."""
    name, payload = split_command(text)
    if name != "start":
        return text
    command = command_for(payload)
    if command is None or not answers_privately(context, command):
        return text
    return command


async def _answer_privately(
    context: TelegramContext, message: Message, caller: Caller, text: str
) -> None:
    """A personal or admin command asked in a group: the answer goes to the asker's private chat
    and the group hears only that it did, or gets a deep link when the bot may not write to them
    yet. What goes wrong goes privately too (`bot/telegram/errors.py`)."""
    bot, user_id = context.bot, int(caller.external_id)
    private = dataclasses.replace(
        caller, chat=ChatTarget(Platform.TELEGRAM, caller.external_id, TargetKind.PERSON)
    )
    reply = await context.front_end.dispatcher.handle(private, text)
    if reply.delete_request:
        reply = _said_removed(reply, await _delete(message))
    try:
        shown = await send_reply(bot, user_id, reply)
    except (Forbidden, BadRequest) as exc:
        if not cannot_write_privately(exc):
            raise
        logger.info("cannot write to user %s privately: %s", caller.external_id, exc.message)
        note = private_link_note(
            bot.username,
            caller.display_name,
            text,
            "I can't write to you privately yet: open a chat with me, press Start, and you'll "
            "get the answer there.",
        )
        await send_reply(bot, message.chat_id, note)
        return
    _follow(context, private, reply, shown)
    await _send_uploads(context, user_id, reply)
    await send_reply(bot, message.chat_id, Reply(f"{caller.display_name}, {SENT_PRIVATELY}"))


async def _send_uploads(context: TelegramContext, chat_id: int, reply: Reply) -> None:
    if reply.uploads:
        await send_uploads(context.bot, chat_id, reply.uploads, context.front_end.upload_limit)


async def on_button(update: Update, context: TelegramContext) -> None:
    """A button's callback data is a command; it runs as whoever pressed, never as whoever asked
    for the buttons, so the Dispatcher's ownership checks apply to the presser."""
    query = update.callback_query
    if query is None:
        return
    if not query.data:
        await _answer(query)
        return
    caller = await _with_chat_admin(
        context.bot, caller_of(query.from_user, update.effective_chat, context.bot), query.data
    )
    in_group = caller.chat is not None and caller.chat.kind is TargetKind.GROUP
    if in_group and answers_privately(context, query.data):
        await _button_privately(context, query, caller)
        return
    # A refusal (someone else's button, an expired list, not found) is quick and shown to the
    # presser alone, leaving the message as it was; slow work stops the spinner first.
    task = asyncio.ensure_future(context.front_end.dispatcher.handle(caller, query.data))
    done, _ = await asyncio.wait({task}, timeout=QUICK_ANSWER)
    if done:
        refusal = task.exception()
        if isinstance(refusal, DomainError | BotError) and not isinstance(
            refusal, ExternalServiceError
        ):
            logger.info("button refused for %s: %s", caller.external_id, refusal)
            await _answer(query, describe(refusal))
            return
    await _answer(query)
    reply = await task
    message = query.message
    shown: Message | None
    if isinstance(message, Message):
        shown = await edit_reply(context.bot, message, reply)
    elif update.effective_chat is not None:
        shown = await send_reply(context.bot, update.effective_chat.id, reply)
    else:
        return
    _follow(context, caller, reply, shown)
    if shown is not None:
        await _send_uploads(context, shown.chat_id, reply)


async def _button_privately(context: TelegramContext, query: CallbackQuery, caller: Caller) -> None:
    """A personal or admin button pressed in a group (a completion notice's "Files", say): the
    answer goes to the presser's private chat and the group message stays as it was. A refusal
    is shown to the presser alone; one who never started the bot is taken to its private chat,
    where the deep link runs the command again."""
    bot, data = context.bot, query.data or ""
    private = dataclasses.replace(
        caller, chat=ChatTarget(Platform.TELEGRAM, caller.external_id, TargetKind.PERSON)
    )
    try:
        reply = await context.front_end.dispatcher.handle(private, data)
    except (DomainError, BotError) as refusal:
        if isinstance(refusal, ExternalServiceError):
            raise  # the error handler tells the presser privately
        logger.info("button refused for %s: %s", caller.external_id, refusal)
        await _answer(query, describe(refusal))
        return
    try:
        shown = await send_reply(bot, int(caller.external_id), reply)
    except (Forbidden, BadRequest) as exc:
        if not cannot_write_privately(exc):
            raise
        logger.info("cannot write to user %s privately: %s", caller.external_id, exc.message)
        name, args = split_command(data)
        await _answer_with_link(query, deep_link(bot.username, payload_for(name, args)))
        return
    await _answer(query, SENT_PRIVATELY, alert=False)
    _follow(context, private, reply, shown)
    await _send_uploads(context, int(caller.external_id), reply)


async def _answer(query: CallbackQuery, text: str | None = None, *, alert: bool = True) -> None:
    try:
        await query.answer(text, show_alert=alert and text is not None)
    except BadRequest as exc:
        logger.debug("callback query %s could not be answered: %s", query.id, exc.message)


async def _answer_with_link(query: CallbackQuery, url: str) -> None:
    """Telegram opens `url` for the presser: a t.me link to the bot with a start parameter."""
    try:
        await query.answer(url=url)
    except BadRequest as exc:
        logger.debug("callback query %s could not be answered: %s", query.id, exc.message)


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
    tracked = TrackedMessage(context.bot, shown.chat_id, shown.message_id, shown.text or reply.text)
    context.front_end.progress.track(tracked.key, caller, reply.track_download, tracked)


async def _with_chat_admin(bot: Bot, caller: Caller, text: str) -> Caller:
    """The caller, saying whether they administer the group, for the commands that care."""
    chat = caller.chat
    if chat is None or chat.kind is not TargetKind.GROUP:
        return caller
    name, _ = split_command(text)
    if name not in ASKS_CHAT_ADMIN:
        return caller
    try:
        member = await bot.get_chat_member(int(chat.chat_id), int(caller.external_id))
    except (TelegramError, ValueError) as exc:
        # Unknown counts as "not an admin": the group's subscriptions stay as they are.
        logger.warning("could not ask Telegram who administers chat %s: %s", chat.chat_id, exc)
        return caller
    return dataclasses.replace(caller, is_chat_admin=member.status in _CHAT_ADMINS)


async def _delete(message: Message) -> bool:
    """Remove a message that carried a secret; in a group the bot may lack the right to."""
    try:
        await message.delete()
    except TelegramError as exc:
        logger.warning("could not delete a message holding a secret: %s", type(exc).__name__)
        return False
    return True


def _said_removed(reply: Reply, removed: bool) -> Reply:
    """The reply, saying truthfully what became of the message that held the secret."""
    if removed:
        return dataclasses.replace(
            reply, text=f"{reply.text} I removed your message with the token."
        )
    return dataclasses.replace(
        reply,
        text=(
            f"{reply.text}\n⚠️ I couldn't remove your message with the token from that chat: "
            "delete it yourself, and if others saw it, revoke the token on AniList "
            "(Settings → Apps)."
        ),
    )


async def _typing(bot: Bot, chat_id: int) -> None:
    # Searching Nyaa can take seconds; "typing…" tells the user the bot heard them.
    with contextlib.suppress(TelegramError):
        await bot.send_chat_action(chat_id, ChatAction.TYPING)
