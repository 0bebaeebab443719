"""Replies, progress and notifications as Discord messages, within Discord's limits.

Text that came from outside (release titles, show names, download names) is escaped, so a title
like `**[Group]** @everyone` shows as typed and pings nobody; every send also carries
`AllowedMentions.none()` from the client. Messages are cut at 2000 characters, embeds at 256
(title), 4096 (description), 25 fields and 6000 in all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot.commands import Button
from bot.commands.added import NAME_LIMIT
from bot.formatting import human_duration, human_size, human_speed, progress_bar, shorten
from bot.telegram.splitting import split_text, utf16_length
from domain.models import DownloadState, DownloadStatus, Notification, NotificationKind

MAX_CONTENT = 2000
MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_EMBED_TOTAL = 6000
MAX_CUSTOM_ID = 100
MAX_BUTTON_LABEL = 80
MAX_BUTTONS_PER_ROW = 5
MAX_OPTIONS = 25
MAX_OPTION_TEXT = 100

RUN_PREFIX = "run:"  # a button's custom_id: the command it runs, as whoever presses it
PICK_ID = "pick"  # the select menu's custom_id; each option's value is a command

_COLOURS = {
    DownloadState.COMPLETED: discord.Colour.green(),
    DownloadState.DOWNLOADING: discord.Colour.blurple(),
    DownloadState.PAUSED: discord.Colour.light_grey(),
    DownloadState.ERROR: discord.Colour.red(),
    DownloadState.MISSING: discord.Colour.orange(),
    DownloadState.STALLED: discord.Colour.orange(),
}
_NOTIFICATION_COLOURS = {
    NotificationKind.DOWNLOAD_COMPLETED: discord.Colour.green(),
    NotificationKind.DOWNLOAD_FAILED: discord.Colour.red(),
    NotificationKind.DOWNLOAD_STALLED: discord.Colour.orange(),
}


class CommandTooLong(ValueError):
    """A button's command does not fit in a custom_id: a bug in the command that made it."""


def escape(text: str) -> str:
    """Shown exactly as written: no markdown, no mentions, links left clickable."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text, ignore_links=True))


def clip(text: str, limit: int) -> str:
    """At most `limit` characters (counted as Discord does, in UTF-16 units), never ending in a
    lone escaping backslash, cut with an ellipsis. Keeps line breaks."""
    if utf16_length(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    while utf16_length(cut) > limit - 1:
        cut = cut[:-1]
    # An odd run of trailing backslashes would escape the ellipsis and show a stray "\".
    trailing = len(cut) - len(cut.rstrip("\\"))
    if trailing % 2:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def split_message(text: str, limit: int = MAX_CONTENT) -> list[str]:
    """The text escaped and cut into messages of at most `limit`; breaks fall between
    paragraphs, lines or words where possible. Escaping adds characters, so a piece that grew
    past the limit is cut again, smaller."""
    parts: list[str] = []
    for piece in split_text(text, limit):
        escaped = escape(piece)
        if utf16_length(escaped) <= limit:
            parts.append(escaped)
        else:
            smaller = max(limit * limit // utf16_length(escaped) - 1, 2)
            parts.extend(
                split_message(piece, smaller) if smaller < limit else [clip(escaped, limit)]
            )
    return parts


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    inline: bool = True


def embed(
    title: str,
    description: str = "",
    *,
    fields: Sequence[Field] = (),
    colour: discord.Colour | None = None,
    url: str | None = None,
    footer: str = "",
    image_url: str | None = None,
) -> discord.Embed:
    """An embed of raw (unescaped) text, escaped and cut to Discord's limits, 6000 in all; the
    description gives way first, then fields are dropped from the end."""
    title = clip(escape(" ".join(title.split())), MAX_TITLE)
    footer = clip(escape(footer), MAX_FOOTER)
    shown = [
        Field(
            clip(escape(" ".join(f.name.split())) or "·", MAX_FIELD_NAME),
            clip(escape(f.value) or "·", MAX_FIELD_VALUE),
            f.inline,
        )
        for f in fields[:MAX_FIELDS]
    ]

    def size() -> int:
        return len(title) + len(footer) + sum(len(f.name) + len(f.value) for f in shown)

    while shown and size() > MAX_EMBED_TOTAL:
        shown.pop()
    room = min(MAX_DESCRIPTION, MAX_EMBED_TOTAL - size())
    text = clip(escape(description), room) if description and room > 1 else ""
    result = discord.Embed(
        title=title or None, description=text or None, colour=colour, url=_http_url(url)
    )
    for item in shown:
        result.add_field(name=item.name, value=item.value, inline=item.inline)
    if footer:
        result.set_footer(text=footer)
    if image_url and _http_url(image_url):
        result.set_thumbnail(url=image_url)
    return result


def progress_embed(status: DownloadStatus, cover_url: str | None = None) -> discord.Embed:
    """A download's live state: name, bar, speed, ETA, size, and the show's cover when known."""
    shown = _progress_embed(status)
    if cover_url:
        shown.set_thumbnail(url=cover_url)
    return shown


def _progress_embed(status: DownloadStatus) -> discord.Embed:
    download, torrent = status.download, status.torrent
    state = status.state
    title = f"{shorten(download.name, NAME_LIMIT)} (#{download.id})"
    if state is DownloadState.COMPLETED:
        size = f" · {human_size(torrent.size)}" if torrent else ""
        return embed(title, f"✅ complete{size}", colour=_COLOURS[state])
    if torrent is None:
        return embed(title, "⚠️ no longer in the torrent client", colour=_COLOURS[state])
    fields = [Field("State", state.value)]
    if state is DownloadState.DOWNLOADING:
        fields += [
            Field("Speed", human_speed(torrent.download_speed)),
            Field("ETA", human_duration(torrent.eta)),
        ]
    if torrent.size:
        fields.append(Field("Size", human_size(torrent.size)))
    bar = f"{progress_bar(torrent.progress, 20)} {torrent.progress:.0%}"
    return embed(title, bar, fields=fields, colour=_COLOURS.get(state))


def notification_embed(notification: Notification) -> discord.Embed:
    return embed(
        notification.title,
        notification.body,
        colour=_NOTIFICATION_COLOURS.get(notification.kind, discord.Colour.blurple()),
        url=notification.url,
    )


class CommandComponents(discord.ui.View):
    """Buttons and select menus handled statelessly by the client's interaction listener, so
    they keep working after a restart; discord.py is told not to keep them in its view store."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    def is_dispatchable(self) -> bool:
        return False


def components(buttons: Sequence[Button]) -> CommandComponents | None:
    """Up to five choices as buttons; more as one select menu (25 at most). Link buttons
    open their URL. Raises CommandTooLong before anything is sent."""
    if not buttons:
        return None
    runs = [b for b in buttons if b.url is None]
    for button in runs:
        if not 1 <= len(custom_id(button.command)) <= MAX_CUSTOM_ID:
            raise CommandTooLong(
                f"button {button.label!r} runs {button.command!r}, "
                f"longer than a {MAX_CUSTOM_ID}-character custom_id holds"
            )
    view = CommandComponents()
    links = [b for b in buttons if b.url is not None]
    if len(runs) > MAX_BUTTONS_PER_ROW:
        view.add_item(
            discord.ui.Select(
                custom_id=PICK_ID,
                placeholder="Pick one",
                options=[
                    discord.SelectOption(label=shorten(b.label, MAX_OPTION_TEXT), value=b.command)
                    for b in runs[:MAX_OPTIONS]
                ],
            )
        )
        runs = []
    for button in [*runs, *links][: MAX_BUTTONS_PER_ROW * 4]:
        label = shorten(button.label, MAX_BUTTON_LABEL) or "·"
        if button.url is not None:
            view.add_item(discord.ui.Button(label=label, url=button.url))
        else:
            view.add_item(discord.ui.Button(label=label, custom_id=custom_id(button.command)))
    return view


def custom_id(command: str) -> str:
    return f"{RUN_PREFIX}{command}"


def command_of(custom: str, values: Sequence[str] = ()) -> str | None:
    """The command a pressed component carries; None for components that are not ours."""
    if custom.startswith(RUN_PREFIX):
        return custom[len(RUN_PREFIX) :] or None
    if custom == PICK_ID and values:
        return values[0]
    return None


def _http_url(url: str | None) -> str | None:
    return url if url and url.startswith(("http://", "https://")) and len(url) <= 2048 else None
