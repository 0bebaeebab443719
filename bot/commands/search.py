"""/search: ranked releases, best first, each with what matters for choosing."""

from __future__ import annotations

from typing import Protocol

from bot.commands.base import Context, Reply
from bot.commands.picker import heading, render_page
from bot.errors import UsageError
from bot.formatting import shorten
from domain.ports import PickLists
from domain.services.search import SearchService


class Needs(Protocol):
    """The services these commands use."""

    @property
    def search(self) -> SearchService: ...

    @property
    def picks(self) -> PickLists: ...


SHOWN = 8
MAX_KEPT = 40  # releases a /search keeps to page through


async def search(ctx: Context[Needs]) -> Reply:
    if not ctx.args.strip():
        raise UsageError("search", "<words>")
    result = await ctx.services.search.search(ctx.args, ctx.user.preferences)
    ranking = result.ranking
    show = f" ({result.media.display_title})" if result.media else ""
    if not ranking.accepted:
        lines = [f"Nothing worth downloading for “{result.query}”{show}."]
        if ranking.rejected:
            lines.append(f"{len(ranking.rejected)} releases were left out, e.g.:")
            lines += [f"• {shorten(r.release.title, 60)}: {r.reason}" for r in ranking.rejected[:3]]
        return Reply("\n".join(lines))
    footer: list[str] = []
    best = ranking.accepted[0]
    if best.why:
        footer.append(f"#1 because: {', '.join(best.why)}")
    if ranking.rejected:
        footer.append(f"{len(ranking.rejected)} left out: /rejected {result.query} says why.")
    title = result.media.display_title if result.media else None
    candidates = tuple(ranking.accepted[:MAX_KEPT])
    kept = await ctx.services.picks.put(ctx.user.id, result.query, candidates, title)
    return render_page(kept, 1, heading(result.query, title), tuple(footer))


async def rejected(ctx: Context[Needs]) -> Reply:
    """What a search left out, each with the rule that refused it."""
    if not ctx.args.strip():
        raise UsageError("rejected", "<words>")
    result = await ctx.services.search.search(ctx.args, ctx.user.preferences)
    left_out = result.ranking.rejected
    if not left_out:
        return Reply(f"Nothing was left out for “{result.query}”.")
    lines = [f"Left out for “{result.query}” ({len(left_out)}):"]
    for rejection in left_out[:SHOWN]:
        lines.append(f"• {shorten(rejection.release.title, 90)}")
        lines.append(f"   {rejection.reason}")
    if len(left_out) > SHOWN:
        lines.append(f"…and {len(left_out) - SHOWN} more.")
    return Reply("\n".join(lines))
