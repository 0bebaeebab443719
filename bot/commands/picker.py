"""Ranked releases as a page of choices with buttons, and /pick, which the buttons run.

`/pick <token> <n>` adds the n-th release of a kept list, `/pick <token> p<n>` shows page n; both
are re-checked as whoever pressed: a list is its owner's alone.
"""

from __future__ import annotations

from typing import Protocol

from bot.commands.added import added_reply, pace_as_get
from bot.commands.base import Button, Context, Reply
from bot.commands.numbers import parse_number
from bot.errors import ChoiceExpired, NotYours, UsageError
from bot.formatting import human_size, shorten
from domain.picks import PickList
from domain.ports import PickLists
from domain.releases import Candidate
from domain.security.ratelimit import UserRateLimiter
from domain.services.downloads import DownloadService


class Needs(Protocol):
    """The services these commands use."""

    @property
    def downloads(self) -> DownloadService: ...

    @property
    def picks(self) -> PickLists: ...

    @property
    def rate_limiter(self) -> UserRateLimiter: ...


PAGE_SIZE = 5
TITLE_LIMIT = 90
LABEL_LIMIT = 40
USAGE = "<choice> <number>  (the buttons under /search send it)"


def facts(candidate: Candidate) -> str:
    parsed, release = candidate.parsed, candidate.release
    shown = [
        f"{parsed.resolution}p" if parsed.resolution else "?p",
        parsed.group or "no group",
        human_size(release.size),
        f"{release.seeders} seeders",
    ]
    if release.trusted:
        shown.append("trusted")
    return " · ".join(shown)


def pages(kept: PickList) -> int:
    return max(1, -(-len(kept.candidates) // PAGE_SIZE))


def render_page(kept: PickList, page: int, heading: str, footer: tuple[str, ...] = ()) -> Reply:
    """One page of the list: numbered lines, a button per release, Prev/Next when there are more.
    `page` counts from 1 and is clamped to the pages there are."""
    last = pages(kept)
    page = min(max(page, 1), last)
    start = (page - 1) * PAGE_SIZE
    lines = [heading]
    buttons: list[Button] = []
    for number, candidate in enumerate(kept.candidates[start : start + PAGE_SIZE], start=start + 1):
        lines.append(f"{number}. {shorten(candidate.release.title, TITLE_LIMIT)}")
        lines.append(f"   {facts(candidate)}")
        label = f"{number}. {candidate.parsed.group or '?'} {facts(candidate).split(' · ')[0]}"
        label += f" · {human_size(candidate.release.size)}"
        buttons.append(Button(shorten(label, LABEL_LIMIT), f"/pick {kept.token} {number}"))
    lines += footer
    if last > 1:
        lines.append(f"Page {page} of {last}; tap a number to get it.")
        if page > 1:
            buttons.append(Button("‹ Prev", f"/pick {kept.token} p{page - 1}"))
        if page < last:
            buttons.append(Button("Next ›", f"/pick {kept.token} p{page + 1}", same_row=page > 1))
    else:
        lines.append("Tap a number to get it.")
    return Reply("\n".join(lines), buttons=tuple(buttons))


def heading(query: str, show: str | None) -> str:
    named = f" ({show})" if show else ""
    return f"Best releases for “{query}”{named}:"


async def pick(ctx: Context[Needs]) -> Reply:
    words = ctx.args.split()
    if len(words) != 2:
        raise UsageError("pick", USAGE)
    token, choice = words
    kept = await ctx.services.picks.get(token)
    if kept is None:
        raise ChoiceExpired(token)
    if kept.owner_id != ctx.user.id:
        raise NotYours(f"choice list {token}")
    if choice.startswith("p"):
        page = parse_number(choice[1:], "pick", USAGE, high=99_999)
        return render_page(kept, page, heading(kept.query, kept.show))
    number = parse_number(choice, "pick", USAGE, low=1, high=len(kept.candidates))
    candidate = kept.candidates[number - 1]
    await pace_as_get(ctx, ctx.services.rate_limiter)
    added = await ctx.services.downloads.request_release(
        ctx.user, kept.query, candidate, reply_to=ctx.chat
    )
    return added_reply(added)
