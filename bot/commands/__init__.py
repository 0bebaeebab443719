"""Every chat command, in one visible list, and the dispatcher both front-ends share."""

from __future__ import annotations

import logging

from bot.commands import basics, downloads, search
from bot.commands.arguments import MAX_MESSAGE_LENGTH, split_command
from bot.commands.base import Button, Caller, Command, Context, Reply, Services
from bot.errors import MessageTooLong, UnknownCommand

logger = logging.getLogger(__name__)

__all__ = ["COMMANDS", "Button", "Caller", "Command", "Dispatcher", "Reply", "Services"]


def _commands() -> list[Command]:
    listed = [
        Command("start", basics.start, "say hello"),
        Command("search", search.search, "ranked releases on Nyaa", "<words>"),
        Command("rejected", search.rejected, "what a search left out, and why", "<words>"),
        Command("get", downloads.get, "download the best release", "<title> <episode> | <magnet>"),
        Command("status", downloads.status, "your downloads and their progress", "[number]"),
        Command("pause", downloads.pause, "pause a download", "<number>"),
        Command("resume", downloads.resume, "resume a download", "<number>"),
        Command("delete", downloads.delete, "delete a download", "<number>"),
    ]
    return [*listed, basics.help_command(listed)]


COMMANDS: list[Command] = _commands()


class Dispatcher:
    """Turns one chat message into one reply; raises domain and bot errors for the front-end's
    error handler to word."""

    def __init__(self, services: Services, commands: list[Command] = COMMANDS) -> None:
        self._services = services
        self._commands = {command.name: command for command in commands}

    def command(self, name: str) -> Command | None:
        return self._commands.get(name)

    async def handle(self, caller: Caller, text: str) -> Reply:
        # Strangers learn nothing, not even which commands exist.
        user = await self._services.accounts.identify(
            caller.platform, caller.external_id, caller.display_name
        )
        if len(text) > MAX_MESSAGE_LENGTH:
            raise MessageTooLong(len(text), MAX_MESSAGE_LENGTH)
        name, args = split_command(text)
        command = self._commands.get(name)
        if command is None:
            raise UnknownCommand(name)
        if command.admin_only and not user.is_admin:
            raise UnknownCommand(name)  # admin commands do not exist for everyone else
        logger.debug("user %d runs /%s", user.id, name)
        return await command.handler(Context(user=user, services=self._services, args=args))
