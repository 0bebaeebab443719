"""/subscribe, /unsubscribe, /subscriptions: new-episode alerts for a person or a group chat."""

from __future__ import annotations

from datetime import UTC
from typing import Protocol

from bot.commands.base import Button, Context, Reply
from bot.errors import UsageError
from bot.formatting import shorten
from domain.models import AiringEpisode, ChatTarget, Platform, TargetKind
from domain.services.subscriptions import SubscriptionService


class Needs(Protocol):
    """The services these commands use."""

    @property
    def subscriptions(self) -> SubscriptionService: ...


TITLE_LIMIT = 60
OFF = "Subscriptions are off on this box."
SUBSCRIBE_USAGE = "<title> [auto]"


def _service(ctx: Context[Needs]) -> SubscriptionService | None:
    return ctx.services.subscriptions


def _target(ctx: Context[Needs]) -> ChatTarget:
    # The console has no chat: its subscriptions still auto-download, nobody is messaged.
    return ctx.chat or ChatTarget(Platform.CONSOLE, str(ctx.user.id))


def airing_line(next_episode: AiringEpisode | None, *, known: bool = True) -> str:
    if not known:
        return "AniList did not say when the next episode airs; I'll check again soon."
    if next_episode is None:
        return "No upcoming episode is scheduled on AniList."
    at = next_episode.airs_at.astimezone(UTC)
    return f"Episode {next_episode.episode} airs {at:%a %d %b %Y, %H:%M} UTC."


async def subscribe(ctx: Context[Needs]) -> Reply:
    service = _service(ctx)
    if service is None:
        return Reply(OFF)
    words = ctx.args.split()
    auto = bool(words) and words[-1].lower() in ("auto", "autodownload", "auto-download")
    title = " ".join(words[:-1] if auto else words)
    if not title:
        raise UsageError("subscribe", SUBSCRIBE_USAGE)
    target = _target(ctx)
    done = await service.subscribe_title(
        ctx.user, title, target, is_chat_admin=ctx.is_chat_admin, auto_download=auto
    )
    subscription = done.subscription
    name = shorten(subscription.title, TITLE_LIMIT)
    who = "This group follows" if target.kind is TargetKind.GROUP else "You follow"
    lines = [
        f"{'🔔' if done.created else '✅'} {who} {name} (#{subscription.id}).",
        airing_line(done.next_episode, known=done.schedule_known),
        (
            "New episodes are downloaded for you and announced here."
            if subscription.auto_download
            else "I'll post here when a new episode is out."
        ),
    ]
    return Reply(
        "\n".join(lines),
        buttons=(Button("Unsubscribe", f"/unsubscribe {subscription.id}"),),
    )


async def unsubscribe(ctx: Context[Needs]) -> Reply:
    service = _service(ctx)
    if service is None:
        return Reply(OFF)
    if not ctx.args.strip():
        raise UsageError("unsubscribe", "<title or number>  (see /subscriptions)")
    removed = await service.unsubscribe(
        ctx.user, ctx.args, _target(ctx), is_chat_admin=ctx.is_chat_admin
    )
    return Reply(f"🔕 No more alerts for {shorten(removed.title, TITLE_LIMIT)} (#{removed.id}).")


async def subscriptions(ctx: Context[Needs]) -> Reply:
    service = _service(ctx)
    if service is None:
        return Reply(OFF)
    args = ctx.args.strip().lower()
    if args not in ("", "all"):
        raise UsageError("subscriptions", "[all]")
    everyone = args == "all" and ctx.user.is_admin
    views = await service.listed(ctx.user, _target(ctx), everyone=everyone)
    if not views:
        return Reply("No subscriptions yet. Try /subscribe frieren (add “auto” to download too).")
    heading = "All subscriptions" if everyone else "Subscriptions"
    lines = [f"{heading} ({len(views)}):"]
    for view in views:
        subscription = view.subscription
        flags = " · auto-download" if subscription.auto_download else ""
        if everyone:
            kind = "group" if subscription.target.kind is TargetKind.GROUP else "person"
            flags += f" · {subscription.target.platform.value} {kind} {subscription.target.chat_id}"
        lines.append(
            f"#{subscription.id} {shorten(subscription.title, TITLE_LIMIT)}{flags}\n"
            f"   {airing_line(view.next_episode)}"
        )
    lines.append("Stop one with /unsubscribe <number>.")
    return Reply("\n".join(lines))
