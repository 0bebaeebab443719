"""The command menu Telegram shows under "/", registered at start from the command list."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Bot, BotCommand, BotCommandScopeDefault

from bot.commands import Command
from bot.formatting import shorten

MAX_DESCRIPTION = 256


def menu(commands: Sequence[Command]) -> list[BotCommand]:
    """What everyone may run; admin commands stay out of the default menu. Pure."""
    return [
        BotCommand(command.name, shorten(command.summary, MAX_DESCRIPTION))
        for command in commands
        if not command.admin_only
    ]


async def register_commands(bot: Bot, commands: Sequence[Command]) -> None:
    await bot.set_my_commands(menu(commands), scope=BotCommandScopeDefault())
