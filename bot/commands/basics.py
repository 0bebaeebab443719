"""/start and /help."""

from __future__ import annotations

from typing import Protocol

from bot.commands.base import Command, Context, Reply
from domain.services.accounts import AccountService


class Needs(Protocol):
    """The services these commands use."""

    @property
    def accounts(self) -> AccountService: ...


async def start(ctx: Context[Needs]) -> Reply:
    if ctx.chat is not None:
        await ctx.services.accounts.opened_private_chat(ctx.chat)
    return Reply(
        f"Hi {ctx.user.display_name}! I fetch anime episodes for you.\n"
        "Try /get frieren 5, or /search frieren to see what is out there.\n"
        "/status shows your downloads, /help lists everything."
    )


def help_command(commands: list[Command]) -> Command:
    async def handler(ctx: Context[object]) -> Reply:
        lines = ["What I can do:"]
        for command in commands:
            if command.admin_only and not ctx.user.is_admin:
                continue
            usage = f" {command.usage}" if command.usage else ""
            lines.append(f"/{command.name}{usage} — {command.summary}")
        return Reply("\n".join(lines))

    return Command("help", handler, "this list")
