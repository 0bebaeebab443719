"""/watchlist: the shows you are watching on AniList, what has aired, and buttons to fetch the
next episode or mark one watched (`/watchlist +1 <AniList id>`); `/watchlist auto on|off` lets
the list fetch new episodes by itself (`domain.services.watchlist_auto`).

A finished download's notice runs two more (`domain.notifications.events.anilist_actions`):
`/watchlist watched <AniList id> <episode>` sets that episode as the progress (never lower), and
at the show's last episode offers `/watchlist complete <AniList id>`."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.commands import downloads
from bot.commands.added import added_reply, pace_as_get
from bot.commands.base import Button, Context, Reply
from bot.commands.numbers import MAX_ID, parse_number
from bot.errors import UsageError
from bot.formatting import counted, human_duration, shorten
from domain.anilist.lists import WatchEntry
from domain.errors import NotFound
from domain.models import AniListLink
from domain.security.ratelimit import UserRateLimiter
from domain.services.anilist_link import AniListLinkService
from domain.services.watchlist import WatchlistService, may_complete
from domain.services.watchlist_auto import WatchlistAutomation


class Needs(downloads.Needs, Protocol):
    """The services these commands use: a show's button runs /get, so /get's too."""

    @property
    def anilist(self) -> AniListLinkService: ...

    @property
    def watchlist(self) -> WatchlistService: ...

    @property
    def watchlist_auto(self) -> WatchlistAutomation: ...

    @property
    def rate_limiter(self) -> UserRateLimiter: ...


USAGE = (
    "  |  /watchlist auto on|off  |  /watchlist +1 <AniList id>"
    "  |  /watchlist watched <AniList id> <episode>  |  /watchlist complete <AniList id>"
)
MAX_EPISODE = 99_999
BUTTON_LIMIT = 64  # bytes of Telegram callback data
MAX_BUTTON_ROWS = 10  # a keyboard taller than this is a wall on a phone
TITLE_LIMIT = 45


def _service(ctx: Context[Needs]) -> WatchlistService:
    return ctx.services.watchlist


async def watchlist(ctx: Context[Needs]) -> Reply:
    service = _service(ctx)
    link = await ctx.services.anilist.current(ctx.user)
    if link is None:
        return Reply("Link your AniList account first: send /link, then /watchlist again.")
    head, _, rest = ctx.args.strip().partition(" ")
    if head == "+1":
        if link.read_only:
            return _read_only(link)
        return await _advance(ctx, service, _media_id(rest))
    if head == "watched":
        show, _, episode = rest.strip().partition(" ")
        wanted = _media_id(show), _episode(episode, low=1)
        if link.read_only:
            return _read_only(link)
        return await _watched(ctx, service, *wanted)
    if head == "complete":
        show_id = _media_id(rest)
        if link.read_only:
            return _read_only(link)
        return await _complete(ctx, service, show_id)
    if head == "auto":
        return await _auto(ctx, rest.strip().lower())
    if head == "get":
        media_id, _, episode = rest.strip().partition(" ")
        return await _get(ctx, service, _media_id(media_id), episode.strip())
    if head:
        raise UsageError("watchlist", USAGE)
    listed = await service.watchlist(ctx.user)
    if not listed.entries:
        return Reply(f"Nothing on {link.username}'s AniList watching list.")
    entries = sorted(listed.entries, key=lambda e: not e.next_available)  # what's ready first
    now = service.now()
    lines = [f"Watching on AniList ({link.username}):"]
    buttons: list[Button] = []
    for number, entry in enumerate(entries, start=1):
        lines.append(f"{number}. {describe_entry(entry, now)}")
        if entry.next_available and len(buttons) < 2 * MAX_BUTTON_ROWS:
            buttons += entry_buttons(f"{number}. ", entry, writable=not link.read_only)
    if listed.stale:
        age = int((now - listed.as_of).total_seconds())
        lines.append(f"(AniList is busy: this is the list from {human_duration(age)} ago.)")
    auto = ctx.user.preferences.watchlist_auto is not None
    lines.append(
        "Auto-download is on: new episodes come by themselves."
        if auto
        else "Auto-download is off: turn it on and new episodes come by themselves."
    )
    buttons.append(auto_button(auto))
    return Reply("\n".join(lines), buttons=tuple(buttons))


def auto_button(on: bool) -> Button:
    return Button(
        "Auto-download: turn off" if on else "Auto-download: turn on",
        f"/watchlist auto {'off' if on else 'on'}",
    )


async def _auto(ctx: Context[Needs], switch: str) -> Reply:
    automation = ctx.services.watchlist_auto
    if switch == "off":
        let_go = await automation.turn_off(ctx.user)
        shows = (
            f" ({counted(let_go, 'show')} let go; your own /subscribe ones stay)" if let_go else ""
        )
        return Reply(f"Auto-download is off{shows}.", buttons=(auto_button(False),))
    if switch != "on":
        raise UsageError("watchlist", USAGE)
    if ctx.chat is None:
        return Reply("Turn auto-download on from Telegram or Discord: that is where it tells you.")
    report = await automation.turn_on(ctx.user, ctx.chat)
    lines = [
        "Auto-download is on. Every show you watch or rewatch on AniList is followed: each new "
        "episode past your progress is fetched with your /settings as soon as it is on Nyaa, and "
        "the link comes to you privately."
    ]
    if report.joined:
        lines.append(f"Following {counted(len(report.joined), 'show')}.")
    for title, episode, download_id in report.fetched:
        lines.append(f"Fetching {shorten(title, TITLE_LIMIT)} episode {episode} (#{download_id}).")
    if report.had:
        lines.append(f"{counted(report.had, 'aired episode')} you already have: not fetched again.")
    if report.not_out:
        lines.append(
            f"{counted(report.not_out, 'aired episode')} with no release on Nyaa for you yet."
        )
    left_out = report.refused + report.not_taken  # over a share, or no release qBittorrent took
    if left_out:
        lines.append(f"{counted(left_out, 'episode')} left out: see the notices I sent you.")
    if automation.catch_up:
        lines.append(f"(At most {automation.catch_up} aired episodes per show are caught up on.)")
    return Reply("\n".join(lines), buttons=(auto_button(True),))


def describe_entry(entry: WatchEntry, now: datetime | None = None) -> str:
    """`Frieren — 5/12 watched, 7 aired, next: ep 6 available`."""
    total = entry.episodes if entry.episodes is not None else "?"
    parts = [f"{shorten(entry.title, TITLE_LIMIT)} — {entry.progress}/{total} watched"]
    aired = entry.aired
    if aired is not None and aired != entry.episodes:
        parts.append(f"{aired} aired")
    if entry.next_available:
        parts.append(f"next: ep {entry.progress + 1} available")
    elif entry.episodes is not None and entry.progress >= entry.episodes:
        parts.append("all watched")
    elif entry.next_episode is not None and entry.next_airs_at is not None:
        wait = int((entry.next_airs_at - now).total_seconds()) if now is not None else -1
        when = f" in {human_duration(wait)}" if wait >= 0 else ""
        parts.append(f"caught up; ep {entry.next_episode} airs{when}")
    else:
        parts.append("caught up")
    return ", ".join(parts)


def entry_buttons(prefix: str, entry: WatchEntry, *, writable: bool) -> list[Button]:
    """*Get ep N* (a `/get` when it fits a button, else by AniList id) and *+1*."""
    episode = entry.progress + 1
    command = f"/get {entry.search_title} {episode}"
    if len(command.encode()) > BUTTON_LIMIT:
        command = f"/watchlist get {entry.media_id} {episode}"
    buttons = [Button(f"{prefix}Get ep {episode}", command)]
    if writable:
        buttons.append(Button("+1", f"/watchlist +1 {entry.media_id}", same_row=True))
    return buttons


def _read_only(link: AniListLink) -> Reply:
    return Reply(
        f"Your link to {link.username}'s list is read-only, so I can't mark episodes "
        "watched. Send /link and sign in (or /link token) to let me update it."
    )


def complete_button(entry: WatchEntry) -> Button:
    return Button("Mark completed", f"/watchlist complete {entry.media_id}")


def _marked(entry: WatchEntry) -> Reply:
    """What AniList has now, and what can follow: completing a show at its last episode, else
    its next episode when that is out."""
    text = f"Marked on AniList: {describe_entry(entry)}"
    if may_complete(entry):
        return Reply(f"{text}\nThat was the last episode.", buttons=(complete_button(entry),))
    buttons = entry_buttons("", entry, writable=True) if entry.next_available else []
    return Reply(text, buttons=tuple(buttons))


async def _advance(ctx: Context[Needs], service: WatchlistService, media_id: int) -> Reply:
    return _marked(await service.advance(ctx.user, media_id))


async def _watched(
    ctx: Context[Needs], service: WatchlistService, media_id: int, episode: int
) -> Reply:
    try:
        progress = await service.set_progress(ctx.user, media_id, episode)
    except NotFound:
        return Reply("That show is not on your AniList watching list. /watchlist shows what is.")
    entry = progress.entry
    if progress.changed:
        return _marked(entry)
    text = (
        f"AniList already has you at episode {entry.progress} of "
        f"{shorten(entry.title, TITLE_LIMIT)}, so I left it there."
    )
    buttons = (complete_button(entry),) if progress.may_complete else ()
    return Reply(text, buttons=buttons)


async def _complete(ctx: Context[Needs], service: WatchlistService, media_id: int) -> Reply:
    try:
        entry = await service.complete(ctx.user, media_id)
    except NotFound:
        return Reply(
            "That show is not on your AniList watching list (completed already?). "
            "/watchlist shows what is."
        )
    return Reply(f"Marked completed on AniList: {shorten(entry.title, TITLE_LIMIT)}.")


async def _get(
    ctx: Context[Needs], service: WatchlistService, media_id: int, episode: str
) -> Reply:
    number = _episode(episode)
    listed = await service.watchlist(ctx.user)
    entry = next((e for e in listed.entries if e.media_id == media_id), None)
    if entry is None:
        return Reply("That show is no longer on your AniList watching list. /watchlist shows it.")
    await pace_as_get(ctx, ctx.services.rate_limiter)
    # Asked by AniList id, so the request records the show: its completion notice can then
    # mark the episode watched.
    added = await ctx.services.downloads.request_episode(
        ctx.user, entry.search_title, number, reply_to=ctx.chat, media_id=media_id
    )
    return added_reply(added)


def _media_id(text: str) -> int:
    return parse_number(text, "watchlist", USAGE, high=MAX_ID)


def _episode(text: str, *, low: int = 0) -> int:
    return parse_number(text, "watchlist", USAGE, low=low, high=MAX_EPISODE)
