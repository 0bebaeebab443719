"""The command menus Telegram shows under "/", one per scope, registered at start.

Private chats list what a member may run; groups list only what makes sense in front of others
(personal things such as /link or /quota belong in a private chat); each bootstrap admin's private
chat lists everything, admin commands included. Buttons' own commands (/pick) are in no menu.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)

from bot.commands import Command
from bot.formatting import shorten

MAX_DESCRIPTION = 256
BUTTON_ONLY = frozenset({"pick"})
IN_GROUPS = frozenset(
    {"help", "search", "get", "status", "subscribe", "unsubscribe", "subscriptions"}
)


def menu(
    commands: Sequence[Command], *, admin: bool = False, only: Collection[str] | None = None
) -> list[BotCommand]:
    """The entries of one menu, in the command list's order. Pure."""
    return [
        BotCommand(command.name, shorten(command.summary, MAX_DESCRIPTION))
        for command in commands
        if command.name not in BUTTON_ONLY
        and (admin or not command.admin_only)
        and (only is None or command.name in only)
    ]


def menus(
    commands: Sequence[Command], admin_chats: Collection[int] = ()
) -> list[tuple[BotCommandScope, list[BotCommand]]]:
    """Every scope with its menu. Pure."""
    members = menu(commands)
    scoped: list[tuple[BotCommandScope, list[BotCommand]]] = [
        (BotCommandScopeDefault(), members),
        (BotCommandScopeAllPrivateChats(), members),
        (BotCommandScopeAllGroupChats(), menu(commands, only=IN_GROUPS)),
    ]
    everything = menu(commands, admin=True)
    scoped += [(BotCommandScopeChat(chat), everything) for chat in sorted(admin_chats)]
    return scoped


async def register_commands(
    bot: Bot, commands: Sequence[Command], admin_chats: Collection[int] = ()
) -> None:
    for scope, entries in menus(commands, admin_chats):
        await bot.set_my_commands(entries, scope=scope)
