"""/quota (your share and what you use of it; admins set others') and /link, /unlink for
AniList."""

from __future__ import annotations

from typing import Protocol

from bot.commands.admin import describe_limits, parse_quota, parse_user_id
from bot.commands.base import Button, Context, Reply
from bot.error_text import describe
from bot.errors import UsageError
from bot.formatting import human_size
from domain.errors import DomainError
from domain.services.admin import AdminService
from domain.services.anilist_link import AniListLinkService
from domain.services.quotas import QuotaService


class Needs(Protocol):
    """The services these commands use."""

    @property
    def quotas(self) -> QuotaService: ...

    @property
    def admin(self) -> AdminService: ...

    @property
    def anilist(self) -> AniListLinkService: ...


async def quota(ctx: Context[Needs]) -> Reply:
    words = ctx.args.lower().split()
    quotas = ctx.services.quotas
    if not words:
        limits = await quotas.limits(ctx.user.id)
        used = await quotas.usage(ctx.user)
        note = "\n(As an admin you are not held to it.)" if ctx.user.is_admin else ""
        return Reply(
            f"Your share: {describe_limits(limits)}\n"
            f"In use: disk {human_size(used.disk_bytes)} · active {used.active_torrents} · "
            f"today {used.downloads_today}{note}"
        )
    if not ctx.user.is_admin:
        raise UsageError("quota", "")
    user_id = parse_user_id("quota", words[0])
    if len(words) == 1:
        return Reply(f"#{user_id}'s share: {describe_limits(await quotas.limits(user_id))}")
    limits = await ctx.services.admin.set_quota(ctx.user, user_id, parse_quota(words[1:]))
    return Reply(f"#{user_id}'s share is now: {describe_limits(limits)}")


LINK_USAGE = "  (sign in)  |  /link token <token>  |  /link <AniList username>"


def _anilist(ctx: Context[Needs]) -> AniListLinkService:
    return ctx.services.anilist


async def link(ctx: Context[Needs]) -> Reply:
    service = _anilist(ctx)
    head, _, rest = ctx.args.strip().partition(" ")
    if head.lower() == "token":
        # The message holds a secret: it goes from the chat whatever happens next, and the
        # front-end says whether it could remove it.
        try:
            linked = await service.link_token(ctx.user, rest)
        except DomainError as exc:
            return Reply(describe(exc), delete_request=True)
        return Reply(f"Linked AniList account {linked.username}.", delete_request=True)
    if head:
        if rest:
            raise UsageError("link", LINK_USAGE)
        linked = await service.link_username(ctx.user, head)
        return Reply(f"Linked {linked.username}'s public AniList list (read-only).")
    current = await service.current(ctx.user)
    state = ""
    if current is not None:
        mode = "read-only" if current.read_only else "signed in"
        state = f"Linked now: {current.username} ({mode}). /unlink forgets it.\n"
    if service.oauth_enabled:
        url = await service.authorization_url(ctx.user)
        return Reply(
            f"{state}Sign in to AniList to let me follow your list; the button works once, "
            "for you, for 10 minutes.",
            buttons=(Button("Sign in to AniList", "/link", url=url),),
        )
    return Reply(
        f"{state}In a private chat with me, send /link token <your AniList token>; "
        "I store it encrypted and delete your message. Or /link <username> for a public list."
    )


async def unlink(ctx: Context[Needs]) -> Reply:
    if ctx.args.strip():
        # It takes nothing: "/unlink ²" is a slip, not a request to forget the link.
        raise UsageError("unlink", "")
    forgotten = await _anilist(ctx).unlink(ctx.user)
    return Reply("AniList link forgotten." if forgotten else "No AniList account was linked.")
