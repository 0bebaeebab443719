"""/get, /status, /pause, /resume, /delete."""

from __future__ import annotations

from typing import Protocol

from bot.commands.added import NAME_LIMIT, added_reply
from bot.commands.arguments import MagnetWanted, parse_download_id, parse_get
from bot.commands.base import Button, Context, Reply
from bot.commands.picker import heading, render_page
from bot.commands.search import MAX_KEPT
from bot.errors import UsageError
from bot.formatting import human_duration, human_size, human_speed, progress_bar, shorten
from domain.errors import NoRelease
from domain.models import DownloadState, DownloadStatus
from domain.ports import PickLists
from domain.services.downloads import DownloadService
from domain.services.search import SearchService


class Needs(Protocol):
    """The services these commands use."""

    @property
    def downloads(self) -> DownloadService: ...

    @property
    def search(self) -> SearchService: ...

    @property
    def picks(self) -> PickLists: ...


async def get(ctx: Context[Needs]) -> Reply:
    try:
        wanted = parse_get(ctx.args)
    except UsageError:
        if not ctx.args.strip():
            raise
        return await _which_one(ctx)  # a title without an episode: offer the releases
    downloads = ctx.services.downloads
    if isinstance(wanted, MagnetWanted):
        added = await downloads.request_magnet(ctx.user, wanted.uri, reply_to=ctx.chat)
    else:
        added = await downloads.request_episode(
            ctx.user, wanted.query, wanted.episode, again=wanted.again, reply_to=ctx.chat
        )
    return added_reply(added)


async def _which_one(ctx: Context[Needs]) -> Reply:
    """`/get frieren` names no episode: the ranked releases, one button each, to pick from."""
    result = await ctx.services.search.search(ctx.args, ctx.user.preferences)
    accepted = result.ranking.accepted
    if not accepted:
        raise NoRelease(result.query, None, tuple(r.reason for r in result.ranking.rejected))
    title = result.media.display_title if result.media else None
    kept = await ctx.services.picks.put(
        ctx.user.id, result.query, tuple(accepted[:MAX_KEPT]), title
    )
    return render_page(kept, 1, f"Which one? {heading(result.query, title)}")


def render_status(status: DownloadStatus) -> str:
    download, torrent = status.download, status.torrent
    title = f"#{download.id} {shorten(download.name, NAME_LIMIT)}"
    state = status.state
    if state is DownloadState.COMPLETED:
        size = f" · {human_size(torrent.size)}" if torrent else ""
        return f"{title}\n✅ complete{size}"
    if torrent is None:
        return f"{title}\n⚠️ no longer in the torrent client"
    line = f"{progress_bar(torrent.progress)} {torrent.progress:.0%}"
    if state is DownloadState.DOWNLOADING:
        line += f" · {human_speed(torrent.download_speed)} · ETA {human_duration(torrent.eta)}"
    else:
        line += f" · {state.value}"
    return f"{title}\n{line}"


async def status(ctx: Context[Needs]) -> Reply:
    args = ctx.args.strip().lower()
    if args and args != "all":
        download_id, _ = parse_download_id("status", args)
        return Reply(render_status(await ctx.services.downloads.status(ctx.user, download_id)))
    everyone = args == "all"
    statuses = await ctx.services.downloads.statuses(ctx.user, everyone=everyone)
    if not statuses:
        return Reply("No downloads yet. Try /get frieren 5.")
    heading = "All downloads" if everyone and ctx.user.is_admin else "Your downloads"
    return Reply("\n\n".join([f"{heading} ({len(statuses)}):", *map(render_status, statuses)]))


async def pause(ctx: Context[Needs]) -> Reply:
    download_id, _ = parse_download_id("pause", ctx.args)
    download = await ctx.services.downloads.pause(ctx.user, download_id)
    return Reply(f"⏸ Paused #{download.id} {shorten(download.name, NAME_LIMIT)}")


async def resume(ctx: Context[Needs]) -> Reply:
    download_id, _ = parse_download_id("resume", ctx.args)
    download = await ctx.services.downloads.resume(ctx.user, download_id)
    return Reply(f"▶️ Resumed #{download.id} {shorten(download.name, NAME_LIMIT)}")


async def delete(ctx: Context[Needs]) -> Reply:
    download_id, choice = parse_download_id("delete", ctx.args)
    downloads = ctx.services.downloads
    if choice in ("yes", "files"):
        download = await downloads.delete(ctx.user, download_id, delete_files=choice == "files")
        files = " and its files" if choice == "files" else " (files kept)"
        return Reply(f"🗑 Deleted #{download.id} {shorten(download.name, NAME_LIMIT)}{files}")
    if choice:
        raise UsageError("delete", "<download number> [yes|files]")
    # Asking first: a slip of the thumb must not cost an evening's download.
    current = await downloads.status(ctx.user, download_id)
    return Reply(
        f"Delete #{download_id} {shorten(current.download.name, NAME_LIMIT)}?\n"
        f"Send /delete {download_id} yes to keep the files, "
        f"or /delete {download_id} files to remove them too.",
        buttons=(
            Button("Delete, keep files", f"/delete {download_id} yes"),
            Button("Delete with files", f"/delete {download_id} files"),
        ),
    )
