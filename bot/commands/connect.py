"""/connect: one account on both platforms. Without a code it shows one (privately, once, for ten
minutes); with a code it attaches this platform's identity to the account the code was shown to."""

from __future__ import annotations

from typing import Protocol

from bot.commands.base import Context, Reply
from bot.errors import UsageError
from domain.models import Platform, TargetKind
from domain.services.accounts import AccountService
from domain.services.identities import CONNECT_CODE_TTL, IdentityLinks


class Needs(Protocol):
    """The services these commands use."""

    @property
    def accounts(self) -> AccountService: ...


USAGE = "  (get a code)  |  /connect <code from your other platform>"
_NAMES = {Platform.TELEGRAM: "Telegram", Platform.DISCORD: "Discord", Platform.CONSOLE: "console"}


def _links(ctx: Context[Needs]) -> IdentityLinks:
    links = ctx.services.accounts.links
    if links is None:
        raise UsageError("help", "")  # not wired: behaves like a command that is not there
    return links


def _here(ctx: Context[Needs]) -> str:
    return _NAMES[ctx.caller.platform] if ctx.caller is not None else "this"


async def connect(ctx: Context[Needs]) -> Reply:
    links = _links(ctx)
    if ctx.joined:
        return Reply(
            f"Connected: this {_here(ctx)} account is now the same account as your other one, "
            "with its downloads, share and AniList link. /status shows them."
        )
    words = ctx.args.split()
    if not words:
        seen_by_all = ctx.caller is None or not ctx.caller.private_reply
        if ctx.chat is not None and ctx.chat.kind is TargetKind.GROUP and seen_by_all:
            return Reply("Send /connect to me in a private chat: the code must stay yours.")
        issued = await links.issue(ctx.user)
        minutes = int(CONNECT_CODE_TTL.total_seconds() // 60)
        return Reply(
            f"To use this account from your other platform (Telegram or Discord), send me "
            f"this there within {minutes} minutes:\n/connect {issued.code}\n"
            "It works once. Don't share it: whoever sends it gets into this account."
        )
    if len(words) != 1 or ctx.caller is None:
        raise UsageError("connect", USAGE)
    connected = await links.redeem(ctx.caller.platform, ctx.caller.external_id, words[0])
    name = _NAMES[connected.platform]
    if connected.already:
        return Reply(f"This {name} account was already connected to this account.")
    text = (
        f"Connected: this {name} account is now the same account as your other one, "
        "with its downloads, share and AniList link. /status shows them."
    )
    if connected.moved_from is not None:
        text += (
            f"\nIt had an account of its own here (#{connected.moved_from}, no downloads); "
            "this account replaces it from now on."
        )
    return Reply(text)
