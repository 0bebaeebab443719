"""/search: ranked releases, best first, each with what matters for choosing."""

from __future__ import annotations

from bot.commands.base import Context, Reply
from bot.errors import UsageError
from bot.formatting import human_size, shorten
from domain.releases import Candidate

SHOWN = 8


async def search(ctx: Context) -> Reply:
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
    lines = [f"Best releases for “{result.query}”{show}:"]
    for number, candidate in enumerate(ranking.accepted[:SHOWN], start=1):
        lines.append(f"{number}. {shorten(candidate.release.title, 90)}")
        lines.append(f"   {_facts(candidate)}")
    best = ranking.accepted[0]
    if best.why:
        lines.append(f"#1 because: {', '.join(best.why)}")
    more = len(ranking.accepted) - SHOWN
    if more > 0:
        lines.append(f"…and {more} more.")
    lines.append("Get one with /get <title> <episode>.")
    if ranking.rejected:
        lines.append(f"{len(ranking.rejected)} left out: /rejected {result.query} says why.")
    return Reply("\n".join(lines))


async def rejected(ctx: Context) -> Reply:
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


def _facts(candidate: Candidate) -> str:
    parsed, release = candidate.parsed, candidate.release
    facts = [
        f"{parsed.resolution}p" if parsed.resolution else "?p",
        parsed.group or "no group",
        human_size(release.size),
        f"{release.seeders} seeders",
    ]
    if release.trusted:
        facts.append("trusted")
    return " · ".join(facts)
