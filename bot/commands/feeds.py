"""/feeds: a user's RSS feeds with filters — list, add, remove, test. Personal: asked in a
group, answered privately (a feed's notices go privately too: `FeedService`)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.commands.base import Button, Context, Reply
from bot.commands.numbers import MAX_ID, parse_number
from bot.errors import UsageError
from bot.formatting import shorten
from domain.errors import FeedNotFound
from domain.feeds.models import Feed, FeedAction
from domain.services.feeds import FeedService


class Needs(Protocol):
    """The services these commands use."""

    @property
    def feeds(self) -> FeedService: ...


USAGE = "[all] | add <url> [filters] | remove <number> | test <number>"
FILTER_HELP = (
    'Filters: word, -word, /regex/, -/regex/, group=A,B, min=1080p, show="title", '
    "action=notify|download|both, every=30m"
)
TEST_SHOWN = 10
TITLE_LIMIT = 80


async def feeds(ctx: Context[Needs]) -> Reply:
    service = ctx.services.feeds
    if service is None:
        return Reply("Feeds are off on this box.")
    verb, _, rest = ctx.args.strip().partition(" ")
    verb = verb.lower()
    if verb in ("", "all", "list"):
        return await _list(ctx, service, everyone=verb == "all")
    if verb == "add":
        return await _add(ctx, service, rest)
    if verb in ("remove", "delete", "rm"):
        return await _remove(ctx, service, _number(rest))
    if verb == "test":
        return await _test(ctx, service, _number(rest))
    raise UsageError("feeds", USAGE)


def _number(text: str) -> int:
    usage = "remove <number> | test <number>  (see /feeds)"
    return parse_number(text, "feeds", usage, high=MAX_ID, hash_ok=True)


def _not_yours(number: int) -> Reply:
    return Reply(f"No feed #{number} among yours. /feeds lists them.")


async def _add(ctx: Context[Needs], service: FeedService, rest: str) -> Reply:
    url, _, filters = rest.strip().partition(" ")
    if not url:
        raise UsageError("feeds", f"add <url> [filters]\n{FILTER_HELP}")
    added = await service.add(ctx.user, url, filters, reply_to=ctx.chat)
    feed = added.feed
    lines = [f"Added feed #{feed.id}: {shorten(feed.url, TITLE_LIMIT)}"]
    rules = feed.settings.rules.describe()
    lines.append(f"Filters: {rules}" if rules else "No filters: every new item counts.")
    lines.append(f"{_actions(feed)} · {_every(feed, service)}")
    lines.append(
        f"The {added.existing} items in it now are marked as seen; only items that appear "
        "from now on are acted on. /feeds test "
        f"{feed.id} shows what the filters accept today."
    )
    if feed.reply_to is None and FeedAction.NOTIFY in feed.settings.actions:
        lines.append("(From here I have no chat to tell you in; add it from a chat with me.)")
    return Reply("\n".join(lines), buttons=(Button("Test it", f"/feeds test {feed.id}"),))


async def _list(ctx: Context[Needs], service: FeedService, *, everyone: bool) -> Reply:
    found = await service.feeds(ctx.user, everyone=everyone)
    if not found:
        return Reply("No feeds yet. Add one with /feeds add <url> [filters]\n" + FILTER_HELP)
    heading = "All feeds" if everyone and ctx.user.is_admin else "Your feeds"
    now = service.now()
    blocks = [f"{heading} ({len(found)}):"]
    for feed in found:
        blocks.append(_render(feed, service, now, show_owner=everyone and ctx.user.is_admin))
    return Reply("\n\n".join(blocks))


def _render(feed: Feed, service: FeedService, now: datetime, *, show_owner: bool) -> str:
    owner = f" (user {feed.owner_id})" if show_owner else ""
    lines = [f"#{feed.id} {shorten(feed.url, TITLE_LIMIT)}{owner}"]
    rules = feed.settings.rules.describe()
    lines.append(f"{_actions(feed)} · {_every(feed, service)}" + (f" · {rules}" if rules else ""))
    polled = _ago(feed.last_polled_at, now) if feed.last_polled_at else "not yet"
    lines.append(f"last poll {polled} · {feed.matched} matched")
    if feed.last_error:
        lines.append(f"⚠️ last error: {shorten(feed.last_error, 160)}")
    return "\n".join(lines)


async def _remove(ctx: Context[Needs], service: FeedService, number: int) -> Reply:
    try:
        feed = await service.remove(ctx.user, number)
    except FeedNotFound:
        return _not_yours(number)
    return Reply(f"🗑 Removed feed #{feed.id} {shorten(feed.url, TITLE_LIMIT)}")


async def _test(ctx: Context[Needs], service: FeedService, number: int) -> Reply:
    try:
        result = await service.test(ctx.user, number)
    except FeedNotFound:
        return _not_yours(number)
    matches = result.matches
    lines = [
        f"Feed #{number}: {len(matches)} of {len(result.verdicts)} items match now "
        "(a dry run: nothing is downloaded or announced)."
    ]
    lines += [f"✅ {shorten(item.title, TITLE_LIMIT)}" for item in matches[:TEST_SHOWN]]
    if len(matches) > TEST_SHOWN:
        lines.append(f"… and {len(matches) - TEST_SHOWN} more")
    reasons: dict[str, int] = {}
    for verdict in result.verdicts:
        if verdict.reason is not None:
            reasons[verdict.reason] = reasons.get(verdict.reason, 0) + 1
    if reasons:
        common = sorted(reasons.items(), key=lambda pair: -pair[1])[:3]
        lines.append("Left out: " + "; ".join(f"{reason} ({n})" for reason, n in common))
    return Reply("\n".join(lines))


def _actions(feed: Feed) -> str:
    actions = feed.settings.actions
    if actions >= {FeedAction.NOTIFY, FeedAction.DOWNLOAD}:
        return "notify + download"
    return "download" if FeedAction.DOWNLOAD in actions else "notify"


def _every(feed: Feed, service: FeedService) -> str:
    seconds = feed.settings.interval or service.default_interval
    if seconds % 3600 == 0:
        return f"every {seconds // 3600} h"
    return f"every {max(1, seconds // 60)} min"


def _ago(moment: datetime, now: datetime) -> str:
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} d ago"
