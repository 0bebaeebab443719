"""/files: download links for a finished download; `/files <n> send` also asks the front-end to
send the files into the chat where its platform takes their size."""

from __future__ import annotations

from typing import Protocol

from bot.commands.arguments import parse_download_id
from bot.commands.base import Context, Reply, Upload
from bot.errors import UnknownCommand, UsageError
from bot.formatting import human_duration, human_size, shorten
from domain.services.files import DownloadLinks, FileService


class Needs(Protocol):
    """The services these commands use."""

    @property
    def files(self) -> FileService: ...


NAME_LIMIT = 70
USAGE = "<download number> [send]  (see /status)"


def render_links(links: DownloadLinks, ttl: int) -> str:
    """One link per file; for a batch, its page and its zip first."""
    download = links.download
    count = len(links.files)
    lines = [
        f"📁 #{download.id} {shorten(download.name, NAME_LIMIT)}",
        f"{count} file{'s' if count != 1 else ''}, {human_size(links.total_size)} · "
        f"links work for {human_duration(ttl)}",
    ]
    if links.listing_url and links.zip_url:
        lines += ["", f"All files: {links.listing_url}", f"One zip: {links.zip_url}"]
    for file in links.files:
        name = file.name.rsplit("/", 1)[-1]
        lines += ["", f"{shorten(name, NAME_LIMIT)} · {human_size(file.size)}", file.url]
    return "\n".join(lines)


async def files(ctx: Context[Needs]) -> Reply:
    service = ctx.services.files
    if service is None:
        raise UnknownCommand("files")  # no HTTP server to serve links on
    if not ctx.args.strip():
        raise UsageError("files", USAGE)
    download_id, rest = parse_download_id("files", ctx.args)
    if rest.strip().casefold() not in ("", "send"):
        raise UsageError("files", USAGE)
    if not rest.strip():
        links = await service.links(ctx.user, download_id)
        return Reply(render_links(links, service.ttl))
    links, located = await service.deliverable(ctx.user, download_id)
    where = {file.index: file for file in located}
    uploads = tuple(
        Upload(
            link.name.rsplit("/", 1)[-1],
            link.size,
            where[link.index].root,
            where[link.index].parts,
            link.url,
        )
        for link in links.files
        if link.index in where
    )
    return Reply(render_links(links, service.ttl), uploads=uploads)
