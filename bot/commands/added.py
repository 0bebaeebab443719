"""What a download just added says, whichever command added it (/get, /pick, a watchlist Get
button), and the pace every such command keeps."""

from __future__ import annotations

from bot.commands.base import Context, Reply
from bot.formatting import human_size, shorten
from domain.security.ratelimit import UserRateLimiter
from domain.services.downloads import Added

NAME_LIMIT = 70


def added_reply(added: Added) -> Reply:
    """`Added #3: <name>`, the release's size, seeders and why it was chosen, followed live."""
    download = added.download
    lines = [f"Added #{download.id}: {shorten(download.name, NAME_LIMIT)}"]
    if added.candidate is not None:
        release = added.candidate.release
        lines.append(f"{human_size(release.size)} · {release.seeders} seeders")
        if added.candidate.why:
            lines.append(f"Chosen for: {', '.join(added.candidate.why)}")
    else:  # a magnet: nothing said how big it is (the retention sweep checks it once known)
        lines.append(
            "Its size is known once qBittorrent has its metadata: if it is more than your disk "
            "share or the disk has room for, it is removed then and you are told."
        )
    lines.append("I'll keep you posted; /status shows progress.")
    return Reply("\n".join(lines), track_download=download.id)


async def pace_as_get(ctx: Context[object], limiter: UserRateLimiter) -> None:
    """A download asked for by a command other than /get (/pick, a watchlist button) takes from
    the same per-user budget, so no door adds torrents faster than /get may."""
    if not ctx.user.is_admin:
        await limiter.take(ctx.user.id, "get")
